"""Load test: Navigator under gunicorn with production settings, signed in for real, at 1 and
at 20 concurrent users per page, against the floor (the sign-in page, which runs no SQL)
measured in the same run. Writes a table of p50, p95, max and errors, and each page's p95 as
a multiple of the floor's.

    DATABASE_URL=postgres://.../navigator_load python -m benchmarks.load

The database named by DATABASE_URL is migrated and given the benchmark scale data
(NAVIGATOR_BENCH_SERVICES, NAVIGATOR_BENCH_REFERRALS) unless it holds them already, so use a
database of its own. Run by `make benchmark`, never by `make test`.

A small bounded load generator rather than locust: one thread per simulated user, each signing
in through the sign-in form (CSRF token, session cookie) and then requesting the page a fixed
number of times; nothing to install, and the numbers are per page and per concurrency.
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "load-test-" + secrets.token_hex(8)
HOST = "127.0.0.1"
CONCURRENCY = (1, 20)
REQUESTS_ALONE = 20  # one user: this many requests, one after another
REQUESTS_EACH = 5  # twenty users: this many each, all at once
TIMEOUT = 120  # seconds: a page slower than this counts as an error


@dataclass
class Page:
    label: str
    path: str
    user: str  # whose session requests it ("" for the floor: signed out)


@dataclass
class Result:
    label: str
    users: int
    times: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0

    def percentile(self, fraction: float) -> float:
        if not self.times:
            return float("nan")
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Session:
    """One signed-in browser: a cookie jar over fresh connections (gunicorn's sync workers
    close each one), sending what a TLS-terminating proxy adds, as production has."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict[str, str] | None = None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        encoded = None
        if body is not None:
            encoded = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = headers["Referer"] = f"https://{HOST}:{self.port}"
        try:
            connection.request(method, path, body=encoded, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
            return response.status, content
        finally:
            connection.close()

    def sign_in(self, username: str) -> None:
        status, content = self.request("GET", "/sign-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or token is None:
            raise RuntimeError(f"The sign-in page answered {status}")
        status, _ = self.request(
            "POST",
            "/sign-in/",
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": PASSWORD,
            },
        )
        if status != 302:
            raise RuntimeError(f"Signing in as {username} answered {status}, not a redirect")


def prepare(services: int, referrals: int) -> list[Page]:
    """Migrate, build (or find) the scale data, give the users passwords, list the pages."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from benchmarks import scale
    from navigator.accounts.models import Organisation, User
    from navigator.accounts.permissions import Role
    from navigator.activities.models import ActivityReferral
    from navigator.directory.models import DirectoryOrganisation
    from navigator.referrals.models import Referral
    from navigator.referrals.states import NEW_STATES
    from navigator.reports.models import FundedRollup
    from navigator.reports.selectors import funded

    call_command("migrate", verbosity=0)
    data = scale.build(services=services, referrals=referrals)
    for step, seconds in data.seconds.items():  # empty when the data was there already
        print(f"Generated {step}: {seconds:.0f} s", flush=True)
    with scopes_disabled():
        large = Organisation.objects.get(pk=data.organisation_id)
        ordinary = Organisation.objects.get(pk=data.service_id)
        users = {
            key: User.objects.get_or_create(
                username=username, defaults={"organisation": organisation, "role": role}
            )[0]
            for key, username, organisation, role in (
                ("manager", "load-manager", ordinary, Role.MANAGER),
                ("large-manager", "load-large-manager", large, Role.MANAGER),
                ("provider", "load-provider", ordinary, Role.VCS_PROVIDER),
            )
        }
        for user in users.values():  # a new password each run: it is printed nowhere
            user.set_password(PASSWORD)
            user.save()
        # The provider whose listings were sent the most activity referrals: the worst inbox.
        busiest = (
            ActivityReferral.objects.values("service__organisation")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        users["provider"].directory_organisations.add(
            DirectoryOrganisation.objects.get(pk=busiest["service__organisation"])
            if busiest
            else DirectoryOrganisation.objects.order_by("pk").first()
        )
        # A commissioner who funds every service: the reports of the whole national dataset.
        national, _ = Organisation.objects.get_or_create(name="Load test national commissioner")
        national.funds.set(Organisation.objects.filter(name__startswith="Benchmark"))
        # Its rows across the services, as the worker counts them after its first report.
        services = list(national.funds.values_list("pk", flat=True))
        if not FundedRollup.objects.filter(
            funder=national, services=funded.digest(services)
        ).exists():
            funded.count(national.pk)
            scale.vacuum_analyze("reports_fundedmonthtally")
        users["commissioner"] = User.objects.get_or_create(
            username="load-commissioner",
            defaults={"organisation": national, "role": Role.COMMISSIONER},
        )[0]
        users["commissioner"].set_password(PASSWORD)
        users["commissioner"].save()
        for key, pk in (("worker", data.worker_id), ("heavy-worker", data.heavy_worker_id)):
            users[key] = User.objects.get(pk=pk)
            users[key].set_password(PASSWORD)
            users[key].save()
        case = (
            Referral.objects.filter(allocated_to_id=data.worker_id, state="active")
            .order_by("pk")
            .first()
        )
        queued = Referral.objects.filter(organisation=ordinary, state__in=NEW_STATES).first()
        heavy_case = Referral.objects.filter(allocated_to_id=data.heavy_worker_id).first()
        assert case and queued and heavy_case, "the scale data has no case to open"
        scale.checkpoint()
    connection.close()
    worker, heavy = users["worker"].username, users["heavy-worker"].username
    manager, large_manager = users["manager"].username, users["large-manager"].username
    year = {
        f"{name}_{part}": getattr(day, part)
        for name, day in (("start", data.start), ("end", data.end))
        for part in ("day", "month", "year")
    }
    dated = "?" + urllib.parse.urlencode(year)
    pages = [
        Page("caseload", reverse("contacts:caseload"), worker),
        Page("caseload, the largest", reverse("contacts:caseload"), heavy),
        Page("caseload, the largest, page 100", reverse("contacts:caseload") + "?page=100", heavy),
        Page("team caseload", reverse("contacts:team"), manager),
        Page("team caseload, very large service", reverse("contacts:team"), large_manager),
        Page("person", reverse("people:detail", args=[case.person_id]), worker),
        Page("case", reverse("contacts:case", args=[case.pk]), worker),
        Page("timeline", reverse("people:timeline", args=[case.person_id]), worker),
        Page("referral", reverse("referrals:detail", args=[queued.pk]), manager),
        Page("triage queue", reverse("referrals:queue"), manager),
        Page("triage queue, very large service", reverse("referrals:queue"), large_manager),
        Page("waiting list", reverse("referrals:waiting_list"), manager),
        Page("waiting list, very large service", reverse("referrals:waiting_list"), large_manager),
        Page("people list", reverse("people:list"), worker),
        Page("directory search", reverse("directory:search") + "?q=walking", worker),
        Page("suggestions", reverse("activities:suggestions", args=[case.person_id]), worker),
        Page("outreach call list", reverse("outreach:call_list"), worker),
        Page("provider inbox", reverse("activities:inbox"), users["provider"].username),
    ]
    for slug in ("flow", "work", "dataset", "outcomes", "feedback"):
        path = reverse("reports:section", args=[slug]) + dated
        pages.append(Page(f"report: {slug}, one service", path, manager))
        pages.append(Page(f"report: {slug}, very large service", path, large_manager))
        national_path = reverse("reports:commissioned_section", args=[slug]) + dated
        pages.append(Page(f"report: {slug}, national", national_path, "load-commissioner"))
    pages.append(
        Page(
            "report download (work, xlsx)",
            reverse("reports:download", args=["work", "xlsx"]) + dated,
            large_manager,
        )
    )
    return pages


def start_server(port: int, workers: int, environment: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "navigator.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            str(TIMEOUT + 30),
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Session(port).request("GET", "/sign-in/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within a minute")


def run_page(page: Page, users: int, sessions: Callable[[str, int], Session]) -> Result:
    result = Result(page.label, users)
    lock = threading.Lock()
    count = REQUESTS_ALONE if users == 1 else REQUESTS_EACH
    chosen = [sessions(page.user, index) for index in range(users)]
    chosen[0].request("GET", page.path)  # warm-up: not counted
    barrier = threading.Barrier(users)

    def one(session: Session) -> None:
        barrier.wait()
        for _ in range(count):
            started = time.perf_counter()
            try:
                status, _ = session.request("GET", page.path)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    result.times.append(elapsed)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=one, args=(session,)) for session in chosen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def table(results: list[Result], floor: dict[int, Result]) -> str:
    lines = [
        "| Page | Users | Requests | p50 ms | p95 ms | max ms | Errors | p95 ÷ floor p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        ratio = result.percentile(0.95) / floor[result.users].percentile(0.95)
        lines.append(
            f"| {result.label} | {result.users} | {len(result.times) + result.errors} "
            f"| {result.percentile(0.5) * 1000:.0f} | {result.percentile(0.95) * 1000:.0f} "
            f"| {max(result.times, default=float('nan')) * 1000:.0f} | {result.errors} "
            f"| {ratio:.1f}× |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3)  # as README's production command
    parser.add_argument(
        "--only", default="", help="measure only pages whose label has one of these (a,b,...)"
    )
    parser.add_argument("--output", default="", help="also write the table to this file")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database of the load test's own (PostgreSQL).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.pop("NAVIGATOR_DEBUG", None)  # production settings
    os.environ.setdefault("ALLOWED_HOSTS", HOST)
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # as README's production set-up
    services = int(os.environ.get("NAVIGATOR_BENCH_SERVICES", "50000"))
    referrals = int(os.environ.get("NAVIGATOR_BENCH_REFERRALS", "1000000"))
    started = time.perf_counter()
    wanted = options.only.split(",")
    pages = [page for page in prepare(services, referrals) if any(w in page.label for w in wanted)]
    print(f"Data ready in {time.perf_counter() - started:.0f} s; starting gunicorn.", flush=True)
    server = start_server(options.port, options.workers, dict(os.environ))
    # Stopped from outside, still stop gunicorn (the `finally` below runs on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped"))
    signed_in: dict[tuple[str, int], Session] = {}

    def sessions(username: str, index: int) -> Session:
        if (username, index) not in signed_in:
            session = Session(options.port)
            if username:
                session.sign_in(username)
            signed_in[(username, index)] = session
        return signed_in[(username, index)]

    try:
        floor_page = Page("floor: sign-in page (no SQL)", "/sign-in/", "")
        floor = {users: run_page(floor_page, users, sessions) for users in CONCURRENCY}
        results = list(floor.values())
        for result in results:
            print(f"floor, {result.users} users: p95 {result.percentile(0.95) * 1000:.0f} ms")
        for page in pages:
            for users in CONCURRENCY:
                result = run_page(page, users, sessions)
                results.append(result)
                print(
                    f"{page.label}, {users} users: p95 {result.percentile(0.95) * 1000:.0f} ms",
                    flush=True,
                )
        # The floor again at the end: the machine may have got busier during the run.
        floor_again = {users: run_page(floor_page, users, sessions) for users in CONCURRENCY}
        for users in CONCURRENCY:
            floor[users].times.extend(floor_again[users].times)
            floor[users].errors += floor_again[users].errors
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = table(results, floor)
    print(report)
    print(f"Floor median across both rounds: {statistics.median(floor[20].times) * 1000:.0f} ms")
    if options.output:
        Path(options.output).parent.mkdir(parents=True, exist_ok=True)  # var/ of a new clone
        Path(options.output).write_text(report + "\n")


if __name__ == "__main__":
    main()

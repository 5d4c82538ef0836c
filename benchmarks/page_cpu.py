"""CPU time per request of the case-work pages, in-process, with production settings.

    DATABASE_URL=postgres://.../bench NAVIGATOR_ALLOW_INSECURE_KEY=1 python -m benchmarks.page_cpu

At 20 concurrent users on two cores every page's p95 is proportional to the CPU it costs, so
this measures that directly, without gunicorn or a network: each page is requested through
Django's test client (signed in as the load test's link worker and manager), warmed up, then
timed with time.process_time; it prints the median and the least in ms, and the page's SQL
query count. `--profile person` prints a pyinstrument profile of that page instead.

The database must already hold the benchmark scale data (`benchmarks/load.py` or `make
benchmark` builds it). The run is one transaction that is rolled back: the manager it signs in
as, the sessions and the audit rows of the page views are gone afterwards.
"""

import argparse
import os
import statistics
import time

ROUNDS = 30


class _RollBack(Exception):
    pass


def pages() -> list[tuple[str, str, str]]:
    """(label, path, who) for each page, as the load test opens them ("" is signed out)."""
    from django.urls import reverse

    from benchmarks import scale
    from navigator.accounts.models import Organisation
    from navigator.referrals.models import Referral
    from navigator.referrals.states import NEW_STATES

    who = scale._who(Organisation.objects.get(name=scale.ORGANISATION))
    case = (
        Referral.objects.filter(allocated_to_id=who["worker_id"], state="active")
        .order_by("pk")
        .first()
    )
    queued = Referral.objects.filter(
        organisation_id=who["service_id"], state__in=NEW_STATES
    ).first()
    assert case and queued, "the database holds no benchmark scale data"
    return [
        ("sign-in (signed out)", reverse("accounts:login"), ""),
        ("caseload", reverse("contacts:caseload"), "worker"),
        ("person", reverse("people:detail", args=[case.person_id]), "worker"),
        ("case", reverse("contacts:case", args=[case.pk]), "worker"),
        ("timeline", reverse("people:timeline", args=[case.person_id]), "worker"),
        ("referral", reverse("referrals:detail", args=[queued.pk]), "manager"),
        ("triage queue", reverse("referrals:queue"), "manager"),
        ("people list", reverse("people:list"), "worker"),
    ]


def clients() -> dict[str, object]:
    from django.test import Client

    from benchmarks import scale
    from navigator.accounts.models import Organisation, User
    from navigator.accounts.permissions import Role

    who = scale._who(Organisation.objects.get(name=scale.ORGANISATION))
    users = {
        "worker": User.objects.get(pk=who["worker_id"]),
        "manager": User.objects.create(
            username="page-cpu-manager",
            organisation_id=who["service_id"],
            role=Role.MANAGER,
            password="!",
        ),
    }
    signed_in: dict[str, object] = {"": Client(HTTP_X_FORWARDED_PROTO="https")}
    for key, user in users.items():
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        client.force_login(user)
        signed_in[key] = client
    return signed_in


def measure(client, path: str) -> tuple[float, float, int]:
    """The median and the least CPU ms of ROUNDS requests after a warm-up (on a busy machine
    the least varies less between runs), and the queries of one."""
    from django.db import connection

    for _ in range(3):
        assert client.get(path).status_code == 200, path
    queries = []  # (not CaptureQueriesContext: each request starts by emptying its log)
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(path)
    times = []
    for _ in range(ROUNDS):
        started = time.process_time()
        client.get(path)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000, min(times) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="pages whose label has one of these (a,b)")
    parser.add_argument("--profile", default="", help="profile the page with this label")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
    os.environ.pop("NAVIGATOR_DEBUG", None)  # production settings
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.db import transaction
    from django_scopes import scopes_disabled

    try:
        with transaction.atomic():
            with scopes_disabled():
                chosen, signed_in = pages(), clients()
            for label, path, who in chosen:
                if options.profile:
                    if label == options.profile:
                        profile(signed_in[who], path)
                    continue
                if any(wanted in label for wanted in options.only.split(",")):
                    median, least, queries = measure(signed_in[who], path)
                    print(
                        f"{label:<24} {median:6.1f} ms CPU (least {least:5.1f})  "
                        f"{queries:3d} queries",
                        flush=True,
                    )
            raise _RollBack
    except _RollBack:
        pass


def profile(client, path: str) -> None:
    from pyinstrument import Profiler

    for _ in range(3):
        client.get(path)
    with Profiler(interval=0.0005) as profiler:
        for _ in range(ROUNDS):
            client.get(path)
    print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()

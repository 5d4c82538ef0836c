"""CPU time per request of the load test's pages, without gunicorn: in one process with
production settings, each page requested by the load test's user through Django's test client,
the median of `process_time` (this process's CPU: Python, not the database's) over N requests
after a warm-up. At 20 concurrent users a 2-core machine is saturated, so a page's p95 there is
proportional to this figure; it is steadier than the load test's and takes seconds.

    DATABASE_URL=postgres://.../copy_of_scale_data NAVIGATOR_ALLOW_INSECURE_KEY=1 \\
        NAVIGATOR_BENCH_SERVICES=5000 NAVIGATOR_BENCH_REFERRALS=100000 \\
        python -m benchmarks.cpu --only caseload,triage [--profile]

The database is prepared as the load test prepares its own (`load.prepare`: its users are
made and given passwords), so point it at a copy of the scale data, never at data kept for
other use, and give the sizes it was built with. `--profile` prints a pyinstrument profile of
each page after its figures.
"""

import argparse
import os
import secrets
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.pop("NAVIGATOR_DEBUG", None)  # production settings
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # as README's production set-up

HOST = "127.0.0.1"


def _queries_of(client, path: str) -> int:
    """How many queries one request runs (the test client's own count is reset by each
    request)."""
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="pages whose label has one of these (a,b)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a copy of the scale data (PostgreSQL).")

    from benchmarks.load import Page, prepare

    services = int(os.environ.get("NAVIGATOR_BENCH_SERVICES", "50000"))
    referrals = int(os.environ.get("NAVIGATOR_BENCH_REFERRALS", "1000000"))
    wanted = options.only.split(",")
    pages = [page for page in prepare(services, referrals) if any(w in page.label for w in wanted)]
    pages.insert(0, Page("floor: sign-in page (no SQL)", "/sign-in/", ""))

    from django.test import Client
    from django_scopes import scopes_disabled

    from navigator.accounts.models import User

    print("| Page | CPU ms (median) | CPU ms (least) | wall ms (median) | queries |")
    print("|---|---:|---:|---:|---:|")
    for page in pages:
        client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
        if page.user:
            with scopes_disabled():
                client.force_login(User.objects.get(username=page.user))
        for _ in range(3):  # warm-up: templates compiled, connection open, caches filled
            response = client.get(page.path)
            assert response.status_code == 200, (page.label, response.status_code)
        queries = _queries_of(client, page.path)
        cpu, wall = [], []
        for _ in range(options.requests):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            client.get(page.path)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started_wall)
        print(
            f"| {page.label} | {statistics.median(cpu) * 1000:.1f} | {min(cpu) * 1000:.1f} "
            f"| {statistics.median(wall) * 1000:.1f} | {queries} |",
            flush=True,
        )
        if options.profile:
            from pyinstrument import Profiler
            from pyinstrument.stack_sampler import get_stack_sampler

            # Sampled by this process's CPU time, so that waiting for the database is left out.
            get_stack_sampler().timer_func = time.process_time
            with Profiler(interval=0.0005) as profiler:
                for _ in range(10):
                    client.get(page.path)
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()

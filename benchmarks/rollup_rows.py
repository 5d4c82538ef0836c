"""How many rollup rows a year's report of the very large generated service reads: every
section's queries on the rollup tables run again under EXPLAIN ANALYZE (PostgreSQL), adding
up the rows their scans of `reports_tally` and `reports_monthtally` gave, by measure.

    DATABASE_URL=postgres://.../bench NAVIGATOR_BENCH_SERVICES=2000 \\
        NAVIGATOR_BENCH_REFERRALS=20000 python -m benchmarks.rollup_rows

The database is migrated and given the scale data unless it holds them already (as
`benchmarks.load` does), so use a database of its own. Rows, not seconds: what a report
touches does not depend on how busy the machine is.
"""

import json
import os
import re
from collections import defaultdict
from typing import Any

TABLES = ("reports_tally", "reports_monthtally")


def _scanned(plan: dict[str, Any], found: dict[str, int], measure: str) -> None:
    if plan.get("Relation Name") in TABLES:
        found[measure] += plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1)
    for child in plan.get("Plans", []):
        _scanned(child, found, measure)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from benchmarks import scale
    from navigator.reports.selectors import SECTIONS, Filters, Report

    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN ANALYZE needs PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    data = scale.build(
        services=int(os.environ.get("NAVIGATOR_BENCH_SERVICES", "2000")),
        referrals=int(os.environ.get("NAVIGATOR_BENCH_REFERRALS", "20000")),
    )
    found: dict[str, int] = defaultdict(int)
    with scopes_disabled():
        report = Report(
            organisation_ids=[data.organisation_id],
            filters=Filters(start=data.start, end=data.end),
            commissioned=False,
        )
        with CaptureQueriesContext(connection) as captured:
            for section in SECTIONS.values():
                report.figures(section)
        with connection.cursor() as cursor:
            for query in captured:
                sql = query["sql"]
                if not sql.lstrip("(").startswith("SELECT"):
                    continue
                if not any(f'"{table}"' in sql for table in TABLES):
                    continue
                measures = sorted(set(re.findall(r'"measure" = \'([^\']+)\'', sql)))
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                _scanned(plan[0]["Plan"], found, ", ".join(measures) or "?")
    for measure, rows in sorted(found.items()):
        print(f"{measure:40} {rows:>8,}")
    print(f"{'every section':40} {sum(found.values()):>8,}")


if __name__ == "__main__":
    main()

"""Fixtures of the benchmark suite: the scale data, built once per run, and who reads it.

Scale comes from the environment, so the suite can be smoke-run small:
NAVIGATOR_BENCH_SERVICES (default 50,000) and NAVIGATOR_BENCH_REFERRALS (default 1,000,000).
With pytest-django's --reuse-db the data of an earlier run of the same scale is used again.
"""

import os
import statistics
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from benchmarks import scale
from navigator.accounts.models import Organisation
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory

SERVICES = int(os.environ.get("NAVIGATOR_BENCH_SERVICES", "50000"))
REFERRALS = int(os.environ.get("NAVIGATOR_BENCH_REFERRALS", "1000000"))
# How many times each measurement is repeated: 20 gives a 95th percentile that one hiccup of a
# shared machine does not decide; reports are slow at full scale, so once by default.
ROUNDS = int(os.environ.get("NAVIGATOR_BENCH_ROUNDS", "20"))
REPORT_ROUNDS = int(os.environ.get("NAVIGATOR_BENCH_REPORT_ROUNDS", "1"))
# On PostgreSQL a statement running longer than this fails the benchmark rather than
# holding the run for hours: a query that slow has missed its target by far anyway.
STATEMENT_TIMEOUT = int(os.environ.get("NAVIGATOR_BENCH_STATEMENT_TIMEOUT", "300"))

_built: list[scale.ScaleData] = []


@pytest.fixture(scope="session")
def scale_data(django_db_setup, django_db_blocker) -> scale.ScaleData:
    """The directory and the year of referrals, committed once for the whole run; each
    benchmark then runs in its own rolled-back transaction (the `db` fixture)."""
    with django_db_blocker.unblock():
        data = scale.build(services=SERVICES, referrals=REFERRALS)
    _built.append(data)
    return data


@pytest.fixture(autouse=True)
def _statement_timeout(db) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Inside the benchmark's transaction, so it ends with it.
        cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT * 1000}")


@pytest.fixture
def bench_manager(db, scale_data):
    """The manager of the national-scale service."""
    return UserFactory(
        organisation=Organisation.objects.get(pk=scale_data.organisation_id),
        role=Role.MANAGER,
        username="bench-manager",
    )


def p95(data: list[float]) -> float:
    """The 95th percentile of the round times (the largest when there are few rounds)."""
    if len(data) < 20:
        return max(data)
    return statistics.quantiles(data, n=20, method="inclusive")[-1]


@pytest.fixture
def measure(benchmark) -> Callable[..., Any]:
    """Run `target` `rounds` times under pytest-benchmark (no calibration: each round is one
    real call, as a user would make it) and return its last result."""

    def run(target: Callable[[], Any], rounds: int = ROUNDS, warmup: int = 0) -> Any:
        return benchmark.pedantic(target, rounds=rounds, iterations=1, warmup_rounds=warmup)

    return run


def round_times(benchmark) -> list[float]:
    return list(benchmark.stats.stats.data)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    for data in _built:
        terminalreporter.section("Benchmark scale data")
        if data.reused:
            terminalreporter.write_line("Reused from an earlier run (--reuse-db).")
        for step, seconds in data.seconds.items():
            terminalreporter.write_line(f"generated {step}: {seconds:.1f} s")
        for label, count in data.counts.items():
            terminalreporter.write_line(f"{label}: {count:,}")

"""Rate limits hold across processes: gunicorn's workers each have their own memory, so the
count lives in the cache they share (the database by default). Two separate Python processes,
each set up from Navigator's settings, count against one limit, and two counting at the same
moment count every event."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SUBMIT = """
import django
django.setup()
from navigator.referrals.public_views import SELF_REFERRALS
accepted = 0
for _ in range({tries}):
    if not SELF_REFERRALS.reached("203.0.113.9"):
        SELF_REFERRALS.count("203.0.113.9")
        accepted += 1
print(accepted)
"""


def run(script: str, environ: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def on_sqlite_in(folder: Path) -> dict[str, str]:
    """The environment of a Navigator process on its default database, an SQLite file in
    `folder`, with its cache table made."""
    environ = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    } | {
        "DJANGO_SETTINGS_MODULE": "navigator.settings",
        "NAVIGATOR_ALLOW_INSECURE_KEY": "1",
        "NAVIGATOR_VAR_DIR": str(folder),
        "PYTHONPATH": str(ROOT),
    }
    run(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('createcachetable')",
        environ,
    )
    return environ


def test_a_second_process_sees_what_the_first_counted(tmp_path) -> None:
    environ = on_sqlite_in(tmp_path)

    first = run(SUBMIT.format(tries=3), environ)
    second = run(SUBMIT.format(tries=6), environ)

    assert (first, second) == ("3", "2")


# Each process says it is ready and waits for the other, so that they count at the same time.
COUNT_AT_ONCE = """
import pathlib, time, django
django.setup()
from navigator.core.ratelimit import count_event
folder = pathlib.Path({folder!r})
(folder / "ready-{name}").touch()
while len(list(folder.glob("ready-*"))) < {processes}:
    time.sleep(0.01)
for _ in range({events}):
    count_event("navigator:test:at-once", keep_for=600)
"""
COUNTED = """
import django
django.setup()
from django.core.cache import cache
print(cache.get("navigator:test:at-once"))
"""


def test_two_processes_counting_at_once_on_sqlite_count_every_event(tmp_path) -> None:
    environ = on_sqlite_in(tmp_path)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                COUNT_AT_ONCE.format(folder=str(tmp_path), name=name, processes=2, events=300),
            ],
            env=environ,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for process in processes:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors

    assert run(COUNTED, environ) == "600"

"""Rate limits hold across processes: gunicorn's workers each have their own memory, so the
count lives in the cache they share (the database by default). Two separate Python processes,
each set up from Navigator's settings, count against one limit."""

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


def test_a_second_process_sees_what_the_first_counted(tmp_path) -> None:
    environ = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    } | {
        "DJANGO_SETTINGS_MODULE": "navigator.settings",
        "NAVIGATOR_ALLOW_INSECURE_KEY": "1",
        "NAVIGATOR_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    run(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('createcachetable')",
        environ,
    )

    first = run(SUBMIT.format(tries=3), environ)
    second = run(SUBMIT.format(tries=6), environ)

    assert (first, second) == ("3", "2")

"""Configuration comes from the environment, and production is locked down by default."""

import json
import os
import subprocess
import sys

import pytest

READ_SETTINGS = """
import json, navigator.settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "NAME": str(s.DATABASES["default"]["NAME"]),
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "MAILER": s.MAILERS["default"],
    "STATIC": s.STORAGES["staticfiles"]["BACKEND"],
    "HASHER": s.PASSWORD_HASHERS[0],
    "TASKS": s.TASKS["default"]["BACKEND"],
    "CACHE": s.CACHES["default"],
}))
"""


def read_settings(**environ: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NAVIGATOR_DEBUG"}}
    clean.pop("NAVIGATOR_ALLOW_INSECURE_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env=clean | environ,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key() -> None:
    assert "Set SECRET_KEY" in read_settings()["error"]


def test_production_defaults_are_secure() -> None:
    settings = read_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="navigator.example.org")
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["ALLOWED_HOSTS"] == ["navigator.example.org"]
    assert settings["STATIC"] == "whitenoise.storage.CompressedStaticFilesStorage"
    assert settings["MAILER"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["HASHER"] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings["TASKS"] == "django_tasks_db.DatabaseBackend"


def test_debug_only_when_asked_for() -> None:
    settings = read_settings(NAVIGATOR_DEBUG="1")
    assert settings["DEBUG"] is True
    assert settings["MAILER"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        (
            "postgres://nav:pw@db.example:5432/navigator",
            "django.db.backends.postgresql",
            "navigator",
        ),
        ("sqlite:////tmp/other.sqlite3", "django.db.backends.sqlite3", "/tmp/other.sqlite3"),
    ],
)
def test_database_url_selects_the_database(url: str, engine: str, name: str) -> None:
    settings = read_settings(NAVIGATOR_DEBUG="1", DATABASE_URL=url)
    assert (settings["ENGINE"], settings["NAME"]) == (engine, name)


def test_sqlite_is_the_embedded_default_under_var(tmp_path) -> None:
    settings = read_settings(NAVIGATOR_DEBUG="1", NAVIGATOR_VAR_DIR=str(tmp_path))
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == str(tmp_path / "navigator.sqlite3")


def _make_run_commands(**environ: str) -> str:
    """What `make run` would run (make -n prints without running), from the repository."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    clean = {k: v for k, v in os.environ.items() if k != "NAVIGATOR_SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],
        cwd=root,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_on_another_port_puts_that_address_in_secure_links() -> None:
    commands = _make_run_commands()
    server = next(line for line in commands.splitlines() if " runserver " in line)
    worker = next(line for line in commands.splitlines() if " db_worker " in line)
    assert "NAVIGATOR_SITE_URL='http://127.0.0.1:8101'" in server
    assert "NAVIGATOR_SITE_URL='http://127.0.0.1:8101'" in worker


def test_make_run_keeps_a_site_address_that_was_set() -> None:
    commands = _make_run_commands(NAVIGATOR_SITE_URL="https://navigator.example.nhs.uk")
    server = next(line for line in commands.splitlines() if " runserver " in line)
    assert "NAVIGATOR_SITE_URL='https://navigator.example.nhs.uk'" in server


def test_the_shared_cache_is_the_database_unless_redis_is_given() -> None:
    database = read_settings(NAVIGATOR_DEBUG="1")["CACHE"]
    redis = read_settings(NAVIGATOR_DEBUG="1", REDIS_URL="redis://cache.internal:6379/0")["CACHE"]

    assert database["BACKEND"] == "navigator.core.cache.DatabaseCache"
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/0",
    }


@pytest.mark.django_db
def test_postgresql_compiles_no_query_just_in_time():
    """A report section or a due-date refresh costed high enough to be compiled spent longer
    compiling than running: Navigator's connections turn JIT off."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

"""A backup taken as docs/backup.md says, restored into a fresh database, holds every row of
every table as it was, and the audit trail is still append-only there."""

import shutil
import sqlite3
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from navigator.audit.models import AuditEvent
from navigator.governance.tests.journey import ZEPHYRINE, full_journey

pytestmark = pytest.mark.django_db(transaction=True)


def everything(cursor, tables: list[str], quote, select: str = "*") -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order, as text."""
    rows = {}
    for table in tables:
        cursor.execute(f"SELECT {select} FROM {quote(table)} AS t")
        rows[table] = sorted(tuple(str(value) for value in row) for row in cursor.fetchall())
    return rows


@pytest.fixture
def journey(organisation, link_worker, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return full_journey(organisation, link_worker, manager, ZEPHYRINE)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup")
def test_a_sqlite_backup_restores_every_record_and_the_audit_trail(journey, tmp_path):
    backup = tmp_path / "navigator-backup.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(backup) as target:
        connection.connection.backup(target)
    target.close()
    restored_file = tmp_path / "restored.sqlite3"
    shutil.copy(backup, restored_file)  # "put the backup in place"

    tables = connection.introspection.table_names()
    # Both read by the sqlite3 module with Django's converters, so values compare as equal.
    original = everything(connection.connection.cursor(), tables, connection.ops.quote_name)
    restored = sqlite3.connect(
        restored_file, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    )
    try:
        copy = everything(restored.cursor(), tables, connection.ops.quote_name)
        integrity = restored.execute("PRAGMA integrity_check").fetchone()[0]
        triggers = {
            name
            for (name,) in restored.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_auditevent'"
            )
        }
        # The restored trail refuses changes as the original does (the shell has no
        # navigator functions, so the triggers refuse every update and delete).
        with pytest.raises(sqlite3.DatabaseError):
            restored.execute("UPDATE audit_auditevent SET object_label = 'changed'")
    finally:
        restored.close()

    assert integrity == "ok"
    assert copy == original
    assert len(copy["audit_auditevent"]) == AuditEvent.objects.count() > 0
    assert len(copy["people_person"]) == 1
    assert {"audit_event_append_only", "audit_event_not_deleted"} <= triggers


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="the PostgreSQL backup, with pg_dump and pg_restore",
)
def test_a_postgresql_backup_restores_every_record_and_the_audit_trail(journey, tmp_path):
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"],
        "password": settings["PASSWORD"] or "",
    }
    environment = {
        "PGHOST": params["host"],
        "PGPORT": params["port"],
        "PGUSER": params["user"],
        "PGPASSWORD": params["password"],
    }
    dump = tmp_path / "navigator.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", settings["NAME"]],
        check=True,
        env=environment,
    )
    fresh = f"{settings['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh}", str(dump)],
            check=True,
            env=environment,
        )
        tables = connection.introspection.table_names()
        # Each row as PostgreSQL writes it as text, so both sides compare alike.
        with connection.cursor() as cursor:
            original = everything(cursor, tables, connection.ops.quote_name, "t::text")
        with psycopg.connect(dbname=fresh, **params) as restored:
            copy = everything(restored.cursor(), tables, connection.ops.quote_name, "t::text")
            with pytest.raises(psycopg.errors.RaiseException):
                restored.execute("UPDATE audit_auditevent SET object_label = 'changed'")
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    assert copy == original
    assert len(copy["audit_auditevent"]) == AuditEvent.objects.count() > 0
    assert len(copy["people_person"]) == 1

"""SQLite refuses to delete audit events too, as PostgreSQL does, except while `navigator
flush` empties the whole database (navigator/audit/database.py)."""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER audit_event_not_deleted BEFORE DELETE ON audit_auditevent
    WHEN NOT navigator_audit_emptying()
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_not_deleted;"]


def run(statements: list[str]):
    def apply(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(run(SQLITE), run(SQLITE_REVERSE))]

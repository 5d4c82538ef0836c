"""The audit trail stays append-only, with one exception: destroying a person's record may
overwrite the details of events about it (`changes` and `object_label`), never who did what,
when, to which record (navigator/governance/audit_redaction.py)."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
            AND current_setting('navigator.audit_redacting', true) = 'on'
            AND NEW.id = OLD.id AND NEW.at = OLD.at
            AND NEW.organisation_id = OLD.organisation_id
            AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
            AND NEW.actor_name = OLD.actor_name
            AND NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address
            AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type
            AND NEW.object_id = OLD.object_id
            AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit events are append-only';
    END;
    $$ LANGUAGE plpgsql;
    """
]
POSTGRESQL_REVERSE = [
    """
    CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only';
    END;
    $$ LANGUAGE plpgsql;
    """
]
SQLITE = [
    "DROP TRIGGER IF EXISTS audit_event_append_only;",
    """
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
    WHEN NOT navigator_audit_redacting()
        OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
        OR NEW.organisation_id IS NOT OLD.organisation_id
        OR NEW.actor_id IS NOT OLD.actor_id OR NEW.actor_name IS NOT OLD.actor_name
        OR NEW.ip_address IS NOT OLD.ip_address OR NEW.action IS NOT OLD.action
        OR NEW.object_type IS NOT OLD.object_type OR NEW.object_id IS NOT OLD.object_id
        OR NEW.person_id IS NOT OLD.person_id
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_append_only;",
    """
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """,
]


def run(statements_by_vendor: dict[str, list[str]]):
    def apply(apps, schema_editor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_sqlite_refuses_deletes"), ("governance", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]

"""Audit events that belong to no organisation (administrators' accounts). On SQLite,
changing the column rebuilds the table, which drops its triggers: they are made again, so the
table stays append-only (PostgreSQL keeps them)."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS audit_event_append_only;",
    """
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """,
    "DROP TRIGGER IF EXISTS audit_event_not_deleted;",
    """
    CREATE TRIGGER audit_event_not_deleted BEFORE DELETE ON audit_auditevent
    WHEN NOT navigator_audit_emptying()
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """,
]


def triggers_again(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_version"),
        ("audit", "0004_alter_auditevent_action"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(triggers_again, triggers_again),
    ]

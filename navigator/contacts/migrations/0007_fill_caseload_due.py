from django.db import migrations


class Migration(migrations.Migration):
    """Filled the caseload's due dates; 0008 fills them with the columns added since, so
    that this one, already applied on some databases, never runs code newer than its schema."""

    dependencies = [
        ("contacts", "0006_settings_version"),
        ("referrals", "0006_caseload_due"),
    ]

    operations: list = []

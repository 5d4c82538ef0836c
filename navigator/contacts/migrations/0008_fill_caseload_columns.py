from django.db import migrations


def fill(apps, schema_editor) -> None:
    """Fill the caseload's columns (due date, new, start, connected contacts) of the cases open
    before they were kept on write.

    Uses the app's own `due.refresh` (the one definition of the date), not the historical
    models: the date is derived from several apps' rows, and the definition is what must be
    copied. One statement pair per organisation."""
    from django_scopes import scopes_disabled

    from navigator.contacts import due

    Organisation = apps.get_model("accounts", "Organisation")
    with scopes_disabled():
        for organisation_id in Organisation.objects.values_list("pk", flat=True):
            due.refresh(organisation_id=organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_fill_caseload_due"),
        ("referrals", "0008_case_start_and_contacts"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

"""A listing keeps the digest of the record an import last made it from, and a location says
whether its coordinates were looked up from its postcode.

SQLite adds the column by rebuilding directory_service, which drops the triggers that keep
the FTS5 table in step and gives rows new rowids: both are made again afterwards, as in
0008."""

import importlib

from django.db import migrations, models

full_text_search = importlib.import_module("navigator.directory.migrations.0002_full_text_search")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_contact_holders_phone_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="location",
            name="coordinates_from_postcode",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="service",
            name="import_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(
            full_text_search.run(
                {"sqlite": full_text_search.SQLITE_REVERSE + full_text_search.SQLITE}
            ),
            migrations.RunPython.noop,
        ),
    ]

"""Listings carry a version for optimistic concurrency (core/concurrency.py).

SQLite adds the column by rebuilding directory_service, which drops the triggers that keep
the FTS5 table in step and gives rows new rowids: both are made again afterwards, as in
0006."""

import importlib

from django.db import migrations, models

full_text_search = importlib.import_module("navigator.directory.migrations.0002_full_text_search")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_import_feed_url"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(
            full_text_search.run(
                {"sqlite": full_text_search.SQLITE_REVERSE + full_text_search.SQLITE}
            ),
            migrations.RunPython.noop,
        ),
    ]

"""Open Referral UK 3.0 conformance: cost amounts, term and taxonomy descriptions, the feed a
listing came from (and since when it is gone from it), import progress and outcomes.

SQLite adds the new service columns by rebuilding directory_service, which drops the triggers
that keep the FTS5 table in step and gives rows new rowids: both are made again afterwards."""

import importlib

from django.db import migrations, models

full_text_search = importlib.import_module("navigator.directory.migrations.0002_full_text_search")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_listing_suggestion"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="contact",
            options={"ordering": ["name", "id"]},
        ),
        migrations.AlterModelOptions(
            name="schedule",
            options={"ordering": ["weekday", "opens_at", "id"]},
        ),
        migrations.AlterModelOptions(
            name="serviceatlocation",
            options={"ordering": ["id"]},
        ),
        migrations.RenameField(
            model_name="importrun",
            old_name="updated",
            new_name="changed",
        ),
        migrations.AddField(
            model_name="importrun",
            name="gone",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Waiting for the background worker"),
                    ("running", "Importing"),
                    ("done", "Finished"),
                ],
                default="done",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="total",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importrun",
            name="unchanged",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importrun",
            name="upload",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="service",
            name="cost_amount",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=8, null=True, verbose_name="Cost in pounds"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="gone_from_source",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="service",
            name="source",
            field=models.CharField(blank=True, db_index=True, max_length=500),
        ),
        migrations.AddField(
            model_name="taxonomy",
            name="description",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="taxonomyterm",
            name="description",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(
            full_text_search.run(
                {"sqlite": full_text_search.SQLITE_REVERSE + full_text_search.SQLITE}
            ),
            migrations.RunPython.noop,
        ),
    ]

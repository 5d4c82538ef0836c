"""HSDS languages, service areas and eligibility, which the importer used to only report.

SQLite adds the eligibility column by rebuilding directory_service, which drops the triggers
that keep the FTS5 table in step and gives rows new rowids: both are made again afterwards, as
in 0006."""

import importlib
import uuid

import django.db.models.deletion
from django.db import migrations, models

full_text_search = importlib.import_module("navigator.directory.migrations.0002_full_text_search")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="eligibility_description",
            field=models.TextField(
                blank=True,
                help_text="For example: carers of people with dementia",
                verbose_name="Who it is for",
            ),
        ),
        migrations.CreateModel(
            name="Language",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=100)),
                ("code", models.CharField(blank=True, help_text="ISO 639, like cy", max_length=20)),
                ("note", models.CharField(blank=True, max_length=300)),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="languages",
                        to="directory.service",
                    ),
                ),
            ],
            options={
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="ServiceArea",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=200)),
                ("description", models.TextField(blank=True)),
                ("extent", models.TextField(blank=True)),
                ("extent_type", models.CharField(blank=True, max_length=20)),
                ("uri", models.CharField(blank=True, max_length=500)),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="service_areas",
                        to="directory.service",
                    ),
                ),
            ],
            options={
                "ordering": ["name", "id"],
            },
        ),
        migrations.RunPython(
            full_text_search.run(
                {"sqlite": full_text_search.SQLITE_REVERSE + full_text_search.SQLITE}
            ),
            migrations.RunPython.noop,
        ),
    ]

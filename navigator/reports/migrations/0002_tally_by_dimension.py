import django.db.models.deletion
from django.db import migrations, models


def forget_watermarks(apps, schema_editor):
    # The tallies are laid out anew: each organisation's are counted again from nothing
    # before its next report (a missing watermark means never counted).
    apps.get_model("reports", "Watermark").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_version"),
        ("reports", "0001_rollups"),
    ]

    operations = [
        migrations.DeleteModel(name="Tally"),
        migrations.CreateModel(
            name="Tally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("measure", models.CharField(max_length=40)),
                ("key", models.CharField(blank=True, max_length=300)),
                ("dimension", models.CharField(blank=True, max_length=20)),
                ("value", models.CharField(blank=True, max_length=40)),
                ("until", models.DateField(null=True)),
                ("count", models.BigIntegerField()),
                ("total", models.FloatField(null=True)),
                ("squares", models.FloatField(null=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["organisation", "measure", "dimension", "day"],
                        name="reports_tal_organis_40f4bb_idx",
                    )
                ],
            },
        ),
        migrations.RunPython(forget_watermarks, migrations.RunPython.noop),
    ]

from django.db import migrations


def forget_watermarks(apps, schema_editor):
    # A link worker's open cases are keyed by their service as well, and a figure about
    # today keeps one month row per group: each organisation's tallies are counted again
    # from nothing before its next report (a missing watermark means never counted).
    apps.get_model("reports", "Watermark").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_bucket_across_index")]

    operations = [migrations.RunPython(forget_watermarks, migrations.RunPython.noop)]

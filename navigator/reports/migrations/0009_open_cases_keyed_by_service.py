from django.db import migrations
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat


def key_open_cases_by_service(apps, schema_editor):
    """A link worker's open cases were keyed by the link worker alone; they are keyed by
    their service and the link worker now. A service's rows are rewritten where they are (a
    row's organisation is that service); a funder's rows, whose organisation is the funder,
    cannot be, so they are dropped and the funder's rows counted again by the worker after
    its next report, which reads each service's rows meanwhile. (A figure about today now
    keeps one month row per group; the month rows of before still add up to the same.)"""
    for model in ("Tally", "MonthTally"):
        apps.get_model("reports", model).objects.filter(measure="open_cases").update(
            key=Concat(Cast("organisation_id", CharField()), Value("|"), F("key"))
        )
    apps.get_model("reports", "FundedMonthTally").objects.filter(measure="open_cases").delete()
    apps.get_model("reports", "FundedRollup").objects.update(services="", requested="")


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_bucket_across_index")]

    operations = [migrations.RunPython(key_open_cases_by_service, migrations.RunPython.noop)]

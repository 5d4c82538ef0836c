"""Coded events are counted into the rollups now, where the report read them from their
records. Their rows are written here, as the live count writes them, so that no report
has to count every organisation again after this migration (at national scale no request
could). Written with the models as they are at this migration, not the live code."""

from django.db import migrations
from django.db.models import CharField, Count, F, Sum, Value
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.utils import timezone

MEASURE = "coded_events"
# The dimensions a tally is counted by, and the referral field each is.
DIMENSIONS = {"gp_practice": "gp_practice", "source": "source_type", "link_worker": "allocated_to"}
# Month rows are kept by these (a GP practice's would be nearly as many as its days), and
# across every value from the sources' rows; a funder's rows across every value and by source.
BY_MONTH = ("source", "link_worker")
FUNDED = ("", "source")


def _insert(schema_editor, model, columns: dict[str, str], rows, params=()) -> None:
    """INSERT INTO the model's table the `columns`, each from an SQL expression over `rows`
    (a queryset, aliased g)."""
    sql, row_params = rows.order_by().query.sql_with_params()
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
            f"SELECT {', '.join(columns.values())} FROM ({sql}) g",
            (*params, *row_params),
        )


def count_coded_events(apps, schema_editor) -> None:
    CodedEvent = apps.get_model("referrals", "CodedEvent")
    Tally = apps.get_model("reports", "Tally")
    MonthTally = apps.get_model("reports", "MonthTally")
    FundedMonthTally = apps.get_model("reports", "FundedMonthTally")
    FundedRollup = apps.get_model("reports", "FundedRollup")
    Organisation = apps.get_model("accounts", "Organisation")
    sums = {"until": "NULL", "count": "g.n", "total": "NULL", "squares": "NULL"}

    for dimension, field in DIMENSIONS.items():
        days = (
            CodedEvent.objects.annotate(
                tally_day=TruncDate("at", tzinfo=timezone.get_current_timezone()),
                tally_value=Coalesce(Cast(F(f"referral__{field}"), CharField()), Value("")),
            )
            .values("organisation_id", "tally_day", "tally_value", "code")
            .annotate(n=Count("*"))
        )
        columns = {
            "organisation_id": "g.organisation_id",
            "measure": "%s",
            "day": "g.tally_day",
            "dimension": "%s",
            "value": "g.tally_value",
            "key": "g.code",
            "bucket": "NULL",
            **sums,
        }
        _insert(schema_editor, Tally, columns, days, (MEASURE, dimension))

    months = (
        Tally.objects.filter(measure=MEASURE, dimension__in=BY_MONTH)
        .annotate(tally_month=TruncMonth("day"))
        .values("organisation_id", "dimension", "value", "key", "tally_month")
        .annotate(n=Sum("count"))
    )
    by_value = {
        "organisation_id": "g.organisation_id",
        "measure": "%s",
        "dimension": "g.dimension",
        "value": "g.value",
        "key": "g.key",
        "month": "g.tally_month",
        **sums,
    }
    _insert(schema_editor, MonthTally, by_value, months, (MEASURE,))
    across = (
        MonthTally.objects.filter(measure=MEASURE, dimension="source")
        .values("organisation_id", "key", "month")
        .annotate(n=Sum("count"))
    )
    every_value = {**by_value, "dimension": "''", "value": "''", "month": "g.month"}
    _insert(schema_editor, MonthTally, every_value, across, (MEASURE,))

    for funder_id in FundedRollup.objects.values_list("funder_id", flat=True):
        services = Organisation.objects.filter(funded_by=funder_id).values_list("pk", flat=True)
        funded = (
            MonthTally.objects.filter(
                measure=MEASURE, dimension__in=FUNDED, organisation_id__in=list(services)
            )
            .values("dimension", "value", "key", "month")
            .annotate(n=Sum("count"))
        )
        columns = {**every_value, "organisation_id": "%s", "dimension": "g.dimension"}
        columns["value"] = "g.value"
        _insert(schema_editor, FundedMonthTally, columns, funded, (funder_id, MEASURE))


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0013_referral_language"),
        ("reports", "0009_open_cases_keyed_by_service"),
    ]

    operations = [migrations.RunPython(count_coded_events, migrations.RunPython.noop)]

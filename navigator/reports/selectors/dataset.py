"""Dataset and coding: SNOMED CT coded events."""

from django.db.models import (
    Count,
)

from navigator.referrals.models import CodedEvent
from navigator.reports.figures import (
    Column,
    Figure,
    Row,
)
from navigator.reports.selectors.base import (
    Report,
)


def coded_events(report: Report) -> Figure:
    # Rows, not ids, counted: the events are read from an index that holds no id.
    counts = dict(report.coded_events().values_list("code").annotate(n=Count("*")).order_by())
    return Figure(
        key="coded_events",
        title="SNOMED CT coded events recorded",
        label_heading="Code",
        columns=[Column("Events")],
        rows=[
            Row(f"{label} ({code})", [counts.get(code, 0)])
            for code, label in CodedEvent.Code.choices
        ],
        chart=None,
    )

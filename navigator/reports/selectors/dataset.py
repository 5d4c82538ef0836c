"""Dataset and coding: SNOMED CT coded events."""

from navigator.referrals.models import CodedEvent
from navigator.reports.figures import Column, Figure, Row
from navigator.reports.selectors.base import Report
from navigator.reports.selectors.tallies import tally


def coded_events(report: Report) -> Figure:
    counts = {group.key: group.count for group in tally(report, "coded_events")}
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

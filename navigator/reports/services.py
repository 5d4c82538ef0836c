"""The audit trail of report figures that show people's own words (feedback comments)."""

from navigator.audit.models import AuditEvent
from navigator.audit.services import record_many
from navigator.reports.figures import Figure


def record_figures_seen(figures: list[Figure], *, exported: bool = False) -> None:
    """One event per record whose personal data a page or download of `figures` shows."""
    action = AuditEvent.Action.EXPORTED if exported else AuditEvent.Action.VIEWED
    records = [record for figure in figures for record in figure.shown_records]
    if records:
        record_many(
            action=action,
            instances=records,
            person_id=lambda record: record.referral.person_id if record.referral else None,
        )

"""The audit trail of report figures that show people's own words (feedback comments)."""

from navigator.audit.models import AuditEvent
from navigator.audit.services import record_many
from navigator.feedback.models import FeedbackResponse
from navigator.reports.figures import Figure


def _person_id(record: FeedbackResponse) -> int | None:
    # Anonymous feedback is never tied to the person, not even in the audit trail.
    if record.anonymous or record.referral is None:
        return None
    return record.referral.person_id


def record_figures_seen(figures: list[Figure], *, exported: bool = False) -> None:
    """One event per record whose personal data a page or download of `figures` shows."""
    action = AuditEvent.Action.EXPORTED if exported else AuditEvent.Action.VIEWED
    records = [record for figure in figures for record in figure.shown_records]
    if records:
        record_many(
            action=action,
            instances=records,
            person_id=_person_id,
        )

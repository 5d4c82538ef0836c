"""The daily job that asks for feedback, run by the task worker
(`navigator db_worker`) once `navigator enqueue_daily_jobs` has queued it."""

import datetime

from django.db.models import QuerySet
from django.tasks import task
from django_scopes import scopes_disabled

from navigator.contacts.models import ClosureReason
from navigator.feedback import services
from navigator.feedback.models import FeedbackRequest, Occasion
from navigator.referrals.models import Referral

FEEDBACK_JOB = "send_feedback_requests"
# A case closed (or a follow-up fallen due) longer ago than this is not asked any more: the
# job catches up after days it did not run, but does not write to people about old support.
LOOK_BACK = datetime.timedelta(days=14)


def _askable(occasion: str) -> QuerySet[Referral]:
    """Cases whose person agreed to be asked, not asked yet at `occasion`, and not closed
    because the person died. Whether the way they chose can reach them is the request's to
    say (`services.send_request`)."""
    asked = FeedbackRequest.objects.filter(occasion=occasion).values("referral")
    return (
        Referral.objects.filter(
            person__may_contact_for_feedback=True,
            person__merged_into__isnull=True,
            closure__isnull=False,
        )
        .exclude(closure__reason=ClosureReason.DIED)
        .exclude(pk__in=asked)
        .select_related("person", "organisation")
    )


def due_requests(today: datetime.date) -> list[tuple[Referral, Occasion]]:
    """(case, occasion) for each feedback request due on `today`: cases closed in the last
    fortnight, and follow-ups due in the last fortnight."""
    since = today - LOOK_BACK
    closed = _askable(Occasion.CLOSURE).filter(
        closure__closed_at__date__gte=since, closure__closed_at__date__lte=today
    )
    followed_up = _askable(Occasion.FOLLOW_UP).filter(
        follow_up__due_on__gte=since,
        follow_up__due_on__lte=today,
        follow_up__cancelled_at__isnull=True,  # e.g. the case was reopened
    )
    return [(case, Occasion.CLOSURE) for case in closed.order_by("pk")] + [
        (case, Occasion.FOLLOW_UP) for case in followed_up.order_by("pk")
    ]


@task
def send_feedback_requests(*, date: str) -> int:
    """Send a feedback link for each case due one; returns how many were sent. Running it
    again sends nothing twice: each case is asked once per occasion."""
    today = datetime.date.fromisoformat(date)
    sent = 0
    with scopes_disabled():
        for case, occasion in due_requests(today):
            try:
                services.send_request(referral=case, occasion=occasion)
            except services.FeedbackRefused:
                # Asked meanwhile (by a member of staff or another run), or no way to reach
                # them the way they chose.
                continue
            sent += 1
    return sent


def enqueue_feedback_requests(today: datetime.date) -> None:
    send_feedback_requests.enqueue(date=today.isoformat())

"""Daily background work of activity referrals, run by the task worker: chase referrals a
provider has not answered, and prompt link workers a week after a planned first session."""

import datetime

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.tasks import send_email
from navigator.activities.models import ActivityReferral
from navigator.activities.states import Status
from navigator.core.addresses import absolute_reverse

DEFAULT_ANSWER_WORKING_DAYS = 5
PROMPT_AFTER = datetime.timedelta(days=7)
STILL_OPEN = (Status.REQUESTED, Status.ACCEPTED, Status.ON_HOLD)


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday) before `day`."""
    while days:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _tell(referral: ActivityReferral, subject: str, body: str) -> None:
    if referral.made_by.email:
        link = absolute_reverse("activities:detail", pk=referral.pk)
        send_email.enqueue(subject=subject, body=f"{body}\n\n{link}", to=[referral.made_by.email])


@task
def daily_activity_referral_checks() -> dict[str, int]:
    """Idempotent: each referral is chased once and prompted once."""
    now = timezone.now()
    days = int(
        getattr(settings, "NAVIGATOR_ACTIVITY_ANSWER_WORKING_DAYS", DEFAULT_ANSWER_WORKING_DAYS)
    )
    cutoff = working_days_before(timezone.localdate(), days)
    chased = prompted = 0
    with scopes_disabled(), transaction.atomic():
        unanswered = ActivityReferral.objects.select_for_update().filter(
            status=Status.REQUESTED, chased_at__isnull=True, requested_at__date__lt=cutoff
        )
        for referral in unanswered.select_related("made_by", "service"):
            _tell(
                referral,
                "An activity referral has had no answer",
                f"{referral.service} has not answered a referral you sent within {days} "
                "working days. Contact them, or the person, to check.",
            )
            referral.chased_at = now
            referral.save(update_fields=["chased_at"])
            chased += 1
        due = ActivityReferral.objects.select_for_update().filter(
            status__in=STILL_OPEN,
            attendance_prompted_at__isnull=True,
            planned_first_session__lte=now - PROMPT_AFTER,
        )
        for referral in due.select_related("made_by", "service"):
            _tell(
                referral,
                "Did they go to their first session?",
                f"The first session at {referral.service} was a week ago. Ask the person "
                "whether they went, and update the referral's status.",
            )
            referral.attendance_prompted_at = now
            referral.save(update_fields=["attendance_prompted_at"])
            prompted += 1
    return {"chased": chased, "prompted": prompted}

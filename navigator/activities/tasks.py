"""Daily background work of activity referrals, run by the task worker: chase referrals a
provider has not answered, and prompt link workers a week after a planned first session, by
e-mail and by a task on the case in their caseload. At that prompt the person,
if they prefer e-mail, is also sent a link to say whether they went (once per referral); the
link worker's task stays, so that someone who does not answer is still followed up."""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.tasks import send_email
from navigator.activities.models import ActivityReferral
from navigator.activities.selectors import awaiting_attendance_word
from navigator.activities.services import ask_person_about_attendance
from navigator.activities.states import Status
from navigator.contacts import services as contacts_services
from navigator.contacts.models import Task
from navigator.core.addresses import absolute_reverse
from navigator.core.calendar import working_days_before
from navigator.referrals.states import OPEN_STATES

DEFAULT_ANSWER_WORKING_DAYS = 5


def _tell(activity_referral: ActivityReferral, subject: str, body: str) -> None:
    if activity_referral.made_by.email:
        link = absolute_reverse("activities:detail", pk=activity_referral.pk)
        send_email.enqueue(
            subject=subject, body=f"{body}\n\n{link}", to=[activity_referral.made_by.email]
        )


def _give_task(activity_referral: ActivityReferral, kind: str) -> None:
    """A task on the referral's open case, unless the case has one of this kind open; a
    referral made outside a case, or for a closed one, only brings the e-mail."""
    case = activity_referral.case
    if case is None or case.state not in OPEN_STATES or case.person_id is None:
        return
    contacts_services.open_task(referral=case, kind=kind, due_on=timezone.localdate())


@task
def daily_activity_referral_checks() -> dict[str, int]:
    """Idempotent: each referral is chased once and prompted once, and its person asked at
    most once."""
    now = timezone.now()
    days = int(
        getattr(settings, "NAVIGATOR_ACTIVITY_ANSWER_WORKING_DAYS", DEFAULT_ANSWER_WORKING_DAYS)
    )
    cutoff = working_days_before(timezone.localdate(), days)
    chased = prompted = asked = 0
    with scopes_disabled(), transaction.atomic():
        unanswered = ActivityReferral.objects.select_for_update(of=("self",)).filter(
            status=Status.REQUESTED, chased_at__isnull=True, requested_at__date__lt=cutoff
        )
        for activity_referral in unanswered.select_related("made_by", "service", "case"):
            _tell(
                activity_referral,
                "An activity referral has had no answer",
                f"{activity_referral.service} has not answered a referral you sent within {days} "
                "working days. Contact them, or the person, to check.",
            )
            _give_task(activity_referral, Task.Kind.ACTIVITY_UNANSWERED)
            activity_referral.chased_at = now
            activity_referral.save(update_fields=["chased_at"])
            chased += 1
        due = ActivityReferral.objects.select_for_update(of=("self",)).filter(
            awaiting_attendance_word(now), attendance_prompted_at__isnull=True
        )
        for activity_referral in due.select_related("made_by", "service", "case", "person"):
            _tell(
                activity_referral,
                "Did they go to their first session?",
                f"The first session at {activity_referral.service} was a week ago. Ask the person "
                "whether they went, and update the referral's status.",
            )
            _give_task(activity_referral, Task.Kind.ACTIVITY_ATTENDANCE)
            asked += ask_person_about_attendance(activity_referral=activity_referral)
            activity_referral.attendance_prompted_at = now
            activity_referral.save(update_fields=["attendance_prompted_at"])
            prompted += 1
    return {"chased": chased, "prompted": prompted, "asked": asked}

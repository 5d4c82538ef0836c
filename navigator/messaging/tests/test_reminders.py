"""The daily job reminds people, by the way they prefer, of tomorrow's contact with their link
worker and of tomorrow's accompaniment visit, once a day; nobody else is reminded."""

import datetime

import pytest
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.activities.models import Accompaniment
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.contacts.tests.helpers import log, open_case
from navigator.messaging.models import Kind, Message
from navigator.messaging.tasks import send_reminders
from navigator.messaging.tests.helpers import texted_case
from navigator.people.models import ContactMethod
from navigator.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
TODAY = datetime.date(2026, 12, 7)  # a Monday
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _never_quiet(settings):
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"


def test_tomorrows_contact_is_reminded_once(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    due = texted_case(organisation, link_worker)
    log(due, link_worker, next_contact_date=TOMORROW)
    later = texted_case(organisation, link_worker, phone="+447912345679")
    log(later, link_worker, next_contact_date=TOMORROW + datetime.timedelta(days=1))
    phoned = open_case(
        organisation,
        link_worker,
        state="active",
        person=PersonFactory(
            organisation=organisation, preferred_contact_method=ContactMethod.PHONE
        ),
    )
    log(phoned, link_worker, next_contact_date=TOMORROW)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders.call(today=TODAY.isoformat()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders.call(today=TODAY.isoformat()) == 0

    [sent] = notify.sent
    assert sent["phone_number"] == "+447912345678"
    assert sent["personalisation"]["body"] == (
        "Leeds North Social Prescribing: a reminder that your link worker plans to be in touch "
        "with you tomorrow, Tuesday 8 December."
    )
    assert Message.objects.get().referral == due


def test_tomorrows_accompaniment_visit_is_reminded(
    notify, organisation, link_worker, user_with_role, django_capture_on_commit_callbacks
):
    volunteer = user_with_role(Role.VOLUNTEER)
    case = texted_case(organisation, link_worker)
    activity_referral = ActivityReferralFactory(person=case.person, case=case)
    Accompaniment.objects.create(
        organisation=organisation,
        activity_referral=activity_referral,
        companion=volunteer,
        meet_at=timezone.make_aware(datetime.datetime(2026, 12, 8, 10, 30)),
        meeting_point="Outside the library",
        arranged_by=link_worker,
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders.call(today=TODAY.isoformat())

    [sent] = notify.sent
    assert sent["personalisation"]["body"] == (
        "Leeds North Social Prescribing: a reminder of your visit with a volunteer "
        "tomorrow, Tuesday 8 December at 10:30am."
    )
    assert Message.objects.get().kind == Kind.VISIT_REMINDER

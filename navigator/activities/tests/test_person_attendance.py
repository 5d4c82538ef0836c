"""A week after their planned first session, a person who prefers e-mail is sent a link,
once per activity referral, asking whether they went; their answer updates the activity
referral (or is kept for the link worker to follow up), shows on their timeline, and closes
the link worker's "did they go?" task when the status changes. The page shows only the
activity and the date."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from navigator.activities import services
from navigator.activities.models import ActivityReferral, StatusChange
from navigator.activities.selectors import status_history
from navigator.activities.states import Side, Status
from navigator.activities.tasks import daily_activity_referral_checks
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts.models import Closure, ClosureReason, Task
from navigator.contacts.tests.helpers import open_case
from navigator.directory.tests.factories import ServiceFactory
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import issue_link
from navigator.people.models import ContactMethod
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ATTENDANCE = Task.Kind.ACTIVITY_ATTENDANCE
LINK = re.compile(r"https?://[^/\s]+(/activities/did-you-go/[\w-]+/)")
LAST_TUESDAY = datetime.datetime(2026, 11, 17, 10, 30)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _person(organisation, **overrides):
    values = {
        "organisation": organisation,
        "email": "sam@example.org",
        "preferred_contact_method": ContactMethod.EMAIL,
        **overrides,
    }
    return PersonFactory(**values)


def _passed(case, status=Status.ACCEPTED, **overrides):
    """An activity referral of `case` whose first session was more than a week ago."""
    return ActivityReferralFactory(
        person=case.person,
        case=case,
        status=status,
        service=ServiceFactory(name="Allotment club"),
        planned_first_session=timezone.now() - datetime.timedelta(days=8),
        **overrides,
    )


def _check(capture) -> dict:
    with capture(execute=True):
        return daily_activity_referral_checks.call()


def _person_emails() -> list:
    return [message for message in mail.outbox if LINK.search(message.body)]


@pytest.fixture
def asked(organisation, link_worker, django_capture_on_commit_callbacks):
    """A case whose activity referral the daily job has just asked the person about:
    (activity_referral, page)."""
    person = _person(
        organisation,
        # Names no other text on the page can contain by chance (Faker's could).
        given_name="Zenobia",
        family_name="Quistorp-Vale",
        nhs_number="9434765919",
        address_line_1="12 Cliff Road",
        phone="+441134960000",
    )
    case = open_case(organisation, link_worker, state="active", person=person)
    activity_referral = _passed(case)
    _check(django_capture_on_commit_callbacks)
    return activity_referral, LINK.search(_person_emails()[-1].body).group(1)


def _task(activity_referral) -> Task:
    return Task.objects.get(referral=activity_referral.case, kind=ATTENDANCE)


def _last_change(activity_referral) -> StatusChange:
    return StatusChange.objects.filter(activity_referral=activity_referral).last()


def test_the_daily_job_emails_only_people_who_prefer_email_once(
    organisation, link_worker, django_capture_on_commit_callbacks
):
    def case(state="active", **person):
        return open_case(
            organisation, link_worker, state=state, person=_person(organisation, **person)
        )

    wanted = _passed(case())
    _passed(case(preferred_contact_method=ContactMethod.PHONE, email="phone@example.org"))
    _passed(case(email=""))
    died = case(state="closed", email="died@example.org")
    _passed(died)
    Closure.objects.create(
        organisation=organisation,
        referral=died,
        reason=ClosureReason.DIED,
        summary="Died at home",
        closed_at=timezone.now(),
    )

    assert _check(django_capture_on_commit_callbacks) == {"chased": 0, "prompted": 4, "asked": 1}
    assert [message.to for message in _person_emails()] == [["sam@example.org"]]
    body = _person_emails()[0].body
    # Nothing about the person or the activity in the e-mail itself: it is behind the link.
    assert wanted.person.given_name not in body and "Allotment club" not in body
    link = SecureLink.objects.get(purpose=Purpose.PERSON_ATTENDANCE)
    assert (link.target, link.sent_to) == (wanted, "sam@example.org")
    assert link.expires_at.date() == (timezone.now() + datetime.timedelta(days=14)).date()
    # The link workers are prompted as before, with or without an e-mail to the person.
    assert Task.objects.filter(kind=ATTENDANCE).count() == 3  # the closed case has none

    assert _check(django_capture_on_commit_callbacks)["asked"] == 0
    # The session moves and comes round again: the link worker is asked again, not the person.
    with acting_as(Actor(user=link_worker)):
        services.change_first_session(
            activity_referral=wanted,
            planned_first_session=timezone.now() + datetime.timedelta(days=1),
        )
    ActivityReferral.objects.filter(pk=wanted.pk).update(
        planned_first_session=timezone.now() - datetime.timedelta(days=8)
    )
    assert _check(django_capture_on_commit_callbacks) == {"chased": 0, "prompted": 1, "asked": 0}
    assert len(_person_emails()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_person_their_link(run_worker, organisation, link_worker):
    case = open_case(organisation, link_worker, state="active", person=_person(organisation))
    _passed(case)
    daily_activity_referral_checks.enqueue()
    run_worker()  # the daily job, which queues the e-mails
    run_worker()  # the e-mails
    assert ["sam@example.org"] in [message.to for message in mail.outbox]
    assert LINK.search(_person_emails()[0].body)


def test_yes_i_went_makes_it_attending_and_closes_the_task(asked, client):
    activity_referral, page = asked
    assert _task(activity_referral).done_at is None

    done = client.post(page, {"answer": "went"})

    assert "Thank you" in done.content.decode()
    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.IN_PROGRESS
    change = _last_change(activity_referral)
    assert (change.side, change.by, change.by_name) == (
        Side.PERSON,
        None,
        "The person, by secure link",
    )
    assert change.from_status == Status.ACCEPTED
    assert _task(activity_referral).done_at is not None
    entry = status_history(activity_referral.person)[-1]
    assert entry.title == "Activity referral to Allotment club: attending"
    assert entry.actor == "The person, by secure link"


def test_no_keeps_the_status_records_why_and_leaves_the_task(asked, client):
    activity_referral, page = asked

    client.post(page, {"answer": "did_not_go", "got_in_the_way": "The bus did not come"})

    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.ACCEPTED
    change = _last_change(activity_referral)
    assert (change.from_status, change.to_status, change.side) == (
        Status.ACCEPTED,
        Status.ACCEPTED,
        Side.PERSON,
    )
    assert change.reason == (
        "Says they did not go to the first session. What got in the way: The bus did not come"
    )
    assert _task(activity_referral).done_at is None  # the link worker follows it up
    entry = status_history(activity_referral.person)[-1]
    assert entry.title == "Activity referral to Allotment club: still accepted"
    assert "The bus did not come" in entry.description


def test_a_new_date_moves_the_first_session_and_the_task_waits_for_it(asked, client):
    activity_referral, page = asked
    new_date = timezone.localdate() + datetime.timedelta(days=5)

    client.post(
        page,
        {
            "answer": "moved",
            "new_date_day": str(new_date.day),
            "new_date_month": str(new_date.month),
            "new_date_year": str(new_date.year),
        },
    )

    activity_referral.refresh_from_db()
    assert timezone.localtime(activity_referral.planned_first_session).date() == new_date
    assert (
        activity_referral.status == Status.ACCEPTED
        and activity_referral.attendance_prompted_at is None
    )
    assert _task(activity_referral).done_at is not None
    assert _last_change(activity_referral).reason == (
        f"Says the first session has moved to {new_date:%-d %B %Y}"
    )
    assert status_history(activity_referral.person)[-1].actor == "The person, by secure link"


def test_moved_without_a_date_leaves_the_task_open(asked, client):
    activity_referral, page = asked
    planned = activity_referral.planned_first_session

    client.post(page, {"answer": "moved"})

    activity_referral.refresh_from_db()
    assert activity_referral.planned_first_session == planned
    assert _task(activity_referral).done_at is None
    assert "not yet known" in _last_change(activity_referral).reason


def test_yes_from_the_waiting_list_is_kept_for_the_link_worker(
    organisation, link_worker, client, django_capture_on_commit_callbacks
):
    case = open_case(organisation, link_worker, state="active", person=_person(organisation))
    activity_referral = _passed(case, status=Status.ON_HOLD)
    _check(django_capture_on_commit_callbacks)

    client.post(LINK.search(_person_emails()[-1].body).group(1), {"answer": "went"})

    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.ON_HOLD  # only the provider takes them off the list
    assert _last_change(activity_referral).reason == "Says they went to the first session"
    assert _task(activity_referral).done_at is None


def test_the_page_asks_plainly_and_shows_nothing_else_about_them(asked, client):
    activity_referral, page = asked
    planned = timezone.make_aware(LAST_TUESDAY)
    ActivityReferral.objects.filter(pk=activity_referral.pk).update(planned_first_session=planned)

    response = client.get(page)

    html = response.content.decode()
    assert "Did you go to Allotment club on Tuesday 17 November 2026 at 10:30?" in html
    for answer in ("Yes, I went", "No, I did not go", "It has been moved to another date"):
        assert answer in html
    person = activity_referral.person
    for private in (
        person.given_name,
        person.family_name,
        "9434765919",
        "12 Cliff Road",
        person.postcode,
        "sam@example.org",
        activity_referral.reason,
        str(activity_referral.made_by),
    ):
        assert private not in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_an_answer_is_needed_and_a_moved_date_is_not_in_the_past(asked, client):
    activity_referral, page = asked
    assert "Choose yes, no, or that it has moved" in client.post(page, {}).content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    past = client.post(
        page,
        {
            "answer": "moved",
            "new_date_day": str(yesterday.day),
            "new_date_month": str(yesterday.month),
            "new_date_year": str(yesterday.year),
        },
    )
    assert "The new date must be today or in the future" in past.content.decode()
    assert SecureLink.objects.get(purpose=Purpose.PERSON_ATTENDANCE).used_at is None
    assert _last_change(activity_referral).side == Side.REQUESTER  # nothing recorded yet


def test_used_expired_and_other_links_are_refused(asked, client):
    activity_referral, page = asked
    client.post(page, {"answer": "went"})
    again = client.post(page, {"answer": "did_not_go"})
    assert again.status_code == 410
    assert (
        StatusChange.objects.filter(activity_referral=activity_referral, side=Side.PERSON).count()
        == 1
    )

    fresh = issue_link(
        purpose=Purpose.PERSON_ATTENDANCE,
        target=activity_referral,
        valid_for=datetime.timedelta(days=14),
    )
    SecureLink.objects.filter(pk=fresh.link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = reverse("activities:person_attendance", args=[fresh.token])
    assert client.get(expired).status_code == 410

    # A provider's attendance link does not open the person's page, nor theirs the provider's.
    provider = issue_link(
        purpose=Purpose.PROVIDER_ATTENDANCE,
        target=activity_referral,
        valid_for=datetime.timedelta(1),
    )
    assert (
        client.get(reverse("activities:person_attendance", args=[provider.token])).status_code
        == 404
    )
    person_token = page.split("/")[-2]
    assert (
        client.get(reverse("activities:provider_attendance", args=[person_token])).status_code
        == 404
    )
    assert client.get(reverse("activities:person_attendance", args=["nonsense"])).status_code == 404

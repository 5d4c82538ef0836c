"""Logging a telephone attempt, and what each outcome does to the person's place on the list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.outreach.models import CallAttempt, MemberStatus, Outcome, OutreachSettings
from navigator.outreach.tests.factories import CohortFactory, CohortMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(organisation):
    return CohortMemberFactory(
        cohort=CohortFactory(organisation=organisation), given_name="Ada", family_name="Okafor"
    )


def log(client, member, outcome: str, **extra):
    member.refresh_from_db()
    data = {"outcome": outcome, "version": member.version, "note": "", **extra}
    response = client.post(reverse("outreach:member", args=[member.pk]), data)
    member.refresh_from_db()
    return response


def test_a_call_is_logged_now_by_the_user_with_its_note(signed_in, link_worker, member):
    before = timezone.now()

    response = log(signed_in(link_worker), member, Outcome.NO_ANSWER, note="Rang twice")

    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:call_list")
    attempt = CallAttempt.objects.get()
    assert (attempt.member, attempt.by, attempt.outcome, attempt.note) == (
        member,
        link_worker,
        Outcome.NO_ANSWER,
        "Rang twice",
    )
    assert before <= attempt.at <= timezone.now()
    assert member.last_attempt_at == attempt.at
    event = AuditEvent.objects.get(object_type="outreach.callattempt")
    assert event.action == AuditEvent.Action.CREATED
    assert AuditEvent.objects.filter(
        object_type="outreach.cohortmember", action=AuditEvent.Action.UPDATED
    ).exists()


@pytest.mark.parametrize("outcome", [Outcome.NO_ANSWER, Outcome.VOICEMAIL])
def test_a_failed_attempt_counts_and_keeps_them_on_the_list(
    signed_in, link_worker, member, outcome
):
    log(signed_in(link_worker), member, outcome)

    assert member.failed_attempts == 1
    assert member.status == MemberStatus.ON_LIST


def test_reaching_the_limit_takes_them_off_the_list(signed_in, link_worker, member):
    client = signed_in(link_worker)
    log(client, member, Outcome.NO_ANSWER)
    log(client, member, Outcome.VOICEMAIL)
    assert member.status == MemberStatus.ON_LIST

    response = log(client, member, Outcome.NO_ANSWER)

    assert member.failed_attempts == 3
    assert member.status == MemberStatus.LEFT_LIST
    assert member.left_reason == "No answer after 3 attempts"
    assert "has left the call list" in client.get(response["Location"]).text


def test_the_limit_is_the_organisations_own(signed_in, link_worker, member, organisation):
    OutreachSettings.objects.create(organisation=organisation, failed_attempt_limit=1)

    log(signed_in(link_worker), member, Outcome.VOICEMAIL)

    assert member.status == MemberStatus.LEFT_LIST
    assert member.left_reason == "No answer after 1 attempt"


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [(Outcome.WRONG_NUMBER, "Wrong number"), (Outcome.DECLINED, "Spoke — declined")],
)
def test_wrong_number_and_declined_take_them_off_the_list(
    signed_in, link_worker, member, outcome, reason
):
    log(signed_in(link_worker), member, outcome)

    assert member.status == MemberStatus.LEFT_LIST
    assert member.left_reason == reason
    assert member.failed_attempts == 0


def test_a_call_back_keeps_them_on_the_list_until_the_time_given(signed_in, link_worker, member):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = log(
        signed_in(link_worker),
        member,
        Outcome.CALL_BACK,
        call_back_date_day=tomorrow.day,
        call_back_date_month=tomorrow.month,
        call_back_date_year=tomorrow.year,
        call_back_time="2:30pm",
    )

    assert response.status_code == 302
    expected = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(14, 30)))
    assert member.status == MemberStatus.ON_LIST
    assert member.call_back_at == expected
    assert CallAttempt.objects.get().call_back_at == expected


def test_a_later_call_clears_the_call_back(signed_in, link_worker, member):
    member.call_back_at = timezone.now() - datetime.timedelta(minutes=1)
    member.save()

    log(signed_in(link_worker), member, Outcome.NO_ANSWER)

    assert member.call_back_at is None


def test_a_call_back_needs_a_date_and_time_in_the_future(signed_in, link_worker, member):
    client = signed_in(link_worker)
    missing = log(client, member, Outcome.CALL_BACK)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    past = log(
        client,
        member,
        Outcome.CALL_BACK,
        call_back_date_day=yesterday.day,
        call_back_date_month=yesterday.month,
        call_back_date_year=yesterday.year,
        call_back_time="10:00",
    )
    nonsense = log(client, member, Outcome.CALL_BACK, call_back_time="25:99")

    assert "Enter the date they asked to be called back" in missing.text
    assert "Enter the time they asked to be called back" in missing.text
    assert "The call-back time must be in the future" in past.text
    assert "Enter a time like 14:30 or 2:30pm" in nonsense.text
    assert not CallAttempt.objects.exists()


def test_an_outcome_must_be_chosen(signed_in, link_worker, member):
    response = log(signed_in(link_worker), member, "")

    assert response.status_code == 200
    assert "Select what happened on the call" in response.text
    assert not CallAttempt.objects.exists()


def test_nobody_can_be_called_once_off_the_list(signed_in, link_worker, member):
    client = signed_in(link_worker)
    log(client, member, Outcome.WRONG_NUMBER)

    page = client.get(reverse("outreach:member", args=[member.pk]))
    response = log(client, member, Outcome.NO_ANSWER)

    assert "no longer on the call list" in page.text
    assert "Log the call" not in page.text
    assert "your call was not logged" in response.text
    assert CallAttempt.objects.count() == 1


def test_the_page_shows_earlier_calls(signed_in, link_worker, member):
    client = signed_in(link_worker)
    log(client, member, Outcome.VOICEMAIL, note="Left a message about the walking group")

    response = client.get(reverse("outreach:member", args=[member.pk]))

    assert "Voicemail left" in response.text
    assert "Left a message about the walking group" in response.text

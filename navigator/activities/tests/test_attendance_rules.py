"""Attendance is confirmed only once the first session has come, and by a provider only
after accepting; accompaniment starts from the planned first session; an activity referral
belongs to the person's one open case unless the link worker says otherwise."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.activities import services
from navigator.activities.states import Side, Status, TransitionNotAllowed
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.directory.tests.factories import service_at
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(user_with_role):
    return user_with_role(Role.VCS_PROVIDER)


def _provided(provider, organisation, **kwargs):
    activity_referral = ActivityReferralFactory(person__organisation=organisation, **kwargs)
    activity_referral.service.organisation.provider_users.add(provider)
    return activity_referral


def _days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_a_provider_cannot_confirm_attendance_on_a_referral_only_sent(
    signed_in, provider, organisation
):
    activity_referral = _provided(provider, organisation, status=Status.REQUESTED)
    client = signed_in(provider)
    inbox = client.get(reverse("activities:inbox")).content.decode()
    assert "Confirm they have attended" not in inbox
    with pytest.raises(TransitionNotAllowed, match="Accept the referral before confirming"):
        services.move(
            activity_referral=activity_referral,
            to=Status.IN_PROGRESS,
            side=Side.PROVIDER,
            by=provider,
        )
    url = reverse("activities:respond", args=[activity_referral.pk, Status.IN_PROGRESS])
    assert client.post(url, {"reason": ""}).status_code == 404
    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.REQUESTED


def test_no_one_confirms_attendance_before_the_first_session(signed_in, provider, organisation):
    activity_referral = _provided(
        provider, organisation, status=Status.ACCEPTED, planned_first_session=_days(3)
    )
    client = signed_in(provider)
    inbox = client.get(reverse("activities:inbox")).content.decode()
    assert "Confirm they have attended" not in inbox
    assert "attendance can be confirmed from that day" in inbox
    url = reverse("activities:respond", args=[activity_referral.pk, Status.IN_PROGRESS])
    refused = client.post(url, {"reason": ""})
    assert "attendance can be confirmed from that day" in refused.content.decode()
    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.ACCEPTED
    with pytest.raises(TransitionNotAllowed):
        services.move(
            activity_referral=activity_referral,
            to=Status.IN_PROGRESS,
            side=Side.REQUESTER,
            by=activity_referral.made_by,
        )


def test_attendance_is_confirmed_once_the_session_has_come(signed_in, provider, organisation):
    activity_referral = _provided(
        provider, organisation, status=Status.ACCEPTED, planned_first_session=_days(-1)
    )
    client = signed_in(provider)
    assert "Confirm they have attended" in client.get(reverse("activities:inbox")).content.decode()
    client.post(reverse("activities:respond", args=[activity_referral.pk, Status.IN_PROGRESS]), {})
    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.IN_PROGRESS


def test_accompaniment_starts_from_the_planned_first_session(signed_in, link_worker):
    planned = timezone.make_aware(datetime.datetime(2031, 3, 4, 10, 30))
    activity_referral = ActivityReferralFactory(
        person__organisation=link_worker.organisation,
        planned_first_session=planned,
        service=service_at("LS6 2AB", None, None, name="Walking group"),
    )
    page = signed_in(link_worker).get(reverse("activities:accompany", args=[activity_referral.pk]))
    text = page.content.decode()
    assert 'value="2031"' in text
    assert 'value="10:30"' in text
    assert "1 Community Street" in text


def test_the_one_open_case_is_the_activity_referrals_case(signed_in, link_worker):
    person = PersonFactory(organisation=link_worker.organisation)
    ReferralFactory(organisation=person.organisation, person=person, state=State.CLOSED)
    case = ReferralFactory(organisation=person.organisation, person=person, state=State.ALLOCATED)
    service = service_at("LS6 2AB", None, None, name="Walking group")
    page = signed_in(link_worker).get(reverse("activities:create", args=[person.pk, service.pk]))
    assert f'<option value="{case.pk}" selected' in page.content.decode()


def test_with_two_open_cases_the_link_worker_chooses(signed_in, link_worker):
    person = PersonFactory(organisation=link_worker.organisation)
    for _ in range(2):
        ReferralFactory(organisation=person.organisation, person=person, state=State.ALLOCATED)
    service = service_at("LS6 2AB", None, None, name="Walking group")
    page = signed_in(link_worker).get(reverse("activities:create", args=[person.pk, service.pk]))
    cases = page.content.decode().split('name="case"')[1].split("</select>")[0]
    assert "selected" not in cases

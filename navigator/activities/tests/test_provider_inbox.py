"""Providers see only activity referrals to their own services, and only the minimum."""

import datetime

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.activities.states import Side, Status
from navigator.activities.tests.factories import ActivityReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(user_with_role):
    return user_with_role(Role.VCS_PROVIDER)


def test_a_provider_cannot_see_another_providers_referrals(signed_in, provider, organisation):
    mine = ActivityReferralFactory(person__organisation=organisation, person__given_name="Mine")
    mine.service.organisation.provider_users.add(provider)
    theirs = ActivityReferralFactory(person__organisation=organisation, person__given_name="Theirs")
    client = signed_in(provider)
    inbox = client.get(reverse("activities:inbox")).content.decode()
    assert "Mine" in inbox and "Theirs" not in inbox
    url = reverse("activities:respond", args=[theirs.pk, "accepted"])
    assert client.get(url).status_code == 404


def test_the_provider_sees_the_minimum(signed_in, provider, organisation):
    activity_referral = ActivityReferralFactory(
        person__organisation=organisation,
        person__given_name="Ada",
        person__family_name="Okafor",
        person__phone="+441134960000",
        person__nhs_number="9434765919",
        person__consent_to_share=False,
    )
    activity_referral.service.organisation.provider_users.add(provider)
    page = signed_in(provider).get(reverse("activities:inbox")).content.decode()
    assert "Ada O." in page
    assert "Okafor" not in page
    assert "496" not in page  # no phone without consent to share
    assert "943" not in page


def test_phone_shown_when_consented(signed_in, provider, organisation):
    activity_referral = ActivityReferralFactory(
        person__organisation=organisation,
        person__phone="+441134960000",
        person__consent_to_share=True,
    )
    activity_referral.service.organisation.provider_users.add(provider)
    page = signed_in(provider).get(reverse("activities:inbox")).content.decode()
    assert "0113 496 0000" in page


def test_provider_accepts_then_confirms_attendance(signed_in, provider, organisation):
    activity_referral = ActivityReferralFactory(person__organisation=organisation)
    activity_referral.service.organisation.provider_users.add(provider)
    client = signed_in(provider)
    client.post(
        reverse("activities:respond", args=[activity_referral.pk, "accepted"]), {"reason": ""}
    )
    client.post(
        reverse("activities:respond", args=[activity_referral.pk, "in-progress"]), {"reason": ""}
    )
    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.IN_PROGRESS
    assert activity_referral.first_answer == Status.ACCEPTED
    last = activity_referral.status_changes.last()
    assert (last.by, last.side) == (provider, Side.PROVIDER)


def test_provider_rejects_with_reason(signed_in, provider, organisation):
    activity_referral = ActivityReferralFactory(person__organisation=organisation)
    activity_referral.service.organisation.provider_users.add(provider)
    url = reverse("activities:respond", args=[activity_referral.pk, "rejected"])
    response = signed_in(provider).post(url, {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    signed_in(provider).post(url, {"reason": "Group is full"})
    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.REJECTED


def test_the_inbox_shows_a_page_at_a_time(signed_in, provider, organisation):
    """26 activity referrals: the newest 25 on the first page, the oldest on the second."""
    first = ActivityReferralFactory(person__organisation=organisation, person__given_name="Oldest")
    first.service.organisation.provider_users.add(provider)
    for _ in range(25):
        ActivityReferralFactory(
            person__organisation=organisation,
            person__given_name="Newer",
            service=first.service,
            requested_at=first.requested_at + datetime.timedelta(days=1),
        )
    client = signed_in(provider)
    page_one = client.get(reverse("activities:inbox")).content.decode()
    assert page_one.count("nhsuk-card__heading") == 25 and "Oldest" not in page_one
    page_two = client.get(reverse("activities:inbox"), {"page": 2}).content.decode()
    assert page_two.count("nhsuk-card__heading") == 1 and "Oldest" in page_two

"""Providers see only referrals to their own services, and only the minimum."""

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
    referral = ActivityReferralFactory(
        person__organisation=organisation,
        person__given_name="Ada",
        person__family_name="Okafor",
        person__phone="+441134960000",
        person__nhs_number="9434765919",
        person__consent_to_share=False,
    )
    referral.service.organisation.provider_users.add(provider)
    page = signed_in(provider).get(reverse("activities:inbox")).content.decode()
    assert "Ada O." in page
    assert "Okafor" not in page
    assert "496" not in page  # no phone without consent to share
    assert "943" not in page


def test_phone_shown_when_consented(signed_in, provider, organisation):
    referral = ActivityReferralFactory(
        person__organisation=organisation,
        person__phone="+441134960000",
        person__consent_to_share=True,
    )
    referral.service.organisation.provider_users.add(provider)
    page = signed_in(provider).get(reverse("activities:inbox")).content.decode()
    assert "0113 496 0000" in page


def test_provider_accepts_then_confirms_attendance(signed_in, provider, organisation):
    referral = ActivityReferralFactory(person__organisation=organisation)
    referral.service.organisation.provider_users.add(provider)
    client = signed_in(provider)
    client.post(reverse("activities:respond", args=[referral.pk, "accepted"]), {"reason": ""})
    client.post(reverse("activities:respond", args=[referral.pk, "in-progress"]), {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == Status.IN_PROGRESS
    assert referral.first_answer == Status.ACCEPTED
    last = referral.status_changes.last()
    assert (last.by, last.side) == (provider, Side.PROVIDER)


def test_provider_rejects_with_reason(signed_in, provider, organisation):
    referral = ActivityReferralFactory(person__organisation=organisation)
    referral.service.organisation.provider_users.add(provider)
    url = reverse("activities:respond", args=[referral.pk, "rejected"])
    response = signed_in(provider).post(url, {"reason": ""})
    assert "Enter the reason" in response.content.decode()
    signed_in(provider).post(url, {"reason": "Group is full"})
    referral.refresh_from_db()
    assert referral.status == Status.REJECTED

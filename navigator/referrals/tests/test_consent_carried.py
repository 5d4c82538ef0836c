"""The consent given on a referral is carried to the person's record made or matched at
triage; a referral without consent carries none."""

import pytest
from django.urls import reverse

from navigator.people.tests.factories import PersonFactory
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def referral_for(person, **fields):
    return ReferralFactory(
        organisation=person.organisation,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        **fields,
    )


def test_a_new_record_made_at_triage_holds_the_referrals_consent(manager, signed_in) -> None:
    referral = ReferralFactory(organisation=manager.organisation, consent_method="written")
    client = signed_in(manager)
    response = client.post(reverse("referrals:new_person", kwargs={"pk": referral.pk}))
    assert response.status_code == 302

    referral.refresh_from_db()
    person = referral.person
    assert person.consent_to_hold is True
    assert person.consent_to_share is False  # agreeing to be referred is not agreeing to share
    assert person.consent_method == "written"
    assert person.consent_recorded_by == manager
    page = client.get(reverse("people:detail", kwargs={"pk": person.pk})).content.decode()
    assert "In writing, " in page


def test_a_matched_record_without_consent_gets_the_referrals(manager, signed_in) -> None:
    person = PersonFactory(organisation=manager.organisation)
    referral = referral_for(person, consent_method="verbal")
    signed_in(manager).post(
        reverse("referrals:attach", kwargs={"pk": referral.pk}), {"person": person.pk}
    )
    person.refresh_from_db()
    assert (person.consent_to_hold, person.consent_method) == (True, "verbal")


def test_a_record_with_consent_recorded_keeps_its_own(manager, signed_in, link_worker) -> None:
    person = PersonFactory(
        organisation=manager.organisation,
        consent_to_hold=False,
        consent_method="written",
        consent_recorded_by=link_worker,
    )
    person.consent_recorded_at = person.created_at
    person.save()
    referral = referral_for(person, consent_method="verbal")
    signed_in(manager).post(
        reverse("referrals:attach", kwargs={"pk": referral.pk}), {"person": person.pk}
    )
    person.refresh_from_db()
    assert (person.consent_to_hold, person.consent_method) == (False, "written")


def test_no_consent_on_the_referral_carries_none(manager, signed_in) -> None:
    referral = ReferralFactory(
        organisation=manager.organisation, consent_given=False, consent_method=""
    )
    signed_in(manager).post(reverse("referrals:new_person", kwargs={"pk": referral.pk}))
    referral.refresh_from_db()
    assert referral.person.consent_to_hold is False
    assert referral.person.consent_recorded_at is None

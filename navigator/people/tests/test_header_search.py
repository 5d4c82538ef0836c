"""The header's search finds a person by name, NHS number or referral reference, among the
records of the user's own organisation; each person listed counts as viewed."""

import re

import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.tests.factories import ReferralFactory

URL = reverse("people:list")  # where the header's search form sends what is typed


def names(response) -> list[str]:
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', response.text)


@pytest.fixture
def ada(organisation):
    ada = PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Lovelace",
        nhs_number="9434765919",
    )
    ReferralFactory(organisation=organisation, person=ada, reference="QX7RK2MA")
    ReferralFactory(organisation=organisation, person=ada, reference="QX7RK2MB")
    return ada


def test_the_header_offers_the_search(signed_in, link_worker):
    html = signed_in(link_worker).get(reverse("core:home")).text

    assert f'action="{URL}"' in html
    assert 'name="q"' in html
    assert "Find a person by name, NHS number or referral reference" in html


@pytest.mark.parametrize("typed", ["lovelace", "ADA love", "943 476 5919", "qx7rk2ma"])
def test_finds_the_person_by_name_nhs_number_or_reference(signed_in, link_worker, ada, typed):
    PersonFactory(organisation=ada.organisation, given_name="Alan", family_name="Turing")

    response = signed_in(link_worker).get(URL, {"q": typed})

    assert names(response) == ["Ada Lovelace"]  # once, though she has two referrals


def test_another_organisations_reference_finds_nobody(
    signed_in, link_worker, ada, other_organisation
):
    theirs = PersonFactory(
        organisation=other_organisation, given_name="Bob", family_name="Elsewhere"
    )
    ReferralFactory(organisation=other_organisation, person=theirs, reference="ZZ9PLURA")

    response = signed_in(link_worker).get(URL, {"q": "ZZ9PLURA"})

    assert names(response) == []
    assert "No records found." in response.text


def test_each_person_found_is_audited_as_viewed(signed_in, link_worker, ada):
    signed_in(link_worker).get(URL, {"q": "QX7RK2MB"})

    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED, person_id=ada.pk)
    assert viewed.count() == 1
    assert viewed.get().actor == link_worker

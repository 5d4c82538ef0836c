"""The report filter offers the GP practices that the services' referrals have named, by
name, read from the rollups: a practice named only by another service's referrals is not
offered, and one named since the rollups were counted is."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.people.models import GPPractice
from navigator.referrals import services as referral_services
from navigator.referrals.states import State
from navigator.reports import forms
from navigator.reports.selectors import tallies
from navigator.reports.tests.helpers import referral

pytestmark = pytest.mark.django_db


def first_total(page: str) -> str:
    """The first figure's total (referrals by source)."""
    found = re.search(r'class="nhsuk-table__header">Total</th>\s*<td[^>]*>([^<]*)</td>', page)
    return found.group(1) if found else ""


def practice(name: str, code: str) -> GPPractice:
    return GPPractice.objects.create(name=name, ods_code=code)


def offered(client, view: str = "reports:section") -> list[str]:
    content = client.get(reverse(view, kwargs={"slug": "flow"})).content.decode()
    select = content.split('id="id_gp_practice"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_practices_of_the_services_referrals_are_offered_by_name(
    organisation, other_organisation, manager, signed_in
) -> None:
    chapel, beeston = practice("Chapel Allerton", "B86001"), practice("Beeston Village", "B86002")
    elsewhere = practice("Armley Moor", "B86003")
    referral(organisation, received=2, gp_practice=chapel)
    referral(organisation, received=40, gp_practice=beeston)
    referral(organisation, received=41, gp_practice=beeston)
    referral(other_organisation, received=3, gp_practice=elsewhere)

    assert offered(signed_in(manager)) == [
        "All GP practices",
        "Beeston Village (B86002)",
        "Chapel Allerton (B86001)",
    ]

    county = OrganisationFactory(name="County")
    county.funds.set([organisation, other_organisation])
    commissioner = UserFactory(organisation=county, role=Role.COMMISSIONER)
    assert offered(signed_in(commissioner), "reports:commissioned_section") == [
        "All GP practices",
        "Armley Moor (B86003)",
        "Beeston Village (B86002)",
        "Chapel Allerton (B86001)",
    ]


def test_a_practice_named_since_the_rollups_were_counted_is_offered(
    organisation, manager, monkeypatch
) -> None:
    monkeypatch.undo()  # the real refresh: from the audit trail, not from nothing
    chapel, beeston = practice("Chapel Allerton", "B86001"), practice("Beeston Village", "B86002")
    referral(organisation, received=2, gp_practice=chapel)
    received = referral(organisation, received=5, state=State.RECEIVED)
    tallies.rebuild([organisation.pk])
    assert tallies.practices_named([organisation.pk]) == [(chapel.pk, "Chapel Allerton", "B86001")]

    with acting_as(Actor(user=manager)):
        referral_services.move(
            referral=received, to=State.TRIAGED, changes={"gp_practice": beeston}
        )

    with CaptureQueriesContext(connection) as captured:
        named = tallies.practices_named([organisation.pk])
    assert named == [
        (beeston.pk, "Beeston Village", "B86002"),
        (chapel.pk, "Chapel Allerton", "B86001"),
    ]
    # Counted again from the audit trail, then read from the rollups, not the referrals.
    reads = [query["sql"] for query in captured if query["sql"].startswith("SELECT")]
    assert not any('FROM "referrals_referral"' in sql for sql in reads[-2:])


def test_a_commissioner_of_many_services_gives_a_practice_by_its_ods_code(
    organisation, other_organisation, signed_in, monkeypatch
) -> None:
    monkeypatch.setattr(forms, "LISTS_PRACTICES_UP_TO", 1)
    chapel = practice("Chapel Allerton", "B86001")
    for _ in range(10):
        referral(organisation, received=40, gp_practice=chapel)
    for _ in range(5):
        referral(other_organisation, received=40)
    county = OrganisationFactory(name="County")
    county.funds.set([organisation, other_organisation])
    client = signed_in(UserFactory(organisation=county, role=Role.COMMISSIONER))
    path = reverse("reports:commissioned_section", kwargs={"slug": "flow"})

    page = client.get(path).content.decode()
    assert '<input class="nhsuk-input" id="id_gp_practice" name="gp_practice" type="text"' in page
    assert "<option" not in page.split('id="id_gp_practice"', 1)[1].split("</div>", 1)[0]
    # 15 referrals in all, rounded to the nearest 5.
    assert first_total(page) == "15"

    # Its code in any case: the 10 referrals naming that practice.
    page = client.get(path, {"gp_practice": " b86001 "}).content.decode()
    assert first_total(page) == "10"
    assert 'value=" b86001 "' in page

    page = client.get(path, {"gp_practice": "B99999"}).content.decode()
    assert "Enter the ODS code of a GP practice, like B86001" in page
    assert 'value="B99999"' in page and "Referrals by source" not in page

"""A self-referral goes to the service covering the person's GP practice, or else their
postcode district; they choose when several cover it; nothing is kept when none does."""

import pytest

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.models import Referral
from navigator.referrals.tests.test_self_referral_helpers import (
    SENT,
    START,
    forget_submissions,
    form_data,
    make_catchment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    forget_submissions()


@pytest.fixture
def leeds(organisation):
    return organisation


@pytest.fixture
def calder(other_organisation):
    return other_organisation


def test_goes_to_the_service_of_the_chosen_gp_practice_before_the_postcode(client, leeds, calder):
    practice = GPPracticeFactory(name="Hebden Bridge Group Practice")
    make_catchment(leeds, "LS6")
    make_catchment(calder, "HX7", (practice,))

    # They live in LS6 but are registered in Hebden Bridge: the practice decides.
    response = client.post(START, form_data(postcode="LS6 2AB", gp_practice=practice.pk))

    assert response.status_code == 302
    assert response.url == SENT
    referral = Referral.objects.get()
    assert referral.organisation == calder
    assert referral.gp_practice == practice


def test_goes_by_postcode_district_when_the_practice_is_not_known(client, leeds, calder):
    make_catchment(leeds, "LS6, ls7")
    make_catchment(calder, "HX7")

    response = client.post(START, form_data(postcode="ls7 3ef", gp_practice=""))

    assert response.status_code == 302
    assert Referral.objects.get().organisation == leeds


def test_a_district_is_matched_whole_not_by_its_beginning(client, leeds):
    make_catchment(leeds, "LS1")

    response = client.post(START, form_data(postcode="LS16 5AB"))

    assert "We could not find a service for your area" in response.text
    assert not Referral.objects.exists()


def test_a_service_not_taking_self_referrals_is_never_chosen(client, leeds):
    make_catchment(leeds, "LS6", takes_self_referrals=False)

    response = client.post(START, form_data(postcode="LS6 2AB"))

    assert "We could not find a service for your area" in response.text
    assert not Referral.objects.exists()


def test_asks_which_service_when_several_cover_the_area_then_sends_to_the_chosen_one(
    client, leeds, calder
):
    make_catchment(leeds, "LS6, LS7")
    make_catchment(calder, "LS7")

    asked = client.post(START, form_data(postcode="LS7 3EF"))

    assert asked.status_code == 200
    assert not Referral.objects.exists()
    html = asked.text
    assert "Which service would you like to contact?" in html
    assert 'href="#id_service"' in html  # the error summary leads to the choice
    assert leeds.name in html and calder.name in html
    assert 'value="Maya"' in html  # nothing they typed is lost

    chosen = client.post(START, form_data(postcode="LS7 3EF", service=calder.pk))

    assert chosen.status_code == 302
    assert Referral.objects.get().organisation == calder


def test_a_service_outside_the_area_cannot_be_chosen(client, leeds, calder):
    make_catchment(leeds, "LS6, LS7")
    make_catchment(calder, "LS7")
    elsewhere = OrganisationFactory(name="Elsewhere")
    make_catchment(elsewhere, "HX7")

    response = client.post(START, form_data(postcode="LS7 3EF", service=elsewhere.pk))

    assert response.status_code == 200
    assert "Choose one to contact" in response.text
    assert not Referral.objects.exists()


def test_no_service_for_the_area_says_so_signposts_and_keeps_nothing(client, leeds):
    make_catchment(leeds, "LS6")

    response = client.post(START, form_data(postcode="HX7 5AB"))

    assert response.status_code == 200
    html = response.text
    assert "We could not find a service for your area" in html
    assert "Ask your GP practice about social prescribing" in html
    assert "call 999" in html
    assert "Maya" not in html and "Lindqvist" not in html
    assert not Referral.objects.exists()
    assert "self_referral_sent" not in client.session

"""After sending, the person is redirected to an acknowledgement that shows their reference and
what happens next, and nothing they typed; no other browser can see it."""

import pytest
from django.test import Client

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
def _catchment(organisation):
    forget_submissions()
    make_catchment(organisation, "LS6")


def test_sending_redirects_to_the_acknowledgement_with_the_reference(client, organisation):
    response = client.post(START, form_data(email="maya@example.org"))
    assert response.status_code == 302
    assert response.url == SENT

    page = client.get(SENT)

    referral = Referral.objects.get()
    html = page.text
    assert page.status_code == 200
    assert "Your request has been sent" in html
    assert f'<strong id="reference">{referral.reference}</strong>' in html
    assert "What happens next" in html
    assert organisation.name in html
    # Nothing they typed is shown back (the random reference may hold "496" by chance).
    shown = html.replace(referral.reference, "")
    for typed in ["Maya", "Lindqvist", "1952", "LS6", "0113", "496", "maya@example.org"]:
        assert typed not in shown, typed
    assert "hardly see anyone" not in html


def test_the_reference_is_not_in_the_address(client):
    response = client.post(START, form_data())

    assert Referral.objects.get().reference not in response.url


def test_another_browser_cannot_see_the_acknowledgement(client):
    client.post(START, form_data())
    reference = Referral.objects.get().reference

    stranger = Client()
    response = stranger.get(SENT)

    assert response.status_code == 302
    assert response.url == START
    assert reference not in stranger.get(START).text


def test_a_second_referral_shows_only_its_own_reference(client):
    client.post(START, form_data())
    first = Referral.objects.get().reference
    client.post(START, form_data(given_name="Tomasz"))
    second = Referral.objects.exclude(reference=first).get().reference

    html = client.get(SENT).text

    assert second in html
    assert first not in html

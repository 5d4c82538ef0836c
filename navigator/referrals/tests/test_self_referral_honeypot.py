"""A robot that fills in the field people never see is told it worked, and nothing is kept."""

import pytest

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


def test_the_honeypot_is_hidden_from_people_and_their_tools(client):
    html = client.get(START).text

    field = html[html.index('aria-hidden="true"') :]
    field = field[: field.index("</div>")]
    assert 'name="website"' in field
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert "nhsuk-u-visually-hidden" in html[html.index('aria-hidden="true"') - 60 :]


def test_a_filled_honeypot_looks_like_success_but_keeps_nothing(client):
    response = client.post(START, form_data(website="https://spam.example"), follow=True)

    assert response.redirect_chain == [(SENT, 302)]
    assert "Your request has been sent" in response.text
    assert not Referral.objects.exists()


def test_even_an_invalid_robot_submission_gets_no_feedback(client):
    response = client.post(START, {"website": "x"})

    assert response.status_code == 302
    assert not Referral.objects.exists()

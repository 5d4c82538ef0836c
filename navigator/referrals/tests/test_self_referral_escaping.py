"""Script typed into the form is kept as text and only ever shown escaped."""

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

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _catchment(organisation):
    forget_submissions()
    make_catchment(organisation, "LS6")


def test_script_is_escaped_when_the_form_is_shown_again(client):
    response = client.post(
        START, form_data(given_name=SCRIPT, reason_details=SCRIPT, risks=SCRIPT, consent=None)
    )

    html = response.text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or (
        "&lt;script&gt;" in html and html.count("&lt;script&gt;") >= 3
    )


def test_script_is_stored_as_plain_text_and_not_shown_back(client):
    response = client.post(START, form_data(family_name=SCRIPT, risks=SCRIPT), follow=True)

    assert response.redirect_chain == [(SENT, 302)]
    assert SCRIPT not in response.text and "&lt;script" not in response.text
    referral = Referral.objects.get()
    assert referral.family_name == SCRIPT
    assert referral.risks == SCRIPT

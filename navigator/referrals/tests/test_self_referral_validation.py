"""Mistakes on the self-referral form: the NHS.UK error summary, each message at its field,
and everything typed still in the form."""

import pytest

from navigator.referrals.models import Referral
from navigator.referrals.tests.test_self_referral_helpers import (
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


def test_the_form_is_public_and_plain(client):
    response = client.get(START)

    assert response.status_code == 200
    html = response.text
    assert "<h1>Refer yourself for social prescribing</h1>" in html
    assert "If you are in danger now, call 999" in html
    assert 'name="date_of_birth_day"' in html  # the three-box date
    assert 'autocomplete="postal-code"' in html


def test_an_empty_form_lists_every_problem_in_the_error_summary(client):
    response = client.post(START, {})

    assert response.status_code == 200
    html = response.text
    assert "<title>Error: Refer yourself" in html
    assert "nhsuk-error-summary" in html
    for anchor, message in [
        ("#id_given_name", "Enter your first name"),
        ("#id_family_name", "Enter your last name"),
        ("#id_date_of_birth_day", "Enter your date of birth"),
        ("#id_postcode", "Enter your postcode"),
        ("#id_phone", "Enter a phone number or an e-mail address"),
        ("#id_reasons", "Tick what you would like help with"),
        ("#id_consent", "Tick the box to agree to us contacting you"),
    ]:
        assert f'href="{anchor}"' in html, anchor
        assert message in html, message
    assert not Referral.objects.exists()


def test_what_was_typed_is_kept_when_something_is_wrong(client):
    data = form_data(postcode="LS99 ZZZ", consent=None, email="maya@example.org")

    response = client.post(START, data)

    html = response.text
    assert "Enter a real UK postcode" in html
    assert 'id="id_postcode-error"' in html
    assert 'value="LS99 ZZZ"' in html
    assert 'value="Maya"' in html
    assert 'value="1952"' in html
    assert 'value="maya@example.org"' in html
    assert "Since my husband died I hardly see anyone" in html
    assert not Referral.objects.exists()


def test_an_e_mail_address_alone_is_a_way_to_contact_you(client):
    data = form_data(phone="", email="maya@example.org", preferred_contact_method="email")

    assert client.post(START, data).status_code == 302
    assert Referral.objects.get().email == "maya@example.org"


def test_asking_for_e_mails_needs_an_e_mail_address(client):
    response = client.post(START, form_data(preferred_contact_method="email"))

    assert "Enter your e-mail address, or choose another way to contact" in response.text
    assert not Referral.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(client):
    response = client.post(START, form_data(date_of_birth_year="2999"))

    assert "Date must be today or in the past" in response.text
    assert not Referral.objects.exists()

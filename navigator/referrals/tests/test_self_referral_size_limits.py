"""Every field has a size limit, and so has the whole request."""

import pytest

from navigator.referrals.models import Referral
from navigator.referrals.public_forms import SelfReferralForm
from navigator.referrals.public_views import MAX_REQUEST_BYTES
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


def test_every_text_field_has_a_limit():
    form = SelfReferralForm()
    for name, field in form.fields.items():
        if hasattr(field, "max_length"):
            assert field.max_length, name
    assert all(part.max_length == 4 for part in form.fields["date_of_birth"].fields)


def test_an_oversized_date_part_is_refused(client):
    response = client.post(START, form_data(date_of_birth_day="1" * 500))

    assert "Date must be a real date" in response.text
    assert 'href="#id_date_of_birth_day"' in response.text
    assert not Referral.objects.exists()


def test_a_practice_that_is_not_listed_is_refused_plainly(client):
    response = client.post(START, form_data(gp_practice="999999"))

    assert "Choose your GP practice from the list" in response.text
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("given_name", 100),
        ("family_name", 100),
        ("preferred_contact_times", 200),
        ("reason_details", 2000),
        ("risks", 2000),
    ],
)
def test_an_oversized_field_is_refused_with_its_limit(client, field, limit):
    response = client.post(START, form_data(**{field: "a" * (limit + 1)}))

    assert response.status_code == 200
    assert f"This must be {limit} characters or fewer" in response.text
    assert f'href="#id_{field}"' in response.text
    assert not Referral.objects.exists()


def test_a_field_at_its_limit_is_accepted(client):
    assert client.post(START, form_data(risks="a" * 2000)).status_code == 302
    assert len(Referral.objects.get().risks) == 2000


def test_an_oversized_request_is_refused_whole(client):
    response = client.post(START, form_data(padding="x" * MAX_REQUEST_BYTES))

    assert response.status_code == 413
    assert "Your request is too long" in response.text
    assert not Referral.objects.exists()


def test_a_full_form_fits_in_the_request_limit(client):
    data = form_data(
        given_name="a" * 100,
        family_name="b" * 100,
        email=f"{'c' * 60}@example.org",
        preferred_contact_times="d" * 200,
        reason_details="e" * 2000,
        risks="f" * 2000,
        reasons=[name for name, _ in SelfReferralForm.base_fields["reasons"].choices],
    )

    assert client.post(START, data).status_code == 302

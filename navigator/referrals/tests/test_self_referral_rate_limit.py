"""Each internet address may send a few self-referrals an hour; past that, 429 and nothing kept."""

import pytest

from navigator.referrals.models import Referral
from navigator.referrals.public_views import SUBMISSIONS_PER_HOUR
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
    forget_submissions("192.0.2.7")
    make_catchment(organisation, "LS6")


def test_refuses_with_429_after_the_limit_and_keeps_nothing_more(client):
    for _ in range(SUBMISSIONS_PER_HOUR):
        assert client.post(START, form_data()).status_code == 302

    refused = client.post(START, form_data())

    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    assert "Maya" not in refused.text
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR


def test_the_limit_is_per_address(client):
    for _ in range(SUBMISSIONS_PER_HOUR):
        client.post(START, form_data())

    other = client.post(START, form_data(), REMOTE_ADDR="192.0.2.7")

    assert other.status_code == 302
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR + 1


def test_robot_submissions_count_towards_the_limit(client):
    for _ in range(SUBMISSIONS_PER_HOUR):
        client.post(START, form_data(website="spam"))

    assert client.post(START, form_data()).status_code == 429
    assert not Referral.objects.exists()


def test_correcting_mistakes_does_not_use_up_the_limit(client):
    for _ in range(SUBMISSIONS_PER_HOUR + 2):
        assert client.post(START, form_data(postcode="")).status_code == 200

    assert client.post(START, form_data()).status_code == 302

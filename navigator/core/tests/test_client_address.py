"""The client's address is believed from X-Forwarded-For only when the request comes from a
trusted proxy, for the self-referral rate limit, the sign-in lock-out and the audit trail."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from navigator.core.clients import client_ip
from navigator.referrals.models import Referral
from navigator.referrals.public_views import SUBMISSIONS_PER_HOUR
from navigator.referrals.tests.test_self_referral_helpers import START, form_data, make_catchment

BALANCER = "10.0.0.5"


def address(peer: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=peer, **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings) -> None:
    settings.TRUSTED_PROXIES = []
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_from_an_untrusted_peer_the_header_is_ignored(settings) -> None:
    settings.TRUSTED_PROXIES = [BALANCER]
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_from_a_trusted_proxy_the_client_is_the_last_untrusted_hop(settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address(BALANCER, "203.0.113.1") == "203.0.113.1"
    # The visitor wrote the first address themselves; the balancer appended the real one.
    assert address(BALANCER, "192.0.2.99, 203.0.113.1") == "203.0.113.1"
    # Several trusted proxies in a row are passed over.
    assert address(BALANCER, "203.0.113.1, 10.0.0.9") == "203.0.113.1"
    # A hop that is not an address stops the walk at the last trusted proxy.
    assert address(BALANCER, "203.0.113.1, not-an-address") == BALANCER
    assert address(BALANCER) == BALANCER


@pytest.mark.django_db
def test_a_spoofed_header_does_not_get_round_the_self_referral_limit(
    client, organisation, settings
) -> None:
    settings.TRUSTED_PROXIES = [BALANCER]
    make_catchment(organisation, "LS6")
    for number in range(SUBMISSIONS_PER_HOUR):
        client.post(
            START, form_data(), REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}"
        )

    refused = client.post(
        START, form_data(), REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.200"
    )

    assert refused.status_code == 429
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR


@pytest.mark.django_db
def test_behind_a_trusted_balancer_visitors_are_limited_apart(
    client, organisation, settings
) -> None:
    settings.TRUSTED_PROXIES = [BALANCER]
    make_catchment(organisation, "LS6")
    for _ in range(SUBMISSIONS_PER_HOUR):
        client.post(START, form_data(), REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="203.0.113.1")

    other_visitor = client.post(
        START, form_data(), REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="203.0.113.2"
    )

    assert other_visitor.status_code == 302
    assert Referral.objects.count() == SUBMISSIONS_PER_HOUR + 1


@pytest.mark.django_db
def test_the_sign_in_lock_out_counts_the_client_not_the_spoofed_header(
    client, link_worker, settings
) -> None:
    settings.TRUSTED_PROXIES = [BALANCER]
    for number in range(3):
        client.post(
            reverse("accounts:login"),
            {"username": link_worker.username, "password": "wrong password"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    client.post(
        reverse("accounts:login"),
        {"username": link_worker.username, "password": "wrong password"},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="203.0.113.1",
    )

    attempts = dict(AccessAttempt.objects.values_list("ip_address", "failures_since_start"))
    assert attempts == {"198.51.100.7": 3, "203.0.113.1": 1}

"""The same referral posted by several requests at once creates one referral. Needs real
concurrent transactions, so it runs on PostgreSQL only."""

import threading

import pytest
from django.db import connection
from django.test import Client

from navigator.api.tests.factories import client_with_token
from navigator.fhir.models import Submission
from navigator.fhir.tests import examples
from navigator.fhir.tests.helpers import post
from navigator.referrals.models import Referral, ReferralReason

SENDERS = 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_of_one_service_request_create_one_referral(organisation):
    credential = client_with_token(organisation)
    start = threading.Barrier(SENDERS)
    statuses: list[int] = []

    def send() -> None:
        try:
            start.wait()
            response = post(Client(), "/fhir/Bundle", examples.transaction(), credential)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] * (SENDERS - 1) + [201]
    assert Referral.objects.count() == 1
    assert Submission.objects.count() == 1
    assert ReferralReason.objects.filter(organisation=organisation).count() == 11

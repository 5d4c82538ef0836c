"""The subject access page and the destruction review make the same number of queries however
much is held."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.contacts.models import Contact
from navigator.contacts.tests.helpers import log
from navigator.governance.tests.factories import DestructionReviewFactory
from navigator.governance.tests.journey import ZEPHYRINE, full_journey
from navigator.people.tests.factories import PersonFactory


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def zephyrine(organisation, link_worker, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return full_journey(organisation, link_worker, manager, ZEPHYRINE)


def test_the_subject_access_page_costs_the_same_however_much_is_held(
    signed_in, manager, link_worker, zephyrine
):
    client = signed_in(manager)
    url = reverse("governance:subject_access", args=[zephyrine.pk])
    queries(client, url)  # the first fills the content-type cache
    first = queries(client, url)
    referral = Contact.objects.get(person=zephyrine).referral
    for _ in range(3):
        log(referral, link_worker, what_happened="Another call")
        ActivityReferralFactory(person=zephyrine, made_by=link_worker, case=referral)

    assert queries(client, url) == first


def test_the_destruction_review_costs_the_same_however_many_records_are_due(
    signed_in, manager, organisation
):
    client = signed_in(manager)
    DestructionReviewFactory(person=PersonFactory(organisation=organisation))
    first = queries(client, reverse("governance:destruction"))
    for _ in range(5):
        DestructionReviewFactory(person=PersonFactory(organisation=organisation))

    assert queries(client, reverse("governance:destruction")) == first

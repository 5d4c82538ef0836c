"""A service's record as a destination: median days to answer and share accepted."""

import datetime

import pytest
from django.utils import timezone

from navigator.activities.selectors import destination_record
from navigator.activities.states import Status
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_median_and_share(organisation, django_assert_max_num_queries):
    service = ServiceFactory()
    sent = timezone.now() - datetime.timedelta(days=30)
    for days, answer in ((1, Status.ACCEPTED), (3, Status.REJECTED), (5, Status.ON_HOLD)):
        ActivityReferralFactory(
            person__organisation=organisation,
            service=service,
            requested_at=sent,
            first_answered_at=sent + datetime.timedelta(days=days),
            first_answer=answer,
        )
    ActivityReferralFactory(person__organisation=organisation, service=service)
    with django_assert_max_num_queries(2):
        record = destination_record(service)
    assert (record.sent, record.answered, record.accepted) == (4, 3, 2)
    assert record.median_days_to_respond == 3
    assert record.percent_accepted == 67


def test_even_count_median_and_nothing_sent(organisation):
    service = ServiceFactory()
    assert destination_record(service).median_days_to_respond is None
    sent = timezone.now() - datetime.timedelta(days=30)
    for days in (2, 4):
        ActivityReferralFactory(
            person__organisation=organisation,
            service=service,
            requested_at=sent,
            first_answered_at=sent + datetime.timedelta(days=days),
            first_answer=Status.ACCEPTED,
        )
    assert destination_record(service).median_days_to_respond == 3

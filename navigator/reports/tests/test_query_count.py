"""Figures are computed in the database: a page makes the same number of queries whatever
the number of referrals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.contacts.models import Contact
from navigator.referrals.states import State
from navigator.reports.selectors import SECTIONS
from navigator.reports.tests.helpers import at, referral

pytestmark = pytest.mark.django_db


def add_referrals(organisation, manager, count: int) -> None:
    for number in range(count):
        case = referral(
            organisation,
            received=number % 60,
            state=State.CLOSED,
            first_contact_at=number % 60 + 1,
            closed_at=number % 60 + 30,
        )
        Contact.objects.create(
            organisation=organisation,
            referral=case,
            person=case.person,
            when=at(2),
            mode="telephone",
        )
        ActivityReferralFactory(person=case.person, case=case)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_a_report_page_makes_a_fixed_number_of_queries(
    signed_in, manager, organisation, slug
) -> None:
    client = signed_in(manager)
    url = reverse("reports:section", kwargs={"slug": slug})
    add_referrals(organisation, manager, 6)
    small = queries(client, url)
    add_referrals(organisation, manager, 40)
    assert queries(client, url) == small
    # Most of them count the rollups from nothing, as every refresh does in these tests (the
    # filter form's GP practices and the figures each ask for one).
    assert small < 80

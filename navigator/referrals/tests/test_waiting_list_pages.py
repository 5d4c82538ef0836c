"""The waiting list shows both of its lists a page at a time, each turning its own pages, so a
service with thousands waiting reads, renders and audits only the 25 rows of each page shown."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db
WAITING_LIST = reverse("referrals:waiting_list")


def _referrals(organisation, how_many: int, state: str, since: str) -> list:
    """`how_many` referrals in `state`, their `since` moment a day apart, the oldest first."""
    now = timezone.now()
    return [
        ReferralFactory(
            organisation=organisation,
            state=state,
            **{since: now - datetime.timedelta(days=100 - n)},
        )
        for n in range(how_many)
    ]


def _waiting(organisation, how_many: int) -> list:
    """`how_many` people on the waiting list, the first in line first."""
    return _referrals(organisation, how_many, State.WAITING, "waiting_since")


def _accepted(organisation, how_many: int) -> list:
    return _referrals(organisation, how_many, State.ACCEPTED, "received_at")


def _table(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"')[1].split("</table>")[0]


def test_the_second_page_of_the_waiting_list_goes_on_counting_positions(
    signed_in, manager, organisation
):
    waiting = _waiting(organisation, 27)

    html = signed_in(manager).get(WAITING_LIST + "?page=2").text

    rows = _table(html, "waiting-list").split('<tr class="nhsuk-table__row">')[2:]
    assert len(rows) == 2
    assert waiting[25].reference in rows[0] and ">26<" in rows[0]
    assert waiting[26].reference in rows[1] and ">27<" in rows[1]
    assert waiting[0].reference not in html
    assert "Nobody is on the waiting list" not in html


def test_each_list_turns_its_own_pages_and_keeps_the_others(signed_in, manager, organisation):
    waiting = _waiting(organisation, 26)
    accepted = _accepted(organisation, 26)

    html = signed_in(manager).get(WAITING_LIST + "?allocate_page=2").text

    assert "Accepted, not yet allocated (26)" in html
    assert "On the waiting list (26)" in html
    to_allocate = _table(html, "to-allocate")
    assert accepted[25].reference in to_allocate and accepted[0].reference not in to_allocate
    waiting_rows = _table(html, "waiting-list")
    assert waiting[0].reference in waiting_rows and waiting[25].reference not in waiting_rows
    # Each list's links turn its own pages and keep the other list where it is.
    assert 'href="?allocate_page=1&amp;page=1"' in html
    assert 'href="?page=2&amp;allocate_page=2"' in html
    labels = re.findall(r'class="nhsuk-pagination" role="navigation" aria-label="([^"]+)"', html)
    assert labels == ["Pages of accepted referrals", "Pages of the waiting list"]


def test_only_the_rows_shown_are_audited(signed_in, manager, organisation):
    waiting = _waiting(organisation, 30)

    signed_in(manager).get(WAITING_LIST)

    seen = set(
        AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.VIEWED).values_list(
            "object_id", flat=True
        )
    )
    assert seen == {str(referral.pk) for referral in waiting[:25]}


def test_the_page_reads_as_many_queries_whatever_the_list_length(
    signed_in, manager, organisation, django_assert_max_num_queries
):
    _waiting(organisation, 3)
    client = signed_in(manager)
    client.get(WAITING_LIST)  # (the session and the sign-in settled)
    with django_assert_max_num_queries(20) as short:
        client.get(WAITING_LIST)

    _waiting(organisation, 60)
    _accepted(organisation, 40)
    with django_assert_max_num_queries(len(short.captured_queries) + 2):
        response = client.get(WAITING_LIST)
    assert response.status_code == 200

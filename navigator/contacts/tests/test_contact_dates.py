"""A contact cannot be dated before its case's referral was received: the link worker is told
which date is the earliest, keeps what they typed, and nothing is stored."""

import pytest

from navigator.contacts.tests.helpers import allocated_through_services
from navigator.plans.tests.helpers import field_error
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db


def contact_on(day: str, month: str, year: str) -> dict[str, str]:
    return {
        "date_day": day,
        "date_month": month,
        "date_year": year,
        "connected": "yes",
        "mode": "telephone",
        "what_happened": "Rang about the lunch club",
    }


def test_a_contact_before_the_referral_was_received_is_refused(
    organisation, link_worker, signed_in
) -> None:
    case = allocated_through_services(organisation, link_worker)  # received 5 January 2026

    response = signed_in(link_worker).post(
        f"/cases/{case.pk}/contacts/new/", contact_on("4", "1", "2026")
    )

    assert response.status_code == 200
    assert field_error(response, "date") == (
        "The date of the contact must be the same as or after 5 January 2026, "
        "when the referral was received"
    )
    html = response.content.decode()
    assert 'value="4"' in html and "Rang about the lunch club" in html
    assert not case.contacts.exists()
    case.refresh_from_db()
    assert case.state == State.ALLOCATED


def test_a_contact_on_the_day_the_referral_was_received_is_kept(
    organisation, link_worker, signed_in
) -> None:
    case = allocated_through_services(organisation, link_worker)  # received 5 January 2026

    response = signed_in(link_worker).post(
        f"/cases/{case.pk}/contacts/new/", contact_on("5", "1", "2026")
    )

    assert response.status_code == 302
    assert case.contacts.get().when.date().isoformat() == "2026-01-05"
    case.refresh_from_db()
    assert case.state == State.FIRST_CONTACT

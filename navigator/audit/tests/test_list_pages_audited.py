"""List pages that show who people are write an audit event for each person or record shown:
the waiting list (names) and the team caseload view (each link worker and their caseload)."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def viewed(viewer) -> set[tuple[str, str, int | None]]:
    return set(
        AuditEvent.objects.filter(actor=viewer, action=AuditEvent.Action.VIEWED).values_list(
            "object_type", "object_id", "person_id"
        )
    )


def test_the_waiting_list_records_each_referral_shown(signed_in, manager, organisation):
    person = PersonFactory(organisation=organisation)
    known = ReferralFactory(organisation=organisation, state=State.WAITING, person=person)
    unmatched = ReferralFactory(organisation=organisation, state=State.WAITING, person=None)

    response = signed_in(manager).get(reverse("referrals:waiting_list"))

    assert response.status_code == 200
    assert viewed(manager) == {
        ("referrals.referral", str(known.pk), person.pk),
        ("referrals.referral", str(unmatched.pk), None),
    }


def test_the_team_caseload_view_records_each_link_worker_shown(signed_in, manager, organisation):
    first = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    second = UserFactory(organisation=organisation, role=Role.LINK_WORKER)

    response = signed_in(manager).get(reverse("contacts:team"))

    assert response.status_code == 200
    assert viewed(manager) == {
        ("accounts.user", str(first.pk), None),
        ("accounts.user", str(second.pk), None),
    }

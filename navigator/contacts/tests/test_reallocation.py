import pytest

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.contacts.models import Reallocation
from navigator.contacts.tests.helpers import open_case


def test_reallocation_keeps_the_reason(organisation, link_worker, manager, signed_in) -> None:
    case = open_case(organisation, link_worker)
    other = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    response = signed_in(manager).post(
        f"/cases/{case.pk}/reallocate/", {"link_worker": other.pk, "reason": "Long-term leave"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.allocated_to == other
    moved = Reallocation.objects.get()
    assert (moved.from_user, moved.to_user, moved.reason) == (link_worker, other, "Long-term leave")
    assert AuditEvent.objects.filter(object_type="referrals.referral", action="updated").exists()


@pytest.mark.parametrize("state", ["closed", "waiting"])
def test_only_open_cases_are_reallocated(
    state, organisation, link_worker, manager, signed_in
) -> None:
    case = open_case(organisation, link_worker, state=state)
    other = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    response = signed_in(manager).post(
        f"/cases/{case.pk}/reallocate/", {"link_worker": other.pk, "reason": "x"}
    )
    assert response.status_code == 200
    assert not Reallocation.objects.exists()


def test_a_link_worker_cannot_reallocate(organisation, link_worker, signed_in) -> None:
    case = open_case(organisation, link_worker)
    assert signed_in(link_worker).get(f"/cases/{case.pk}/reallocate/").status_code == 403

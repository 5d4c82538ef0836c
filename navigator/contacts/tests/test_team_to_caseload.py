"""From the team view a manager opens each link worker's cases and reallocates from there."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.contacts.tests.helpers import open_case

pytestmark = pytest.mark.django_db


def test_a_manager_opens_a_workers_cases_and_can_reallocate(
    organisation, link_worker, manager, signed_in, other_organisation
):
    case = open_case(organisation, link_worker)
    client = signed_in(manager)
    theirs = reverse("contacts:caseload") + f"?worker={link_worker.pk}"

    team = client.get(reverse("contacts:team")).text
    cases = client.get(theirs)

    assert f'href="{theirs}"' in team
    assert cases.status_code == 200
    assert f"<h1>{link_worker}&#39;s caseload</h1>" in cases.text or (
        f"<h1>{link_worker}'s caseload</h1>" in cases.text
    )
    assert case.reference in cases.text
    assert f'href="{reverse("contacts:reallocate", args=[case.pk])}"' in cases.text
    stranger = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    assert client.get(reverse("contacts:caseload") + f"?worker={stranger.pk}").status_code == 404


def test_a_link_worker_sees_only_their_own_caseload(organisation, link_worker, signed_in):
    other = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    case = open_case(organisation, other)

    page = signed_in(link_worker).get(reverse("contacts:caseload") + f"?worker={other.pk}")

    assert page.status_code == 200
    assert case.reference not in page.text
    assert "Your caseload" in page.text

"""Organisation and role boundaries of the outreach pages, for GET and for POST."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.outreach.models import CallAttempt, Cohort
from navigator.outreach.tests.factories import CohortFactory, CohortMemberFactory
from navigator.outreach.tests.helpers import HEADER, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_member(other_organisation):
    return CohortMemberFactory(cohort=CohortFactory(organisation=other_organisation))


def test_another_organisations_member_is_not_found(signed_in, link_worker, foreign_member):
    client = signed_in(link_worker)
    url = reverse("outreach:member", args=[foreign_member.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "no_answer", "version": 1}).status_code == 404
    assert not CallAttempt.objects.exists()


def test_another_organisations_cohort_report_is_not_found(signed_in, manager, foreign_member):
    url = reverse("outreach:cohort", args=[foreign_member.cohort.pk])

    assert signed_in(manager).get(url).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.VOLUNTEER, Role.REFERRER, Role.VCS_PROVIDER, Role.COMMISSIONER]
)
def test_roles_without_outreach_permission_cannot_call(
    signed_in, user_with_role, role, organisation
):
    member = CohortMemberFactory(cohort=CohortFactory(organisation=organisation))
    client = signed_in(user_with_role(role))
    url = reverse("outreach:member", args=[member.pk])

    assert client.get(reverse("outreach:call_list")).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"outcome": "no_answer", "version": 1}).status_code == 403
    assert not CallAttempt.objects.exists()


def test_link_workers_cannot_upload_or_change_settings(signed_in, link_worker):
    client = signed_in(link_worker)

    response = upload(client, HEADER + "Ada Okafor,12/04/1941,9434765919,01134960000,\n")

    assert response.status_code == 403
    assert not Cohort.objects.exists()
    assert client.get(reverse("outreach:cohort_list")).status_code == 403
    assert client.post(reverse("outreach:settings"), {"failed_attempt_limit": 9}).status_code == 403


def test_uploads_go_to_the_managers_own_organisation(signed_in, manager):
    upload(signed_in(manager), HEADER + "Ada Okafor,12/04/1941,9434765919,01134960000,\n")

    cohort = Cohort.objects.get()
    assert cohort.organisation == manager.organisation
    assert cohort.members.get().organisation == manager.organisation
    assert cohort.uploaded_by == manager

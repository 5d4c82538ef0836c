import datetime

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import FamilyMemberFactory, GPPracticeFactory, PersonFactory

PAGES = ["people:detail", "people:edit", "people:timeline"]
ROLES_WHO_SEE_PEOPLE = [Role.LINK_WORKER, Role.MANAGER]


@pytest.fixture
def ada(organisation):
    return PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Lovelace",
        preferred_name="Addie",
        date_of_birth=datetime.date(1955, 12, 10),
        nhs_number="9434765919",
        phone="+441134960000",
        postcode="LS1 4AP",
        gp_practice=GPPracticeFactory(name="Chapel Allerton Surgery"),
    )


@pytest.fixture
def theirs(other_organisation):
    return PersonFactory(organisation=other_organisation, given_name="Bob")


def test_shows_the_record_formatted_for_reading(signed_in, link_worker, ada):
    FamilyMemberFactory(person=ada, name="Byron Lovelace", relationship="Father", is_carer=True)

    response = signed_in(link_worker).get(reverse("people:detail", args=[ada.pk]))

    assert response.status_code == 200
    html = response.text
    assert "Ada Lovelace (Addie)" in html
    assert "10 December 1955" in html
    assert "943 476 5919" in html
    assert "0113 496 0000" in html
    assert "Chapel Allerton Surgery" in html
    assert "Byron Lovelace" in html
    assert "Father, carer" in html
    assert reverse("people:edit", args=[ada.pk]) in html


def test_viewing_a_record_is_audited(signed_in, link_worker, ada):
    signed_in(link_worker).get(reverse("people:detail", args=[ada.pk]), REMOTE_ADDR="198.51.100.4")

    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.VIEWED
    assert event.actor == link_worker
    assert event.actor_name == str(link_worker)
    assert event.ip_address == "198.51.100.4"
    assert (event.object_type, event.object_id, event.person_id) == (
        "people.person",
        str(ada.pk),
        ada.pk,
    )
    assert event.organisation_id == ada.organisation_id


def test_viewing_the_timeline_is_audited(signed_in, link_worker, ada):
    signed_in(link_worker).get(reverse("people:timeline", args=[ada.pk]))

    assert AuditEvent.objects.get().action == AuditEvent.Action.VIEWED


@pytest.mark.parametrize("role", ROLES_WHO_SEE_PEOPLE)
@pytest.mark.parametrize("page", PAGES)
def test_another_organisations_person_is_not_found(signed_in, user_with_role, role, page, theirs):
    user = user_with_role(role)
    response = signed_in(user).get(reverse(page, args=[theirs.pk]))

    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.VOLUNTEER, Role.REFERRER, Role.VCS_PROVIDER, Role.COMMISSIONER]
)
@pytest.mark.parametrize("page", PAGES)
def test_roles_without_access_are_refused_alike_for_any_record(
    signed_in, user_with_role, role, page, ada, theirs
):
    client = signed_in(user_with_role(role))

    assert client.get(reverse(page, args=[ada.pk])).status_code == 403
    assert client.get(reverse(page, args=[theirs.pk])).status_code == 403
    assert not AuditEvent.objects.exists()


def test_unknown_record_is_not_found(signed_in, link_worker):
    assert signed_in(link_worker).get(reverse("people:detail", args=[999999])).status_code == 404


def test_manager_is_offered_merge_and_audit_trail(signed_in, manager, ada):
    html = signed_in(manager).get(reverse("people:detail", args=[ada.pk])).text

    assert reverse("people:merge", args=[ada.pk]) in html
    assert reverse("trail:person", args=[ada.pk]) in html


def test_link_worker_is_not_offered_merge_or_audit_trail(signed_in, link_worker, ada):
    html = signed_in(link_worker).get(reverse("people:detail", args=[ada.pk])).text

    assert reverse("people:merge", args=[ada.pk]) not in html
    assert reverse("trail:person", args=[ada.pk]) not in html

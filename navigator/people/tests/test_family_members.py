import re

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.audit.models import AuditEvent
from navigator.people.models import FamilyMember
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory
from navigator.people.tests.helpers import family_member_data


@pytest.fixture
def ada(organisation):
    return PersonFactory(organisation=organisation, given_name="Ada", family_name="Lovelace")


@pytest.fixture
def byron(ada):
    return FamilyMemberFactory(person=ada, name="Byron Lovelace", relationship="Father")


def test_adding_a_carer(signed_in, link_worker, ada):
    response = signed_in(link_worker).post(
        reverse("people:family_add", args=[ada.pk]),
        family_member_data(
            name="Grace Hopper", relationship="Neighbour", is_carer=True, phone="0113 496 0001"
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[ada.pk])
    member = FamilyMember.objects.get()
    assert (member.person, member.organisation) == (ada, ada.organisation)
    assert member.is_carer is True
    assert member.phone == "+441134960001"
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.CREATED
    assert (event.object_type, event.person_id) == ("people.familymember", ada.pk)
    assert event.changes["name"] == [None, "Grace Hopper"]


def test_adding_needs_a_name_and_relationship(signed_in, link_worker, ada):
    response = signed_in(link_worker).post(
        reverse("people:family_add", args=[ada.pk]), {"phone": "0113 496"}
    )

    assert response.status_code == 200
    for anchor in ("id_name", "id_relationship", "id_phone"):
        assert f'href="#{anchor}"' in response.text
    assert "Enter their name" in response.text
    assert "Enter how they are related, for example Daughter" in response.text
    assert 'value="0113 496"' in response.text
    assert not FamilyMember.objects.exists()


def test_changing_a_family_member(signed_in, link_worker, ada, byron):
    response = signed_in(link_worker).post(
        reverse("people:family_edit", args=[ada.pk, byron.pk]),
        family_member_data(byron, relationship="Stepfather", takes_part_in_planning=True),
    )

    assert response.status_code == 302
    byron.refresh_from_db()
    assert (byron.relationship, byron.takes_part_in_planning, byron.version) == (
        "Stepfather",
        True,
        2,
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED)
    assert event.person_id == ada.pk
    assert event.changes == {
        "relationship": ["Father", "Stepfather"],
        "takes_part_in_planning": [False, True],
    }


def test_change_from_a_stale_form_is_refused(signed_in, link_worker, manager, ada, byron):
    opened_at = FamilyMember.objects.get(pk=byron.pk)
    url = reverse("people:family_edit", args=[ada.pk, byron.pk])
    signed_in(manager).post(url, family_member_data(opened_at, relationship="Stepfather"))

    response = signed_in(link_worker).post(url, family_member_data(opened_at, relationship="Uncle"))

    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    row = r">Relationship</td>\s*<td[^>]*>Stepfather</td>\s*<td[^>]*>Uncle</td>"
    assert re.search(row, response.text)
    assert 'name="version" value="2"' in response.text
    assert "<h1>Change Byron Lovelace</h1>" in response.text
    byron.refresh_from_db()
    assert (byron.relationship, byron.version) == ("Stepfather", 2)


def test_removing_asks_for_confirmation_first(signed_in, link_worker, ada, byron):
    url = reverse("people:family_remove", args=[ada.pk, byron.pk])
    client = signed_in(link_worker)

    question = client.get(url)
    unconfirmed = client.post(url, {})

    assert "Remove Byron Lovelace from Ada Lovelace" in question.text
    assert unconfirmed.status_code == 200
    assert 'href="#id_confirm"' in unconfirmed.text
    assert "Tick the box to confirm" in unconfirmed.text
    assert FamilyMember.objects.filter(pk=byron.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELETED).exists()


def test_removing_once_confirmed(signed_in, link_worker, ada, byron):
    response = signed_in(link_worker).post(
        reverse("people:family_remove", args=[ada.pk, byron.pk]), {"confirm": "on"}
    )

    assert response.status_code == 302
    assert not FamilyMember.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETED)
    assert (event.object_type, event.object_id, event.person_id) == (
        "people.familymember",
        str(byron.pk),
        ada.pk,
    )
    assert event.changes["name"] == ["Byron Lovelace", None]


def test_a_family_member_of_someone_else_is_not_found(signed_in, link_worker, ada, organisation):
    someone_elses = FamilyMemberFactory(person=PersonFactory(organisation=organisation))
    client = signed_in(link_worker)

    for name in ("people:family_edit", "people:family_remove"):
        assert client.get(reverse(name, args=[ada.pk, someone_elses.pk])).status_code == 404


def test_another_organisations_family_member_is_not_found(
    signed_in, link_worker, other_organisation
):
    theirs = FamilyMemberFactory(person=PersonFactory(organisation=other_organisation))
    client = signed_in(link_worker)

    assert client.get(reverse("people:family_add", args=[theirs.person_id])).status_code == 404
    for name in ("people:family_edit", "people:family_remove"):
        url = reverse(name, args=[theirs.person_id, theirs.pk])
        assert client.get(url).status_code == 404
        posted = client.post(url, {"confirm": "on", "name": "X", "relationship": "Y"})
        assert posted.status_code == 404
    assert FamilyMember.objects.filter(pk=theirs.pk).exists()


def test_volunteer_cannot_change_family_members(signed_in, user_with_role, ada, byron):
    client = signed_in(user_with_role(Role.VOLUNTEER))

    assert client.get(reverse("people:family_add", args=[ada.pk])).status_code == 403
    assert (
        client.post(
            reverse("people:family_remove", args=[ada.pk, byron.pk]), {"confirm": "on"}
        ).status_code
        == 403
    )
    assert FamilyMember.objects.filter(pk=byron.pk).exists()

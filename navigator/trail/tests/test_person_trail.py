import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory
from navigator.people.tests.helpers import family_member_data, person_data


@pytest.fixture
def ada(organisation):
    return PersonFactory(organisation=organisation, given_name="Ada", family_name="Lovelace")


def url(person) -> str:
    return reverse("trail:person", args=[person.pk])


def test_manager_sees_who_saw_and_changed_the_record(signed_in, link_worker, manager, ada):
    worker = signed_in(link_worker)
    worker.get(reverse("people:detail", args=[ada.pk]), REMOTE_ADDR="198.51.100.23")
    worker.post(reverse("people:edit", args=[ada.pk]), person_data(ada, town="Leeds"))

    response = signed_in(manager).get(url(ada))

    assert response.status_code == 200
    html = response.text
    assert str(link_worker) in html
    assert "from 198.51.100.23" in html
    assert "Viewed" in html
    assert "Changed" in html
    assert "<dt>Town or city</dt><dd>– → Leeds</dd>" in html


def test_trail_includes_family_members_records(signed_in, link_worker, manager, ada):
    signed_in(link_worker).post(
        reverse("people:family_add", args=[ada.pk]), family_member_data(name="Byron Lovelace")
    )

    html = signed_in(manager).get(url(ada)).text

    assert "Byron Lovelace (Sister)" in html


def test_trail_leaves_out_other_people(signed_in, link_worker, manager, ada, organisation):
    bob = PersonFactory(organisation=organisation, given_name="Bob", family_name="Other")
    signed_in(link_worker).get(reverse("people:detail", args=[bob.pk]))

    html = signed_in(manager).get(url(ada)).text

    assert "Bob Other" not in html


def test_trail_is_paged(signed_in, manager, ada):
    for _ in range(51):
        AuditEvent.objects.create(
            organisation=ada.organisation,
            action=AuditEvent.Action.VIEWED,
            object_type="people.person",
            object_id=str(ada.pk),
            object_label=str(ada),
            person_id=ada.pk,
        )
    client = signed_in(manager)

    assert "Page 2 of 2" in client.get(url(ada)).text
    assert client.get(url(ada), {"page": 2}).status_code == 200


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.VOLUNTEER, Role.COMMISSIONER])
def test_only_managers_see_the_trail(signed_in, user_with_role, role, ada):
    client = signed_in(user_with_role(role))

    assert client.get(url(ada)).status_code == 403
    assert client.get(reverse("trail:person_export", args=[ada.pk])).status_code == 403


def test_another_organisations_person_is_not_found(signed_in, manager, other_organisation):
    theirs = PersonFactory(organisation=other_organisation)
    FamilyMemberFactory(person=theirs)
    client = signed_in(manager)

    assert client.get(url(theirs)).status_code == 404
    assert client.get(reverse("trail:person_export", args=[theirs.pk])).status_code == 404
    assert not AuditEvent.objects.exists()


def test_reading_the_trail_is_itself_recorded(signed_in, manager, organisation):
    person = PersonFactory(organisation=organisation)

    signed_in(manager).get(reverse("trail:person", args=[person.pk]))

    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEWED, actor=manager, person_id=person.pk
    ).exists()

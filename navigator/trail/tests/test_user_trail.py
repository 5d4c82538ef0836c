from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory


def url(user) -> str:
    return reverse("trail:user", args=[user.pk])


def test_manager_sees_what_a_user_has_seen(signed_in, link_worker, manager, organisation):
    ada = PersonFactory(organisation=organisation, given_name="Ada", family_name="Lovelace")
    bob = PersonFactory(organisation=organisation, given_name="Bob", family_name="Other")
    signed_in(link_worker).get(reverse("people:detail", args=[ada.pk]))
    signed_in(manager).get(reverse("people:detail", args=[bob.pk]))

    response = signed_in(manager).get(url(link_worker))

    assert response.status_code == 200
    assert "Ada Lovelace" in response.text
    assert "Bob Other" not in response.text
    assert reverse("trail:user_export", args=[link_worker.pk]) in response.text


def test_link_worker_cannot_see_a_user_trail(signed_in, link_worker, manager):
    client = signed_in(link_worker)

    assert client.get(url(manager)).status_code == 403
    assert client.get(reverse("trail:user_export", args=[manager.pk])).status_code == 403


def test_another_organisations_user_is_not_found(signed_in, manager, other_organisation):
    theirs = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    client = signed_in(manager)

    assert client.get(url(theirs)).status_code == 404
    assert client.get(reverse("trail:user_export", args=[theirs.pk])).status_code == 404
    assert not AuditEvent.objects.exists()


def test_administrators_trail_is_not_in_an_organisations_reach(signed_in, manager, user_with_role):
    administrator = user_with_role(Role.ADMINISTRATOR)

    assert signed_in(manager).get(url(administrator)).status_code == 404

import re

import pytest
from django.urls import reverse
from markupsafe import escape

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory

USERS = reverse("accounts:user_list")
EDIT_LINK = re.compile(r'href="/users/\d+/"')


def test_manager_sees_only_their_organisation_s_users(
    signed_in, manager, link_worker, other_organisation
) -> None:
    outsider = UserFactory(organisation=other_organisation, last_name="Outsider")

    response = signed_in(manager).get(USERS)

    assert response.status_code == 200
    page = response.content.decode()
    assert escape(link_worker) in page
    assert escape(manager) in page
    assert reverse("accounts:user_edit", kwargs={"pk": link_worker.pk}) in page
    assert escape(outsider) not in page
    assert reverse("accounts:user_edit", kwargs={"pk": outsider.pk}) not in page


def test_manager_does_not_see_administrators(signed_in, manager, administrator) -> None:
    page = signed_in(manager).get(USERS).content.decode()

    assert reverse("accounts:user_edit", kwargs={"pk": administrator.pk}) not in page


def test_administrator_sees_every_organisation_s_users(
    signed_in, administrator, link_worker, other_organisation
) -> None:
    outsider = UserFactory(organisation=other_organisation)

    page = signed_in(administrator).get(USERS).content.decode()

    for user in (link_worker, outsider, administrator):
        assert reverse("accounts:user_edit", kwargs={"pk": user.pk}) in page
    assert other_organisation.name in page


def test_the_list_says_who_is_switched_off(signed_in, manager, organisation) -> None:
    UserFactory(organisation=organisation, is_active=False)

    page = signed_in(manager).get(USERS).content.decode()

    assert "Switched off" in page


def test_long_lists_are_paged(signed_in, manager, organisation) -> None:
    UserFactory.create_batch(25, organisation=organisation)

    client = signed_in(manager)
    first = client.get(USERS).content.decode()
    second = client.get(f"{USERS}?page=2").content.decode()

    assert "Page 2 of 2" in first
    assert len(EDIT_LINK.findall(first)) == 25
    assert len(EDIT_LINK.findall(second)) == 1  # 25 colleagues and the manager


@pytest.mark.parametrize(
    "role", [Role.LINK_WORKER, Role.VOLUNTEER, Role.REFERRER, Role.VCS_PROVIDER, Role.COMMISSIONER]
)
def test_other_roles_are_refused(signed_in, user_with_role, role: Role) -> None:
    response = signed_in(user_with_role(role)).get(USERS)

    assert response.status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client, db) -> None:
    response = client.get(USERS)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={USERS}"

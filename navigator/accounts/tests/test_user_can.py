import pytest
from django.contrib.auth.models import AnonymousUser

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import MATRIX, Permission, Role, role_has


def user(role: Role, *, active: bool = True, require_two_factor: bool = False) -> User:
    organisation = Organisation(pk=1, name="Leeds", require_two_factor=require_two_factor)
    return User(
        role=role,
        is_active=active,
        organisation=None if role == Role.ADMINISTRATOR else organisation,
    )


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (Role.LINK_WORKER, Permission.VIEW_PEOPLE, True),
        (Role.LINK_WORKER, Permission.EDIT_PEOPLE, True),
        (Role.LINK_WORKER, Permission.MERGE_PEOPLE, False),
        (Role.LINK_WORKER, Permission.MANAGE_USERS, False),
        (Role.VOLUNTEER, Permission.VIEW_PEOPLE, False),
        (Role.VOLUNTEER, Permission.EDIT_PEOPLE, False),
        (Role.MANAGER, Permission.MERGE_PEOPLE, True),
        (Role.MANAGER, Permission.VIEW_AUDIT, True),
        (Role.MANAGER, Permission.MANAGE_USERS, True),
        (Role.MANAGER, Permission.MANAGE_OWN_ORGANISATION, True),
        (Role.MANAGER, Permission.MANAGE_ALL_ORGANISATIONS, False),
        (Role.REFERRER, Permission.VIEW_PEOPLE, False),
        (Role.VCS_PROVIDER, Permission.VIEW_PEOPLE, False),
        (Role.COMMISSIONER, Permission.VIEW_PEOPLE, False),
        (Role.COMMISSIONER, Permission.VIEW_AUDIT, False),
        (Role.ADMINISTRATOR, Permission.MANAGE_ALL_ORGANISATIONS, True),
        (Role.ADMINISTRATOR, Permission.MANAGE_USERS, True),
        (Role.ADMINISTRATOR, Permission.VIEW_PEOPLE, False),
    ],
)
def test_role_decides_what_a_user_can_do(role: Role, permission: Permission, allowed: bool) -> None:
    assert user(role).can(permission) is allowed


@pytest.mark.parametrize("role", list(Role))
def test_can_follows_the_matrix_for_every_role(role: Role) -> None:
    for permission in Permission:
        assert user(role).can(permission) is (role in MATRIX[permission])
        assert role_has(role, permission) is (role in MATRIX[permission])


@pytest.mark.parametrize("permission", list(Permission))
def test_a_switched_off_account_can_do_nothing(permission: Permission) -> None:
    assert user(Role.MANAGER, active=False).can(permission) is False


def test_a_user_without_a_known_role_can_do_nothing() -> None:
    assert not any(User(role="", is_active=True).can(permission) for permission in Permission)


def test_anonymous_visitors_have_no_permissions_method() -> None:
    # Templates ask `user.can` only once `user.is_authenticated`.
    assert not hasattr(AnonymousUser(), "can")


@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.LINK_WORKER, True),
        (Role.MANAGER, True),
        (Role.VOLUNTEER, True),
        (Role.REFERRER, False),
        (Role.VCS_PROVIDER, False),
        (Role.COMMISSIONER, False),
    ],
)
def test_who_must_use_two_factor_when_the_organisation_requires_it(
    role: Role, required: bool
) -> None:
    assert user(role, require_two_factor=True).must_use_two_factor is required
    assert user(role, require_two_factor=False).must_use_two_factor is False

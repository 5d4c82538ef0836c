"""Every URL, as every role, in its own and in a foreign organisation, answers as expected,
and nothing sent to a signed-in user may be kept by a cache.

The table below names every URL the project defines. Adding a URL without a row here makes
`test_every_url_has_a_row` fail, so nobody can add a page without saying who may see it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from navigator.accounts.permissions import Permission, Role, role_has
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.tests.discovery import app_test_modules
from navigator.core.tests.shared_data import module_data
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory

PUBLIC = "public"  # no sign-in needed
SIGNED_IN = "signed in"  # any signed-in user


@dataclass
class World:
    """One organisation's records, for building URL arguments. Apps add theirs to `extra`
    through `build_world(organisation)` in their `tests/url_access.py`."""

    organisation: object
    person: object
    other_person: object
    family_member: object
    user: object
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    access: str | Permission
    kwargs: Callable[[World], dict] = lambda world: {}
    # A public page may send visitors on: sign-in sends signed-in users home, and a valid
    # password-reset link moves its token out of the address.
    public_status: int = 200
    signed_in_status: int = 200
    # Administrators manage every organisation, so they reach other organisations' objects.
    administrators_reach_everywhere: bool = False
    # What a signed-in administrator gets from a SIGNED_IN page, when it is not what others get.
    administrator_status: int = 200
    has_object: bool = field(default=False)


def person(world: World) -> dict:
    return {"pk": world.person.pk}


def family(world: World) -> dict:
    return {"pk": world.person.pk, "member_pk": world.family_member.pk}


def reset_token(world: World) -> dict:
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(world.user.pk)),
        "token": default_token_generator.make_token(world.user),
    }


URLS: dict[str, Row] = {
    "core:home": Row(SIGNED_IN),
    "accounts:login": Row(PUBLIC, signed_in_status=302),
    "accounts:logout": Row(PUBLIC),
    "accounts:account": Row(SIGNED_IN),
    "accounts:password_change": Row(SIGNED_IN),
    # Administrators must use two-factor sign-in, so have set it up: the page sends them on.
    "accounts:two_factor_setup": Row(SIGNED_IN, administrator_status=302),
    "accounts:two_factor_verify": Row(SIGNED_IN),
    "accounts:password_reset": Row(PUBLIC),
    "accounts:password_reset_done": Row(PUBLIC),
    "accounts:password_reset_confirm": Row(
        PUBLIC, reset_token, public_status=302, signed_in_status=302
    ),
    "accounts:password_reset_complete": Row(PUBLIC),
    "accounts:user_list": Row(Permission.MANAGE_USERS),
    "accounts:user_create": Row(Permission.MANAGE_USERS),
    "accounts:user_edit": Row(
        Permission.MANAGE_USERS,
        lambda world: {"pk": world.user.pk},
        administrators_reach_everywhere=True,
        has_object=True,
    ),
    "accounts:organisation_list": Row(Permission.MANAGE_ALL_ORGANISATIONS),
    "accounts:organisation_create": Row(Permission.MANAGE_ALL_ORGANISATIONS),
    "accounts:organisation_edit": Row(
        Permission.MANAGE_OWN_ORGANISATION,
        lambda world: {"pk": world.organisation.pk},
        administrators_reach_everywhere=True,
        has_object=True,
    ),
    "people:list": Row(Permission.VIEW_PEOPLE),
    "people:create": Row(Permission.EDIT_PEOPLE),
    "people:detail": Row(Permission.VIEW_PEOPLE, person, has_object=True),
    "people:edit": Row(Permission.EDIT_PEOPLE, person, has_object=True),
    "people:timeline": Row(Permission.VIEW_PEOPLE, person, has_object=True),
    "people:family_add": Row(Permission.EDIT_PEOPLE, person, has_object=True),
    "people:family_edit": Row(Permission.EDIT_PEOPLE, family, has_object=True),
    "people:family_remove": Row(Permission.EDIT_PEOPLE, family, has_object=True),
    "people:merge": Row(Permission.MERGE_PEOPLE, person, has_object=True),
    "people:merge_confirm": Row(
        Permission.MERGE_PEOPLE,
        lambda world: {"pk": world.person.pk, "other_pk": world.other_person.pk},
        has_object=True,
    ),
    "trail:person": Row(Permission.VIEW_AUDIT, person, has_object=True),
    "trail:person_export": Row(Permission.VIEW_AUDIT, person, has_object=True),
    "trail:user": Row(Permission.VIEW_AUDIT, lambda world: {"pk": world.user.pk}, has_object=True),
    "trail:user_export": Row(
        Permission.VIEW_AUDIT, lambda world: {"pk": world.user.pk}, has_object=True
    ),
}


# Apps with URLs of their own list them in `<app>/tests/url_access.py`: a ROWS dict like URLS
# above and a `build_world(organisation) -> dict` for the objects their URLs need.
URL_ACCESS_MODULES = app_test_modules("url_access")
for module in URL_ACCESS_MODULES:
    URLS.update(module.ROWS)


def url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_row() -> None:
    assert url_names(get_resolver()) == set(URLS)


def make_world(organisation) -> World:
    person = PersonFactory(organisation=organisation)
    world = World(
        organisation=organisation,
        person=person,
        other_person=PersonFactory(organisation=organisation),
        family_member=FamilyMemberFactory(person=person),
        user=UserFactory(organisation=organisation, role=Role.LINK_WORKER),
    )
    for module in URL_ACCESS_MODULES:
        world.extra.update(module.build_world(organisation))
    return world


def expected_status(row: Row, role: Role | None, foreign: bool) -> int:
    if role is None:
        return row.public_status if row.access == PUBLIC else 302
    if row.access == PUBLIC:
        return row.signed_in_status
    if row.access == SIGNED_IN:
        return row.administrator_status if role == Role.ADMINISTRATOR else 200
    if not role_has(role, row.access):
        return 403
    if foreign and not (row.administrators_reach_everywhere and role == Role.ADMINISTRATOR):
        return 404
    return 200


@dataclass
class Organisations:
    own: World
    foreign: World
    users: dict[Role | None, Any]  # None: not signed in


def staff(organisation) -> dict[Role, Any]:
    """A user of each role in `organisation` (an administrator belongs to none)."""
    return {
        role: UserFactory(
            organisation=None if role == Role.ADMINISTRATOR else organisation, role=role
        )
        for role in Role
    }


def build_organisations() -> Organisations:
    """Two organisations' records, and a user of each role in the first."""
    own = make_world(OrganisationFactory())
    users = {None: None} | staff(own.organisation)
    return Organisations(own=own, foreign=make_world(OrganisationFactory()), users=users)


# Built once for every URL's test: each runs in a savepoint, undone after it.
organisations = module_data(build_organisations)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(URLS))
def test_url_answers_each_role_as_the_table_says(
    client, organisations: Organisations, url_name: str
) -> None:
    row = URLS[url_name]
    own, foreign, users = organisations.own, organisations.foreign, organisations.users
    worlds = {"own organisation": own, "another organisation": foreign}
    if not row.has_object:
        worlds = {"own organisation": own}

    failures = []
    for role, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for where, world in worlds.items():
            url = reverse(url_name, kwargs=row.kwargs(world))
            response = client.get(url)
            status = response.status_code
            expected = expected_status(row, role, foreign=world is foreign)
            sent_elsewhere = status == 302 and not response.url.startswith(
                reverse("accounts:login")
            )
            if role is None and row.access != PUBLIC and sent_elsewhere:
                failures.append(f"anonymous: GET {url} redirected to {response.url}")
            if status != expected:
                who = role or "anonymous"
                failures.append(f"{who} in {where}: GET {url} gave {status}, expected {expected}")
            # What a signed-in user is sent may hold personal data: no cache may keep it.
            if user is not None and "no-store" not in response.get("Cache-Control", ""):
                failures.append(f"{role} in {where}: GET {url} may be cached")
    assert not failures, "\n".join(failures)

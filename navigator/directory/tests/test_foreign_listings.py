"""The permission table's rows for a directory listing another organisation keeps: every URL
that takes a listing, its suggestion or its provider, as every role, GET and POST. Only
reading it and suggesting a change are open; nothing anyone posts changes the listing."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from navigator.accounts.permissions import Permission, Role, role_has
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.directory import services
from navigator.directory.models import ListingSuggestion, Service
from navigator.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

# url name: (the permission it needs, status of GET, status of POST) for a foreign listing.
ROWS = {
    "directory:service": (Permission.VIEW_DIRECTORY, 200, 200),
    "directory:suggest": (Permission.VIEW_DIRECTORY, 200, 302),
    "directory:service_edit": (Permission.MANAGE_DIRECTORY, 403, 403),
    "directory:service_check": (Permission.MANAGE_DIRECTORY, 403, 403),
    "directory:suggestion": (Permission.MANAGE_DIRECTORY, 403, 403),
    "directory:providers": (Permission.MANAGE_USERS, 403, 403),
}
# Administrators choose provider users for every organisation.
ADMINISTRATORS = {"directory:providers": (200, 302)}
# Import runs are not listings; their scoping is tested in test_import_reports.py.
NOT_LISTINGS = {"directory:import_report"}


def test_every_directory_url_with_an_object_has_a_row() -> None:
    names = {
        f"directory:{pattern.name}"
        for pattern in get_resolver("navigator.directory.urls").url_patterns
        if isinstance(pattern, URLPattern) and "<" in str(pattern.pattern)
    }
    assert names - NOT_LISTINGS == set(ROWS)


def test_a_listing_kept_elsewhere_answers_every_role_as_the_table_says(client) -> None:
    own, keeper = OrganisationFactory(), OrganisationFactory()
    listing = ServiceFactory(
        owner=keeper, navigator_organisation=keeper, email="team@keeper.example.org"
    )
    suggestion = services.suggest_change(
        service=listing,
        by=UserFactory(organisation=own, role=Role.LINK_WORKER),
        changes={"email": "x@example.org"},
        note="",
    )
    users = {None: None} | {
        role: UserFactory(organisation=None if role == Role.ADMINISTRATOR else own, role=role)
        for role in Role
    }
    # The own organisation's provider user, linked to the provider by their own manager.
    listing.organisation.provider_users.add(users[Role.VCS_PROVIDER])
    kwargs = {
        "directory:suggestion": {"pk": suggestion.pk},
        "directory:providers": {"pk": listing.organisation.pk},
    }
    hijack = {
        "organisation": str(listing.organisation.pk),
        "name": listing.name,
        "status": "active",
        "email": "hijack@example.org",
        "navigator_organisation": str(own.pk),
        "confirm": "on",
        "decision": "accept",
        "provider_users": [users[Role.VCS_PROVIDER].pk],
        "version": "1",
    }
    failures = []
    for url_name, (permission, get_status, post_status) in ROWS.items():
        url = reverse(url_name, kwargs=kwargs.get(url_name, {"pk": listing.pk}))
        for role, user in users.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            if role is None:
                expected = (302, 302)
            elif role == Role.ADMINISTRATOR and url_name in ADMINISTRATORS:
                expected = ADMINISTRATORS[url_name]
            elif role_has(role, permission):
                expected = (get_status, post_status)
            else:
                expected = (403, 403)
            got = (client.get(url).status_code, client.post(url, hijack).status_code)
            if got != expected:
                failures.append(f"{role or 'anonymous'}: {url_name} gave {got}, not {expected}")
    assert not failures, "\n".join(failures)
    saved = Service.objects.get(pk=listing.pk)
    assert (saved.email, saved.navigator_organisation, saved.owner) == (
        "team@keeper.example.org",
        keeper,
        keeper,
    )
    assert ListingSuggestion.objects.get(pk=suggestion.pk).status == "waiting"

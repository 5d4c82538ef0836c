"""Every page of the accessibility scan that a signed-in user opens, and every download (PDF,
CSV, XLSX, JSON), tells browsers and proxies not to keep a copy (`Cache-Control: no-store`):
they hold personal data. `test_url_permissions` checks the same of every URL as every role."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role, role_has
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.tests import test_accessibility
from navigator.core.tests.test_accessibility import ANONYMOUS, NOT_HTML, PAGES, World
from navigator.core.tests.test_url_permissions import PUBLIC, SIGNED_IN, URLS, make_world

pytestmark = pytest.mark.django_db

# The scan's own records and users, as a fixture of this module.
scan_world = test_accessibility.world


def _stored(response) -> bool:
    return "no-store" not in response.get("Cache-Control", "")


def test_every_signed_in_page_of_the_scan_is_not_stored(client, scan_world: World) -> None:
    stored = []
    for row in PAGES:
        if row.viewer is ANONYMOUS or row.before:
            continue
        client.force_login(scan_world.users[row.viewer])
        response = client.get(row.url(scan_world))
        if _stored(response):
            stored.append(f"{row.id} answered {response.status_code}")
    assert stored == []


def test_every_download_is_not_stored(client) -> None:
    url_world = make_world(OrganisationFactory())
    stored = []
    for name in NOT_HTML:
        row = URLS[name]
        if row.access == PUBLIC:
            continue  # the public APIs: nobody signs in (test_url_permissions checks them)
        role = next(role for role in Role if row.access == SIGNED_IN or role_has(role, row.access))
        client.force_login(UserFactory(organisation=url_world.organisation, role=role))
        response = client.get(reverse(name, kwargs=row.kwargs(url_world)))
        assert response.status_code == 200, name
        if _stored(response):
            stored.append(f"{name} ({response['Content-Type']})")
    assert stored == []

"""A social prescribing listing can be linked to its organisation in this Navigator, so that
onward referrals arrive in its triage queue; only the deployment's staff may link it."""

import pytest

from navigator.accounts.permissions import Role
from navigator.directory.tests.factories import ServiceFactory
from navigator.directory.tests.test_edit_permissions import FORM

pytestmark = pytest.mark.django_db


def test_manager_links_a_listing_to_an_organisation(signed_in, manager, other_organisation):
    listing = ServiceFactory()
    response = signed_in(manager).post(
        f"/directory/services/{listing.pk}/edit/",
        FORM
        | {
            "organisation": str(listing.organisation.pk),
            "is_social_prescribing_service": "on",
            "navigator_organisation": str(other_organisation.pk),
        },
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.navigator_organisation == other_organisation


def test_provider_cannot_link_a_listing(signed_in, user_with_role, other_organisation):
    provider = user_with_role(Role.VCS_PROVIDER)
    listing = ServiceFactory()
    listing.organisation.provider_users.add(provider)
    client = signed_in(provider)
    assert (
        "navigator_organisation"
        not in client.get(f"/directory/services/{listing.pk}/edit/").content.decode()
    )
    response = client.post(
        f"/directory/services/{listing.pk}/edit/",
        FORM
        | {
            "organisation": str(listing.organisation.pk),
            "navigator_organisation": str(other_organisation.pk),
        },
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.navigator_organisation is None

"""A social prescribing listing can be linked to its organisation in this Navigator, so that
onward referrals arrive in its triage queue; only the deployment's staff may link it."""

import pytest

from navigator.accounts.permissions import Role
from navigator.directory.tests.factories import ServiceFactory
from navigator.directory.tests.test_edit_permissions import FORM

pytestmark = pytest.mark.django_db


def test_manager_links_a_listing_to_an_organisation(signed_in, manager, other_organisation):
    listing = ServiceFactory(owner=manager.organisation)
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


def test_link_workers_see_that_a_listing_uses_navigator(
    signed_in, link_worker, user_with_role, other_organisation
):
    linked = ServiceFactory(is_social_prescribing_service=True)
    linked.navigator_organisation = other_organisation
    linked.save()
    plain = ServiceFactory(is_social_prescribing_service=True)
    said = "Uses Navigator: referrals land in Calder Valley Social Prescribing&#39;s triage queue"

    client = signed_in(link_worker)
    assert said in client.get(f"/directory/services/{linked.pk}/").content.decode()
    assert "Uses Navigator" not in client.get(f"/directory/services/{plain.pk}/").content.decode()

    # A volunteer does not refer onward: the page stays as it was.
    page = signed_in(user_with_role(Role.VOLUNTEER)).get(f"/directory/services/{linked.pk}/")
    assert page.status_code == 200
    assert "Uses Navigator" not in page.content.decode()

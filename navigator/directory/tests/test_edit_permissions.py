import pytest

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory
from navigator.directory.models import Service
from navigator.directory.tests.factories import DirectoryOrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

FORM = {
    "version": "1",
    "name": "Walking group",
    "status": "active",
    "takes_direct_referrals": "on",
    "location-postcode": "LS6 2AB",
    "schedule-0-weekday": "1",
    "schedule-0-opens_at": "10:00",
    "schedule-0-closes_at": "11:30",
}


@pytest.fixture
def provider(user_with_role):
    return user_with_role(Role.VCS_PROVIDER)


def test_provider_edits_their_own_organisations_listings(signed_in, provider):
    listing = ServiceFactory(name="Old name")
    listing.organisation.provider_users.add(provider)
    client = signed_in(provider)
    assert client.get(f"/directory/services/{listing.pk}/edit/").status_code == 200
    response = client.post(
        f"/directory/services/{listing.pk}/edit/",
        FORM | {"organisation": str(listing.organisation.pk)},
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.name == "Walking group"
    assert str(listing.schedules.get()) == "Tuesdays 10:00 to 11:30"
    assert listing.service_at_locations.get().location.postcode_district == "LS6"


def test_provider_cannot_change_another_providers_listing(signed_in, provider):
    own = DirectoryOrganisationFactory()
    own.provider_users.add(provider)
    other = ServiceFactory(name="Someone else's")
    client = signed_in(provider)
    for path in ("edit", "checked"):
        assert client.get(f"/directory/services/{other.pk}/{path}/").status_code == 403
        response = client.post(
            f"/directory/services/{other.pk}/{path}/",
            FORM | {"organisation": str(own.pk), "confirm": "on"},
        )
        assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Someone else's"
    # Nor move a listing into an organisation they are not linked to.
    mine = ServiceFactory(organisation=own)
    response = client.post(
        f"/directory/services/{mine.pk}/edit/", FORM | {"organisation": str(other.organisation.pk)}
    )
    assert response.status_code == 200
    assert Service.objects.get(pk=mine.pk).organisation == own


def test_provider_sees_but_cannot_edit_others(signed_in, provider):
    other = ServiceFactory()
    response = signed_in(provider).get(f"/directory/services/{other.pk}/")
    assert response.status_code == 200
    assert b"Change this listing" not in response.content


def test_manager_edits_their_listings_and_adds_one_for_a_new_organisation(signed_in, manager):
    client = signed_in(manager)
    response = client.post("/directory/services/new/", FORM | {"new_organisation": "Leeds Walkers"})
    assert response.status_code == 302
    service = Service.objects.get(name="Walking group")
    assert service.organisation.name == "Leeds Walkers"
    assert service.owner == manager.organisation
    assert client.get(f"/directory/services/{service.pk}/edit/").status_code == 200
    other = ServiceFactory(owner=OrganisationFactory())
    assert client.get(f"/directory/services/{other.pk}/edit/").status_code == 403


def test_link_worker_cannot_edit(signed_in, link_worker):
    other = ServiceFactory()
    assert signed_in(link_worker).get(f"/directory/services/{other.pk}/edit/").status_code == 403


def test_empty_form_shows_errors(signed_in, manager):
    response = signed_in(manager).post("/directory/services/new/", {})
    assert response.status_code == 200
    assert b"Enter the name of the service or activity" in response.content
    assert b"Choose the organisation that runs it" in response.content


def test_editing_keeps_imported_coordinates_unless_the_postcode_changes(signed_in, manager):
    from navigator.directory.tests.factories import service_at

    listing = service_at("LS6 2AB", 53.81, -1.56, owner=manager.organisation)
    client = signed_in(manager)
    form = FORM | {"organisation": str(listing.organisation.pk)}
    client.post(f"/directory/services/{listing.pk}/edit/", form)
    location = listing.service_at_locations.get().location
    assert (location.latitude, location.longitude) == (53.81, -1.56)
    client.post(
        f"/directory/services/{listing.pk}/edit/",
        form | {"location-postcode": "LS7 3EF", "version": "2"},
    )
    location.refresh_from_db()
    assert location.latitude is None and location.postcode_district == "LS7"

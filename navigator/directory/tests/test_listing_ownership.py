"""A listing is kept up to date by the Navigator organisation that made or imported it and by
the provider's own users there; everyone else may only suggest a change, which the keepers
accept or decline. Every change to a listing is audited with before and after."""

import pytest

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.directory import services
from navigator.directory.demo import load_demo_directory
from navigator.directory.models import ListingSuggestion, Service
from navigator.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

FORM = {
    "version": "1",
    "name": "Walking group",
    "status": "active",
    "takes_direct_referrals": "on",
    "email": "walks@example.org",
}


# The suggestion form as it opens for the listing below: nothing changed yet.
AS_LISTED = {
    "name": "Leeds walking group",
    "description": "A friendly group",
    "status": "active",
    "email": "walks@leeds.example.org",
}


@pytest.fixture
def listing(organisation):
    return ServiceFactory(
        name="Leeds walking group",
        email="walks@leeds.example.org",
        owner=organisation,
        navigator_organisation=organisation,
    )


@pytest.fixture
def other_manager(other_organisation):
    return UserFactory(organisation=other_organisation, role=Role.MANAGER)


def test_a_manager_elsewhere_cannot_change_the_listing_or_where_referrals_go(
    signed_in, listing, other_manager, other_organisation
):
    client = signed_in(other_manager)
    hijack = FORM | {
        "organisation": str(listing.organisation.pk),
        "email": "calder@example.org",
        "navigator_organisation": str(other_organisation.pk),
        "confirm": "on",
    }
    for path in ("edit", "checked"):
        assert client.get(f"/directory/services/{listing.pk}/{path}/").status_code == 403
        assert client.post(f"/directory/services/{listing.pk}/{path}/", hijack).status_code == 403
    saved = Service.objects.get(pk=listing.pk)
    assert (saved.email, saved.navigator_organisation) == (
        "walks@leeds.example.org",
        listing.owner,
    )
    page = client.get(f"/directory/services/{listing.pk}/")
    assert b"Change this listing" not in page.content
    assert b"Suggest a change to this listing" in page.content


def test_a_provider_user_linked_by_another_organisation_cannot_change_it(
    signed_in, listing, other_organisation
):
    provider = UserFactory(organisation=other_organisation, role=Role.VCS_PROVIDER)
    listing.organisation.provider_users.add(provider)
    response = signed_in(provider).post(
        f"/directory/services/{listing.pk}/edit/",
        FORM | {"organisation": str(listing.organisation.pk)},
    )
    assert response.status_code == 403
    assert Service.objects.get(pk=listing.pk).name == "Leeds walking group"


def test_a_manager_elsewhere_cannot_choose_who_keeps_the_providers_listings(
    signed_in, listing, other_manager
):
    provider = UserFactory(organisation=other_manager.organisation, role=Role.VCS_PROVIDER)
    client = signed_in(other_manager)
    url = f"/directory/organisations/{listing.organisation.pk}/providers/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"provider_users": [provider.pk], "version": "1"}).status_code == 403
    assert not listing.organisation.provider_users.exists()


def test_the_owners_change_is_audited_with_before_and_after(
    signed_in, listing, manager, organisation
):
    response = signed_in(manager).post(
        f"/directory/services/{listing.pk}/edit/",
        FORM | {"organisation": str(listing.organisation.pk), "location-postcode": "LS6 2AB"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_id=str(listing.pk))
    assert (event.organisation, event.actor, event.action) == (organisation, manager, "updated")
    assert event.changes["email"] == ["walks@leeds.example.org", "walks@example.org"]
    assert event.changes["name"] == ["Leeds walking group", "Walking group"]
    assert event.changes["navigator_organisation"] == [organisation.name, None]
    assert event.changes["location postcode"] == [None, "LS6 2AB"]
    assert "location city" not in event.changes


def test_a_new_listing_belongs_to_its_makers_organisation_and_is_audited(
    signed_in, manager, organisation
):
    signed_in(manager).post("/directory/services/new/", FORM | {"new_organisation": "Walkers"})
    service = Service.objects.get(name="Walking group")
    assert service.owner == organisation
    event = AuditEvent.objects.get(object_id=str(service.pk))
    assert event.action == "created"
    assert event.changes["email"] == [None, "walks@example.org"]


def test_a_suggestion_from_elsewhere_is_accepted_by_the_owner(
    client, listing, manager, other_manager, organisation
):
    client.force_login(other_manager)
    response = client.post(
        f"/directory/services/{listing.pk}/suggest/",
        AS_LISTED | {"email": "new@leeds.example.org", "note": "Now on Thursdays"},
    )
    assert response.status_code == 302
    suggestion = ListingSuggestion.objects.get()
    assert suggestion.changes == {"email": "new@leeds.example.org"}
    assert Service.objects.get(pk=listing.pk).email == "walks@leeds.example.org"
    # Nobody but the keepers reviews it.
    review = f"/directory/suggestions/{suggestion.pk}/"
    assert client.get(review).status_code == 403
    assert client.post(review, {"decision": "accept"}).status_code == 403

    client.force_login(manager)
    assert b"Leeds walking group" in client.get("/directory/suggestions/").content
    page = client.get(review)
    assert b"new@leeds.example.org" in page.content and b"Now on Thursdays" in page.content
    assert client.post(review, {"decision": "accept"}).status_code == 302
    assert Service.objects.get(pk=listing.pk).email == "new@leeds.example.org"
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reviewed_by) == ("accepted", manager)
    event = AuditEvent.objects.get(object_id=str(listing.pk))
    assert (event.organisation, event.actor) == (organisation, manager)
    assert event.changes == {"email": ["walks@leeds.example.org", "new@leeds.example.org"]}


def test_a_declined_suggestion_changes_nothing(client, listing, manager, other_manager):
    suggestion = services.suggest_change(
        service=listing, by=other_manager, changes={"email": "x@calder.example.org"}, note=""
    )
    client.force_login(manager)
    client.post(f"/directory/suggestions/{suggestion.pk}/", {"decision": "decline"})
    assert Service.objects.get(pk=listing.pk).email == "walks@leeds.example.org"
    assert ListingSuggestion.objects.get().status == "declined"
    assert not AuditEvent.objects.filter(object_id=str(listing.pk)).exists()


def test_an_empty_suggestion_is_refused(signed_in, listing, other_manager):
    response = signed_in(other_manager).post(
        f"/directory/services/{listing.pk}/suggest/", AS_LISTED
    )
    assert response.status_code == 200
    assert b"Change at least one detail" in response.content
    assert not ListingSuggestion.objects.exists()


FEED = b"""[{"id": "%s", "name": "Calder walking group", "email": "calder@example.org",
 "organization": {"id": "%s", "name": "Walkers"}}]"""


def test_an_import_elsewhere_cannot_overwrite_the_listing(listing, other_manager):
    feed = FEED % (str(listing.pk).encode(), str(listing.organisation.pk).encode())
    run = services.import_directory(content=feed, file_name="feed.json", by=other_manager)
    assert run.skipped == 1
    assert run.report["rows"][0]["reason"] == "Another organisation keeps this listing up to date"
    assert Service.objects.get(pk=listing.pk).email == "walks@leeds.example.org"


def test_an_imported_listing_belongs_to_the_importers_organisation(other_manager):
    feed = FEED % (b"4a1a2c1e-0000-4000-8000-000000000001", b"4a1a2c1e-0000-4000-8000-0000000000a1")
    services.import_directory(content=feed, file_name="feed.json", by=other_manager)
    service = Service.objects.get(name="Calder walking group")
    assert service.owner == other_manager.organisation
    event = AuditEvent.objects.get(object_id=str(service.pk))
    assert (event.organisation, event.action) == (other_manager.organisation, "created")


def test_each_demo_service_keeps_the_listings_in_its_postcode_areas(
    organisation, other_organisation
):
    load_demo_directory(seed=3, owners=[(organisation, ["LS6"]), (other_organisation, ["HX7"])])
    assert Service.objects.get(name="Woodhouse Moor walking group").owner == organisation
    assert Service.objects.get(name="Calder Valley Social Prescribing").owner == other_organisation
    # OL14 is in neither organisation's list here.
    assert Service.objects.get(name="Todmorden incredible edible").owner is None

"""Staff correct what an import holds through the listing form: who it is for, the cost in
pounds, the languages it is delivered in and the areas it serves. A language or an area kept
by name keeps what the feed gave it (a code, an extent); someone who does not keep the listing
may suggest a new cost or eligibility, which the keepers accept."""

from decimal import Decimal

import pytest
from django.utils.html import strip_tags

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.directory.models import Language, ListingSuggestion, ServiceArea
from navigator.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(organisation):
    service = ServiceFactory(name="Cymraeg chat", owner=organisation)
    Language.objects.create(service=service, name="Welsh", code="cy", note="All levels")
    Language.objects.create(service=service, name="English", code="en")
    ServiceArea.objects.create(
        service=service, name="Leeds", uri="http://example.org/area/E08000035"
    )
    return service


def form(listing, **changes) -> dict:
    return {
        "version": str(listing.version),
        "organisation": str(listing.organisation_id),
        "name": listing.name,
        "status": "active",
        "takes_direct_referrals": "on",
        "language_names": "English; Welsh",
        "area_names": "Leeds",
    } | changes


def test_the_form_shows_the_listings_languages_and_areas(signed_in, manager, listing):
    page = signed_in(manager).get(f"/directory/services/{listing.pk}/edit/").content.decode()

    assert 'name="language_names" type="text" value="English; Welsh"' in page
    assert 'name="area_names" type="text" value="Leeds"' in page


def test_staff_correct_eligibility_cost_languages_and_areas(signed_in, manager, listing):
    response = signed_in(manager).post(
        f"/directory/services/{listing.pk}/edit/",
        form(
            listing,
            eligibility_description="Adults learning Welsh",
            cost_amount="3.50",
            cost_description="a session",
            language_names="Welsh;  Polish ; welsh",
            area_names="Leeds; Wakefield",
        ),
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.eligibility_description == "Adults learning Welsh"
    assert listing.cost_amount == Decimal("3.50")
    assert list(listing.languages.values_list("name", "code", "note")) == [
        ("Polish", "", ""),
        ("Welsh", "cy", "All levels"),
    ]
    assert list(listing.service_areas.values_list("name", "uri")) == [
        ("Leeds", "http://example.org/area/E08000035"),
        ("Wakefield", ""),
    ]
    event = AuditEvent.objects.get(object_id=str(listing.pk), action=AuditEvent.Action.UPDATED)
    assert event.changes["languages"] == [["English", "Welsh"], ["Polish", "Welsh"]]
    assert event.changes["service areas"] == [["Leeds"], ["Leeds", "Wakefield"]]
    assert event.changes["eligibility_description"] == ["", "Adults learning Welsh"]


def test_bad_values_are_explained_and_kept(signed_in, manager, listing):
    response = signed_in(manager).post(
        f"/directory/services/{listing.pk}/edit/",
        form(listing, cost_amount="-2", language_names="Welsh; " + "x" * 101, is_free="on"),
    )

    page = " ".join(strip_tags(response.content.decode()).split())
    assert response.status_code == 200
    assert "Enter a cost of £0 or more" in page
    assert "Each language must be 100 characters or fewer" in page
    assert 'value="-2"' in response.content.decode()
    assert list(listing.languages.values_list("name", flat=True)) == ["English", "Welsh"]


def test_a_cost_for_a_free_listing_is_refused(signed_in, manager, listing):
    response = signed_in(manager).post(
        f"/directory/services/{listing.pk}/edit/", form(listing, is_free="on", cost_amount="2")
    )

    assert "Leave the cost empty for a listing that is free" in response.content.decode()


def test_someone_elsewhere_suggests_a_cost_and_the_keepers_accept_it(
    signed_in, client, manager, listing, other_organisation
):
    other = UserFactory(organisation=other_organisation, role=Role.MANAGER)
    assert (
        signed_in(other).post(f"/directory/services/{listing.pk}/edit/", form(listing)).status_code
        == 403
    )
    signed_in(other).post(
        f"/directory/services/{listing.pk}/suggest/",
        {
            "name": listing.name,
            "description": listing.description,
            "status": "active",
            "email": listing.email,
            "cost_amount": "4.00",
            "eligibility_description": "Carers",
        },
    )
    suggestion = ListingSuggestion.objects.get()
    assert suggestion.changes == {"cost_amount": "4.00", "eligibility_description": "Carers"}

    signed_in(manager).post(f"/directory/suggestions/{suggestion.pk}/", {"decision": "accept"})

    listing.refresh_from_db()
    assert (listing.cost_amount, listing.eligibility_description) == (Decimal("4.00"), "Carers")

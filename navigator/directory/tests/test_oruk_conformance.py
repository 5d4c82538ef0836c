"""Every published response, for the demo directory and for generated listings, validates
against the official Open Referral UK 3.0 schemas with format checking: 0 errors."""

import datetime
import string
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.directory.demo import load_demo_directory
from navigator.directory.models import (
    Contact,
    Language,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from navigator.directory.tests.conformance import errors
from navigator.directory.tests.factories import (
    DirectoryOrganisationFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db

DETAIL_PATHS = {
    "services": "/services/{id}",
    "service_at_locations": "/service_at_locations/{id}",
    "taxonomies": "/taxonomies/{id}",
    "taxonomy_terms": "/taxonomy_terms/{id}",
}


def assert_feed_conforms(client) -> int:
    """Validate the root, every list page and every item; return how many were checked."""
    checked = 0
    assert errors(client.get("/oruk/").json(), "/") == []
    for collection, detail_path in DETAIL_PATHS.items():
        body = client.get(f"/oruk/{collection}", {"per_page": 200}).json()
        assert errors(body, f"/{collection}") == []
        for item in body["contents"]:
            document = client.get(f"/oruk/{collection}/{item['id']}").json()
            assert errors(document, detail_path) == [], (collection, document)
            checked += 1
    return checked


def test_the_demo_directory_conforms(client):
    load_demo_directory(7)
    assert assert_feed_conforms(client) > 28


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)
maybe_age = st.none() | st.integers(min_value=0, max_value=120)
times = st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0))
urls = st.sampled_from(["", "https://example.org/", "https://example.org/ünïcode?q=1"])
emails = st.sampled_from(["", "group@example.org"])


contacts = st.lists(
    st.fixed_dictionaries(
        {
            "name": text,
            "title": text,
            "email": emails,
            "phone": st.sampled_from(["", "0113 496 0000"]),
            "phone_extension": st.none() | st.integers(0, 99999),
            "phone_type": st.sampled_from(["", "voice", "textphone"]),
            "phone_languages": st.lists(
                st.fixed_dictionaries(
                    {"name": text.filter(str.strip)}, optional={"code": st.just("cy")}
                ),
                max_size=2,
            ),
        }
    ),
    max_size=3,
)


@st.composite
def listings(draw):
    return {
        "name": draw(text.filter(str.strip)),
        "description": draw(text),
        "url": draw(urls),
        "email": draw(emails),
        "minimum_age": draw(maybe_age),
        "maximum_age": draw(maybe_age),
        "is_free": draw(st.booleans()),
        "cost_amount": draw(st.none() | st.decimals(0, 999, places=2)),
        "cost_description": draw(text),
        "eligibility_description": draw(text),
        "last_checked": draw(st.none() | st.dates(datetime.date(2020, 1, 1))),
        "locations": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "name": text,
                        "address_1": text,
                        "city": text,
                        "postcode": st.sampled_from(["", "LS6 2AB", "SW1A 1AA"]),
                        "latitude": st.none() | st.floats(-90, 90),
                        "longitude": st.none() | st.floats(-180, 180),
                        "accessibility": text,
                    }
                ),
                max_size=4,
            )
        ),
        "schedules": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "weekday": st.none() | st.integers(0, 6),
                        "opens_at": times,
                        "closes_at": times,
                        "frequency": text,
                        "rrule": st.sampled_from(
                            ["", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"]
                        ),
                    }
                ),
                max_size=8,
            )
        ),
        "contacts": draw(contacts),
        "organisation_contacts": draw(contacts),
        "location_contacts": draw(contacts),
        "languages": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"name": text, "code": st.sampled_from(["", "cy", "pl"]), "note": text}
                ),
                max_size=3,
            )
        ),
        "service_areas": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "name": text,
                        "description": text,
                        "extent_type": st.sampled_from(["", "geojson"]),
                        "uri": st.sampled_from(["", "http://example.org/area/1"]),
                    }
                ),
                max_size=2,
            )
        ),
        "terms": draw(st.integers(0, 3)),
        "term_description": draw(text),
        "code": draw(st.text(string.ascii_letters, max_size=5)),
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(listing=listings())
def test_generated_listings_conform(client, listing):
    service = Service.objects.create(
        organisation=DirectoryOrganisationFactory(description=listing["description"]),
        **{
            key: listing[key]
            for key in (
                "name",
                "description",
                "url",
                "email",
                "minimum_age",
                "maximum_age",
                "is_free",
                "cost_amount",
                "cost_description",
                "eligibility_description",
                "last_checked",
            )
        },
    )
    for data in listing["locations"]:
        location = Location.objects.create(**data)
        ServiceAtLocation.objects.create(service=service, location=location)
        Contact.objects.bulk_create(
            Contact(location=location, **data) for data in listing["location_contacts"]
        )
    Contact.objects.bulk_create(
        Contact(organisation=service.organisation, **data)
        for data in listing["organisation_contacts"]
    )
    Schedule.objects.bulk_create(Schedule(service=service, **data) for data in listing["schedules"])
    Contact.objects.bulk_create(Contact(service=service, **data) for data in listing["contacts"])
    Language.objects.bulk_create(Language(service=service, **data) for data in listing["languages"])
    ServiceArea.objects.bulk_create(
        ServiceArea(service=service, **data) for data in listing["service_areas"]
    )
    for _ in range(listing["terms"]):
        service.categories.add(
            TaxonomyTermFactory(description=listing["term_description"], code=listing["code"])
        )
    try:
        assert assert_feed_conforms(client) >= 1
    finally:
        Service.objects.all().delete()
        Location.objects.all().delete()
        TaxonomyTerm.objects.all().delete()


def test_a_free_listing_and_an_amount_publish_as_numbers(client):
    service = Service.objects.create(
        organisation=DirectoryOrganisationFactory(),
        name="Choir",
        cost_amount=Decimal("3.50"),
        cost_description="a session",
    )
    document = client.get(f"/oruk/services/{service.pk}").json()
    assert document["cost_options"][0]["amount"] == 3.5
    assert document["cost_options"][0]["amount_description"] == "a session"
    assert "url" not in document and "minimum_age" not in document

"""The search stays set-based with 50,000 listings: a fixed number of queries, whatever the
size of the directory (a later benchmark measures the time)."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from navigator.directory.models import (
    DirectoryOrganisation,
    Location,
    Service,
    ServiceAtLocation,
)
from navigator.directory.selectors import locate, search_services
from navigator.directory.tests.factories import PostcodeFactory

COUNT = 50_000


@pytest.mark.django_db
def test_search_of_50000_services_runs_a_bounded_number_of_queries():
    organisation = DirectoryOrganisation.objects.create(name="Big directory")
    words = ["walking", "choir", "gardening", "debt", "art"]
    services = [
        Service(
            id=uuid.uuid4(),
            organisation=organisation,
            name=f"{words[n % 5]} group {n}",
            description="A community activity",
            is_free=n % 2 == 0,
        )
        for n in range(COUNT)
    ]
    Service.objects.bulk_create(services, batch_size=2000)
    locations = [
        Location(
            id=uuid.uuid4(),
            postcode="LS6 2AB",
            postcode_district="LS6",
            latitude=53.5 + (n % 1000) / 1000,
            longitude=-1.9 + (n // 1000) / 100,
        )
        for n in range(COUNT)
    ]
    Location.objects.bulk_create(locations, batch_size=2000)
    ServiceAtLocation.objects.bulk_create(
        (
            ServiceAtLocation(id=uuid.uuid4(), service=service, location=location)
            for service, location in zip(services, locations, strict=True)
        ),
        batch_size=2000,
    )
    PostcodeFactory(postcode="LS6 2AB", latitude=53.82, longitude=-1.576)
    place = locate("LS6 2AB")

    with CaptureQueriesContext(connection) as queries:
        results = search_services(words="walking", free_only=True, place=place, within_miles=3)
        first_page = list(results[:25])
        total = results.count()
    assert first_page and total >= len(first_page)
    assert all(service.name.startswith("walking") for service in first_page)
    distances = [service.distance for service in first_page]
    assert distances == sorted(distances)
    # The search, its prefetches (schedules, categories) and the count.
    assert len(queries) <= 5, [query["sql"][:200] for query in queries]

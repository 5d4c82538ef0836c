"""A venue imported with a postcode but no coordinates is placed by its postcode, so distance
search finds it, but the looked-up coordinates are Navigator's estimate (the postcode's
centre), not the venue's: exports publish the venue as its feed gave it, and importing the
same feed again changes nothing."""

import json

import pytest

from navigator.directory import services
from navigator.directory.models import Location, Service
from navigator.directory.oruk.csv_layout import service_to_csv_row
from navigator.directory.oruk.export import services_for_export
from navigator.directory.tests.factories import PostcodeFactory

pytestmark = pytest.mark.django_db

SERVICE_ID = "4c6b1f3e-1d2a-4f5b-8c7d-9e0a1b2c3d4e"


def feed(**location: object) -> bytes:
    return json.dumps(
        [
            {
                "id": SERVICE_ID,
                "name": "Chair yoga",
                "organization": {"id": "8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d", "name": "Move"},
                "service_at_locations": [
                    {
                        "location": {
                            "id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
                            "addresses": [{"address_1": "1 Otley Road", "postal_code": "LS6 2AB"}],
                            **location,
                        }
                    }
                ],
            }
        ]
    ).encode()


def test_a_venue_placed_by_its_postcode_is_published_as_given(signed_in, manager):
    PostcodeFactory(postcode="LS6 2AB", latitude=53.819, longitude=-1.576)

    first = services.import_directory(content=feed(), file_name="f.json", by=manager)

    assert first.created == 1
    venue = Location.objects.get()
    assert (venue.latitude, venue.longitude, venue.coordinates_from_postcode) == (
        53.819,
        -1.576,
        True,
    )
    published = json.loads(signed_in(manager).get("/directory/export/directory.json").content)
    place = published[0]["service_at_locations"][0]["location"]
    assert "latitude" not in place and "longitude" not in place
    row = service_to_csv_row(services_for_export().get())
    assert (row["postcode"], row["latitude"], row["longitude"]) == ("LS6 2AB", "", "")

    again = services.import_directory(content=feed(), file_name="f.json", by=manager)

    assert (again.changed, again.unchanged) == (0, 1)


def test_coordinates_a_feed_gives_are_the_venues_own(signed_in, manager):
    PostcodeFactory(postcode="LS6 2AB", latitude=53.819, longitude=-1.576)
    services.import_directory(content=feed(), file_name="f.json", by=manager)

    run = services.import_directory(
        content=feed(latitude=53.8201, longitude=-1.5772), file_name="f.json", by=manager
    )

    assert run.changed == 1
    venue = Location.objects.get()
    assert (venue.latitude, venue.longitude, venue.coordinates_from_postcode) == (
        53.8201,
        -1.5772,
        False,
    )
    published = json.loads(signed_in(manager).get("/directory/export/directory.json").content)
    place = published[0]["service_at_locations"][0]["location"]
    assert (place["latitude"], place["longitude"]) == (53.8201, -1.5772)
    assert Service.objects.get().import_hash != ""

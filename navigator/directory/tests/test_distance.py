import math

import pytest

from navigator.directory.models import Service
from navigator.directory.selectors import MILES_PER_DEGREE, locate, search_services, within_reach
from navigator.directory.tests.factories import (
    LocationFactory,
    PostcodeFactory,
    ServiceAtLocationFactory,
    service_at,
)

pytestmark = pytest.mark.django_db

HEADINGLEY = (53.8200, -1.5760)


def test_nearest_first_and_far_ones_left_out():
    PostcodeFactory(postcode="LS6 2AB", latitude=HEADINGLEY[0], longitude=HEADINGLEY[1])
    service_at("LS7 3EF", 53.8270, -1.5310, name="Chapel Allerton")  # about 2 miles
    service_at("LS6 3AA", 53.8210, -1.5770, name="Next door")
    service_at("HX7 8AD", 53.7420, -2.0140, name="Hebden Bridge")  # about 19 miles
    results = list(search_services(place=locate("ls62ab"), within_miles=5))
    assert [service.name for service in results] == ["Next door", "Chapel Allerton"]
    assert results[0].distance < 0.2
    assert 1.5 < results[1].distance < 2.5
    wider = search_services(place=locate("LS6 2AB"), within_miles=25)
    assert [service.name for service in wider][-1] == "Hebden Bridge"


def test_a_listing_with_two_venues_appears_once_at_its_nearest():
    PostcodeFactory(postcode="LS6 2AB", latitude=HEADINGLEY[0], longitude=HEADINGLEY[1])
    service = service_at("LS7 3EF", 53.8270, -1.5310, name="Two venues")
    from navigator.directory.tests.factories import LocationFactory, ServiceAtLocationFactory

    ServiceAtLocationFactory(
        service=service, location=LocationFactory(latitude=53.8205, longitude=-1.5765)
    )
    results = list(search_services(place=locate("LS6 2AB")))
    assert len(results) == 1
    assert results[0].distance < 0.1


def test_listings_without_coordinates_in_the_same_district_come_last():
    PostcodeFactory(postcode="LS6 2AB", latitude=HEADINGLEY[0], longitude=HEADINGLEY[1])
    service_at("LS6 4QQ", None, None, name="Unplaced in LS6")
    service_at("LS7 4QQ", None, None, name="Unplaced in LS7")
    service_at("LS6 3AA", 53.8210, -1.5770, name="Placed")
    results = list(search_services(place=locate("LS6 2AB")))
    assert [service.name for service in results] == ["Placed", "Unplaced in LS6"]
    assert results[1].distance is None


def test_without_coordinates_falls_back_to_the_postcode_district():
    service_at("LS6 3AA", 53.8210, -1.5770, name="In LS6")
    service_at("LS6 4QQ", None, None, name="Also in LS6")
    service_at("LS7 3EF", 53.8270, -1.5310, name="In LS7")
    place = locate("LS6 9ZZ")  # not in the postcode table
    assert not place.has_coordinates
    assert {service.name for service in search_services(place=place)} == {"In LS6", "Also in LS6"}


def test_search_page_explains_the_district_fallback(signed_in, link_worker):
    service_at("LS6 3AA", None, None, name="In LS6")
    response = signed_in(link_worker).get("/directory/", {"postcode": "LS6 9ZZ"})
    assert b"In LS6" in response.content
    assert b"listings in the LS6 area" in response.content


def test_reach_is_a_circle_not_the_box_it_is_first_narrowed_to():
    PostcodeFactory(postcode="LS6 2AB", latitude=HEADINGLEY[0], longitude=HEADINGLEY[1])
    north = 1 / MILES_PER_DEGREE
    east = 1 / (MILES_PER_DEGREE * math.cos(math.radians(HEADINGLEY[0])))
    service_at("LS6 1AA", HEADINGLEY[0] + 4.95 * north, HEADINGLEY[1], name="North edge")
    service_at("LS6 1AB", HEADINGLEY[0], HEADINGLEY[1] - 4.95 * east, name="West edge")
    service_at("LS6 1AC", HEADINGLEY[0] + 5.05 * north, HEADINGLEY[1], name="Just beyond")
    # In the box's corner, but 4.8 * √2 miles away.
    service_at("LS6 1AD", HEADINGLEY[0] + 4.8 * north, HEADINGLEY[1] + 4.8 * east, name="Corner")
    far = service_at("LS99 1AA", 51.5, -0.1, name="Far, with an unplaced venue in LS6")
    ServiceAtLocationFactory(
        service=far,
        location=LocationFactory(postcode_district="LS6", latitude=None, longitude=None),
    )
    found = within_reach(Service.objects.all(), locate("LS6 2AB"), 5)
    assert {service.name: round(service.distance, 2) for service in found} == {
        "North edge": 4.95,
        "West edge": 4.95,
    }

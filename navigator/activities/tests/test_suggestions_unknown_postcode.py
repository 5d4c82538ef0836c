"""A person whose postcode is not in the postcode table still gets suggestions within the
distance they will travel, measured from the middle of their postcode district; every empty
suggestions page says the true reason, and keeps a link to search the directory by hand."""

import pytest
from django.urls import reverse

from navigator.activities.models import ActivityPreferences
from navigator.activities.suggestions import suggest
from navigator.directory.selectors import MILES_PER_DEGREE, locate
from navigator.directory.tests.factories import PostcodeFactory, service_at
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db

# Two known LS6 postcodes, whose middle is (53.82, -1.576).
KNOWN = {"LS6 2AB": (53.81, -1.576), "LS6 3CD": (53.83, -1.576)}
MIDDLE = (53.82, -1.576)


def north(miles: float) -> tuple[float, float]:
    return MIDDLE[0] + miles / MILES_PER_DEGREE, MIDDLE[1]


@pytest.fixture
def postcodes(db):
    for postcode, (lat, lon) in KNOWN.items():
        PostcodeFactory(postcode=postcode, latitude=lat, longitude=lon)


def _walker(organisation, postcode="LS6 9ZZ", miles=3):
    person = PersonFactory(organisation=organisation, postcode=postcode)
    make_plan(
        person,
        goals=[
            {
                "words": "I want to get out walking more",
                "baseline_rating": 2,
                "good_looks_like": "",
                "next_steps": "",
                "who_helps": "",
            }
        ],
    )
    ActivityPreferences.objects.create(organisation=organisation, person=person, max_miles=miles)
    return person


def test_an_unknown_postcode_is_placed_at_the_middle_of_its_district(postcodes):
    place = locate("ls6 9zz")
    assert place.approximate
    assert (round(place.latitude, 4), round(place.longitude, 4)) == MIDDLE


def test_suggestions_honour_the_distance_from_the_middle_of_the_district(postcodes, organisation):
    # In another district, but within their 3 miles; and one in LS6 that is too far.
    service_at("LS7 1AA", *north(2), name="Near walk in LS7", keywords="walking")
    service_at("LS6 5EF", *north(8), name="Far walk in LS6", keywords="walking")
    found = suggest(_walker(organisation))
    assert [suggestion.service.name for suggestion in found] == ["Near walk in LS7"]
    assert "about 2.0 miles from the middle of LS6" in found[0].reasons


def test_the_directory_search_measures_from_the_middle_of_the_district(
    postcodes, signed_in, link_worker
):
    service_at("LS7 1AA", *north(2), name="Near walk in LS7", keywords="walking")
    page = signed_in(link_worker).get("/directory/", {"postcode": "LS6 9ZZ", "within": "3"})
    text = page.content.decode()
    assert "Near walk in LS7" in text
    assert "2.0 miles away" in text
    assert "LS6 9ZZ is not in the postcode table" in text


def test_an_empty_search_by_distance_says_so(postcodes, signed_in, link_worker):
    service_at("LS6 5EF", *north(8), name="Far walk in LS6", keywords="walking")
    page = signed_in(link_worker).get("/directory/", {"postcode": "LS6 9ZZ", "within": "3"})
    assert "No listings within 3 miles of LS6 9ZZ match" in page.content.decode()


def test_no_suggestions_within_reach_says_so_and_offers_the_directory(
    postcodes, signed_in, link_worker
):
    service_at("LS6 5EF", *north(8), name="Far walk in LS6", keywords="walking")
    person = _walker(link_worker.organisation)
    page = signed_in(link_worker).get(reverse("activities:suggestions", args=[person.pk]))
    text = page.content.decode()
    assert "No listing within 3 miles of LS6 9ZZ matches" in text
    assert "measured from the middle of the LS6 area" in text
    assert "goals in" not in text
    assert reverse("activities:choose_service", args=[person.pk]) in text


def test_no_suggestions_without_a_plan_says_what_is_missing(signed_in, link_worker):
    person = PersonFactory(organisation=link_worker.organisation, postcode="LS6 9ZZ")
    page = signed_in(link_worker).get(reverse("activities:suggestions", args=[person.pk]))
    text = page.content.decode()
    assert "none of these is recorded yet" in text
    assert reverse("activities:choose_service", args=[person.pk]) in text


def test_a_district_with_no_known_postcode_says_only_its_area_was_searched(signed_in, link_worker):
    service_at("LS7 1AA", *north(2), name="Near walk in LS7", keywords="walking")
    person = _walker(link_worker.organisation)
    page = signed_in(link_worker).get(reverse("activities:suggestions", args=[person.pk]))
    text = page.content.decode()
    assert "No listing in the LS6 area matches" in text
    assert "nor any other postcode in the LS6 area" in text

import datetime

import pytest

from navigator.directory.selectors import search_services
from navigator.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


def names(services) -> set[str]:
    return {service.name for service in services}


def test_words_match_name_description_and_keywords():
    ServiceFactory(name="Walking group", description="Gentle strolls")
    ServiceFactory(name="Choir", description="We sing together", keywords="music")
    ServiceFactory(name="Allotment", description="Grow vegetables", keywords="gardening")
    assert names(search_services(words="walking")) == {"Walking group"}
    assert names(search_services(words="sing")) == {"Choir"}
    assert names(search_services(words="gardening")) == {"Allotment"}


def test_every_word_must_match():
    ServiceFactory(name="Walking group", description="In the park")
    ServiceFactory(name="Walking football", description="At the sports centre")
    assert names(search_services(words="walking park")) == {"Walking group"}


def test_search_syntax_typed_by_users_is_harmless():
    ServiceFactory(name="Art club")
    for words in ['"', "art OR", "NEAR(", "*", "art AND -", "col:art", "'; DROP"]:
        list(search_services(words=words))  # no error
    assert names(search_services(words='"art"')) == {"Art club"}


def test_changes_are_searchable_and_deleted_listings_are_gone():
    service = ServiceFactory(name="Pottery")
    service.name = "Ceramics"
    service.save()
    assert names(search_services(words="ceramics")) == {"Ceramics"}
    assert not search_services(words="pottery").exists()
    service.delete()
    assert not search_services(words="ceramics").exists()


def test_defunct_listings_are_not_found():
    ServiceFactory(name="Old club", status="defunct")
    assert not search_services(words="club").exists()


def test_filter_by_category_free_and_accessibility():
    term = TaxonomyTermFactory(name="Physical activity")
    walk = ServiceFactory(name="Walk", is_free=True)
    walk.categories.add(term)
    gym = ServiceFactory(name="Gym", is_free=False)
    gym.categories.add(term)
    ServiceAtLocationFactory(service=walk, location=LocationFactory(accessibility="Step-free"))
    ServiceAtLocationFactory(service=gym, location=LocationFactory(accessibility="Stairs only"))
    ServiceFactory(name="Choir", is_free=True)
    assert names(search_services(category=str(term.pk))) == {"Walk", "Gym"}
    assert names(search_services(free_only=True)) == {"Walk", "Choir"}
    assert names(search_services(accessibility="step-free")) == {"Walk"}


def test_filter_by_day_and_time_of_day_on_the_same_session():
    morning_tuesday = ServiceFactory(name="Tuesday morning")
    ScheduleFactory(service=morning_tuesday, weekday=1, opens_at=datetime.time(10))
    evening = ServiceFactory(name="Tuesday evening, Friday morning")
    ScheduleFactory(
        service=evening, weekday=1, opens_at=datetime.time(18), closes_at=datetime.time(20)
    )
    ScheduleFactory(
        service=evening, weekday=4, opens_at=datetime.time(9), closes_at=datetime.time(10)
    )
    assert names(search_services(weekday=1)) == {
        "Tuesday morning",
        "Tuesday evening, Friday morning",
    }
    assert names(search_services(weekday=1, time_of_day="morning")) == {"Tuesday morning"}
    assert names(search_services(time_of_day="evening")) == {"Tuesday evening, Friday morning"}


def test_search_page_shows_results(signed_in, link_worker):
    ServiceFactory(name="Walking group")
    ServiceFactory(name="Choir")
    response = signed_in(link_worker).get("/directory/", {"q": "walking"})
    assert response.status_code == 200
    assert b"Walking group" in response.content
    assert b"Choir" not in response.content

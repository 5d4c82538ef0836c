"""Suggestions for a person: ranked in the database from their plan, availability and
distance, each with its reasons in words, in a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from navigator.activities import services
from navigator.activities.models import ActivityPreferences
from navigator.activities.suggestions import suggest
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.directory.selectors import MILES_PER_DEGREE
from navigator.directory.tests.factories import PostcodeFactory, ScheduleFactory, service_at
from navigator.people.tests.factories import PersonFactory
from navigator.plans.models import AssessmentNeed, LifeArea
from navigator.plans.tests.factories import AssessmentFactory, make_plan

pytestmark = pytest.mark.django_db

HOME = (53.82, -1.576)  # LS6 2AB


def miles_north(miles: float) -> tuple[float, float]:
    return HOME[0] + miles / MILES_PER_DEGREE, HOME[1]


def near(name: str, miles: float | None, *, tuesday_morning: bool = False, **kwargs):
    postcode = "LS6 1AA" if miles is not None else "LS6 9ZZ"
    lat, lon = miles_north(miles) if miles is not None else (None, None)
    service = service_at(postcode, lat, lon, name=name, **kwargs)
    if tuesday_morning:
        ScheduleFactory(service=service, weekday=1, opens_at=datetime.time(10, 0))
    else:
        ScheduleFactory(service=service, weekday=2, opens_at=datetime.time(19, 0), closes_at=None)
    return service


@pytest.fixture
def person(organisation):
    PostcodeFactory(postcode="LS6 2AB", latitude=HOME[0], longitude=HOME[1])
    person = PersonFactory(organisation=organisation, postcode="LS6 2AB")
    make_plan(person, goals=[{**_goal(), "words": "I want to get out walking more"}])
    assessment = AssessmentFactory(person=person, what_matters="Singing with other people")
    area = LifeArea.objects.create(organisation=organisation, name="Physical activity")
    quiet = LifeArea.objects.create(organisation=organisation, name="Money")
    for life_area, rating in ((area, 8), (quiet, 3)):
        AssessmentNeed.objects.create(
            organisation=organisation,
            assessment=assessment,
            life_area=life_area,
            area_name=life_area.name,
            rating=rating,
        )
    ActivityPreferences.objects.create(
        organisation=organisation,
        person=person,
        days=[1],
        times_of_day=["morning"],
        max_miles=3,
        interests="gardening",
    )
    return person


def _goal() -> dict:
    return {"baseline_rating": 2, "good_looks_like": "", "next_steps": "", "who_helps": ""}


def test_ranked_by_matches_then_availability_then_distance(person):
    walking = near(
        "Walking group",
        0.5,
        tuesday_morning=True,
        keywords="walk, physical activity",
        is_free=True,
    )
    garden = near("Garden club", 2, tuesday_morning=True, keywords="gardening")
    unplaced = near("Walk and talk", None, tuesday_morning=True)
    choir = near("Community choir", 1, description="Singing together")
    near("Walking football", 10, tuesday_morning=True)  # further than they can travel
    near("Money advice", 0.2, tuesday_morning=True)  # a need they rated low
    near("Chess club", 0.1, tuesday_morning=True)  # nothing to do with them

    suggestions = suggest(person)

    assert [s.service for s in suggestions] == [walking, garden, unplaced, choir]
    assert suggestions[0].reasons == [
        "matches the goal ‘I want to get out walking more’",
        "matches their need with physical activity (rated 8 out of 10)",
        "0.5 miles away",
        "Tuesdays 10:00 to 11:30, when they are free",
        "free",
    ]
    assert suggestions[1].reasons[0] == "matches their interest in gardening"
    assert "in LS6, their postcode district" in suggestions[2].reasons
    assert suggestions[3].reasons[:3] == [
        "matches what matters to them: ‘Singing with other people’",
        "1.0 miles away",
        "Wednesdays 19:00",
    ]
    assert suggestions[3].reasons[-1] == "Ask about cost"


def test_services_already_referred_to_are_left_out(person):
    walking = near("Walking group", 0.5, keywords="walk")
    ActivityReferralFactory(person=person, service=walking)
    assert suggest(person) == []


def test_without_a_plan_there_is_nothing_to_suggest(organisation):
    near("Walking group", 0.5, keywords="walk")
    assert suggest(PersonFactory(organisation=organisation)) == []


@pytest.mark.parametrize("size", [50, 500])
def test_query_count_does_not_grow_with_the_directory(person, size, django_assert_max_num_queries):
    for number in range(size):
        near(f"Walk {number}", (number % 30) / 10, tuesday_morning=True)
    with django_assert_max_num_queries(12):
        suggestions = suggest(person)
    assert len(suggestions) == 10


def test_page_lists_reasons_and_refer_buttons(signed_in, link_worker, person):
    walking = near("Walking group", 0.5, tuesday_morning=True, keywords="walk", is_free=True)
    client = signed_in(link_worker)
    page = client.get(reverse("activities:person", args=[person.pk])).content.decode()
    assert reverse("activities:suggestions", args=[person.pk]) in page
    page = client.get(reverse("activities:suggestions", args=[person.pk])).content.decode()
    assert "Walking group" in page
    assert "0.5 miles away" in page
    assert reverse("activities:create", args=[person.pk, walking.pk]) in page


def test_preferences_form_saves_and_reranks(signed_in, link_worker, organisation):
    person = PersonFactory(organisation=organisation)
    client = signed_in(link_worker)
    response = client.post(
        reverse("activities:preferences", args=[person.pk]),
        {"days": ["0", "3"], "times_of_day": ["evening"], "max_miles": "2.5", "interests": "chess"},
    )
    assert response.url == reverse("activities:suggestions", args=[person.pk])
    saved = ActivityPreferences.objects.get(person=person)
    assert (saved.days, saved.times_of_day, float(saved.max_miles)) == ([0, 3], ["evening"], 2.5)
    chess = near("Chess club", 1, keywords="chess")
    assert [s.service for s in suggest(person)] == [chess]


def test_preferences_form_refuses_nonsense_distance(signed_in, link_worker, organisation):
    person = PersonFactory(organisation=organisation)
    response = signed_in(link_worker).post(
        reverse("activities:preferences", args=[person.pk]), {"max_miles": "-1"}
    )
    assert "Enter a distance more than 0 miles" in response.content.decode()
    assert not ActivityPreferences.objects.exists()


def test_saving_preferences_twice_keeps_one_record(organisation):
    person = PersonFactory(organisation=organisation)
    services.save_preferences(person=person, data={"interests": "chess"})
    saved = services.save_preferences(person=person, data={"interests": "bowls"})
    assert (saved.version, ActivityPreferences.objects.count()) == (2, 1)


def test_a_page_with_nothing_to_suggest_reads_what_the_person_wants_once(
    signed_in, link_worker, person
):
    client = signed_in(link_worker)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("activities:suggestions", args=[person.pk])).content.decode()
    assert "No listing within 3 miles of LS6 2AB matches" in page
    tables = ("activities_activitypreferences", "plans_supportplan", "plans_assessment")
    reads = {
        table: sum(f'FROM "{table}"' in query["sql"] for query in queries.captured_queries)
        for table in tables
    }
    assert reads == {table: 1 for table in tables}

"""Top 3 Goals progress is measured from the start ratings agreed in the support plan."""

import pytest
from django.urls import reverse

from navigator.outcomes import selectors
from navigator.outcomes.tests.helpers import completed
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db

GOALS = [
    {"words": "Walk to the shops", "baseline_rating": 3},
    {"words": "Join a choir", "baseline_rating": 2},
    {"words": "Sleep through the night", "baseline_rating": 1},
]


@pytest.fixture
def person(link_worker):
    return PersonFactory(organisation=link_worker.organisation)


def test_the_plans_start_ratings_are_the_baseline(client, link_worker, person) -> None:
    make_plan(person, user=link_worker, goals=GOALS)
    completed(
        person,
        link_worker,
        {"goal_1": 6, "goal_2": 5, "goal_3": 7},
        code="goals",
        time_point="review",
    )

    series = selectors.progress(person)["goals"]
    assert [(one.baseline.value, one.latest.value, one.change) for one in series] == [
        (3, 6, 3),
        (2, 5, 3),
        (1, 7, 6),
    ]
    client.force_login(link_worker)
    text = client.get(reverse("outcomes:person", kwargs={"pk": person.pk})).content.decode()
    assert "Sleep through the night: up 6 points" in text
    assert "no change" not in text


def test_a_goal_no_longer_in_the_plan_is_measured_from_its_first_score(link_worker, person) -> None:
    plan = make_plan(person, user=link_worker, goals=GOALS[:1])
    completed(person, link_worker, {"goal_1": 4}, code="goals", time_point="review")
    completed(person, link_worker, {"goal_1": 6}, code="goals", time_point="review")
    plan.goals.update(words="Walk to the park")  # the plan has another goal now

    (series,) = selectors.progress(person)["goals"]
    assert (series.label, series.baseline.value, series.latest.value) == (
        "Goal 1: Walk to the shops",
        4,
        6,
    )


def test_the_goals_alone_are_read_when_asked_for(link_worker, person) -> None:
    # The person's page shows the goals' latest ratings and reads no other measure.
    make_plan(person, user=link_worker, goals=GOALS[:1])
    completed(person, link_worker, {"goal_1": 5}, code="goals", time_point="review")
    completed(person, link_worker, {f"statement_{n}": 3 for n in range(1, 8)}, code="swemwbs")

    assert set(selectors.progress(person)) == {"goals", "swemwbs"}
    (series,) = selectors.progress(person, "goals")["goals"]
    assert (series.baseline.value, series.latest.value) == (3, 5)
    assert list(selectors.progress(person, "goals")) == ["goals"]

"""The person's progress page: each measure over time as a chart with the baseline marked and
a data table beside it, the change since baseline read in plain language, in a bounded number
of queries; completed measures on the person's timeline."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.core.timeline import timeline_for
from navigator.outcomes.tests.helpers import ONS4_BASELINE, ONS4_LATER, completed, started
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return UserFactory(role=Role.LINK_WORKER)


@pytest.fixture
def person(worker):
    return PersonFactory(organisation=worker.organisation)


def swemwbs(raw_each: int) -> dict:
    return {f"statement_{n}": raw_each for n in range(1, 8)}


def test_charts_tables_and_plain_language_change(client, worker, person):
    completed(person, worker, swemwbs(3), code="swemwbs")  # raw 21, metric 19.25
    completed(person, worker, swemwbs(4), code="swemwbs", time_point="review")  # 28: 25.03
    completed(person, worker, ONS4_BASELINE)
    completed(person, worker, ONS4_LATER, time_point="closure")
    client.force_login(worker)
    text = client.get(reverse("outcomes:person", kwargs={"pk": person.pk})).content.decode()
    assert text.count('src="data:image/svg+xml;base64,') == 2
    assert text.count("app-chart__table") == 2
    assert "up 5.78 points — a meaningful improvement since the baseline" in text
    assert "SWEMWBS raw score" not in text  # change is read on the metric score only
    assert "Life satisfaction: up 3 points (better)" in text
    assert "Anxiety yesterday: down 4 points (better)" in text
    assert "Baseline (at assessment)" in text
    assert "(medium)" in text  # ONS4 bands beside each answer: worthwhile 5 at baseline
    assert "Not scored" in text  # happy left out at closure


def test_goal_bars_and_star_radar(client, worker, person):
    plan = make_plan(
        person,
        user=worker,
        goals=[
            {"words": "Walk to the shops", "baseline_rating": 2},
            {"words": "Join a choir", "baseline_rating": 1},
        ],
    )
    completed(person, worker, {"goal_1": 2, "goal_2": 1}, code="goals")
    completed(person, worker, {"goal_1": 7, "goal_2": 3}, code="goals", time_point="review")
    areas = plan.star.areas
    completed(person, worker, dict.fromkeys(areas, 2), code="star")
    client.force_login(worker)
    text = client.get(reverse("outcomes:person", kwargs={"pk": person.pk})).content.decode()
    assert "Bar chart of Top 3 Goals progress" in text
    assert "Radar chart of Outcome star" in text
    assert "Goal 1: Walk to the shops: up 5 points — a meaningful improvement" in text


def test_started_questionnaires_are_listed_to_finish(client, worker, person):
    administration = started(person, worker, "loneliness")
    client.force_login(worker)
    text = client.get(reverse("outcomes:person", kwargs={"pk": person.pk})).content.decode()
    assert reverse("outcomes:administration", kwargs={"pk": administration.pk}) in text
    assert "Started, not finished" in text


@pytest.mark.parametrize("rounds", [1, 6])
def test_progress_page_queries_are_bounded(
    client, worker, person, rounds, django_assert_max_num_queries
):
    for _ in range(rounds):
        completed(person, worker, ONS4_BASELINE)
        completed(person, worker, {"lonely": 3}, code="loneliness_direct")
        started(person, worker, "swemwbs")
    client.force_login(worker)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("outcomes:person", kwargs={"pk": person.pk}))
    assert response.status_code == 200


def test_completed_measures_are_on_the_timeline(worker, person):
    completed(person, worker, ONS4_BASELINE)
    started(person, worker, "swemwbs")
    titles = [entry.title for entry in timeline_for(person)]
    assert "ONS4 personal wellbeing completed" in titles
    assert not any("SWEMWBS" in title for title in titles)

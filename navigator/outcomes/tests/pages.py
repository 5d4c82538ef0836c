"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the outcome
measure pages, and the records they show."""

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.audit.context import Actor, acting_as
from navigator.core.tests.test_accessibility import (
    ANONYMOUS,
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)
from navigator.links.models import SecureLink
from navigator.outcomes import services
from navigator.outcomes.tests.helpers import ONS4_BASELINE, ONS4_LATER, completed, started
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan


def build(world: World) -> dict:
    worker = world.users[LINK_WORKER]
    person = PersonFactory(organisation=world.organisation, email="maya@example.org")
    plan = make_plan(person, user=worker)
    completed(person, worker, ONS4_BASELINE)
    completed(person, worker, ONS4_LATER, time_point="review")
    completed(person, worker, {f"statement_{n}": 3 for n in range(1, 8)}, code="swemwbs")
    completed(person, worker, {"goal_1": 2}, code="goals")
    completed(person, worker, {"goal_1": 6}, code="goals", time_point="review")
    completed(person, worker, dict.fromkeys(plan.star.areas, 2), code="star")
    completed(person, worker, dict.fromkeys(plan.star.areas, 3), code="star", time_point="review")
    in_progress = started(person, worker, "loneliness", "closure")
    licensed = started(person, worker, "eq5d", "follow_up")
    done = completed(person, worker, {"lonely": 2}, code="loneliness_direct")
    by_link = started(person, worker, "ons4", "review")
    with acting_as(Actor(user=worker)):
        issued = services.send_questionnaire_link(administration=by_link, created_by=worker)
    return {
        "outcomes_in_progress": in_progress,
        "outcomes_licensed": licensed,
        "outcomes_done": done,
        "outcomes_questionnaire_token": issued.token,
        "outcomes_person": person,
    }


def person(world: World) -> dict:
    return {"pk": world.extra["outcomes_person"].pk}


def record(name: str):
    return lambda world: {"pk": world.extra[name].pk}


def token(world: World) -> dict:
    return {"token": world.extra["outcomes_questionnaire_token"]}


def answer_first_and(button: str):
    def action(page, world: World) -> None:
        page.check("#id_q1")
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name=button).click()

    return action


def spend_link(page, world: World) -> None:
    with scopes_disabled():
        SecureLink.objects.update(used_at=timezone.now())


def expire_link(page, world: World) -> None:
    with scopes_disabled():
        SecureLink.objects.update(expires_at=timezone.now() - datetime.timedelta(hours=1))


PAGES = [
    Page("outcomes:settings", MANAGER),
    Page("outcomes:custom_create", MANAGER),
    Page(
        "outcomes:custom_create",
        MANAGER,
        state=EMPTY,
        then=submit("Add measure", **{"#id_minimum": "", "#id_maximum": ""}),
        expect=ERRORS,
    ),
    Page("outcomes:person", LINK_WORKER, person),
    Page("outcomes:start", LINK_WORKER, person),
    Page(
        "outcomes:start", LINK_WORKER, person, state=EMPTY, then=submit("Continue"), expect=ERRORS
    ),
    Page("outcomes:administration", LINK_WORKER, record("outcomes_in_progress")),
    Page(
        "outcomes:administration",
        LINK_WORKER,
        record("outcomes_in_progress"),
        state=EMPTY,
        then=submit("Finish and score"),
        expect=ERRORS,
    ),
    Page(
        "outcomes:administration",
        LINK_WORKER,
        record("outcomes_in_progress"),
        state="saved partly",
        then=answer_first_and("Save and finish later"),
        expect=".nhsuk-notification-banner",
    ),
    Page("outcomes:administration", LINK_WORKER, record("outcomes_licensed"), state="score-only"),
    Page("outcomes:administration", LINK_WORKER, record("outcomes_done"), state="complete"),
    Page("outcomes:send_link", LINK_WORKER, record("outcomes_in_progress")),
    Page(
        "outcomes:send_link",
        LINK_WORKER,
        record("outcomes_in_progress"),
        state="link created",
        then=submit("Create link"),
        expect="img",
    ),
    Page("outcomes:questionnaire", ANONYMOUS, token),
    Page(
        "outcomes:questionnaire",
        ANONYMOUS,
        token,
        state="saved partly",
        then=answer_first_and("Save and finish later"),
        expect=".nhsuk-notification-banner",
    ),
    Page(
        "outcomes:questionnaire",
        ANONYMOUS,
        token,
        state=EMPTY,
        then=submit("Send my answers"),
        expect=ERRORS,
    ),
    Page(
        "outcomes:questionnaire",
        ANONYMOUS,
        token,
        state="sent",
        then=answer_first_and("Send my answers"),
        expect=".nhsuk-panel",
    ),
    Page("outcomes:questionnaire", ANONYMOUS, token, state="used", before=spend_link, status=410),
    Page(
        "outcomes:questionnaire", ANONYMOUS, token, state="expired", before=expire_link, status=410
    ),
]

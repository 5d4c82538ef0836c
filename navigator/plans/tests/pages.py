"""Rows of the shared accessibility scan (navigator/core/tests/test_accessibility.py)."""

from navigator.accounts.permissions import Role
from navigator.audit.context import Actor, acting_as
from navigator.core.tests.test_accessibility import ERRORS, Page, World, submit
from navigator.plans import services
from navigator.plans.tests.factories import assessment_post, make_plan

LINK_WORKER, MANAGER = Role.LINK_WORKER, Role.MANAGER


def build(world: World) -> dict:
    link_worker = world.users[Role.LINK_WORKER]
    with acting_as(Actor(user=link_worker, ip_address="127.0.0.1")):
        plan = make_plan(world.person, user=link_worker)
        services.save_plan(
            person=world.person,
            expected_version=plan.version,
            data={"level_of_need": "high", "star_scores": {area: 3 for area in plan.star.areas}},
            goals=[
                {
                    "words": "I want to get back to my allotment",
                    "baseline_rating": 4,
                    "good_looks_like": "Going twice a week",
                    "next_steps": "",
                    "who_helps": "",
                }
            ],
            saved_by=link_worker,
            independence={
                "done_without_link_worker": "Goes to the allotment on her own",
                "needed_before_ending": "A lift share for winter",
            },
        )
        life_areas = services.life_areas_for(world.organisation)
        values = assessment_post()
        from navigator.plans.forms import AssessmentForm

        form = AssessmentForm(values, person=world.person, life_areas=life_areas)
        assert form.is_valid(), form.errors
        data = form.assessment_data()
        data.update(
            safeguarding_concern=True,
            safeguarding_details="Worried a neighbour is taking their money",
            action_taken="Talked it through; told the manager",
        )
        assessment = services.record_assessment(
            person=world.person,
            recorded_by=link_worker,
            data=data,
            family_present=[world.family_member],
            needs=[
                {"life_area": life_areas[0], "rating": 7, "note": "Sees nobody most days"},
            ],
        )
    return {"plans_assessment": assessment}


def person(world: World) -> dict:
    return {"pk": world.person.pk}


def unplanned(world: World) -> dict:
    return {"pk": world.other_person.pk}


def assessment(world: World) -> dict:
    return {"pk": world.person.pk, "assessment_pk": world.extra["plans_assessment"].pk}


def bad_assessment(page, world: World) -> None:
    page.check("#id_setting-5")  # somewhere else
    page.check("#id_mode-2")  # remotely
    page.locator("input[name$='_rating']").first.fill("12")
    page.fill("#id_what_matters", "My garden")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Save assessment").click()


def large_print(page, world: World) -> None:
    page.goto(page.url + "?large=1")


EMPTY = "submitted empty"

PAGES = [
    Page("plans:assessment_create", LINK_WORKER, person),
    Page(
        "plans:assessment_create",
        LINK_WORKER,
        person,
        state="somewhere else with no text, remote with no reason, bad rating",
        then=bad_assessment,
        expect=ERRORS,
    ),
    Page(
        "plans:assessment_create",
        LINK_WORKER,
        person,
        state=EMPTY,
        then=submit("Save assessment", **{"#id_assessed_on_day": ""}),
        expect=ERRORS,
    ),
    Page("plans:assessment_detail", LINK_WORKER, assessment),
    Page("plans:plan", LINK_WORKER, person),
    Page("plans:plan", LINK_WORKER, unplanned, state="no plan yet"),
    Page("plans:plan_edit", LINK_WORKER, person),
    Page("plans:plan_edit", LINK_WORKER, unplanned, state="new plan"),
    Page(
        "plans:plan_edit",
        LINK_WORKER,
        unplanned,
        state="no goal, rating out of range",
        then=submit("Save plan", **{"#id_goal_2_baseline": "11", "#id_star_0": "9"}),
        expect=ERRORS,
    ),
    Page("plans:my_plan", LINK_WORKER, person),
    Page("plans:my_plan", LINK_WORKER, person, state="large print", then=large_print),
    Page("plans:tasks", MANAGER),
    Page("plans:life_areas", MANAGER),
    Page(
        "plans:life_areas",
        MANAGER,
        state=EMPTY,
        then=submit("Save", **{"#id_areas": ""}),
        expect=ERRORS,
    ),
    Page("plans:star_settings", MANAGER),
    Page(
        "plans:star_settings",
        MANAGER,
        state="too few labels",
        then=submit("Save", **{"#id_point_labels": "Low\nHigh"}),
        expect=ERRORS,
    ),
]

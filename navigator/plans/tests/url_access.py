"""Rows of the shared permission table (navigator/core/tests/test_url_permissions.py)."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row, World
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import AssessmentFactory, make_plan


def build_world(organisation) -> dict:
    person = PersonFactory(organisation=organisation)
    return {
        "plans_person": person,
        "plans_plan": make_plan(person),
        "plans_assessment": AssessmentFactory(person=person),
    }


def planned(world: World) -> dict:
    return {"pk": world.extra["plans_person"].pk}


def assessment(world: World) -> dict:
    return {
        "pk": world.extra["plans_person"].pk,
        "assessment_pk": world.extra["plans_assessment"].pk,
    }


ROWS: dict[str, Row] = {
    "plans:assessment_create": Row(Permission.EDIT_PLANS, planned, has_object=True),
    "plans:assessment_detail": Row(Permission.VIEW_PEOPLE, assessment, has_object=True),
    "plans:plan": Row(Permission.VIEW_PEOPLE, planned, has_object=True),
    "plans:plan_edit": Row(Permission.EDIT_PLANS, planned, has_object=True),
    "plans:my_plan": Row(Permission.VIEW_PEOPLE, planned, has_object=True),
    "plans:my_plan_pdf": Row(Permission.VIEW_PEOPLE, planned, has_object=True),
    "plans:tasks": Row(Permission.ALLOCATE_REFERRALS),
    "plans:life_areas": Row(Permission.MANAGE_OWN_ORGANISATION),
    "plans:star_settings": Row(Permission.MANAGE_OWN_ORGANISATION),
}

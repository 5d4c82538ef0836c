"""Rows of the accessibility scan for a manager's task page (the world's assessment raised a
safeguarding concern, so it has a task)."""

from navigator.core.tests.test_accessibility import EMPTY, ERRORS, MANAGER, Page, World, submit
from navigator.plans.models import ManagerTask


def build(world: World) -> dict:
    return {}


def task(world: World) -> dict:
    return {"pk": ManagerTask.objects.get(assessment=world.extra["plans_assessment"]).pk}


PAGES = [
    Page("plans:task", MANAGER, task),
    Page(
        "plans:task",
        MANAGER,
        task,
        state=EMPTY,
        then=submit("Save and close the task"),
        expect=ERRORS,
    ),
]

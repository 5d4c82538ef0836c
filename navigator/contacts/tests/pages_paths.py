"""Rows of the accessibility scan for a closed case's follow-up pages."""

from navigator.core.tests.test_accessibility import EMPTY, ERRORS, LINK_WORKER, Page, World, submit


def build(world: World) -> dict:
    return {}


def closed(world: World) -> dict:
    return {"pk": world.extra["closed_case"].pk}


PAGES = [
    Page("contacts:follow_up", LINK_WORKER, closed),
    Page(
        "contacts:follow_up",
        LINK_WORKER,
        closed,
        state=EMPTY,
        then=submit("Save the date", **{"#id_due_on_day": ""}),
        expect=ERRORS,
    ),
    Page(
        "contacts:follow_up_cancel",
        LINK_WORKER,
        lambda world: {"pk": world.extra["follow_up"].pk},
    ),
]

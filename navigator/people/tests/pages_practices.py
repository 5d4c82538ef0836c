"""Rows of the accessibility scan for the GP practices' e-mail addresses (the practice is the
scan's world's, Chapel Allerton Surgery, B86001)."""

from navigator.core.tests.test_accessibility import ERRORS, MANAGER, Page, World, submit


def build(world: World) -> dict:
    return {}


PAGES = [
    Page("people:practice_list", MANAGER),
    Page("people:practice_email", MANAGER, lambda world: {"ods_code": "B86001"}),
    Page(
        "people:practice_email",
        MANAGER,
        lambda world: {"ods_code": "B86001"},
        state="not a secure address",
        then=submit("Save the e-mail address", **{"#id_email": "reception@example.com"}),
        expect=ERRORS,
    ),
]

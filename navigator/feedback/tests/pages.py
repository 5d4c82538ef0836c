"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the
feedback pages, as staff and as someone opening a feedback link, with their error states."""

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
from navigator.feedback.tests.helpers import closed_case, record, send_link


def build(world: World) -> dict:
    worker = world.users[LINK_WORKER]
    case = closed_case(world.organisation, worker)
    record(case, worker, went_well="The walking group")
    record(case, worker, respondent="family_or_friend", anonymous=True, fft_answer="poor")
    sent = send_link(case, worker, occasion="follow_up")
    spent = send_link(case, worker, occasion="other")
    spent.request.link.used_at = spent.request.sent_at
    spent.request.link.save(update_fields=["used_at"])
    return {"feedback_case": case, "feedback_token": sent.token, "spent_token": spent.token}


def case(world: World) -> dict:
    return {"pk": world.extra["feedback_case"].pk}


def person(world: World) -> dict:
    return {"pk": world.extra["feedback_case"].person_id}


def token(world: World) -> dict:
    return {"token": world.extra["feedback_token"]}


def answer(page, world: World) -> None:
    page.get_by_role("radio", name="I am the person who was supported").check()
    page.get_by_role("radio", name="Good", exact=True).check()
    page.fill("#id_went_well", "Someone listened")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Send your answers").click()


PAGES = [
    Page("feedback:list", MANAGER),
    Page("feedback:person", LINK_WORKER, person),
    Page("feedback:record", LINK_WORKER, case),
    Page(
        "feedback:record",
        LINK_WORKER,
        case,
        state=EMPTY,
        then=submit("Save feedback"),
        expect=ERRORS,
    ),
    Page("feedback:send_link", LINK_WORKER, case),
    Page(
        "feedback:send_link",
        LINK_WORKER,
        case,
        state=EMPTY,
        then=submit("Send the link"),
        expect=ERRORS,
    ),
    Page("feedback:give", ANONYMOUS, token),
    Page(
        "feedback:give",
        ANONYMOUS,
        token,
        state=EMPTY,
        then=submit("Send your answers"),
        expect=ERRORS,
    ),
    Page("feedback:give", ANONYMOUS, token, state="answered", then=answer, expect="#thanks"),
    Page(
        "feedback:give",
        ANONYMOUS,
        lambda world: {"token": world.extra["spent_token"]},
        state="link already used",
        status=410,
    ),
]

"""Rows of the accessibility scan for the API client pages."""

from navigator.api.tests.factories import client_with_token
from navigator.core.tests.test_accessibility import EMPTY, ERRORS, MANAGER, Page, World, submit


def build(world: World) -> dict:
    return {"api_client": client_with_token(world.organisation, name="EMIS").client}


def api_client(world: World) -> dict:
    return {"pk": world.extra["api_client"].pk}


def add_client(page, world: World) -> None:
    page.fill("#id_name", "SystmOne at Meanwood")
    page.locator("input[name=scopes]").first.check()
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Add client").click()


PAGES = [
    Page("api:client_list", MANAGER),
    Page("api:client_create", MANAGER),
    Page("api:client_create", MANAGER, state=EMPTY, then=submit("Add client"), expect=ERRORS),
    Page(
        "api:client_create", MANAGER, state="secret shown", then=add_client, expect="#client-secret"
    ),
    Page("api:client_revoke", MANAGER, api_client),
]


NOT_HTML = {
    name: "REST API (JSON)"
    for name in (
        "rest:openapi-json",
        "rest:api-root",
        "rest:people",
        "rest:person",
        "rest:referrals",
        "rest:referral",
        "rest:caseloads",
        "rest:contacts",
        "rest:activity_referrals",
        "rest:outcome_scores",
    )
}

"""Rows of the accessibility scan for the team caseload view narrowed to one team."""

from navigator.accounts.tests.factories import TeamFactory
from navigator.core.tests.test_accessibility import LINK_WORKER, MANAGER, Page, World


def build(world: World) -> dict:
    east = TeamFactory(organisation=world.organisation, name="East")
    world.users[LINK_WORKER].team = east
    world.users[LINK_WORKER].save(update_fields=["team"])
    return {}


def choose_team(name: str):
    def action(page, world: World) -> None:
        page.select_option("#id_team", label=name)
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Apply").click()

    return action


PAGES = [
    Page("contacts:team", MANAGER, state="one team", then=choose_team("East"), expect="#team"),
]

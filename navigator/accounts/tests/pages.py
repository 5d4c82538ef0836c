"""Rows of the accessibility scan (navigator/core/tests/test_accessibility.py) for the team
pages. (The other accounts pages have their rows there.)"""

from navigator.accounts.tests.factories import TeamFactory
from navigator.core.tests.test_accessibility import (
    ADMIN,
    EMPTY,
    ERRORS,
    MANAGER,
    Page,
    World,
    submit,
)


def build(world: World) -> dict:
    north = TeamFactory(organisation=world.organisation, name="North")
    world.users[MANAGER].team = north
    world.users[MANAGER].save(update_fields=["team"])
    TeamFactory(organisation=world.organisation, name="South")
    return {"team": north}


def team(world: World) -> dict:
    return {"pk": world.extra["team"].pk}


PAGES = [
    Page("accounts:team_list", MANAGER),
    Page("accounts:team_list", ADMIN),
    Page("accounts:team_create", MANAGER),
    Page("accounts:team_create", ADMIN, state=EMPTY, then=submit("Save"), expect=ERRORS),
    Page("accounts:team_edit", MANAGER, team),
    Page(
        "accounts:team_edit",
        MANAGER,
        team,
        state="name taken",
        then=submit("Save", **{"#id_name": "south"}),
        expect=ERRORS,
    ),
]

"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the team pages, and the team they need. (The other accounts pages have their rows there.)"""

from navigator.accounts.permissions import Permission
from navigator.accounts.tests.factories import TeamFactory
from navigator.core.tests.test_url_permissions import Row


def build_world(organisation) -> dict:
    return {"team": TeamFactory(organisation=organisation, name="North")}


ROWS: dict[str, Row] = {
    "accounts:team_list": Row(Permission.MANAGE_USERS),
    "accounts:team_create": Row(Permission.MANAGE_USERS),
    "accounts:team_edit": Row(
        Permission.MANAGE_USERS,
        lambda world: {"pk": world.extra["team"].pk},
        administrators_reach_everywhere=True,
        has_object=True,
    ),
}

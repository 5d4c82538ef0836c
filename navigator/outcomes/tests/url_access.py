"""Rows of the project's permission table (navigator/core/tests/test_url_permissions.py) for
the outcome measure pages, and the objects they need."""

from navigator.accounts.permissions import Permission, Role
from navigator.accounts.tests.factories import UserFactory
from navigator.core.tests.test_url_permissions import Row, World
from navigator.outcomes.tests.helpers import started
from navigator.people.tests.factories import PersonFactory


def build_world(organisation) -> dict:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    person = PersonFactory(organisation=organisation)
    return {"outcomes_administration": started(person, worker)}


def administration(world: World) -> dict:
    return {"pk": world.extra["outcomes_administration"].pk}


def person(world: World) -> dict:
    return {"pk": world.person.pk}


RECORD = Permission.RECORD_OUTCOMES
ROWS: dict[str, Row] = {
    "outcomes:settings": Row(Permission.MANAGE_MEASURES),
    "outcomes:custom_create": Row(Permission.MANAGE_MEASURES),
    "outcomes:person": Row(RECORD, person, has_object=True),
    "outcomes:start": Row(RECORD, person, has_object=True),
    "outcomes:administration": Row(RECORD, administration, has_object=True),
    "outcomes:send_link": Row(RECORD, administration, has_object=True),
}

"""The questionnaire page opened by a secure link is public: the token is the key. Its own
tests (test_questionnaire_link.py) cover links that are live, used, expired and cancelled; in
the permission table a live link opens for everyone, signed in or not."""

import datetime

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.core.tests.test_url_permissions import PUBLIC, Row
from navigator.links.models import Purpose
from navigator.links.services import issue_link
from navigator.outcomes.tests.helpers import started
from navigator.people.tests.factories import PersonFactory


def build_world(organisation) -> dict:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    administration = started(PersonFactory(organisation=organisation), worker)
    with acting_as(Actor(user=worker)):
        issued = issue_link(
            purpose=Purpose.QUESTIONNAIRE,
            target=administration,
            valid_for=datetime.timedelta(days=14),
        )
    return {"outcomes_questionnaire_token": issued.token}


ROWS = {
    "outcomes:questionnaire": Row(
        PUBLIC, lambda world: {"token": world.extra["outcomes_questionnaire_token"]}
    ),
}

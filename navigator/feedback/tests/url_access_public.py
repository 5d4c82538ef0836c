"""The page opened from a feedback e-mail, in the permission table: anyone holding a live
link may open it, signed in or not (the link's own tests cover refusals)."""

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.core.tests.test_url_permissions import PUBLIC, Row
from navigator.feedback.tests.helpers import closed_case, send_link


def build_world(organisation) -> dict:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    return {"feedback_token": send_link(closed_case(organisation, worker), worker).token}


ROWS = {
    "feedback:give": Row(PUBLIC, lambda world: {"token": world.extra["feedback_token"]}),
}

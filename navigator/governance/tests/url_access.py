"""Rows of the project's permission table for the information governance pages."""

from navigator.accounts.permissions import Permission
from navigator.core.tests.test_url_permissions import Row
from navigator.governance.tests.factories import DestructionReviewFactory
from navigator.people.tests.factories import PersonFactory


def build_world(organisation) -> dict:
    review = DestructionReviewFactory(person=PersonFactory(organisation=organisation))
    return {"destruction_review": review}


GOVERN = Permission.GOVERN_RECORDS
ROWS: dict[str, Row] = {
    "governance:index": Row(GOVERN),
    "governance:retention": Row(GOVERN),
    "governance:destruction": Row(GOVERN),
    "governance:review": Row(
        GOVERN, lambda world: {"pk": world.extra["destruction_review"].pk}, has_object=True
    ),
    "governance:subject_access": Row(
        GOVERN, lambda world: {"pk": world.person.pk}, has_object=True
    ),
}

"""Rows of the accessibility scan for merging: a pair that can be merged, and a merged
record's pointer page."""

import datetime

from navigator.audit.context import Actor, acting_as
from navigator.core.tests.test_accessibility import (
    EMPTY,
    ERRORS,
    LINK_WORKER,
    MANAGER,
    Page,
    World,
    submit,
)
from navigator.people import services
from navigator.people.models import Person


def build(world: World) -> dict:
    with acting_as(Actor(user=world.users[MANAGER])):
        pair = [
            services.create_person(
                organisation=world.organisation,
                data={
                    "given_name": given_name,
                    "family_name": "Mbeki",
                    "date_of_birth": datetime.date(1952, 6, 30),
                },
            )
            for given_name in ("Thandiwe", "Thandi")
        ]
    return {
        "absorbed": Person.objects.filter(merged_into=world.person).get(),
        "mergeable": pair,
    }


def mergeable(world: World) -> dict:
    kept, other = world.extra["mergeable"]
    return {"pk": kept.pk, "other_pk": other.pk}


PAGES = [
    Page("people:merge_confirm", MANAGER, mergeable),
    Page(
        "people:merge_confirm",
        MANAGER,
        mergeable,
        state=EMPTY,
        then=submit("Merge records"),
        expect=ERRORS,
    ),
    Page(
        "people:flag_duplicate", LINK_WORKER, lambda world: {"pk": world.extra["mergeable"][0].pk}
    ),
    Page("people:flag_duplicate_confirm", LINK_WORKER, mergeable),
    Page(
        "people:flag_duplicate_confirm",
        LINK_WORKER,
        mergeable,
        state=EMPTY,
        then=submit("Ask a manager to check"),
        expect=ERRORS,
    ),
    Page(
        "people:detail",
        LINK_WORKER,
        lambda world: {"pk": world.extra["absorbed"].pk},
        state="merged into another record",
    ),
]

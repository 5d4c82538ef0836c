"""A restricted record answers like a missing record (404) to everyone it does not name, on
every URL of the permission table that takes a person or one of their records, and as before
to the staff it names. Each URL's row comes from the permission table, so a page added there
is checked here too."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role, role_has
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.tests.shared_data import module_data
from navigator.core.tests.test_url_permissions import URLS, World, make_world
from navigator.people.models import Person
from navigator.restrictions.tests.factories import RestrictionFactory

# Pages with an object in their address that is about no one person (or not yet: an
# uploaded cohort's row until it is matched to a record), and restrictions' own pages, which
# show the name and the restriction to those who manage it or may break the glass.
NOT_ABOUT_A_PERSON = {
    "accounts:organisation_edit",
    "accounts:team_edit",
    "accounts:user_edit",
    "activities:volunteer",
    "api:client_revoke",
    "directory:import_report",
    "messaging:wording_language_edit",
    "messaging:wording_language_remove",
    "outreach:member",
    "trail:user",
    "trail:user_export",
    "outreach:cohort",
    "referrals:reason_edit",
    "restrictions:break_glass",
    "restrictions:edit",
    "restrictions:lift",
    "restrictions:review",
}
ABOUT_A_PERSON = sorted(
    name for name, row in URLS.items() if row.has_object and name not in NOT_ABOUT_A_PERSON
)


def test_the_exceptions_are_pages_of_the_table():
    assert set(URLS) >= NOT_ABOUT_A_PERSON


STAFF_ROLES = [role for role in Role if role != Role.ADMINISTRATOR]


@dataclass
class RestrictedWorld:
    world: World
    named: dict[Role, Any]  # a user of each role the restrictions name
    others: dict[Role, Any]  # and one of each role they do not


def build_restricted_world() -> RestrictedWorld:
    """Every record of one organisation restricted to a user of each staff role."""
    world = make_world(OrganisationFactory())
    organisation = world.organisation
    named = {role: UserFactory(organisation=organisation, role=role) for role in STAFF_ROLES}
    others = {role: UserFactory(organisation=organisation, role=role) for role in STAFF_ROLES}
    # The queue's referral is attached to a record, so that it is one of that person's.
    queued = world.extra["referral"]
    queued.person = world.person
    queued.save()
    for person in Person.objects.filter(organisation=organisation, restriction__isnull=True):
        RestrictionFactory(person=person, named_staff=list(named.values()))
    return RestrictedWorld(world=world, named=named, others=others)


# Built once for every URL's test: each runs in a savepoint, undone after it.
restricted = module_data(build_restricted_world)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ABOUT_A_PERSON)
def test_a_restricted_record_is_missing_to_staff_it_does_not_name(
    client, restricted: RestrictedWorld, url_name
):
    row = URLS[url_name]
    roles = [role for role in STAFF_ROLES if role_has(role, row.access)]
    url = reverse(url_name, kwargs=row.kwargs(restricted.world))

    failures = []
    for role in roles:
        client.force_login(restricted.others[role])
        if (status := client.get(url).status_code) != 404:
            failures.append(f"{role} not named: GET {url} gave {status}, expected 404")
        client.force_login(restricted.named[role])
        if (status := client.get(url).status_code) != 200:
            failures.append(f"{role} named: GET {url} gave {status}, expected 200")
    assert roles, f"nobody may use {url_name}"
    assert not failures, "\n".join(failures)

"""The permission table's rows for "sees a person it has no part in": a volunteer not going
with them, a provider they were not referred to and a referrer who did not refer them, each
in the person's own organisation, get every URL about a person or their records (every
object row of the table in test_url_permissions.py), GET and POST, refused: 403 or 404, and
nothing of the person in the answer. A volunteer sees people only on "Your visits", and
only for the visits they go on (test_accompaniment.py)."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.tests.test_url_permissions import URLS, make_world
from navigator.people.models import Person

pytestmark = pytest.mark.django_db

ROLES = [Role.VOLUNTEER, Role.VCS_PROVIDER, Role.REFERRER]
# Object rows that hold nothing about a person: a directory import report is the
# organisation's, and its providers may read it.
NOT_ABOUT_A_PERSON = {"directory:import_report"}
# Names Faker cannot produce, so their absence from a page means something.
GIVEN, FAMILY = "Quenvelda", "Ashbrookwyn"


def test_a_role_with_no_part_in_a_person_reaches_none_of_their_urls(client) -> None:
    world = make_world(OrganisationFactory())
    Person.objects.filter(pk=world.person.pk).update(given_name=GIVEN, family_name=FAMILY)
    nhs_number = world.person.nhs_number
    # Built before the users exist, so nothing links them to the person's records.
    urls = {
        name: reverse(name, kwargs=row.kwargs(world))
        for name, row in sorted(URLS.items())
        if row.has_object and name not in NOT_ABOUT_A_PERSON
    }
    failures = []
    for role in ROLES:
        client.force_login(UserFactory(organisation=world.organisation, role=role))
        for name, url in urls.items():
            for method in (client.get, client.post):
                response = method(url)
                body = response.content.decode(errors="replace")
                if response.status_code not in (403, 404):
                    failures.append(
                        f"{role}: {method.__name__.upper()} {url} ({name}) gave "
                        f"{response.status_code}"
                    )
                if FAMILY in body or GIVEN in body or (nhs_number and nhs_number in body):
                    failures.append(f"{role}: {url} ({name}) shows the person")
    assert not failures, "\n".join(failures)

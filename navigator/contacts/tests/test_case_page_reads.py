"""The case page, the caseload's task and follow-up lists and the person page's overview read
each row they show once, with only what they show: as many queries for a long history as for
a short one, and the case itself read once."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import Task
from navigator.contacts.tests.helpers import allocated_through_services, log

pytestmark = pytest.mark.django_db

KINDS = [Task.Kind.CONTACT_DUE, Task.Kind.REVIEW_DUE, Task.Kind.NOT_ENGAGING]


def statements_of(client: Client, path: str) -> tuple[list[str], str]:
    statements: list[str] = []

    def watch(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        response = client.get(path)
    assert response.status_code == 200
    return statements, " ".join(response.content.decode().split())


def worked(organisation, worker, colleague, *, size: int):
    """A case with `size` contacts, reallocations back and forth and open tasks."""
    case = allocated_through_services(organisation, worker)
    long_ago = timezone.now() - datetime.timedelta(days=60)
    for number in range(size):
        log(case, worker, when=long_ago + datetime.timedelta(hours=number))
    with acting_as(Actor(user=worker)):
        for number in range(size):
            services.reallocate(
                referral=case, to=colleague if number % 2 == 0 else worker, reason=f"Cover {number}"
            )
        for kind in KINDS[:size]:
            services.open_task(referral=case, kind=kind, due_on=timezone.localdate())
    return case


@pytest.fixture
def colleague(organisation):
    return UserFactory(
        organisation=organisation, role=Role.LINK_WORKER, first_name="Ada", last_name="Okafor"
    )


def test_the_case_page_reads_the_same_whatever_the_history(
    organisation, link_worker, colleague, signed_in
) -> None:
    small = worked(organisation, link_worker, colleague, size=1)
    large = worked(organisation, link_worker, colleague, size=3)
    client = signed_in(link_worker)
    client.get(reverse("contacts:case", args=[small.pk]))  # the settings row is made on first use

    few, _ = statements_of(client, reverse("contacts:case", args=[small.pk]))
    many, text = statements_of(client, reverse("contacts:case", args=[large.pk]))

    assert len(many) == len(few)
    # The case is read once, with its caseload figures.
    cases = [sql for sql in many if re.match(r'SELECT .* FROM "referrals_referral"', sql)]
    assert len(cases) == 1
    # With its closure and the reopening it came from; the plan's answers about independence
    # are read without reading the plan first.
    for table in ("contacts_closure", "plans_supportplan"):
        assert not [sql for sql in many if re.match(rf'SELECT .* FROM "{table}"', sql)], table
    assert not [sql for sql in many if '"contacts_reopening"."new_id" = %s' in sql]
    assert f"from {link_worker} to {colleague}. Cover 0" in text
    assert f"from {colleague} to {link_worker}. Cover 1" in text
    assert "Plan review due, due" in text and "Contact due, due" in text
    assert text.count("Talked about the walking group") == 3


def test_the_person_overview_reads_the_same_whatever_the_tasks(
    organisation, link_worker, colleague, signed_in
) -> None:
    small = worked(organisation, link_worker, colleague, size=1)
    large = worked(organisation, link_worker, colleague, size=3)
    client = signed_in(link_worker)
    client.get(reverse("people:detail", args=[small.person.pk]))

    few, _ = statements_of(client, reverse("people:detail", args=[small.person.pk]))
    many, text = statements_of(client, reverse("people:detail", args=[large.person.pk]))

    assert len(many) == len(few)
    for kind in KINDS:
        assert f"{kind.label}, due" in text
    assert f"Mark as done: Contact due for {large.person.full_name}" in " ".join(
        re.sub(r"<[^>]+>", "", text).split()
    )


def test_the_caseload_reads_the_same_whatever_the_tasks(
    organisation, link_worker, colleague, signed_in
) -> None:
    worked(organisation, link_worker, colleague, size=1)
    client = signed_in(link_worker)
    client.get(reverse("contacts:caseload"))
    few, _ = statements_of(client, reverse("contacts:caseload"))
    large = worked(organisation, link_worker, colleague, size=3)

    many, text = statements_of(client, reverse("contacts:caseload"))

    assert len(many) == len(few)
    assert f"{large.person.full_name}, case {large.reference}</a>: Plan review due" in text

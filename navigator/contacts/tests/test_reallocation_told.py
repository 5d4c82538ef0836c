"""The link worker who receives a reallocated case is told at once (an e-mail through the
queue, with no name in it), and the case's open tasks go with it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.conftest import IMMEDIATE_TASKS
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import Task
from navigator.contacts.tests.helpers import open_case

pytestmark = pytest.mark.django_db


def test_the_new_link_worker_is_e_mailed_and_gets_the_tasks(
    settings,
    organisation,
    link_worker,
    manager,
    signed_in,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = IMMEDIATE_TASKS
    case = open_case(organisation, link_worker)
    with acting_as(Actor(user=link_worker)):
        task = services.open_task(
            referral=case, kind=Task.Kind.CONTACT_DUE, due_on=timezone.localdate()
        )
    other = UserFactory(organisation=organisation, role=Role.LINK_WORKER, email="kit@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(manager).post(
            reverse("contacts:reallocate", args=[case.pk]),
            {"link_worker": other.pk, "reason": "Long-term leave"},
        )

    [email] = mailoutbox
    assert email.to == ["kit@example.org"]
    assert case.reference in email.subject
    assert reverse("contacts:case", args=[case.pk]) in email.body
    assert "Long-term leave" in email.body
    assert case.person.family_name not in email.subject + email.body
    task.refresh_from_db()
    assert task.assigned_to == other

"""A safeguarding concern raised at an assessment: the managers are e-mailed at once (through
the queue, with no name in it), their home page counts the open tasks, and closing the task
records what was decided and by whom."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.conftest import IMMEDIATE_TASKS
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.plans.models import ManagerTask
from navigator.plans.tests.factories import ManagerTaskFactory, assessment_post
from navigator.plans.tests.helpers import person_of

pytestmark = pytest.mark.django_db


def test_managers_are_e_mailed_when_a_concern_is_raised(
    settings, signed_in, link_worker, manager, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    manager.email = "manager@example.org"
    manager.save()
    UserFactory(organisation=manager.organisation, role=Role.MANAGER, email="", username="m2")
    UserFactory(role=Role.MANAGER, email="elsewhere@example.org")  # another organisation's
    person = person_of(link_worker)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(
            reverse("plans:assessment_create", kwargs={"pk": person.pk}),
            assessment_post(
                safeguarding_concern="on",
                safeguarding_details="Money going missing",
                action_taken="Told the manager",
            ),
        )

    task = ManagerTask.objects.get(person=person)
    [email] = mailoutbox
    assert email.to == ["manager@example.org"]
    assert "Safeguarding concern" in email.subject
    assert reverse("plans:task", kwargs={"pk": task.pk}) in email.body
    assert person.family_name not in email.body + email.subject
    assert "Money going missing" not in email.body


def test_the_home_page_counts_open_tasks(signed_in, manager):
    ManagerTaskFactory.create_batch(2, assessment__person__organisation=manager.organisation)

    page = signed_in(manager).get(reverse("core:home")).text

    assert "Tasks (2 to do)" in page
    assert "2 tasks are waiting for a manager" in page


def test_closing_a_task_records_what_was_decided_and_by_whom(signed_in, manager):
    task = ManagerTaskFactory(assessment__person__organisation=manager.organisation)
    client = signed_in(manager)
    task_url = reverse("plans:task", kwargs={"pk": task.pk})

    listed = client.get(reverse("plans:tasks")).text
    empty = client.post(task_url, {"decision": "  "})
    closed = client.post(task_url, {"decision": "Referred to adult social care today"})

    assert f'href="{task_url}"' in listed
    assert empty.status_code == 200
    assert "Say what was decided" in empty.text
    assert closed.status_code == 302
    task.refresh_from_db()
    assert task.done_by == manager
    assert task.decision == "Referred to adult social care today"
    done = client.get(reverse("plans:tasks")).text
    assert "Referred to adult social care today" in done
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED, object_id=str(task.pk))
    assert event.changes["decision"] == ["", "Referred to adult social care today"]
    again = client.post(task_url, {"decision": "Something else"})
    assert "already dealt with" in again.text
    task.refresh_from_db()
    assert task.decision == "Referred to adult social care today"


def test_another_organisations_task_cannot_be_closed(signed_in, manager, other_organisation):
    task = ManagerTaskFactory(assessment__person__organisation=other_organisation)

    response = signed_in(manager).post(
        reverse("plans:task", kwargs={"pk": task.pk}), {"decision": "Not ours"}
    )

    assert response.status_code == 404
    assert ManagerTask.objects.get(pk=task.pk).done_at is None

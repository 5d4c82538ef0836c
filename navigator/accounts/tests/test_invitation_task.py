import pytest
from django.core import mail
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from navigator.accounts import services
from navigator.accounts.permissions import Role
from navigator.accounts.tasks import send_email
from navigator.accounts.tests.helpers import link_in

INVITEE = {
    "first_name": "Amara",
    "last_name": "Okafor",
    "username": "aokafor",
    "email": "amara.okafor@example.org",
    "role": Role.VOLUNTEER,
}


def test_send_email_task_sends_one_plain_email(db) -> None:
    sent = send_email.call(subject="Hello", body="A message", to=["someone@example.org"])

    assert sent == 1
    [message] = mail.outbox
    assert message.subject == "Hello"
    assert message.body == "A message"
    assert message.to == ["someone@example.org"]
    assert message.from_email == "Navigator <navigator@localhost>"


@pytest.mark.usefixtures("database_tasks")
def test_invitation_is_queued_only_when_the_account_is_committed(
    organisation, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        user = services.invite_user(organisation=organisation, data=INVITEE)
        assert not DBTaskResult.objects.exists()

    assert len(callbacks) == 1
    callbacks[0]()
    task = DBTaskResult.objects.get()
    assert task.task_path == "navigator.accounts.tasks.send_email"
    assert task.args_kwargs["kwargs"]["to"] == [user.email]
    assert task.args_kwargs["kwargs"]["subject"] == "Your Navigator account"


@pytest.mark.usefixtures("database_tasks")
# The worker closes its database connection when it stops, as it should in production; the
# test's data must therefore be committed, not held in the test's own transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_the_invitation(
    run_worker, client, organisation, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite_user(organisation=organisation, data=INVITEE)
    assert mail.outbox == []

    run_worker()

    [message] = mail.outbox
    assert message.to == [user.email]
    assert "Hello Amara Okafor" in message.body
    assert f"at {organisation.name}" in message.body
    assert "Your username is aokafor" in message.body
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    opened = client.get(link_in(message))
    assert opened.status_code == 302
    assert "Choose a new password" in client.get(opened.url).content.decode()


@pytest.mark.usefixtures("immediate_tasks")
def test_a_failed_transaction_sends_no_invitation(
    organisation, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.invite_user(organisation=organisation, data=INVITEE)
        raise RuntimeError("something later went wrong")

    assert mail.outbox == []

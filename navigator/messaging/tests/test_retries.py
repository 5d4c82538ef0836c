"""The worker tries again with growing waits while Notify is down or busy, then gives up and
tells the link worker; a worker that stops half-way never makes a message go twice: the
message is looked up at Notify by its reference before it is sent again."""

import datetime

import pytest
from django.utils import timezone

from navigator.contacts.models import Task
from navigator.messaging import services
from navigator.messaging.models import Message, Status
from navigator.messaging.tasks import BACKOFF, deliver_message, sweep_messages
from navigator.messaging.tests.helpers import send_feedback_link, texted_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture(autouse=True)
def _never_quiet(settings):
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"


def _due_now(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now())


def test_a_temporary_failure_is_retried_later_and_sent_once(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    case = texted_case(organisation, link_worker)
    notify.fail_next(503, "Service unavailable")
    notify.fail_next(429, "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds")

    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert "503" in message.error
    wait = message.send_after - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= BACKOFF[0]

    assert sweep_messages.call() == 0  # not due yet
    _due_now(message)
    sweep_messages.call()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 2)
    assert message.send_after - timezone.now() > BACKOFF[1] - datetime.timedelta(seconds=10)

    _due_now(message)
    sweep_messages.call()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (Status.SENT, 3, "")
    assert len(notify.sent) == 1


def test_after_the_last_retry_the_message_has_failed(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    case = texted_case(organisation, link_worker)
    for _ in range(len(BACKOFF) + 1):
        notify.fail_next(500, "Internal server error")

    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)
    for _ in BACKOFF:
        _due_now(message)
        sweep_messages.call()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, len(BACKOFF) + 1)
    assert notify.sent == []
    assert Task.objects.filter(referral=case, kind=Task.Kind.MESSAGE_UNDELIVERED).exists()


def test_a_worker_that_died_after_notify_took_the_message_does_not_send_it_again(
    notify, organisation, link_worker, django_capture_on_commit_callbacks, monkeypatch
):
    case = texted_case(organisation, link_worker)
    with django_capture_on_commit_callbacks(execute=False):
        message = send_feedback_link(case, link_worker)

    def dies(**kwargs):
        raise SystemExit("the worker's machine was switched off")

    with monkeypatch.context() as patched:
        patched.setattr(services, "record_accepted", dies)
        with pytest.raises(SystemExit):
            deliver_message.call(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.SENDING
    assert len(notify.sent) == 1

    # Another worker, soon after, leaves it alone: the first may still be at it.
    assert deliver_message.call(message_id=message.pk) == Status.SENDING
    assert sweep_messages.call() == 0
    # A quarter of an hour later the sweep takes it up, and finds it at Notify.
    Message.objects.filter(pk=message.pk).update(
        status_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert sweep_messages.call() == 1

    message.refresh_from_db()
    assert len(notify.sent) == 1
    assert (message.status, message.provider_id) == (Status.SENT, notify.sent[0]["id"])
    assert message.link_address == ""


def test_a_worker_that_died_before_notify_had_it_sends_it_once(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    case = texted_case(organisation, link_worker)
    with django_capture_on_commit_callbacks(execute=False):
        message = send_feedback_link(case, link_worker)
    # Marked as being sent, and then nothing: the worker stopped before calling Notify.
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENDING, status_at=timezone.now() - datetime.timedelta(minutes=16)
    )

    sweep_messages.call()
    sweep_messages.call()

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(notify.sent) == 1


def test_a_message_already_sent_is_never_sent_again(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    case = texted_case(organisation, link_worker)
    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)

    assert deliver_message.call(message_id=message.pk) == Status.SENT
    assert len(notify.sent) == 1

"""Sending, done by the background worker: one task per message, retried with backoff on
temporary failures, never sending one message twice."""

import datetime
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.messaging import services
from navigator.messaging.models import Channel, Message, Status
from navigator.messaging.transports import (
    MeshTransport,
    PermanentFailure,
    TemporaryFailure,
    transport,
)

logger = logging.getLogger(__name__)

SWEEP_JOB = "messages_sweep"
REMINDERS_JOB = "messages_reminders"
# Waits before each retry after a temporary failure; after the last, the message has failed.
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
]
# A message still "being sent" after this long belongs to a worker that stopped half-way.
STUCK_AFTER = datetime.timedelta(minutes=15)


def enqueue_delivery(message: Message) -> None:
    """Queue the message's task, to run once its quiet hours are over if the backend can
    wait (otherwise it runs at once, finds it too early, and the sweep queues it again)."""
    chosen = deliver_message
    if message.send_after > timezone.now() and chosen.get_backend().supports_defer:
        chosen = chosen.using(run_after=message.send_after)
    chosen.enqueue(message_id=message.pk)


@task
def deliver_message(*, message_id: int) -> str:
    """Send one message, and return its status. A message already sent, or being sent by
    another worker, is left alone; one whose earlier attempt stopped half-way is first looked
    up at the provider by its reference, and sent only if the provider never had it."""
    with scopes_disabled(), transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status not in (Status.QUEUED, Status.SENDING):
            return message.status
        started = message.status_at or message.created_at
        if message.status == Status.SENDING and timezone.now() - started < STUCK_AFTER:
            return message.status  # another worker is on it
        if message.send_after > timezone.now():
            return message.status
        interrupted = message.status == Status.SENDING
        message.status = Status.SENDING
        message.status_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["status", "status_at", "attempts"])
    # From here the provider is called outside any transaction: the "being sent" mark above
    # is already committed, so a worker dying now leaves a trace to recover from.
    channel = transport(message)
    try:
        if interrupted:
            found = channel.find(message) if channel.can_find else None
            if found is None and not channel.can_find:
                raise PermanentFailure(
                    "Sending stopped half-way and whether it went cannot be known: "
                    "not sent again, so that it is never sent twice"
                )
            if found is not None:
                services.record_accepted(message=message, accepted=found)
                return found.status
        accepted = channel.send(message, message.body.replace("((link))", message.link_address))
    except TemporaryFailure as error:
        return services.record_temporary_failure(message=message, error=str(error), backoff=BACKOFF)
    except PermanentFailure as error:
        services.record_failure(message=message, error=str(error))
        return Status.FAILED
    services.record_accepted(message=message, accepted=accepted)
    return accepted.status


@task
def sweep_messages() -> int:
    """Queue again the messages that are due but have no live task: those whose quiet hours
    ended, and those a stopped worker left half-sent; and ask NHS MESH where the messages it
    took have got to (it sends no receipts). The number queued."""
    now = timezone.now()
    with scopes_disabled():
        due = list(
            Message.objects.filter(status=Status.QUEUED, send_after__lte=now)
            | Message.objects.filter(status=Status.SENDING, status_at__lt=now - STUCK_AFTER)
        )
        in_mesh = list(Message.objects.filter(channel=Channel.MESH, status=Status.SENT))
    for message in due:
        enqueue_delivery(message)
    for message in in_mesh:
        _track(message)
    return len(due)


def _track(message: Message) -> None:
    try:
        tracked = MeshTransport().track(message)
    except (TemporaryFailure, PermanentFailure) as error:
        logger.warning("NHS MESH tracking of message %s: %s", message.pk, error)
        return  # asked again at the next sweep
    services.follow_status(
        message=message,
        status=tracked.status,
        provider_status=tracked.provider_status,
        provider="NHS MESH",
    )


def enqueue_sweep(today: datetime.date) -> None:
    sweep_messages.enqueue()


@task
def send_reminders(*, today: str) -> int:
    """Tomorrow's contacts and accompaniment visits, reminded today (the daily job)."""
    with scopes_disabled():
        return services.send_reminders(today=datetime.date.fromisoformat(today))


def enqueue_reminders(today: datetime.date) -> None:
    send_reminders.enqueue(today=today.isoformat())

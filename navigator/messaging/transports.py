"""Where messages go: GOV.UK Notify in production, or, without a Notify key, Django's e-mail
backend for e-mails and the log for texts and letters (development). The worker
(`tasks.deliver_message`) is the only caller."""

import io
import logging
from dataclasses import dataclass
from typing import Protocol

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from notifications_python_client.utils import prepare_upload

from navigator.messaging.models import Channel, Message, Status

logger = logging.getLogger(__name__)


class TemporaryFailure(Exception):
    """Worth trying again later (the provider is down, busy or unreachable)."""


class PermanentFailure(Exception):
    """Trying again would fail the same way (a refused number, a missing template…)."""


@dataclass(frozen=True)
class Accepted:
    provider_id: str
    provider_status: str
    status: str = Status.SENT


class Transport(Protocol):
    # Whether the transport can say, by its reference, if a message was already accepted:
    # without that, a send interrupted half-way is not tried again (never twice).
    can_find: bool

    def send(self, message: Message, body: str) -> Accepted: ...

    def find(self, message: Message) -> Accepted | None: ...


# GOV.UK Notify's statuses, as Navigator's. Anything not listed is still on its way.
NOTIFY_STATUSES = {
    "delivered": Status.DELIVERED,
    "received": Status.DELIVERED,  # a letter printed and handed to the postal service
    "permanent-failure": Status.FAILED,
    "temporary-failure": Status.FAILED,  # Notify gave up after trying for 72 hours
    "technical-failure": Status.FAILED,
    "validation-failed": Status.FAILED,
    "virus-scan-failed": Status.FAILED,
    "cancelled": Status.FAILED,
}


def status_from_notify(provider_status: str) -> str:
    return NOTIFY_STATUSES.get(provider_status, Status.SENT)


def template_id(kind: str, channel: str, *, with_file: bool = False) -> str:
    """The Notify template for this type of message: its own if configured, else the channel's
    (a template whose content is `((body))`, and `((subject))` for e-mails). An e-mail with a
    file needs a template that also holds `((link_to_file))`: the file's own."""
    ids = settings.NOTIFY_TEMPLATE_IDS
    shared = f"file_{channel}" if with_file else channel
    found = ids.get(f"{kind}_{channel}") or ids.get(shared)
    if not found:
        raise PermanentFailure(
            f"No GOV.UK Notify template is configured for {shared.replace('_', ' ')} "
            f"(set NOTIFY_TEMPLATE_{shared.upper()})"
        )
    return found


def file_upload(message: Message) -> dict:
    """The attachment as Notify takes it: uploaded with the e-mail, which holds a link to it.
    Whoever opens the link confirms their e-mail address first, so a forwarded e-mail does not
    open the letter."""
    try:
        return prepare_upload(
            io.BytesIO(bytes(message.attachment)),
            filename=message.attachment_name,
            confirm_email_before_download=True,
        )
    except ValueError as error:  # larger than Notify's 2MB
        raise PermanentFailure(f"GOV.UK Notify cannot take the file: {error}") from error


def letter_address(recipient: str) -> dict[str, str]:
    """Notify's address lines: 3 to 7, the last a postcode."""
    lines = [line for line in recipient.splitlines() if line.strip()][:7]
    return {f"address_line_{number}": line for number, line in enumerate(lines, start=1)}


class NotifyTransport:
    can_find = True

    def __init__(self, api_key: str, base_url: str) -> None:
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=20)

    def send(self, message: Message, body: str) -> Accepted:
        with_file = bool(message.attachment)
        template = template_id(message.kind, message.channel, with_file=with_file)
        personalisation: dict = {"subject": message.subject, "body": body}
        if with_file:
            personalisation["link_to_file"] = file_upload(message)
        reference = str(message.reference)
        try:
            if message.channel == Channel.TEXT:
                answer = self.client.send_sms_notification(
                    message.recipient, template, personalisation, reference
                )
            elif message.channel == Channel.EMAIL:
                answer = self.client.send_email_notification(
                    message.recipient, template, personalisation, reference
                )
            else:
                answer = self.client.send_letter_notification(
                    template, {**personalisation, **letter_address(message.recipient)}, reference
                )
        except (APIError, requests.RequestException) as error:
            raise _failure(error) from error
        return Accepted(provider_id=answer["id"], provider_status="created")

    def find(self, message: Message) -> Accepted | None:
        try:
            found = self.client.get_all_notifications(reference=str(message.reference))
        except (APIError, requests.RequestException) as error:
            raise _failure(error) from error
        for notification in found.get("notifications", []):
            provider_status = notification.get("status", "")
            return Accepted(
                provider_id=notification["id"],
                provider_status=provider_status,
                status=status_from_notify(provider_status),
            )
        return None


def _failure(error: Exception) -> Exception:
    """Notify answers 400 and 403 for what will never work (a bad number, a bad key), 429
    when over its rate limit and 5xx when it is in trouble."""
    status = getattr(error, "status_code", 503)
    words = str(getattr(error, "message", "") or error)
    if status == 429 or status >= 500:
        return TemporaryFailure(f"GOV.UK Notify answered {status}: {words}")
    return PermanentFailure(f"GOV.UK Notify refused the message ({status}): {words}")


class LocalTransport:
    """No Notify key: e-mails go by Django's e-mail backend (SMTP, or the console in
    development); texts and letters are written to the log and kept as not sent."""

    can_find = False

    def send(self, message: Message, body: str) -> Accepted:
        if message.channel == Channel.EMAIL:
            email = EmailMessage(message.subject, body, None, [message.recipient])
            if message.attachment:
                email.attach(message.attachment_name, bytes(message.attachment), "application/pdf")
            # The same reference each time, so that mail clients can spot a repeat.
            email.extra_headers["Message-ID"] = f"<{message.reference}@navigator>"
            try:
                email.send()
            except OSError as error:
                raise TemporaryFailure(f"The e-mail server did not take it: {error}") from error
            return Accepted(provider_id="", provider_status="")
        # The body may hold a secure link: written out only in development.
        logger.info(
            "%s not sent (no NOTIFY_API_KEY) to %s:\n%s",
            message.get_channel_display(),
            message.recipient.replace("\n", ", ")
            if settings.DEBUG
            else f"person {message.person_id}",
            body if settings.DEBUG else "(its wording is on the Messages page)",
        )
        return Accepted(provider_id="", provider_status="", status=Status.NOT_SENT)

    def find(self, message: Message) -> Accepted | None:
        return None


def transport() -> Transport:
    if settings.NOTIFY_API_KEY:
        return NotifyTransport(settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL)
    return LocalTransport()

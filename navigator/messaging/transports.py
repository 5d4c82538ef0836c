"""Where messages go: GOV.UK Notify in production, or, without a Notify key, Django's e-mail
backend for e-mails and the log for texts and letters (development); NHS MESH for the message
back to a GP practice when it is configured. The worker (`tasks.deliver_message`) is the only
caller."""

import base64
import io
import json
import logging
from dataclasses import dataclass
from typing import Protocol

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from mesh_client import MeshClient, MeshError
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


# MESH's tracking, as Navigator's: acknowledged is read by the practice's system; anything
# else that MESH calls unsuccessful (undeliverable, expired unread, rejected) will not arrive.
def status_from_mesh(tracking: dict) -> str:
    if (tracking.get("status") or "").lower() == "acknowledged":
        return Status.DELIVERED
    return Status.FAILED if tracking.get("status_success") is False else Status.SENT


class MeshTransport:
    """The message back to a GP practice, to its MESH mailbox: looked up by the practice's
    ODS code (the message's recipient) and the workflow, then sent as one JSON document holding
    the structured content and the letter's PDF."""

    # MESH tracks a message only by the id it gave on sending: a send interrupted before that
    # id was kept cannot be looked up, so it is not tried again.
    can_find = False

    def _client(self) -> MeshClient:
        cert = (settings.MESH_CLIENT_CERT, settings.MESH_CLIENT_KEY)
        return MeshClient(
            settings.MESH_URL,
            settings.MESH_MAILBOX,
            settings.MESH_PASSWORD,
            shared_key=settings.MESH_SHARED_KEY.encode(),
            cert=cert if all(cert) else None,
            verify=settings.MESH_CA_CERT or None,
            # The worker's own backoff retries; a retry inside the client would hold it.
            max_retries=0,
            timeout=60,
            application_name="navigator",
        )

    def send(self, message: Message, body: str) -> Accepted:
        payload = {
            "content": json.loads(body),
            "letter": {
                "filename": message.attachment_name,
                "media_type": "application/pdf",
                "data": base64.b64encode(bytes(message.attachment)).decode(),
            },
        }
        try:
            with self._client() as client:
                client.handshake()
                mailbox = self._mailbox(client, message.recipient)
                message_id = client.send_message(
                    mailbox,
                    json.dumps(payload).encode(),
                    workflow_id=settings.MESH_WORKFLOW_ID,
                    filename=f"{message.attachment_name.removesuffix('.pdf')}.json",
                    local_id=str(message.reference),
                    subject=message.subject,
                    content_type="application/json",
                )
        except (MeshError, requests.RequestException) as error:
            raise _mesh_failure(error) from error
        return Accepted(provider_id=message_id, provider_status="accepted")

    @staticmethod
    def _mailbox(client: MeshClient, ods_code: str) -> str:
        found = client.lookup_endpoint(ods_code, settings.MESH_WORKFLOW_ID)["results"]
        if not found:
            raise PermanentFailure(
                f"NHS MESH has no mailbox for {ods_code} taking {settings.MESH_WORKFLOW_ID}"
            )
        return found[0]["mailbox_id"]

    def find(self, message: Message) -> Accepted | None:
        return None

    def track(self, message: Message) -> Accepted:
        """Where MESH says the message got to."""
        try:
            with self._client() as client:
                tracking = dict(client.track_message(message.provider_id))
        except requests.RequestException as error:
            raise _mesh_failure(error) from error
        return Accepted(
            provider_id=message.provider_id,
            provider_status=(tracking.get("status") or "")[:40],
            status=status_from_mesh(tracking),
        )


def _mesh_failure(error: Exception) -> Exception:
    """MESH answers 5xx and 429 when busy or in trouble (and a connection can fail); a refusal
    of the message itself (MeshError, 4xx) would be repeated."""
    response = getattr(error, "response", None)
    status = response.status_code if response is not None else None
    if not isinstance(error, MeshError) and (status is None or status == 429 or status >= 500):
        return TemporaryFailure(f"NHS MESH did not answer ({status or error})")
    return PermanentFailure(f"NHS MESH refused the message: {error}")


def transport(message: Message) -> Transport:
    if message.channel == Channel.MESH:
        return MeshTransport()
    if settings.NOTIFY_API_KEY:
        return NotifyTransport(settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL)
    return LocalTransport()

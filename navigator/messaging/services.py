"""Writes of the messaging app. `message_person` and `send_link_to_person` are the one way
any feature writes to a person; the worker (`tasks.py`) does the sending."""

import datetime
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.core.addresses import absolute_reverse
from navigator.core.concurrency import StaleEditError
from navigator.links.models import Purpose
from navigator.links.services import IssuedLink, issue_link, plain_text, revoke_links
from navigator.messaging import wording
from navigator.messaging.models import (
    LINK_PLACEHOLDER,
    Channel,
    Kind,
    Message,
    Status,
    TextOptOut,
    TextWording,
    language_key,
)
from navigator.messaging.selectors import (
    Route,
    message_back_destinations,
    mobile_number,
    opted_out,
    route_to,
)
from navigator.messaging.transports import Accepted
from navigator.people.models import Person
from navigator.referrals.models import Referral


def _quiet_hours() -> tuple[datetime.time, datetime.time]:
    start, end = settings.NAVIGATOR_QUIET_HOURS.split("-")
    return datetime.time.fromisoformat(start.strip()), datetime.time.fromisoformat(end.strip())


def after_quiet_hours(at: datetime.datetime) -> datetime.datetime:
    """`at`, or the end of the quiet hours it falls in (local time): nobody's phone buzzes
    with a text from the service at night."""
    start, end = _quiet_hours()
    local = timezone.localtime(at)
    now = local.time()
    overnight = start > end
    quiet = (now >= start or now < end) if overnight else (start <= now < end)
    if not quiet:
        return at
    day = local.date() + datetime.timedelta(days=1) if overnight and now >= start else local.date()
    return timezone.make_aware(datetime.datetime.combine(day, end))


def send_message(
    *,
    organisation_id: int,
    kind: str,
    route: Route,
    body: str,
    subject: str = "",
    person: Person | None = None,
    referral: Referral | None = None,
    link_address: str = "",
    addressee: str = "",
    attachment: bytes = b"",
    attachment_name: str = "",
) -> Message:
    """Record a message and queue it for the worker once the transaction commits. A text is
    held until the end of the quiet hours. `addressee` names the organisation an e-mail about
    the person goes to, with the file `attachment`."""
    now = timezone.now()
    message = Message.objects.create(
        organisation_id=organisation_id,
        person=person,
        referral=referral,
        kind=kind,
        channel=route.channel,
        recipient=route.recipient,
        subject=subject,
        body=body,
        link_address=link_address,
        addressee=addressee,
        attachment=attachment,
        attachment_name=attachment_name,
        send_after=after_quiet_hours(now) if route.channel == Channel.TEXT else now,
        status_at=now,
    )
    # Not record_creation: the snapshot would copy the secure link into the trail.
    audit.record(
        action=AuditEvent.Action.CREATED,
        instance=message,
        person_id=person.pk if person else None,
        changes={
            "kind": [None, kind],
            "channel": [None, route.channel],
            **({"addressee": [None, addressee]} if addressee else {}),
        },
    )
    from navigator.messaging.tasks import enqueue_delivery

    transaction.on_commit(lambda: enqueue_delivery(message))
    return message


def message_person(
    *,
    person: Person,
    kind: str,
    context: Mapping[str, Any] | None = None,
    email_subject_template: str = "",
    email_body_template: str = "",
    referral: Referral | None = None,
    link_address: str = "",
    agreed: bool = False,
) -> Message | None:
    """Write to the person by the way they prefer (see `selectors.route_to`), or do nothing
    and return None when Navigator may not. A text uses the organisation's wording for
    `kind`; an e-mail or a letter the plain-text templates given. `context` fills both;
    "((link))" stands for `link_address` until the moment of sending. `agreed`: see
    `selectors.route_to`."""
    route = route_to(person, agreed=agreed, kind=kind)
    if route is None:
        return None
    values = {
        "service": person.organisation.name,
        **(context or {}),
        "address": LINK_PLACEHOLDER,
    }
    if route.channel == Channel.TEXT or not email_body_template:
        if route.channel != Channel.TEXT:
            return None
        subject = ""
        body = wording.render_text(
            organisation_id=person.organisation_id,
            kind=kind,
            values=values,
            language=person.language,
        )
    else:
        subject = "".join(plain_text(email_subject_template, values).splitlines())
        body = plain_text(email_body_template, values)
    return send_message(
        organisation_id=person.organisation_id,
        kind=kind,
        route=route,
        body=body,
        subject=subject,
        person=person,
        referral=referral,
        link_address=link_address,
    )


def send_link_to_person(
    *,
    person: Person,
    kind: str,
    page: str,
    email_subject_template: str,
    email_body_template: str,
    context: Mapping[str, Any] | None = None,
    issued: IssuedLink | None = None,
    purpose: Purpose | None = None,
    target: models.Model | None = None,
    valid_for: datetime.timedelta | None = None,
    created_by: Any = None,
    replace_earlier: bool = False,
    referral: Referral | None = None,
    agreed: bool = False,
) -> tuple[IssuedLink, Message | None]:
    """Issue a secure link (or take one `issued`) and send it to the person by the way they
    prefer: a text holds only the short wording and a short link, nothing about the person. The
    link is issued even when no message can be sent (to be shown as a QR code, or read out)."""
    route = route_to(person, agreed=agreed, kind=kind)
    if issued is None:
        if purpose is None or target is None or valid_for is None:
            raise TypeError("purpose, target and valid_for are needed to issue a link")
        if replace_earlier:
            revoke_links(target=target, purpose=purpose)
        issued = issue_link(
            purpose=purpose,
            target=target,
            valid_for=valid_for,
            created_by=created_by,
            sent_to=route.recipient.splitlines()[0] if route else "",
            person_id=person.pk,
            short=bool(route and route.channel == Channel.TEXT),
        )
    if route is None:
        return issued, None
    values = {
        **(context or {}),
        "expires_at": timezone.localtime(issued.link.expires_at),
        "link": issued.link,
    }
    message = message_person(
        person=person,
        kind=kind,
        context=values,
        email_subject_template=email_subject_template,
        email_body_template=email_body_template,
        referral=referral,
        link_address=_address(route, page, issued.token),
        agreed=agreed,
    )
    return issued, message


def _address(route: Route, page: str, token: str) -> str:
    """A text carries the short link (every character counts), an e-mail or letter the page's."""
    if route.channel == Channel.TEXT:
        return absolute_reverse("links:short", token=token)
    return absolute_reverse(page, token=token)


def acknowledge_self_referral(*, referral: Referral) -> Message | None:
    """Text a self-referrer who gave a mobile number that their referral arrived, with its
    reference (they agreed to be contacted about it on the form). In their language when the
    organisation has a wording in it: the language on their record when the referral is
    already about someone on record, else the main language they gave on the form."""
    mobile = mobile_number(referral.phone)
    if not mobile or opted_out(mobile):
        return None
    body = wording.render_text(
        organisation_id=referral.organisation_id,
        kind=Kind.ACKNOWLEDGEMENT,
        values={"service": referral.organisation.name, "reference": referral.reference},
        language=referral.person.language if referral.person else referral.language,
    )
    return send_message(
        organisation_id=referral.organisation_id,
        kind=Kind.ACKNOWLEDGEMENT,
        route=Route(Channel.TEXT, mobile),
        body=body,
        referral=referral,
    )


class MessageBackRefused(Exception):
    """Nothing can be e-mailed: the page says why for each destination."""


def send_message_back(*, referral: Referral, letter: bytes, filename: str) -> list[Message]:
    """Send the case's message back to the GP, to the GP practice and the referrer: by e-mail
    the letter attached and its content in the body, by NHS MESH the letter and the structured
    content, each through the worker. Never twice: a
    destination that has one on its way or delivered is left alone (again only after a
    failure), and the case is locked while this runs, so two clicks send once."""
    from navigator.contacts.models import GPMessage, Task
    from navigator.contacts.services import finish_tasks

    with transaction.atomic():
        Referral.objects.select_for_update().get(pk=referral.pk)
        due = [d for d in message_back_destinations(referral) if d.can_send]
        if not due:
            raise MessageBackRefused("There is nowhere it can be sent that it has not gone")
        finish_tasks(referral=referral, kinds=[Task.Kind.MESSAGE_BACK_UNDELIVERED])
        content = GPMessage.objects.get(referral=referral).content
        values = {"message": content, "service": referral.organisation.name}
        text = plain_text("messaging/email/message_back.txt", values)
        # MESH carries the structured content itself, for the practice's system to read.
        structured = json.dumps({"case": referral.reference, "message": content})
        subject = f"Social prescribing: message back about case {referral.reference}"
        return [
            send_message(
                organisation_id=referral.organisation_id,
                kind=destination.kind,
                route=destination.route,
                body=structured if destination.route.channel == Channel.MESH else text,
                subject=subject,
                person=referral.person,
                referral=referral,
                addressee=destination.addressee,
                attachment=letter,
                attachment_name=filename,
            )
            for destination in due
        ]


def send_reminders(*, today: datetime.date) -> int:
    """Remind people, by the way they prefer, of tomorrow's contact with their link worker
    (the next contact date planned at the last one, on an open case) and of tomorrow's
    accompaniment visits. At most one reminder of each kind per person a day (the job may
    run twice). The number sent."""
    from navigator.messaging.selectors import due_reminders

    sent = 0
    for kind, person, referral, when in due_reminders(tomorrow=today + datetime.timedelta(1)):
        if person is None:
            continue
        already = Message.objects.filter(
            person=person, kind=kind, created_at__gt=timezone.now() - datetime.timedelta(hours=20)
        ).exists()
        if already:
            continue
        values = {"day": f"tomorrow, {when:%A} {when.day} {when:%B}"}
        if isinstance(when, datetime.datetime):
            values["time"] = f"{when:%-I:%M}{when:%p}".lower().replace(":00", "")
        message = message_person(person=person, kind=kind, context=values, referral=referral)
        sent += message is not None
    return sent


# What the worker records: each in its own short transaction, as the provider answers.


def _finish(message: Message, fields: list[str]) -> None:
    message.status_at = timezone.now()
    with scopes_disabled():
        message.save(update_fields=[*fields, "status_at"])


def record_accepted(*, message: Message, accepted: Accepted) -> None:
    """The provider took the message: the secure link and the file in it are no longer kept."""
    message.status = accepted.status
    message.provider_id = accepted.provider_id
    message.provider_status = accepted.provider_status
    message.sent_at = timezone.now()
    message.link_address = ""
    message.attachment = b""
    message.error = ""
    _finish(
        message,
        [
            "status",
            "provider_id",
            "provider_status",
            "sent_at",
            "link_address",
            "attachment",
            "error",
        ],
    )


def record_temporary_failure(
    *, message: Message, error: str, backoff: list[datetime.timedelta]
) -> str:
    """Try again after the next wait of `backoff`; after the last, the message has failed."""
    if message.attempts > len(backoff):
        record_failure(message=message, error=error)
        return Status.FAILED
    message.status = Status.QUEUED
    message.error = error
    message.send_after = timezone.now() + backoff[message.attempts - 1]
    _finish(message, ["status", "error", "send_after"])
    from navigator.messaging.tasks import enqueue_delivery

    enqueue_delivery(message)
    return Status.QUEUED


def record_failure(*, message: Message, error: str, provider_status: str = "") -> None:
    """The message will not arrive: its link and file are dropped and the case's link worker is
    given a task: to reach the person another way, or, for the message back to the GP or the
    referrer, to send it again from the case's message back page (which shows "Not delivered")
    or another way."""
    message.status = Status.FAILED
    message.error = error
    message.link_address = ""
    message.attachment = b""
    if provider_status:
        message.provider_status = provider_status
    _finish(message, ["status", "error", "link_address", "attachment", "provider_status"])
    _tell_link_worker(message)


def _tell_link_worker(message: Message) -> None:
    from navigator.contacts.models import Task
    from navigator.contacts.services import open_task

    with scopes_disabled():
        referral = message.referral
        if referral is None and message.person_id:
            referral = (
                Referral.objects.filter(person_id=message.person_id, allocated_to__isnull=False)
                .order_by("-received_at", "-pk")
                .first()
            )
        if referral is None:
            return
        # A message about the person to an organisation is sent again from the case.
        kind = (
            Task.Kind.MESSAGE_BACK_UNDELIVERED
            if message.addressee
            else Task.Kind.MESSAGE_UNDELIVERED
        )
        with transaction.atomic():
            open_task(referral=referral, kind=kind, due_on=timezone.localdate())


def record_receipt(*, provider_id: str, reference: str, provider_status: str) -> Message | None:
    """A delivery receipt from GOV.UK Notify: the message's status follows it. A failure
    gives the link worker a task. None when no message has this id and reference."""
    from navigator.messaging.transports import status_from_notify

    with scopes_disabled():
        message = Message.objects.filter(reference=reference).first() if reference else None
        if message is None:
            message = Message.objects.filter(provider_id=provider_id).first()
    if message is None:
        return None
    follow_status(
        message=message,
        status=status_from_notify(provider_status),
        provider_status=provider_status,
        provider="GOV.UK Notify",
        provider_id=provider_id,
    )
    return message


def follow_status(
    *, message: Message, status: str, provider_status: str, provider: str, provider_id: str = ""
) -> None:
    """What the provider says became of the message (a receipt, or its tracking): the status
    follows it, and a failure gives the link worker a task."""
    if message.status == Status.FAILED or (
        message.status == Status.DELIVERED and status != Status.FAILED
    ):
        return  # receipts can arrive out of order: the last word is kept
    if status == Status.FAILED:
        record_failure(
            message=message, error=f"{provider}: {provider_status}", provider_status=provider_status
        )
        return
    message.status = status
    message.provider_status = provider_status
    message.provider_id = message.provider_id or provider_id
    _finish(message, ["status", "provider_status", "provider_id"])


STOP_WORDS = {"stop", "stop all", "unsubscribe", "end", "quit", "cancel"}
START_WORDS = {"start", "unstop"}


def record_received_text(*, phone: str, text: str) -> str:
    """A text someone sent to the service's number: STOP (and its usual variants) stops any
    more texts to that number, START lets them through again. What was done: "stopped",
    "started" or "" for anything else (which nobody reads here)."""
    number = mobile_number(phone if phone.startswith("+") or phone.startswith("0") else f"+{phone}")
    word = " ".join(text.strip().lower().split()).strip(".!")
    if not number:
        return ""
    if word in STOP_WORDS:
        TextOptOut.objects.get_or_create(phone=number, defaults={"at": timezone.now()})
        return "stopped"
    if word in START_WORDS:
        TextOptOut.objects.filter(phone=number).delete()
        return "started"
    return ""


@transaction.atomic
def save_wording(*, organisation_id: int, kind: str, body: str, expected_version: int) -> None:
    """The organisation's main wording of one type of text; the default again when it is the
    default's words. Refused (StaleEditError) when someone saved it since `expected_version`
    (0: the default) was read."""
    own = (
        TextWording.objects.select_for_update()
        .filter(organisation_id=organisation_id, kind=kind, language_key="")
        .first()
    )
    if (own.version if own else 0) != expected_version:
        raise StaleEditError(
            current=own
            or TextWording(
                organisation_id=organisation_id,
                kind=kind,
                body=wording.DEFAULT_TEXTS[kind],
                version=0,
            )
        )
    before = own.body if own else wording.DEFAULT_TEXTS[kind]
    if body == wording.DEFAULT_TEXTS[kind]:
        if own:
            # Recorded before the row goes back to the default, so that the event names it.
            audit.record(
                action=AuditEvent.Action.UPDATED,
                instance=own,
                person_id=None,
                changes={"body": [before, body]},
            )
            own.delete()
        return
    if own:
        own.body = body
        own.version += 1
        own.save(update_fields=["body", "version", "updated_at"])
    else:
        own = TextWording.objects.create(organisation_id=organisation_id, kind=kind, body=body)
    if before != body:
        audit.record(
            action=AuditEvent.Action.UPDATED,
            instance=own,
            person_id=None,
            changes={"body": [before, body]},
        )


class WordingExists(Exception):
    """The organisation already has a wording of this type of text in that language."""


def _language_taken(*, organisation_id: int, kind: str, language: str, other_than: int = 0) -> bool:
    return (
        TextWording.objects.filter(
            organisation_id=organisation_id, kind=kind, language_key=language_key(language)
        )
        .exclude(pk=other_than)
        .exists()
    )


def _named(language: str) -> str:
    if not language_key(language):
        raise ValueError("A wording in another language needs the language's name")
    return language


@transaction.atomic
def add_language_wording(
    *, organisation_id: int, kind: str, language: str, body: str
) -> TextWording:
    """The organisation's wording of one type of text in another language: people whose main
    language it is get it instead of the main wording. Refused (WordingExists) when there is
    one in that language already."""
    if _language_taken(organisation_id=organisation_id, kind=kind, language=_named(language)):
        raise WordingExists(language)
    added = TextWording(organisation_id=organisation_id, kind=kind, language=language, body=body)
    try:
        with transaction.atomic():  # two managers adding the same language at once
            added.save()
    except IntegrityError as error:
        raise WordingExists(language) from error
    audit.record(
        action=AuditEvent.Action.CREATED,
        instance=added,
        person_id=None,
        changes={"language": [None, added.language], "body": [None, body]},
    )
    return added


@transaction.atomic
def change_language_wording(
    *, text_wording: TextWording, language: str, body: str, expected_version: int
) -> TextWording:
    """Change a wording in another language (its words, or the language's name). Refused
    (StaleEditError) when someone saved it since `expected_version` was read, and
    (WordingExists) when the organisation has another wording in the language named."""
    current = TextWording.objects.select_for_update().get(pk=text_wording.pk)
    if current.version != expected_version:
        raise StaleEditError(current=current)
    if _language_taken(
        organisation_id=current.organisation_id,
        kind=current.kind,
        language=_named(language),
        other_than=current.pk,
    ):
        raise WordingExists(language)
    before = {"language": current.language, "body": current.body}
    current.language = language
    current.body = body
    current.version += 1
    current.save(update_fields=["language", "body", "version", "updated_at"])
    after = {"language": current.language, "body": current.body}
    changes = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    if changes:
        audit.record(
            action=AuditEvent.Action.UPDATED, instance=current, person_id=None, changes=changes
        )
    return current


@transaction.atomic
def remove_language_wording(*, text_wording: TextWording, expected_version: int) -> None:
    """Remove a wording in another language: people whose language it is get the main wording
    again. Refused (StaleEditError) when someone saved it since `expected_version` was read:
    they may have made it worth keeping. One already removed is left gone. The main wording is
    not removed here (saving the default's words does that)."""
    if not text_wording.language_key:
        raise ValueError("The main wording is changed, not removed")
    current = TextWording.objects.select_for_update().filter(pk=text_wording.pk).first()
    if current is None:
        return
    if current.version != expected_version:
        raise StaleEditError(current=current)
    audit.record(
        action=AuditEvent.Action.DELETED,
        instance=current,
        person_id=None,
        changes={"language": [current.language, None], "body": [current.body, None]},
    )
    current.delete()

"""Messages sent to people (texts, e-mails, letters) and the numbers that replied STOP."""

import unicodedata
import uuid
from typing import Any

from django.db import models
from django.db.models import Q

from navigator.core.messages import TEXT_CHANNEL, MessageKind
from navigator.core.scoping import OrganisationScoped


class Channel(models.TextChoices):
    TEXT = TEXT_CHANNEL, "Text message"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    # To an organisation's NHS MESH mailbox (the recipient is its ODS code).
    MESH = "mesh", "NHS MESH"


# Kept in core so that the apps that send can name a kind without importing this app.
Kind = MessageKind


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Not delivered"
    # Development mode without a GOV.UK Notify key: written to the console, not sent.
    NOT_SENT = "not_sent", "Not sent (development mode)"


FINISHED = (Status.DELIVERED, Status.FAILED, Status.NOT_SENT)


# Sent to an organisation about the person, once per case (again only after a failure).
ONCE_PER_CASE = (Kind.GP_MESSAGE, Kind.REFERRER_MESSAGE)


class Message(OrganisationScoped):
    """One message to one person (or to someone not yet on record, such as a self-referrer),
    or about them to an organisation (`addressee`: their GP practice, their referrer), by one
    channel. `reference` is its idempotency key: it goes to GOV.UK Notify with the message,
    so a retry after the worker stopped half-way finds the one already sent."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    # The case it is about: where the link worker's task goes when it cannot be delivered.
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The phone number, e-mail address or postal address (lines joined by newlines).
    recipient = models.TextField()
    subject = models.CharField(max_length=300, blank=True)
    # The wording with "((link))" where a secure link goes: the address itself lives only in
    # `link_address` until the message has gone, so that no usable link is kept afterwards.
    body = models.TextField()
    link_address = models.TextField(blank=True)
    # Who an e-mail to an organisation is for, as the page names them ("" for the person).
    addressee = models.CharField(max_length=300, blank=True)
    # A file sent with the e-mail (the letter as a PDF), kept only until it has gone.
    attachment = models.BinaryField(blank=True, default=b"", editable=False)
    attachment_name = models.CharField(max_length=100, blank=True)
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What the provider last said, in its own words (GOV.UK Notify: "permanent-failure"…).
    provider_status = models.CharField(max_length=40, blank=True)
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    error = models.TextField(blank=True)
    send_after = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind"],
                condition=Q(kind__in=ONCE_PER_CASE) & ~Q(status=Status.FAILED),
                name="sent_once_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_kind_display()}"

    @property
    def text(self) -> str:
        """The wording as kept after sending: any secure link shown as a placeholder."""
        return self.body.replace(LINK_PLACEHOLDER, "[secure link]")


LINK_PLACEHOLDER = "((link))"


class TextOptOut(models.Model):
    """A mobile number that replied STOP: no more texts to it, from any organisation of this
    deployment (they share one GOV.UK Notify service and so one sender)."""

    phone = models.CharField(max_length=20, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.phone} (opted out)"


def language_key(name: str) -> str:
    """A language's name as it is compared: people's records are free text, so " polish",
    "Polish" and "POLISH " are one language. Case is folded here, in Python, and stored beside
    the name (`TextWording.language_key`), not compared with the database's LOWER(): SQLite's
    folds only ASCII letters and PostgreSQL's follows its collation, so "ΕΛΛΗΝΙΚΆ" would match
    "Ελληνικά" on one and not the other. NFKC first, so that a name typed with combining accents
    matches the same name typed with precomposed letters."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class TextWording(OrganisationScoped):
    """An organisation's own wording of one type of text message (the default is in
    `wording.DEFAULT_TEXTS`): its main wording (`language` blank), and any in other languages,
    which go to people whose main language is that one."""

    kind = models.CharField(max_length=30, choices=Kind.choices)
    body = models.TextField()
    # The language's name as staff wrote it, spaces tidied ("" for the main wording), shown on
    # pages; `language_key` is what is matched and kept unique (see `language_key`).
    language = models.CharField(max_length=100, blank=True)
    language_key = models.CharField(max_length=100, blank=True, editable=False)
    # The default wording, which has no row, is version 0.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language_key"],
                name="one_wording_per_kind_and_language",
            )
        ]

    def __str__(self) -> str:
        if self.language:
            return f"{self.language} wording of {self.get_kind_display()}"
        return f"Wording of {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.language = " ".join(self.language.split())
        self.language_key = language_key(self.language)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "language" in update_fields:
            kwargs["update_fields"] = {*update_fields, "language_key"}
        super().save(*args, **kwargs)

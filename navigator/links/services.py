"""Issuing, opening and spending secure links. Views reach them through `secure_link_view`."""

import datetime
import functools
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.utils import timezone
from django_scopes import scopes_disabled
from jinja2 import Environment

from navigator.accounts.models import User
from navigator.accounts.tasks import send_email
from navigator.audit.services import record
from navigator.core.addresses import absolute_reverse
from navigator.links.models import Purpose, SecureLink


class LinkRefused(Exception):
    """The link cannot be used; `reason` is one of the keys of REFUSALS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# What the person sees, in plain words, for each way a link can fail.
REFUSALS = {
    "unknown": "This link is not valid",
    "expired": "This link has expired",
    "used": "This link has already been used",
    "revoked": "This link has been cancelled",
}


@dataclass(frozen=True)
class IssuedLink:
    link: SecureLink
    token: str  # shown once (put in the e-mail or given to the person), never stored


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(
    *,
    purpose: Purpose,
    target: models.Model,
    valid_for: datetime.timedelta,
    created_by: User | None = None,
    sent_to: str = "",
    person_id: int | None = None,
    short: bool = False,
) -> IssuedLink:
    """A new link to `target` (which belongs to an organisation) for one purpose. A `short`
    one, for a text message, has a 16-character token (96 random bits: still unguessable,
    and it expires and is spent like any other)."""
    token = secrets.token_urlsafe(12 if short else 32)
    link = SecureLink.objects.create(
        # Every target is organisation-scoped; messaging.services still passes a plain Model.
        organisation_id=target.organisation_id,  # type: ignore[attr-defined]
        purpose=purpose,
        token_digest=digest(token),
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        sent_to=sent_to,
        expires_at=timezone.now() + valid_for,
        created_by=created_by,
    )
    record(action="created", instance=link, person_id=person_id)
    return IssuedLink(link=link, token=token)


def open_link(*, token: str, purpose: Purpose | None) -> SecureLink:
    """The live link for `token` (for `purpose`; None: whatever it is for), or LinkRefused.
    Opening does not spend the link."""
    # A link is opened by someone who is not signed in, so no organisation scope is active yet:
    # the digest itself is what picks the one row.
    with scopes_disabled():
        found = SecureLink.objects.filter(token_digest=digest(token))
        link = (found.filter(purpose=purpose) if purpose else found).first()
    if link is None:
        raise LinkRefused("unknown")
    if link.revoked_at is not None:
        raise LinkRefused("revoked")
    if link.used_at is not None:
        raise LinkRefused("used")
    if link.expires_at <= timezone.now():
        raise LinkRefused("expired")
    return link


def spend_link(*, link: SecureLink) -> None:
    """Mark the link used. Two submissions racing each other: only the first wins."""
    with transaction.atomic():
        spent = SecureLink.objects.filter(
            pk=link.pk, used_at__isnull=True, revoked_at__isnull=True
        ).update(used_at=timezone.now())
        if not spent:
            raise LinkRefused("used")
    link.refresh_from_db(fields=["used_at"])


def revoke_links(*, target: models.Model, purpose: Purpose) -> int:
    """Cancel every live link to `target` for `purpose` (e.g. when a new one is sent)."""
    return SecureLink.objects.filter(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        purpose=purpose,
        used_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())


@functools.cache
def _plain_text_environment() -> Environment:
    # E-mails are plain text: the page environment would HTML-escape "&" and "'" in names.
    # A cache of its own, so that a template compiled with escaping is never reused here.
    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    return engine.env.overlay(autoescape=False, cache_size=100)


def plain_text(template_name: str, context: Mapping[str, object]) -> str:
    return _plain_text_environment().get_template(template_name).render(context)


def email_secure_link(
    *,
    to: str,
    page: str,
    subject_template: str,
    body_template: str,
    context: Mapping[str, object] | None = None,
    issued: IssuedLink | None = None,
    purpose: Purpose | None = None,
    target: models.Model | None = None,
    valid_for: datetime.timedelta | None = None,
    created_by: User | None = None,
    person_id: int | None = None,
    replace_earlier: bool = False,
    after_commit: bool = True,
) -> IssuedLink:
    """E-mail a secure link to `to` through the task queue, and return the link.

    Either pass a link already `issued` (when something else must point at it in the same
    transaction), or `purpose`, `target` and `valid_for` to issue one here (`replace_earlier`
    cancels live links to `target` for `purpose` first). `page` names the URL that takes the
    token as its `token` argument; its full address starts with NAVIGATOR_SITE_URL.

    The subject and body are plain-text templates, rendered with `context` plus `address`
    (the page's full address), `expires_at` (local time) and `link`. With no address in `to`
    the link is still issued (e.g. to be shown as a QR code) and nothing is sent. The e-mail
    is queued once the transaction commits, unless `after_commit` is False."""
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
            sent_to=to,
            person_id=person_id,
        )
    if not to:
        return issued
    values = {
        **(context or {}),
        "address": absolute_reverse(page, token=issued.token),
        "expires_at": timezone.localtime(issued.link.expires_at),
        "link": issued.link,
    }
    # One line, as mail headers need.
    subject = "".join(plain_text(subject_template, values).splitlines())
    body = plain_text(body_template, values)

    def enqueue() -> None:
        send_email.enqueue(subject=subject, body=body, to=[to])

    if after_commit:
        transaction.on_commit(enqueue)
    else:
        enqueue()
    return issued

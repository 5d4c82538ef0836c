"""Issuing, opening and spending secure links. Views reach them through `secure_link_view`."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.audit.services import record
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
    created_by: Any = None,
    sent_to: str = "",
    person_id: int | None = None,
) -> IssuedLink:
    """A new link to `target` (which belongs to an organisation) for one purpose."""
    token = secrets.token_urlsafe(32)
    link = SecureLink.objects.create(
        organisation_id=target.organisation_id,
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


def open_link(*, token: str, purpose: Purpose) -> SecureLink:
    """The live link for `token`, or LinkRefused. Opening does not spend the link."""
    # A link is opened by someone who is not signed in, so no organisation scope is active yet:
    # the digest itself is what picks the one row.
    with scopes_disabled():
        link = SecureLink.objects.filter(token_digest=digest(token), purpose=purpose).first()
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

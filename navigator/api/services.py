"""Writes for API clients: registering and revoking clients, issuing access tokens (OAuth 2.0
client credentials grant), and counting calls against each client's rate limit."""

import hmac
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation
from navigator.api.models import AccessToken, ApiClient, Scope
from navigator.audit import services as audit
from navigator.audit.context import Actor, acting_as, current_actor
from navigator.audit.models import AuditEvent
from navigator.core.ratelimit import count_event
from navigator.links.services import digest


class ClientRefused(ValueError):
    """The client credentials or the scope asked for cannot be granted (OAuth 2.0 error)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class NewClient:
    client: ApiClient
    secret: str  # shown once, never stored


@dataclass(frozen=True)
class IssuedToken:
    token: str
    access: AccessToken


def _scopes(scopes: Iterable[str]) -> list[str]:
    chosen = set(scopes)
    unknown = chosen - set(Scope)
    if unknown:
        raise ValueError(f"Unknown scopes: {', '.join(sorted(unknown))}")
    return [scope.value for scope in Scope if scope in chosen]


@transaction.atomic
def create_client(*, organisation: Organisation, name: str, scopes: Iterable[str]) -> NewClient:
    secret = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        organisation=organisation,
        name=name,
        client_id=f"nav-{secrets.token_hex(12)}",
        secret_digest=digest(secret),
        scopes=_scopes(scopes),
        created_by=current_actor().user,
    )
    audit.record_creation(client, person_id=None)
    return NewClient(client=client, secret=secret)


@transaction.atomic
def revoke_client(*, client: ApiClient) -> ApiClient:
    """The client can no longer get tokens, and the tokens it holds stop working at once."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        return client
    before = audit.snapshot(client)
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    AccessToken.objects.filter(client=client).delete()
    audit.record_change(client, before=before, person_id=None)
    return client


def _client_by_credentials(client_id: str, secret: str) -> ApiClient:
    # Authentication comes before any organisation is known, as with signing in.
    with scopes_disabled():
        client = (
            ApiClient.objects.select_related("organisation").filter(client_id=client_id).first()
        )
    if (
        client is None
        or client.revoked_at is not None
        or not hmac.compare_digest(client.secret_digest, digest(secret))
    ):
        raise ClientRefused("invalid_client", "Unknown client, wrong secret or revoked client")
    return client


@transaction.atomic
def issue_token(*, client_id: str, secret: str, scope: str = "") -> IssuedToken:
    """A bearer token for the client, for at most `NAVIGATOR_API_TOKEN_SECONDS`. Asking for
    no scope grants every scope the client holds; asking for one it lacks is refused."""
    client = _client_by_credentials(client_id, secret)
    asked = scope.split()
    if any(name not in client.scopes for name in asked):
        raise ClientRefused("invalid_scope", "The client does not hold the scope asked for")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    actor = Actor(label=f"API client {client.name}", ip_address=current_actor().ip_address)
    with scopes_disabled(), acting_as(actor):
        access = AccessToken.objects.create(
            organisation_id=client.organisation_id,
            client=client,
            digest=digest(token),
            scopes=asked or client.scopes,
            issued_at=now,
            expires_at=now + timedelta(seconds=settings.NAVIGATOR_API_TOKEN_SECONDS),
        )
        # Expired tokens are of no use to anyone: each issue clears the client's old ones.
        AccessToken.objects.filter(client=client, expires_at__lte=now).delete()
        audit.record(
            action=AuditEvent.Action.CREATED,
            instance=access,
            person_id=None,
            changes={
                "scopes": [None, " ".join(access.scopes)],
                "expires_at": [None, access.expires_at.isoformat()],
            },
        )
    return IssuedToken(token=token, access=access)


def token_holder(token: str) -> AccessToken | None:
    """The live token presented as `Authorization: Bearer <token>`, with its client; None for
    an unknown or expired token or a revoked client."""
    if not token:
        return None
    with scopes_disabled():
        return (
            AccessToken.objects.select_related("client", "client__organisation")
            .filter(
                digest=digest(token),
                expires_at__gt=timezone.now(),
                client__revoked_at__isnull=True,
            )
            .first()
        )


def note_use(client: ApiClient) -> None:
    """Keep when the client last called, for the managers' list (one UPDATE, no audit: it is
    bookkeeping, and the call itself is audited)."""
    with scopes_disabled():
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())


def clock() -> float:
    return time.time()


def seconds_until_allowed(key: str) -> int:
    """Count one call for `key` in the current window of the shared cache; 0 while within
    `NAVIGATOR_API_RATE_LIMIT` calls per window, else the seconds until the next window."""
    window = settings.NAVIGATOR_API_RATE_WINDOW_SECONDS
    now = clock()
    slot = int(now // window)
    count = count_event(f"navigator:api-rate:{key}:{slot}", keep_for=window * 2)
    if count <= settings.NAVIGATOR_API_RATE_LIMIT:
        return 0
    return max(1, int((slot + 1) * window - now))

"""The one door every API call goes through: a bearer token of a live client holding the scope
the route needs, within the client's rate limit. Behind the door the call runs in the client's
organisation scope and audit context, exactly as a page runs for a signed-in user, so another
organisation's records do not exist for it (404). A client is named by no restriction, so every
restricted record, and every row about that person, does not exist for it either: left out of
lists, 404 when asked for, and never matched or changed by what the client sends."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from navigator.api import services
from navigator.api.models import ApiClient
from navigator.audit import services as audit
from navigator.audit.context import Actor, acting_as
from navigator.audit.models import AuditEvent
from navigator.core.clients import client_ip
from navigator.core.scoping import client_scope


@dataclass(frozen=True)
class Refusal:
    """Why the door stays shut, for the API to word in its own format."""

    status: int
    code: str  # a FHIR issue type: login, forbidden, throttled
    message: str
    headers: dict[str, str] = field(default_factory=dict)


Refuse = Callable[[Refusal], HttpResponse]


class ClientRequest(HttpRequest):
    """The request of an API call that `api_call` let through: it names the client whose
    token it carried (no one is signed in). As `accounts.http.SignedInRequest` for pages, the
    type is only a promise, which the decorator keeps."""

    api_client: ApiClient


UNAUTHENTICATED = Refusal(
    401,
    "login",
    "Send a live access token as 'Authorization: Bearer <token>' (get one at /fhir/token)",
    {"WWW-Authenticate": 'Bearer realm="navigator"'},
)


def bearer_token(request: HttpRequest) -> str:
    kind, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


def refusal_for(request: HttpRequest, scope_needed: str) -> tuple[ApiClient | None, Refusal | None]:
    access = services.token_holder(bearer_token(request))
    if access is None:
        return None, UNAUTHENTICATED
    client = access.client
    wait = services.seconds_until_allowed(client.client_id)
    if wait:
        return client, Refusal(
            429,
            "throttled",
            f"Too many calls from this client: try again in {wait} seconds",
            {"Retry-After": str(wait)},
        )
    if scope_needed not in access.scopes:
        return client, Refusal(
            403, "forbidden", f"This client's token does not hold the scope '{scope_needed}'"
        )
    return client, None


@contextmanager
def acting_for(request: HttpRequest, client: ApiClient) -> Iterator[None]:
    actor = Actor(user=None, ip_address=client_ip(request), label=f"API client {client.name}")
    writing = request.method not in ("GET", "HEAD", "OPTIONS")
    with client_scope(client.organisation_id, writing=writing), acting_as(actor):
        yield


def _audit_call(request: HttpRequest, client: ApiClient, status: int) -> None:
    """One event per call in the client's trail: which route, and what it answered. The
    records a call reads or writes have their own events, as on the pages."""
    audit.record(
        action=AuditEvent.Action.VIEWED if request.method == "GET" else AuditEvent.Action.CREATED,
        instance=client,
        person_id=None,
        changes={"call": [None, f"{request.method} {request.get_full_path()}"[:500]]}
        | {"answered": [None, status]},
    )


def api_call(scope_needed: str, *, refuse: Refuse) -> Callable:
    """Decorate a view of an API: authenticate, authorise, rate-limit, scope, audit."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            client, refusal = refusal_for(request, scope_needed)
            if client is None:
                return refuse(refusal or UNAUTHENTICATED)  # (no client: always that refusal)
            services.note_use(client)
            request.api_client = client  # type: ignore[attr-defined]  # what ClientRequest says
            with acting_for(request, client):
                response = refuse(refusal) if refusal else view(request, *args, **kwargs)
                _audit_call(request, client, response.status_code)
            # Answers hold personal data: no cache along the way may keep them.
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        return wrapped

    return decorator

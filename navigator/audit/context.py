"""Who is acting and from where, for the audit trail, without passing the request around."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from navigator.audit.labels import remembering_labels
from navigator.core.clients import client_ip


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip_address: str | None = None
    label: str = ""  # who acts, when nobody is signed in (e.g. through a secure link)


NO_ACTOR = Actor()
_current: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


def current_actor() -> Actor:
    """The user and address of the request being served; nobody outside a request."""
    return _current.get() or NO_ACTOR


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """`actor` acts until the block ends; the audit trail remembers related records' labels
    for as long (navigator.audit.labels)."""
    token = _current.set(actor)
    try:
        with remembering_labels():
            yield
    finally:
        _current.reset(token)


@contextmanager
def audit_context(request: HttpRequest) -> Iterator[None]:
    user = request.user if request.user.is_authenticated else None
    with acting_as(Actor(user=user, ip_address=client_ip(request))):
        yield

"""Destruction takes a person's details out of the audit trail without breaking it.

The trail is append-only, enforced by the database (audit migrations 0002 and 0003). Destruction
is the one exception: inside `redacting()` the database lets an event's `changes` and
`object_label` (the values that may name the person) be overwritten, and nothing else; who did
what to which record, and when, stays. On PostgreSQL the permission is a transaction-local
setting; on SQLite a function each connection is given (as for `navigator flush`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from navigator.audit.models import AuditEvent

_redacting: ContextVar[bool] = ContextVar("navigator_audit_redacting", default=False)
WITHHELD = "[destroyed]"
LABEL = "Destroyed record"


@contextmanager
def redacting() -> Iterator[None]:
    """Inside a transaction: audit events' details may be overwritten until it ends."""
    token = _redacting.set(True)
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('navigator.audit_redacting', 'on', true)")
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('navigator.audit_redacting', 'off', true)")
        _redacting.reset(token)


def add_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Connected to `connection_created`: gives each SQLite connection the trigger's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "navigator_audit_redacting", 0, lambda: int(_redacting.get()), deterministic=False
        )


def redacted_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Which fields changed stays; what they held goes."""
    return {name: [WITHHELD, WITHHELD] for name in changes}


def redact(events: QuerySet) -> None:
    """Overwrite the details of `events` (a query of audit events). The base manager, not
    the append-only one, because this is the one write the database allows."""
    with redacting():
        for pk, changes in events.values_list("pk", "changes").iterator():
            AuditEvent._base_manager.filter(pk=pk).update(
                changes=redacted_changes(changes), object_label=LABEL
            )

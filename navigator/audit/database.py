"""On SQLite the audit table's DELETE trigger asks `navigator_audit_emptying()` whether the whole
database is being emptied (`navigator flush`, which tests use between transactional tests):
only then may audit events go. On PostgreSQL flush uses TRUNCATE, which row triggers do not
see. A connection that lacks the function (the sqlite3 shell) cannot delete events at all."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_emptying = False


@contextmanager
def emptying_the_database() -> Iterator[None]:
    global _emptying
    _emptying = True
    try:
        yield
    finally:
        _emptying = False


def add_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Connected to `connection_created`: gives each SQLite connection the trigger's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "navigator_audit_emptying", 0, lambda: int(_emptying), deterministic=False
        )

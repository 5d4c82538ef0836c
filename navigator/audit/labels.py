"""The labels the audit trail stores for a record's foreign keys, remembered for one actor's
context (a request, a task, a command; `acting_as` opens it, and one opened inside another goes
on with the outer memory) so that auditing many records that point at the same few others
(their organisation, a link worker, a person) does not load each of those again for every
record: the demo spent a sixth of its time on those loads.

A remembered label is only as good as the rows it was read from, so this connection's
statements are watched: each label remembers the tables read to make it (its record's, and any
its str() reads, as a support plan's reads its person's name), and a statement that writes to a
table (UPDATE, DELETE, INSERT) forgets every label read from that table. A statement whose
table is not plain to see (raw SQL, a rollback to a savepoint) forgets them all. Inside a
transaction, a table written to is not read into the memory again until the transaction
commits, so a rename that is rolled back is never remembered."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

EVERY_TABLE = ""  # a write whose table is unknown
# Statements that read, or open, keep or start a transaction: they change no row.
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "BEGIN")
# The table an UPDATE, DELETE or INSERT (or an upsert, SQLite's INSERT OR ...) writes to, as
# Django writes it: quoted.
_WRITE = re.compile(
    r'\s*(?:UPDATE|DELETE\s+FROM|INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO)\s+"([^"]+)"',
    re.IGNORECASE,
)
_QUOTED = re.compile(r'"([^"]+)"')


def written_table(sql: object) -> str | None:
    """The table `sql` writes to; EVERY_TABLE when it may write but which is unclear; None when
    it only reads."""
    if not isinstance(sql, str) or ";" in sql.rstrip().rstrip(";"):  # (or several statements)
        return EVERY_TABLE
    if sql.lstrip()[:9].upper().startswith(_READS):
        return None
    written = _WRITE.match(sql)
    return written.group(1) if written else EVERY_TABLE


class Labels:
    """What one context has read: (model, key field, key value) -> the related record's str()."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.known: dict[tuple[str, str, object], str] = {}
        # Each table read to make a label (its record's, any its str() read; with the column
        # names of those statements, a superset that does no harm) -> the labels made from it.
        self.by_table: dict[str, set[tuple[str, str, object]]] = {}
        # Tables written to since the open transaction began: what is read from them may be
        # undone by a rollback.
        self.unsettled: set[str] = set()
        self.reading: set[str] | None = None  # while a label is being read: the tables read

    def watch(
        self, execute: Callable[..., Any], sql: object, params: Any, many: bool, context: Any
    ) -> Any:
        """An execute wrapper on the watched connection: see the module's docstring."""
        table = written_table(sql)
        if table is None:
            if self.reading is not None and isinstance(sql, str):
                self.reading.update(_QUOTED.findall(sql))
        else:
            self.forget(table)
        return execute(sql, params, many, context)

    def forget(self, table: str) -> None:
        if table == EVERY_TABLE:
            self.known.clear()
            self.by_table.clear()
        else:
            for key in self.by_table.pop(table, ()):
                self.known.pop(key, None)
        if self.connection.in_atomic_block and table not in self.unsettled:
            # (A rollback drops the callback: the table then stays unsettled, which is safe,
            # until a later commit or until the memory is next used outside a transaction.)
            self.unsettled.add(table)
            transaction.on_commit(self.unsettled.clear, using=self.connection.alias)

    def usable(self) -> bool:
        # Another thread given this context (sync_to_async copies it) has its own connection,
        # which this memory does not watch.
        if self.connection is not connections[DEFAULT_DB_ALIAS]:
            return False
        if self.unsettled and not self.connection.in_atomic_block:
            self.unsettled.clear()  # the transaction ended; a rollback left nothing remembered
        return True

    def read(self, instance: models.Model, field: models.ForeignKey[Any, Any]) -> str:
        key = (
            field.related_model._meta.label,
            field.target_field.attname,
            field.value_from_object(instance),
        )
        if (known := self.known.get(key)) is not None:
            return known
        self.reading = {field.related_model._meta.db_table}
        try:
            text = str(getattr(instance, field.name))  # loaded, and kept on `instance`
            tables = frozenset(self.reading)
        finally:
            self.reading = None
        if EVERY_TABLE not in self.unsettled and not tables & self.unsettled:
            self.known[key] = text
            for table in tables:
                self.by_table.setdefault(table, set()).add(key)
        return text


_labels: ContextVar[Labels | None] = ContextVar("audit_labels", default=None)


@contextmanager
def remembering_labels() -> Iterator[None]:
    """Remember related records' labels until the context ends (see the module's docstring).
    Within a context that already remembers (a command whose steps act as different people),
    the outer memory goes on: it watches every statement of its connection all along."""
    connection = connections[DEFAULT_DB_ALIAS]
    outer = _labels.get()
    if outer is not None and outer.connection is connection:
        yield
        return
    labels = Labels(connection)
    token = _labels.set(labels)
    try:
        with connection.execute_wrapper(labels.watch):
            yield
    finally:
        _labels.reset(token)


def related_label(instance: models.Model, field: models.Field[Any, Any]) -> str | None:
    """str() of the record `instance`'s foreign key `field` points at, or None when it points
    at none: the object already loaded on `instance` if there is one (as reading the attribute
    would), else the label this context remembers, else loaded now (and kept on `instance`)."""
    if getattr(instance, field.attname) is None:
        return None
    labels = _labels.get()
    if (
        labels is None
        or not isinstance(field, models.ForeignKey)  # (and OneToOneField)
        or field.is_cached(instance)
        or not labels.usable()
    ):
        return str(getattr(instance, field.name))
    return labels.read(instance, field)

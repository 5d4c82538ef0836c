"""Inserting many rows at once."""

import datetime
import decimal
import gc
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any, cast

from django.db import connections, models, router

# Values COPY's text format writes as the column reads them, so they need no preparing by
# their field (the slow part of a bulk insert in Python).
PLAIN = frozenset(
    {str, int, float, bool, uuid.UUID, decimal.Decimal}
    | {datetime.date, datetime.datetime, datetime.time, type(None)}
)


def insert_many[M: models.Model](model: type[M], objects: Sequence[M]) -> Sequence[M]:
    """`model.objects.bulk_create(objects)`; on PostgreSQL by COPY, which loads tens of
    thousands of rows (a national directory feed) in a fraction of the time, most of it
    saved in Python. As with bulk_create, no save() and no signals. Unlike it, an id the
    database numbers is not read back: leave such ids to the database only where nothing
    reads them afterwards."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not objects:
        return model._default_manager.bulk_create(objects)
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.db_returning and getattr(objects[0], field.attname) is None)
    ]
    read = attrgetter(*(field.attname for field in fields))
    relations = [field.attname for field in fields if field.is_relation]
    # Set when the row is made (auto_now), or written as the database's own type (JSON).
    prepared = [
        (n, field)
        for n, field in enumerate(fields)
        if getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or isinstance(field, models.JSONField)
    ]

    def rows() -> Iterator[list[object]]:
        for obj in objects:
            if any(getattr(obj, attname) is None for attname in relations):
                # A related object saved after it was given: take its id, as bulk_create does.
                obj._prepare_related_fields_for_save(operation_name="insert_many")  # type: ignore[attr-defined]
            row = list(read(obj)) if len(fields) > 1 else [read(obj)]
            if not PLAIN.issuperset(map(type, row)):
                row = [
                    value if type(value) in PLAIN else field.get_db_prep_save(value, connection)
                    for value, field in zip(row, fields, strict=True)
                ]
            for n, field in prepared:
                row[n] = field.get_db_prep_save(field.pre_save(obj, True), connection)
            yield row

    _copy(model, [cast(str, field.column) for field in fields], rows())
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias
    return objects


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert plain rows (values of `columns`, by attname: `organisation_id`) without making a
    model instance of each, which is most of the time of inserting millions of small rows:
    COPY on PostgreSQL, `bulk_create` elsewhere. The values must be ones the column takes as
    they are (see PLAIN)."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            model(**dict(zip(columns, row, strict=True))) for row in rows
        )
        return
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    _copy(model, [cast(str, by_attname[column].column) for column in columns], rows)


def _copy(model: type[models.Model], columns: list[str], rows: Iterable[Sequence[object]]) -> None:
    connection = connections[router.db_for_write(model)]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert_into_sql(model: type[models.Model], columns: Iterable[str]) -> str:
    """The start of an INSERT into `model`'s table of the columns named, for rows selected
    (and summed) in the database."""
    connection = connections[router.db_for_write(model)]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    return f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) "


def columns_of(alias: str, columns: Iterable[str]) -> str:
    """The columns of the subquery `alias`, quoted, for an INSERT's SELECT list."""
    connection = connections["default"]
    return ", ".join(f"{alias}.{connection.ops.quote_name(column)}" for column in columns)


def execute_sql(sql: str, params: Iterable[Any]) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute(sql, tuple(params))


@contextmanager
def objects_kept() -> Iterator[None]:
    """For a bulk job: the objects that exist when it starts (a whole feed, read) live until it
    ends, so the garbage collector leaves them out of the full collections that would
    otherwise walk their millions again and again as the job makes new ones."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

"""The shared cache on the database (settings.CACHES when REDIS_URL is not set), with an
increment that counts every call however many processes make them at once.

Django's DatabaseCache inherits `BaseCache.incr`: a get, then a set. Two requests counting the
same key at once both read n and both write n + 1, so a rate limit counted there lets more
through than its limit; the set also gives the key the cache's default timeout (300 seconds),
ending a longer window early. Here an increment reads and writes the row in one transaction
that holds it: on PostgreSQL by `SELECT ... FOR UPDATE`; on SQLite, which has no row locks, by
writing to the row first, which takes the database's write lock before the read (it is taken
already when transactions begin IMMEDIATE, as settings.py has them), so the read sees the last
count committed. The row's expiry is left as it was, as Redis's INCR leaves a key's.
"""

import base64
import pickle
from datetime import datetime
from typing import Any

from django.core.cache.backends import db
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone


class DatabaseCache(db.DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        """Add `delta` to the value at `key` and return the sum; ValueError when there is no
        value there (or only an expired one), as every cache backend does."""
        cache_key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table, key_column = quote(self.cache_model_class._meta.db_table), quote("cache_key")
        value_column, expires_column = quote("value"), quote("expires")
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
            if not lock:
                cursor.execute(
                    f"UPDATE {table} SET {expires_column} = {expires_column} "
                    f"WHERE {key_column} = %s",
                    [cache_key],
                )
            cursor.execute(
                f"SELECT {value_column}, {expires_column} FROM {table} "
                f"WHERE {key_column} = %s{lock}",
                [cache_key],
            )
            row = cursor.fetchone()
            if row is None or _expiry(connection, row[1]) < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode(), validate=True)) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s",
                [encoded, cache_key],
            )
        return value


def _expiry(connection: BaseDatabaseWrapper, value: Any) -> datetime:
    """The expires column as an aware datetime, converted as Django's DatabaseCache does."""
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in [
        *connection.ops.get_db_converters(expression),
        *expression.get_db_converters(connection),
    ]:
        value = converter(value, expression, connection)
    return value

"""Counting events in the shared cache (the rate limits: self-referrals, password resets, API
calls). On the database cache each increment reads and writes the count under a lock, so
requests counting at once all count, and the count is forgotten when the window of its first
event ends, however often it was counted since."""

import datetime
import threading
import uuid

import pytest
from django.core.cache import cache, caches
from django.db import connection, connections
from django.utils import timezone

from navigator.core.cache import DatabaseCache
from navigator.core.ratelimit import count_event

pytestmark = pytest.mark.django_db

TABLE = "navigator_cache"


def a_key() -> str:
    return f"navigator:test:{uuid.uuid4().hex}"


def stored_key(key: str) -> str:
    return cache.make_and_validate_key(key)


def end_window(key: str) -> None:
    """As if the window of the count at `key` had ended a second ago."""
    past = connection.ops.adapt_datetimefield_value(
        timezone.now().replace(microsecond=0) - datetime.timedelta(seconds=1)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET expires = %s WHERE cache_key = %s", [past, stored_key(key)]
        )


def kept_beyond(key: str, seconds: int) -> bool:
    """Whether the count at `key` is kept for more than `seconds` from now."""
    moment = connection.ops.adapt_datetimefield_value(
        timezone.now() + datetime.timedelta(seconds=seconds)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {TABLE} WHERE cache_key = %s AND expires > %s",
            [stored_key(key), moment],
        )
        return cursor.fetchone() is not None


def test_the_shared_cache_is_navigators_database_cache():
    assert isinstance(caches["default"], DatabaseCache)


def test_each_event_is_counted_under_its_own_key():
    mine, theirs = a_key(), a_key()

    counts = [count_event(mine, keep_for=60) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert count_event(theirs, keep_for=60) == 1
    assert cache.get(mine) == 3


def test_the_count_starts_again_when_its_window_ends():
    key = a_key()
    count_event(key, keep_for=60)
    count_event(key, keep_for=60)

    end_window(key)

    assert [count_event(key, keep_for=60) for _ in range(2)] == [1, 2]


def test_counting_keeps_the_window_of_the_first_event():
    # Django's own increment wrote the count again with the cache's default timeout (five
    # minutes), so an hour's limit was forgotten after five minutes.
    key = a_key()

    for _ in range(3):
        count_event(key, keep_for=3600)

    assert kept_beyond(key, 3500)
    assert not kept_beyond(key, 3601)


def test_an_increment_of_no_count_or_an_ended_one_is_refused():
    missing, ended = a_key(), a_key()
    cache.set(ended, 5, 60)
    end_window(ended)

    with pytest.raises(ValueError):
        cache.incr(missing)
    with pytest.raises(ValueError):
        cache.incr(ended)


def test_an_increment_adds_what_it_is_given_and_decrements_too():
    key = a_key()
    cache.set(key, 10, 60)

    assert cache.incr(key, 5) == 15
    assert cache.decr(key, 3) == 12
    assert cache.get(key) == 12


COUNTERS = 2
EVENTS_EACH = 200


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: SQLite's test database is in memory, shared between threads by "
    "table locks that fail at once rather than wait (test_rate_limit_processes counts at once "
    "on an SQLite file, as Navigator runs)",
)
@pytest.mark.django_db(transaction=True)
def test_two_connections_counting_at_once_count_every_event():
    key = a_key()
    start = threading.Barrier(COUNTERS)
    failures: list[BaseException] = []

    def count_many() -> None:
        try:
            start.wait()
            for _ in range(EVENTS_EACH):
                count_event(key, keep_for=600)
        except BaseException as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    counters = [threading.Thread(target=count_many) for _ in range(COUNTERS)]
    for counter in counters:
        counter.start()
    for counter in counters:
        counter.join()

    assert failures == []
    assert cache.get(key) == COUNTERS * EVENTS_EACH
    cache.delete(key)

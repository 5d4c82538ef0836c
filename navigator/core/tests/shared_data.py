"""Data built once for a whole test module, as Django's `TestCase.setUpTestData` does.

The tables that span the project (the accessibility scan, the permission table) need the same
organisation, staff and records for each of their hundreds of rows; building them for every row
was most of the suite's time. `module_data(build)` makes a module-scoped fixture: `build()`
runs once, inside a transaction that is rolled back after the module's last test, and each
test (an ordinary `django_db` test, not a transactional one) runs in a savepoint inside it, so
it sees the data and whatever it changes is undone before the next test.

    world = module_data(build_world)

    @pytest.mark.django_db
    def test_something(world): ...
"""

from collections.abc import Callable, Iterator

import pytest
from django.db import transaction
from django.test import TestCase
from django.test.utils import override_settings
from django_scopes import scopes_disabled

# What the autouse `_test_settings` fixture sets for each test, in force while the data is
# built (that fixture is function-scoped, so it is not active yet).
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def module_data[T](build: Callable[[], T]) -> Callable[..., Iterator[T]]:
    """A module-scoped fixture holding `build()`'s result (see the module's docstring)."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker) -> Iterator[T]:
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
        try:
            # Work the services leave for after the commit (queued tasks, e-mails) is done
            # now, as it would be once their transaction committed.
            with (
                django_db_blocker.unblock(),
                override_settings(PASSWORD_HASHERS=FAST_HASHING),
                scopes_disabled(),
                TestCase.captureOnCommitCallbacks(execute=True),
            ):
                data = build()
            yield data
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)

    fixture.__doc__ = build.__doc__
    return fixture

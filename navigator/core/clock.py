"""Doing things as if at another moment: the demo records casework through the services as it
would have happened over the past months.

Every service, the audit trail and Django's automatic timestamps (auto_now, auto_now_add) read
the time from `django.utils.timezone.now`, so that is the one clock to set: no service takes a
moment it would only need for this. Setting it swaps a module attribute for the whole process,
so only a command that runs alone uses it (`navigator demo`), never a request.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone


@contextmanager
def stopped_at(moment: datetime.datetime) -> Iterator[None]:
    """Inside, the time is `moment` (timezone-aware) wherever Navigator or Django asks for it."""
    if timezone.is_naive(moment):
        raise ValueError("Give the moment with its timezone")
    running = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = running

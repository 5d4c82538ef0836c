"""Date maths of the cadence, as pure functions: no database, no clock. Callers pass today."""

import datetime

from navigator.plans.models import LevelOfNeed

DEFAULT_LEVEL = LevelOfNeed.MEDIUM


def interval_days(level: str | None, intervals: dict[str, int], override: int | None = None) -> int:
    """Days between contacts: the case's override, else the organisation's interval for the
    level of need (medium when the person has no plan yet)."""
    if override:
        return override
    return intervals[level or DEFAULT_LEVEL]


def next_due(
    *,
    start: datetime.date,
    last_connected: datetime.date | None,
    agreed_next: datetime.date | None,
    interval: int,
) -> datetime.date:
    """When the next contact is due: the date agreed at the last contact if there is one,
    else the last connected contact (or the start of the case) plus the interval."""
    if agreed_next:
        return agreed_next
    return (last_connected or start) + datetime.timedelta(days=interval)


def is_overdue(due: datetime.date | None, today: datetime.date) -> bool:
    """Overdue from the day after the due date: a contact due today is not late yet."""
    return due is not None and due < today


def weeks_between(start: datetime.date, today: datetime.date) -> int:
    return max((today - start).days, 0) // 7


def over_expected_length(
    *, weeks: int, contacts: int, expected_weeks: int, expected_contacts: int
) -> bool:
    return weeks > expected_weeks or contacts > expected_contacts


def follow_up_due(closed_on: datetime.date, days: int) -> datetime.date:
    return closed_on + datetime.timedelta(days=days)

import datetime

import pytest

from navigator.contacts import cadence

INTERVALS = {"high": 7, "medium": 14, "low": 28}
MONDAY = datetime.date(2026, 3, 2)


@pytest.mark.parametrize(("level", "days"), [("high", 7), ("medium", 14), ("low", 28), (None, 14)])
def test_each_level_of_need_sets_its_interval(level, days) -> None:
    interval = cadence.interval_days(level, INTERVALS)
    assert interval == days
    due = cadence.next_due(start=MONDAY, last_connected=None, agreed_next=None, interval=interval)
    assert due == MONDAY + datetime.timedelta(days=days)


def test_an_override_wins_over_the_level_of_need() -> None:
    assert cadence.interval_days("low", INTERVALS, override=3) == 3


def test_the_last_connected_contact_restarts_the_interval() -> None:
    due = cadence.next_due(
        start=MONDAY, last_connected=datetime.date(2026, 3, 10), agreed_next=None, interval=7
    )
    assert due == datetime.date(2026, 3, 17)


def test_an_agreed_next_date_wins() -> None:
    agreed = datetime.date(2026, 3, 5)
    assert cadence.next_due(start=MONDAY, last_connected=None, agreed_next=agreed, interval=7) == (
        agreed
    )


def test_overdue_only_from_the_day_after() -> None:
    due = datetime.date(2026, 3, 28)
    assert not cadence.is_overdue(due, datetime.date(2026, 3, 27))
    assert not cadence.is_overdue(due, due)
    assert cadence.is_overdue(due, datetime.date(2026, 3, 29))  # across the clock change


def test_over_expected_length() -> None:
    assert not cadence.over_expected_length(
        weeks=12, contacts=6, expected_weeks=12, expected_contacts=6
    )
    assert cadence.over_expected_length(
        weeks=13, contacts=0, expected_weeks=12, expected_contacts=6
    )
    assert cadence.over_expected_length(weeks=1, contacts=7, expected_weeks=12, expected_contacts=6)

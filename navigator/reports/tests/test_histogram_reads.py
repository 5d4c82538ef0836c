"""A year's waiting times read the whole-day buckets of the year and then, of only the buckets
its median and 90th percentile fall in, the exact durations at the positions they need:
however many referrals lie in other buckets or beside those positions, the exact read fetches
the same few rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from navigator.reports import selectors
from navigator.reports.tests.helpers import figure, referral

pytestmark = pytest.mark.django_db

YEAR = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
HOUR = 1 / 24


def exact_reads(organisation) -> tuple[list[str], list[list[tuple]]]:
    """The waiting-times figure of 2026, and the rows each exact read (the durations at chosen
    positions of chosen buckets) fetched."""
    with CaptureQueriesContext(connection) as captured:
        table = figure([organisation.pk], selectors.waiting_times, **YEAR).table()
    exact = [query["sql"] for query in captured if " OVER (" in query["sql"]]
    fetched = []
    for sql in exact:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            fetched.append(cursor.fetchall())
    return table[0], fetched


def read(fetched: list[list[tuple]]) -> list[tuple[set[int], int]]:
    """Each exact read's buckets and how many rows (distinct durations) it fetched."""
    return [({bucket for bucket, _, _, _ in rows}, len(rows)) for rows in fetched]


def test_the_exact_read_is_only_the_buckets_the_percentiles_fall_in(organisation) -> None:
    # Through the year, 40 people are first contacted on their fourth day, each at a
    # different hour: the median and 90th percentile both fall in that day.
    for number in range(40):
        referral(
            organisation, received=number * 8, first_contact_at=number * 8 + 3 + number * HOUR / 2
        )

    row, fetched = exact_reads(organisation)
    # Median: between the 20th and 21st (3 days 9.5 and 10 hours); 90th: the 36th and 37th.
    assert row == ["Referral to first contact", "40", "3.4", "3.7"]
    # One exact read for each interval with referrals (nobody was assessed): of the one
    # bucket's 40 durations, the 20th, 21st, 36th and 37th.
    assert read(fetched) == [({3}, 4)]

    # 35 more people, each contacted within three days, faster than the first 40: the
    # median and 90th percentile stay in the fourth day, which the exact read still is: its
    # 3rd duration (the 38th of 75), and its 32nd and 33rd (the 67th and 68th).
    for number in range(35):
        received = number * 10 + 1
        referral(organisation, received=received, first_contact_at=received + number % 3 + 0.1)

    row, fetched = exact_reads(organisation)
    assert row == ["Referral to first contact", "75", "3.0", "3.7"]
    assert read(fetched) == [({3}, 3)]


def test_reads_are_the_same_answer_as_counting_straight_from_the_records(organisation) -> None:
    for number in range(30):
        referral(
            organisation,
            received=number * 11,
            first_contact_at=number * 11 + (number * 7 % 13) * 0.37,
            assessed_at=number * 11 + 20 + number * 0.3,
        )
    rolled = figure([organisation.pk], selectors.waiting_times, **YEAR)
    report = selectors.Report(
        organisation_ids=[organisation.pk],
        filters=selectors.Filters(**YEAR),
        commissioned=False,
        direct=True,
    )
    assert rolled.table() == selectors.waiting_times(report).table()


def test_positions_nearer_the_end_of_a_bucket_are_counted_from_its_end(organisation) -> None:
    # 30 people first contacted on their fourth day, half an hour apart: the median is
    # between the 15th and 16th, the 90th percentile between the 27th and 28th.
    for number in range(30):
        referral(
            organisation, received=number * 8, first_contact_at=number * 8 + 3 + number * HOUR / 2
        )
    with CaptureQueriesContext(connection) as captured:
        table = figure([organisation.pk], selectors.waiting_times, **YEAR).table()

    # 3 days 7.25 hours, and 3 days 13.05 hours.
    assert table[0] == ["Referral to first contact", "30", "3.3", "3.5"]
    (exact,) = [query["sql"] for query in captured if " OVER (" in query["sql"]]
    # From the end, the 15th from the start is the 16th: 16 rows read, not 28.
    assert " DESC " in exact and "LIMIT 16" in exact

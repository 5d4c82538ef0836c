"""Percentiles read in two steps (whole-day buckets, then the exact durations of only the
buckets they fall in) are the percentiles of the whole exact histogram, whatever its shape."""

import random

import pytest

from navigator.reports.selectors.statistics import coarse_percentiles, percentiles

DAY = 86_400_000_000  # microseconds
FRACTIONS = [(0.5, 0.9), (0.1, 0.5), (0.0, 1.0), (0.25, 0.75, 0.95)]


def two_level(histogram, fractions, asked=None):
    """`coarse_percentiles` of an exact histogram, noting which buckets were read exactly."""
    coarse: dict[int, int] = {}
    for value, count in histogram:
        coarse[value // DAY] = coarse.get(value // DAY, 0) + count

    def exact(wanted):
        """As the database answers: each wanted bucket's values in order, with how many come
        before each, only those at a wanted position."""
        if asked is not None:
            asked.append(set(wanted))
        found = []
        for bucket, offsets in wanted.items():
            before = 0
            for value, count in sorted(v for v in histogram if v[0] // DAY == bucket):
                if any(before <= offset < before + count for offset in offsets):
                    found.append((bucket, value, before, count))
                before += count
        return found

    return coarse_percentiles(coarse.items(), exact, fractions)


def generated(rng: random.Random) -> list[tuple[int, int]]:
    """A histogram as the rollups hold it: distinct durations, each counted once or more,
    bunched into a few days or spread over months, some at whole days exactly."""
    days = rng.choice([1, 2, 3, 30, 400])
    size = rng.choice([1, 2, 3, 5, 10, 50, 200])
    counts: dict[int, int] = {}
    for _ in range(size):
        if rng.random() < 0.3:
            value = rng.randrange(days) * DAY  # midnight: a bucket's first value
        elif rng.random() < 0.1:
            value = rng.randrange(-days, 0) * DAY + rng.randrange(DAY)  # before the moment
        else:
            value = rng.randrange(days * DAY)
        counts[value] = counts.get(value, 0) + rng.choice([1, 1, 1, 2, 7])  # ties
    return list(counts.items())


@pytest.mark.parametrize("seed", range(40))
def test_two_level_percentiles_are_the_exact_percentiles(seed) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        histogram = generated(rng)
        for fractions in FRACTIONS:
            assert two_level(histogram, fractions) == percentiles(histogram, fractions), (
                histogram,
                fractions,
            )


def test_the_edges_a_histogram_can_have() -> None:
    hour = DAY // 24
    for histogram in (
        [],  # nobody
        [(0, 0)],  # a bucket counted to nothing
        [(int(2.5 * DAY), 1)],  # one person: their own median
        [(3 * DAY, 4)],  # everyone the same
        [(DAY - 1, 1), (DAY, 1)],  # the median halfway across a bucket's edge
        [(DAY + hour, 9), (5 * DAY, 1)],  # the 90th percentile straddling two buckets
        [(DAY + hour, 5), (DAY + 2 * hour, 4), (40 * DAY, 1)],
    ):
        assert two_level(histogram, (0.5, 0.9)) == percentiles(histogram, (0.5, 0.9)), histogram


def test_only_the_buckets_the_percentiles_fall_in_are_read_exactly() -> None:
    hour = DAY // 24
    # 10 people a day for 100 days: the median lies between day 49's last and day 50's first
    # (positions 499 and 500 of 0 to 999), the 90th percentile between day 89's last and
    # day 90's first (899.1). Four buckets of the hundred are read exactly, once.
    histogram = [(day * DAY + person * hour, 1) for day in range(100) for person in range(10)]
    asked: list[set[int]] = []
    assert two_level(histogram, (0.5, 0.9), asked) == percentiles(histogram, (0.5, 0.9))
    assert asked == [{49, 50, 89, 90}]

    asked.clear()
    assert two_level([], (0.5, 0.9), asked) == [None, None]
    assert asked == []  # nothing to read

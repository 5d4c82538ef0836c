"""Statistics shared by the report sections: percentiles, confidence intervals, deviations."""

import datetime
import math
from collections.abc import Callable, Iterable
from decimal import Decimal


def days(value: datetime.timedelta | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value.total_seconds()) / Decimal(86400)


def percentiles(
    histogram: Iterable[tuple[int, int]], fractions: tuple[float, ...] = (0.5, 0.9)
) -> list[datetime.timedelta | None]:
    """Interpolated percentiles (as PostgreSQL's percentile_cont) of durations given as a
    histogram: (microseconds, how many) pairs. Exact, since each bucket is one value."""
    buckets = sorted((value, count) for value, count in histogram if count)
    total = sum(count for _, count in buckets)

    def value_at(position: int) -> int:
        seen = 0
        for value, count in buckets:
            seen += count
            if position < seen:
                return value
        return buckets[-1][0]

    return _interpolated(total, value_at, fractions)


def _positions(total: int, fraction: float) -> tuple[int, float]:
    """The 0-based position a fraction of `total` sorted values falls at, and how far on
    from it towards the next (0: exactly at it)."""
    position = fraction * (total - 1)
    low = math.floor(position)
    return low, position - low


def _interpolated(
    total: int, value_at: Callable[[int], int], fractions: tuple[float, ...]
) -> list[datetime.timedelta | None]:
    """The fractions' percentiles of `total` sorted values, `value_at(position)` being the
    value at a 0-based position: each between the values either side, as percentile_cont."""
    if not total:
        return [None for _ in fractions]
    answers: list[datetime.timedelta | None] = []
    for fraction in fractions:
        low, beyond = _positions(total, fraction)
        value = Decimal(value_at(low))
        if beyond > 0:
            value += (Decimal(value_at(low + 1)) - value) * Decimal(str(beyond))
        answers.append(datetime.timedelta(microseconds=float(value)))
    return answers


def needed_positions(total: int, fractions: tuple[float, ...]) -> set[int]:
    """The positions among `total` sorted values that the fractions' percentiles are
    interpolated between."""
    needed: set[int] = set()
    for fraction in fractions if total else ():
        low, beyond = _positions(total, fraction)
        needed.update((low, low + 1) if beyond > 0 else (low,))
    return needed


def coarse_percentiles(
    coarse: Iterable[tuple[int, int]],
    exact: Callable[[dict[int, set[int]]], Iterable[tuple[int, int, int, int]]],
    fractions: tuple[float, ...] = (0.5, 0.9),
) -> list[datetime.timedelta | None]:
    """`percentiles` of a histogram read in two steps: `coarse` counts its values by bucket
    ((bucket, how many) pairs, a bucket holding a range of values and a higher bucket only
    higher values), and `exact(wanted)` gives, for each bucket asked, the values at the
    0-based positions within it that `wanted[bucket]` names: (bucket, value, how many of the
    bucket's values come before it, how many it is). It is asked once, for the buckets
    holding the positions the fractions need; the answer is the same as `percentiles` of the
    whole histogram."""
    buckets = sorted((bucket, count) for bucket, count in coarse if count)
    total = sum(count for _, count in buckets)
    # Where each needed position falls: its bucket, how many values come before that bucket.
    positions = needed_positions(total, fractions)
    holding: dict[int, tuple[int, int]] = {}
    seen = 0
    for bucket, count in buckets:
        for position in positions:
            if seen <= position < seen + count:
                holding[position] = (bucket, seen)
        seen += count
    wanted: dict[int, set[int]] = {}
    for position, (bucket, before) in holding.items():
        wanted.setdefault(bucket, set()).add(position - before)
    found = list(exact(wanted)) if wanted else []

    def value_at(position: int) -> int:
        bucket, before = holding[position]
        offset = position - before
        for each, value, earlier, count in found:
            if each == bucket and earlier <= offset < earlier + count:
                return value
        raise ValueError(f"bucket {bucket} holds fewer values than its coarse count")

    return _interpolated(total, value_at, fractions)


# Student's t at 97.5% for 1 to 30 degrees of freedom; beyond that the normal value serves.
T_975 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip


def confidence_interval(
    mean: Decimal | None, deviation: float | None, count: int
) -> tuple[Decimal, Decimal] | None:
    """The 95% confidence interval of a mean change, by Student's t."""
    if mean is None or deviation is None or count < 2:
        return None
    t = T_975[count - 2] if count - 1 <= len(T_975) else 1.96
    margin = Decimal(str(t * float(deviation) / math.sqrt(count)))
    return Decimal(mean) - margin, Decimal(mean) + margin


def deviation(count: int, total: Decimal | None, squares: Decimal | None) -> float | None:
    if count < 2 or total is None or squares is None:
        return None
    total_value, squares_value = float(total), float(squares)
    variance = (squares_value - total_value * total_value / count) / (count - 1)
    return math.sqrt(max(variance, 0.0))

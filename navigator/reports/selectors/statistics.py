"""Statistics shared by the report sections: percentiles, confidence intervals, deviations."""

import datetime
import math
from collections.abc import Iterable
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
    if not total:
        return [None for _ in fractions]

    def value_at(position: int) -> int:
        seen = 0
        for value, count in buckets:
            seen += count
            if position < seen:
                return value
        return buckets[-1][0]

    answers: list[datetime.timedelta | None] = []
    for fraction in fractions:
        position = fraction * (total - 1)
        low = math.floor(position)
        value = Decimal(value_at(low))
        if position > low:
            value += (Decimal(value_at(low + 1)) - value) * Decimal(str(position - low))
        answers.append(datetime.timedelta(microseconds=float(value)))
    return answers


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

import datetime

import factory
from django.utils import timezone


class PlainName(factory.Faker):
    """An en_GB name from Faker without apostrophes. Tests compare names with rendered HTML,
    where "O'Neill" is escaped; escaping itself has tests of its own."""

    def __init__(self, provider: str, **kwargs: object) -> None:
        super().__init__(provider, locale="en_GB", **kwargs)

    def evaluate(self, instance: object, step: object, extra: dict) -> str:
        return super().evaluate(instance, step, extra).replace("'", "")


class FamilyName(PlainName):
    """A double-barrelled en_GB family name ("Lee-Walker"). A single random one is often a word
    or a piece of one that pages hold anyway ("Lee" in "Leeds", "Hall", "Day"), so a test that
    looks for a person's name, or for its absence, would find it by chance."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("last_name", **kwargs)

    def evaluate(self, instance: object, step: object, extra: dict) -> str:
        # Faker's evaluate takes the locale out of `extra`, so each draw gets its own copy.
        first = super().evaluate(instance, step, dict(extra))
        second = first
        while second == first:
            second = super().evaluate(instance, step, dict(extra))
        return f"{first}-{second}"


def earlier_today(*, hours: int) -> datetime.datetime:
    """`hours` ago, but not before midnight: casework a test records "a while ago" on a case it
    made just now must fall on the day the referral was received, whenever the suite runs."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - datetime.timedelta(hours=hours), midnight)

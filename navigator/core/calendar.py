"""Working days, for targets counted in them (bank holidays are not known: only weekends are
skipped)."""

import datetime


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday) before `day`."""
    while days:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day

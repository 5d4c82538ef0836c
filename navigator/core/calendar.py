"""The service's clock: its time zone, and working days for targets counted in them (bank
holidays are not known: only weekends are skipped)."""

import datetime
import zoneinfo

# Where every service using Navigator works (settings.TIME_ZONE): a day's bounds and a time typed
# without a zone are London's.
LONDON = zoneinfo.ZoneInfo("Europe/London")


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday) before `day`."""
    while days:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day

"""Jobs the worker runs once a day. Apps register them in `AppConfig.ready`; the command
`navigator enqueue_daily_jobs` (run daily by cron or a systemd timer) puts each on the task
queue at most once per date."""

import datetime
from collections.abc import Callable

# name -> function that enqueues the job for a date
_daily_jobs: dict[str, Callable[[datetime.date], object]] = {}


def register_daily_job(name: str, enqueue: Callable[[datetime.date], object]) -> None:
    _daily_jobs[name] = enqueue


def daily_jobs() -> dict[str, Callable[[datetime.date], object]]:
    return dict(_daily_jobs)

"""Run once a day from cron or a systemd timer: `navigator enqueue_daily_jobs`. Running it
more than once a day enqueues nothing more."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from navigator.contacts.tasks import enqueue_daily_jobs


class Command(BaseCommand):
    help = "Enqueue today's daily jobs (contact reminders, activity referral checks), once."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        enqueued = enqueue_daily_jobs(today)
        if enqueued:
            self.stdout.write(f"Enqueued for {today}: {', '.join(enqueued)}")
        else:
            self.stdout.write(f"The daily jobs for {today} were already enqueued")

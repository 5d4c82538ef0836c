"""The daily reminder, run by the task worker (`navigator db_worker`). It is enqueued once a
day by `navigator enqueue_daily_jobs`, which cron or a systemd timer runs."""

import datetime

from django.db import transaction
from django.tasks import task
from django_scopes import scopes_disabled

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.tasks import send_email
from navigator.contacts import selectors, services
from navigator.contacts.models import DailyJobRun
from navigator.contacts.selectors import CaseRow
from navigator.core.daily import daily_jobs
from navigator.core.formatting import plural
from navigator.people.models import Person

REMINDER_JOB = "send_due_reminders"


def _initials(person: Person | None) -> str:
    return f"{person.given_name[:1]}{person.family_name[:1]}".upper() if person else ""


def reminder_body(cases: list[CaseRow], today: datetime.date) -> str:
    """Initials and references only: an e-mail may be read anywhere, so never names."""
    lines = [f"Contacts due or overdue on {today:%-d %B %Y}:", ""]
    for case in cases:
        late = " (overdue)" if case.due_on and case.due_on < today else ""
        lines.append(
            f"- {case.reference}, {_initials(case.person)}: due {case.due_on:%-d %B}{late}"
        )
    lines += ["", "Open your caseload in Navigator to log contacts."]
    return "\n".join(lines)


@task
def send_due_reminders(*, date: str) -> int:
    """Give each link worker tasks for their due contacts and plan reviews, and e-mail each
    with cases due today or overdue; returns how many e-mails were sent."""
    today = datetime.date.fromisoformat(date)
    sent = 0
    with scopes_disabled():
        workers = User.objects.filter(role=Role.LINK_WORKER, is_active=True)
        for worker in workers.select_related("organisation"):
            if worker.organisation is None:  # every link worker has one; the type allows none
                continue
            settings = selectors.caseload_settings(worker.organisation)
            services.make_due_tasks(user=worker, settings=settings, today=today)
            if not worker.email:
                continue
            cases = list(selectors.due_by(worker, settings, today))
            if not cases:
                continue
            send_email.enqueue(
                subject=f"Navigator: {plural(len(cases), 'contact')} due",
                body=reminder_body(cases, today),
                to=[worker.email],
            )
            sent += 1
    return sent


def enqueue_daily_jobs(today: datetime.date) -> list[str]:
    """Enqueue each registered daily job that has not been enqueued for `today`; returns the
    names enqueued now."""
    enqueued = []
    for name, enqueue in daily_jobs().items():
        with transaction.atomic():
            _, created = DailyJobRun.objects.get_or_create(job=name, date=today)
            if created:
                enqueue(today)
                enqueued.append(name)
    return enqueued


def enqueue_due_reminders(today: datetime.date) -> None:
    send_due_reminders.enqueue(date=today.isoformat())

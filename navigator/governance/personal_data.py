"""What the task queue and the audit trail hold about a person, for subject access and
destruction. Both belong to no app of their own, so governance says what they hold."""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django_tasks_db.models import DBTaskResult

from navigator.audit.models import AuditEvent
from navigator.core.person_data import Held, register_person_data
from navigator.governance import audit_redaction
from navigator.governance.models import DestructionReview
from navigator.people.models import Person

SEND_EMAIL = "navigator.accounts.tasks.send_email"


def _identifiers(ids: list[int]) -> tuple[list[str], list[str]]:
    """The person's e-mail addresses, and the other words that name them in a message."""
    emails, names = [], []
    for person in Person.objects.filter(pk__in=ids).only(
        "given_name", "family_name", "email", "nhs_number"
    ):
        if person.email:
            emails.append(person.email)
        names.append(person.full_name)
        if person.nhs_number:
            names.append(person.nhs_number)
    return emails, names


def queued_tasks(ids: list[int]):
    """Background tasks (queued or finished e-mails) whose arguments name the person."""
    emails, names = _identifiers(ids)
    mentions = Q(pk__in=[])
    for word in [*emails, *names]:
        mentions |= Q(text__icontains=word)
    return DBTaskResult.objects.annotate(text=Cast("args_kwargs", TextField())).filter(mentions)


def _sent_to_them(rows, ids: list[int]):
    """Released: the e-mails sent to the person. Messages to staff about them are staff's."""
    emails, _ = _identifiers(ids)
    sent_to = Q(pk__in=[])
    for email in emails:
        sent_to |= Q(text__icontains=f'"{email}"')
    return rows.filter(sent_to, task_path=SEND_EMAIL)


register_person_data(
    Held(
        "Retention review",
        lambda ids: DestructionReview.objects.filter(person__in=ids),
        erase={"hold_reason": ""},
        covers=("governance.destructionreview.person",),
    ),
    Held(
        "E-mails sent or queued",
        queued_tasks,
        delete=True,
        exported=_sent_to_them,
        hidden=("worker_ids", "backend_name", "queue_name", "traceback", "exception_class_path"),
    ),
    Held(
        "Audit trail: who saw or changed their records",
        lambda ids: AuditEvent.objects.filter(person_id__in=ids),
        destroy=audit_redaction.redact,
    ),
)

"""Background work of the accounts app, run by the task worker (`navigator db_worker`)."""

from django.core.mail import send_mail
from django.tasks import task


@task
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject, body, None, to)

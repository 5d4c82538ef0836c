"""A link worker e-mails a closed case's message back to the GP: to the GP practice's secure
inbox and to the referrer, the letter attached as a PDF and its content in the e-mail, through
the worker and GOV.UK Notify (a file by e-mail), or Django's e-mail backend without Notify.
Each goes once, is retried on a temporary failure, follows its delivery receipt and is on the
person's timeline; without a secure address the page says so and offers the download."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from navigator.contacts.models import Task
from navigator.messaging.models import Kind, Message, Status
from navigator.messaging.tasks import sweep_messages
from navigator.messaging.tests.conftest import CALLBACK_TOKEN, TEMPLATES
from navigator.people.models import Person
from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.models import Referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
FILE_TEMPLATE = "b3c1a1a0-0000-4000-8000-000000000004"


@pytest.fixture
def file_template(notify, settings):
    settings.NOTIFY_TEMPLATE_IDS = {**TEMPLATES, "file_email": FILE_TEMPLATE}
    return notify


def _send(client, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("messaging:message_back", args=[case.pk]))


def _receipt(client, message, status):
    payload = {"id": message.provider_id, "reference": str(message.reference), "status": status}
    return client.post(
        reverse("messaging:delivery_receipt"),
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {CALLBACK_TOKEN}",
    )


def test_the_message_back_goes_once_to_the_practice_and_the_referrer_through_notify(
    signed_in, link_worker, closed_case, file_template, django_capture_on_commit_callbacks
):
    client = signed_in(link_worker)
    page = reverse("messaging:message_back", args=[closed_case.pk])

    before = client.get(page).text
    sent = _send(client, closed_case, django_capture_on_commit_callbacks)
    again = _send(client, closed_case, django_capture_on_commit_callbacks)

    assert "Chapel Allerton Medical Centre (B86001)" in before
    assert "Dr Asha Patel, Chapel Allerton" in before and before.count("Not sent yet") == 2
    assert 'id="send-message-back"' in before
    assert sent.status_code == 302
    assert again.status_code == 302
    assert [(n["email_address"], n["template_id"]) for n in file_template.sent] == [
        ("chapel.allerton@nhs.net", FILE_TEMPLATE),
        ("asha.patel@nhs.net", FILE_TEMPLATE),
    ]
    notification = file_template.sent[0]
    assert notification["files"]["link_to_file"].startswith(b"%PDF")
    upload = notification["personalisation"]["link_to_file"]
    reference = closed_case.reference
    assert (upload["filename"], upload["confirm_email_before_download"]) == (
        f"message-to-gp-{reference}.pdf",
        True,
    )
    assert notification["personalisation"]["subject"] == (
        f"Social prescribing: message back about case {reference}"
    )
    assert "Closing summary: Walking weekly" in notification["personalisation"]["body"]
    messages = list(Message.objects.order_by("kind"))
    assert [(m.kind, m.addressee, m.status, m.attachment_name) for m in messages] == [
        (Kind.GP_MESSAGE, "Chapel Allerton Medical Centre (B86001)", Status.SENT,
         f"message-to-gp-{reference}.pdf"),
        (Kind.REFERRER_MESSAGE, "Dr Asha Patel, Chapel Allerton", Status.SENT,
         f"message-to-gp-{reference}.pdf"),
    ]  # fmt: skip
    assert all(bytes(m.attachment) == b"" for m in messages)  # not kept once it has gone

    _receipt(client, messages[0], "delivered")

    after = client.get(page).text
    timeline = client.get(reverse("people:timeline", args=[closed_case.person_id])).text
    assert Message.objects.get(kind=Kind.GP_MESSAGE).status == Status.DELIVERED
    assert "Delivered" in after and 'id="send-message-back"' not in after
    assert "Delivered. To Chapel Allerton Medical Centre (B86001)." in timeline


def test_a_temporary_failure_is_retried_without_sending_twice(
    signed_in, link_worker, closed_case, file_template, django_capture_on_commit_callbacks
):
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="")
    client = signed_in(link_worker)
    file_template.fail_next(503, "Service unavailable")

    _send(client, closed_case, django_capture_on_commit_callbacks)
    message = Message.objects.get(kind=Kind.GP_MESSAGE)
    assert (message.status, message.attempts, bytes(message.attachment)[:4]) == (
        Status.QUEUED,
        1,
        b"%PDF",
    )
    _send(client, closed_case, django_capture_on_commit_callbacks)  # clicked again meanwhile
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now())
    sweep_messages.call()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert Message.objects.count() == 1
    assert [n["email_address"] for n in file_template.sent] == ["chapel.allerton@nhs.net"]


def test_without_notify_the_letter_is_attached_to_an_email(
    settings, signed_in, link_worker, closed_case, django_capture_on_commit_callbacks
):
    settings.NOTIFY_API_KEY = ""
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="asha.patel@example.com")

    page = _send(signed_in(link_worker), closed_case, django_capture_on_commit_callbacks)

    assert page.status_code == 302
    assert [email.to for email in mail.outbox] == [["chapel.allerton@nhs.net"]]
    name, content, kind = mail.outbox[0].attachments[0]
    assert (name, kind, content[:4]) == (
        f"message-to-gp-{closed_case.reference}.pdf",
        "application/pdf",
        b"%PDF",
    )
    assert "Patient: " in mail.outbox[0].body
    assert list(Message.objects.values_list("kind", "status")) == [(Kind.GP_MESSAGE, Status.SENT)]


def test_without_a_secure_address_the_page_says_so_and_offers_the_download(
    signed_in, link_worker, closed_case, file_template, django_capture_on_commit_callbacks
):
    Person.objects.filter(pk=closed_case.person_id).update(gp_practice=GPPracticeFactory(
        ods_code="B86002", name="Roundhay Road Surgery"
    ))  # fmt: skip
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="asha.patel@example.com")
    client = signed_in(link_worker)

    page = client.get(reverse("messaging:message_back", args=[closed_case.pk])).text
    refused = _send(client, closed_case, django_capture_on_commit_callbacks)

    assert "The practice has no e-mail address on record" in page
    assert "asha.patel@example.com is not a secure address" in page
    assert 'id="download-instead"' in page
    assert reverse("contacts:gp_message_pdf", args=[closed_case.pk]) in page
    assert 'id="send-message-back"' not in page
    assert refused.status_code == 302
    assert Message.objects.count() == 0
    assert file_template.sent == []


def test_a_message_back_that_was_not_delivered_gives_a_task_and_can_be_sent_again(
    signed_in, link_worker, closed_case, file_template, django_capture_on_commit_callbacks
):
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="")
    client = signed_in(link_worker)
    _send(client, closed_case, django_capture_on_commit_callbacks)

    _receipt(client, Message.objects.get(kind=Kind.GP_MESSAGE), "permanent-failure")
    page = client.get(reverse("messaging:message_back", args=[closed_case.pk])).text
    task = Task.objects.get(referral=closed_case)
    _send(client, closed_case, django_capture_on_commit_callbacks)

    assert "Not delivered" in page and 'id="send-message-back"' in page
    assert (task.kind, task.assigned_to, task.done_at) == (
        Task.Kind.MESSAGE_BACK_UNDELIVERED,
        link_worker,
        None,
    )
    task.refresh_from_db()
    assert task.done_at is not None  # sending it again is what the task asked
    assert list(Message.objects.order_by("created_at").values_list("status", flat=True)) == [
        Status.FAILED,
        Status.SENT,
    ]
    assert len(file_template.sent) == 2

"""With NHS MESH configured, the message back to the GP goes to the practice's MESH mailbox
(looked up by its ODS code and the workflow) as one JSON document holding the structured
content and the letter's PDF, through the worker and mesh-client, against a fake MESH server.
It goes once per case, is retried on a temporary failure, follows MESH's tracking on the
person's timeline, and a failure gives the link worker a task. The referrer still gets an
e-mail."""

import base64
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from navigator.contacts.models import GPMessage, Task
from navigator.messaging.models import Channel, Kind, Message, Status
from navigator.messaging.tasks import sweep_messages
from navigator.messaging.tests.fake_mesh import WORKFLOW
from navigator.referrals.models import Referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
PRACTICE_MAILBOX = "B86001OT001"


@pytest.fixture
def practice_mailbox(mesh, settings):
    settings.NOTIFY_API_KEY = ""  # the referrer's e-mail goes by Django's e-mail backend
    mesh.mailboxes["B86001"] = PRACTICE_MAILBOX
    return mesh


def _send(client, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("messaging:message_back", args=[case.pk]))


def _undelivered_tasks(case):
    return Task.objects.filter(
        referral=case, kind=Task.Kind.MESSAGE_BACK_UNDELIVERED, done_at__isnull=True
    ).count()


def test_the_message_back_goes_once_to_the_practice_mailbox_and_follows_its_tracking(
    signed_in, link_worker, closed_case, practice_mailbox, django_capture_on_commit_callbacks
):
    client = signed_in(link_worker)
    page = reverse("messaging:message_back", args=[closed_case.pk])
    reference = closed_case.reference

    before = client.get(page).text
    _send(client, closed_case, django_capture_on_commit_callbacks)
    _send(client, closed_case, django_capture_on_commit_callbacks)

    assert "By NHS MESH to ODS code B86001" in before
    assert [email.to for email in mail.outbox] == [["asha.patel@nhs.net"]]
    [sent] = practice_mailbox.sent
    message = Message.objects.get(kind=Kind.GP_MESSAGE)
    assert (message.channel, message.recipient, message.status) == (
        Channel.MESH,
        "B86001",
        Status.SENT,
    )
    assert message.provider_id == sent["message_id"]
    assert (sent["recipient"], sent["workflow_id"], sent["local_id"]) == (
        PRACTICE_MAILBOX,
        WORKFLOW,
        str(message.reference),
    )
    assert (sent["content_type"], sent["chunk_range"], sent["filename"]) == (
        "application/json",
        "1:1",
        f"message-to-gp-{reference}.json",
    )
    assert sent["subject"] == f"Social prescribing: message back about case {reference}"
    document = json.loads(sent["body"])
    assert document["content"] == {
        "case": reference,
        "message": GPMessage.objects.get(referral=closed_case).content,
    }
    assert document["letter"]["filename"] == f"message-to-gp-{reference}.pdf"
    assert document["letter"]["media_type"] == "application/pdf"
    assert base64.b64decode(document["letter"]["data"]).startswith(b"%PDF")
    assert bytes(message.attachment) == b""  # not kept once it has gone
    assert practice_mailbox.handshakes == 1

    practice_mailbox.track(sent["message_id"], "acknowledged", success=True)
    sweep_messages.call()

    after = client.get(page).text
    timeline = client.get(reverse("people:timeline", args=[closed_case.person_id])).text
    message.refresh_from_db()
    assert (message.status, message.provider_status) == (Status.DELIVERED, "acknowledged")
    assert "Delivered" in after and 'id="send-message-back"' not in after
    assert "NHS MESH: Message back to the GP" in timeline
    assert "Delivered. To Chapel Allerton Medical Centre (B86001)." in timeline


def test_a_temporary_failure_is_retried_without_sending_twice(
    signed_in, link_worker, closed_case, practice_mailbox, django_capture_on_commit_callbacks
):
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="")
    client = signed_in(link_worker)
    practice_mailbox.fail_next(503, "Service unavailable")

    _send(client, closed_case, django_capture_on_commit_callbacks)
    message = Message.objects.get(kind=Kind.GP_MESSAGE)
    assert (message.status, message.attempts, bytes(message.attachment)[:4]) == (
        Status.QUEUED,
        1,
        b"%PDF",
    )
    assert message.error == "NHS MESH did not answer (503)"
    _send(client, closed_case, django_capture_on_commit_callbacks)  # clicked again meanwhile
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now())
    sweep_messages.call()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert Message.objects.count() == 1
    assert [sent["recipient"] for sent in practice_mailbox.sent] == [PRACTICE_MAILBOX]


def test_a_practice_without_a_mailbox_fails_at_once_and_gives_the_link_worker_a_task(
    signed_in, link_worker, closed_case, mesh, django_capture_on_commit_callbacks
):
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="")
    client = signed_in(link_worker)

    _send(client, closed_case, django_capture_on_commit_callbacks)

    message = Message.objects.get(kind=Kind.GP_MESSAGE)
    page = client.get(reverse("messaging:message_back", args=[closed_case.pk])).text
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert message.error == f"NHS MESH has no mailbox for B86001 taking {WORKFLOW}"
    assert mesh.sent == []
    assert _undelivered_tasks(closed_case) == 1
    assert "Not delivered" in page and 'id="send-message-back"' in page


def test_a_refused_sign_in_is_a_permanent_failure(
    settings, signed_in, link_worker, closed_case, practice_mailbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="")
    settings.MESH_PASSWORD = "not-the-password"

    _send(signed_in(link_worker), closed_case, django_capture_on_commit_callbacks)

    message = Message.objects.get(kind=Kind.GP_MESSAGE)
    assert message.status == Status.FAILED
    assert message.error.startswith("NHS MESH refused the message: 403")
    assert practice_mailbox.sent == []


def test_a_message_mesh_could_not_deliver_gives_a_task_and_can_be_sent_again(
    signed_in, link_worker, closed_case, practice_mailbox, django_capture_on_commit_callbacks
):
    Referral.objects.filter(pk=closed_case.pk).update(referrer_email="")
    client = signed_in(link_worker)
    _send(client, closed_case, django_capture_on_commit_callbacks)
    first = practice_mailbox.sent[0]["message_id"]

    practice_mailbox.track(first, "undeliverable", success=False)
    sweep_messages.call()
    tasks_after_failure = _undelivered_tasks(closed_case)
    _send(client, closed_case, django_capture_on_commit_callbacks)

    assert tasks_after_failure == 1
    assert _undelivered_tasks(closed_case) == 0  # sending it again is what the task asked
    assert list(Message.objects.order_by("created_at").values_list("status", "error")) == [
        (Status.FAILED, "NHS MESH: undeliverable"),
        (Status.SENT, ""),
    ]
    assert len(practice_mailbox.sent) == 2

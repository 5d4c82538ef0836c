"""GOV.UK Notify calls back with delivery receipts and with texts people send: only with its
bearer token; a receipt moves the message's status, a failure gives the case's link worker
a task, and a STOP reply stops texts to that number."""

import json

import pytest
from django.urls import reverse

from navigator.contacts.models import Task
from navigator.messaging.models import Channel, Message, Status, TextOptOut
from navigator.messaging.selectors import route_to
from navigator.messaging.tests.conftest import CALLBACK_TOKEN
from navigator.messaging.tests.helpers import MOBILE, send_feedback_link, texted_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
AUTHORISED = {"HTTP_AUTHORIZATION": f"Bearer {CALLBACK_TOKEN}"}


@pytest.fixture
def sent(notify, organisation, link_worker, django_capture_on_commit_callbacks, settings):
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"
    case = texted_case(organisation, link_worker)
    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)
    message.refresh_from_db()
    return message


def _receipt(client, message, status, **headers):
    # The shape of Notify's delivery receipt callback.
    payload = {
        "id": message.provider_id,
        "reference": str(message.reference),
        "to": MOBILE,
        "status": status,
        "created_at": "2026-12-03T09:00:00.000000Z",
        "completed_at": "2026-12-03T09:00:05.000000Z",
        "sent_at": "2026-12-03T09:00:01.000000Z",
        "notification_type": "sms",
        "template_id": "b3c1a1a0-0000-4000-8000-000000000001",
        "template_version": 1,
    }
    return client.post(
        reverse("messaging:delivery_receipt"),
        json.dumps(payload),
        content_type="application/json",
        **headers,
    )


def test_a_delivered_receipt_marks_the_message_delivered(client, sent):
    answer = _receipt(client, sent, "delivered", **AUTHORISED)

    assert answer.status_code == 200
    sent.refresh_from_db()
    assert (sent.status, sent.provider_status) == (Status.DELIVERED, "delivered")
    assert not Task.objects.filter(kind=Task.Kind.MESSAGE_UNDELIVERED).exists()


def test_a_receipt_without_the_token_changes_nothing(client, sent):
    assert _receipt(client, sent, "delivered").status_code == 401
    wrong = {"HTTP_AUTHORIZATION": "Bearer something-else"}
    assert _receipt(client, sent, "delivered", **wrong).status_code == 401
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_a_permanent_failure_gives_the_link_worker_a_task(client, sent, link_worker):
    _receipt(client, sent, "permanent-failure", **AUTHORISED)

    sent.refresh_from_db()
    assert (sent.status, sent.provider_status) == (Status.FAILED, "permanent-failure")
    task = Task.objects.get(kind=Task.Kind.MESSAGE_UNDELIVERED)
    assert (task.referral, task.assigned_to, task.done_at) == (sent.referral, link_worker, None)
    # A late "sending" receipt does not bring the failed message back.
    _receipt(client, sent, "sending", **AUTHORISED)
    sent.refresh_from_db()
    assert sent.status == Status.FAILED


def test_a_refusal_when_sending_gives_the_task_too(
    notify, organisation, link_worker, django_capture_on_commit_callbacks, settings
):
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"
    case = texted_case(organisation, link_worker)
    notify.fail_next(400, "phone_number Not a UK mobile number")

    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "Not a UK mobile number" in message.error
    assert message.attempts == 1
    assert Task.objects.filter(referral=case, kind=Task.Kind.MESSAGE_UNDELIVERED).exists()


def _reply(client, text, number="447912345678"):
    # The shape of Notify's received text message callback.
    payload = {
        "id": "df10a23e-2c6d-4ea5-87fb-82e520cbf93a",
        "source_number": number,
        "destination_number": "07700900001",
        "message": text,
        "date_received": "2026-12-03T10:05:00.000000Z",
    }
    return client.post(
        reverse("messaging:received_text"),
        json.dumps(payload),
        content_type="application/json",
        **AUTHORISED,
    )


def test_stop_is_honoured_and_start_undoes_it(client, sent, organisation, link_worker):
    person = sent.person

    assert _reply(client, "Stop ").json() == {"done": "stopped"}

    assert TextOptOut.objects.filter(phone=MOBILE).exists()
    assert route_to(person) is None
    assert send_feedback_link(texted_case(organisation, link_worker), link_worker) is None
    assert Message.objects.filter(channel=Channel.TEXT).count() == 1

    assert _reply(client, "START").json() == {"done": "started"}
    assert route_to(person).channel == Channel.TEXT


def test_other_replies_change_nothing(client, sent):
    assert _reply(client, "Thanks, see you Tuesday").json() == {"done": ""}
    assert not TextOptOut.objects.exists()


def test_callbacks_take_only_posts(client):
    assert client.get(reverse("messaging:delivery_receipt")).status_code == 405
    assert client.get(reverse("messaging:received_text")).status_code == 405

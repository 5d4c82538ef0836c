"""Staff see every message of their organisation, newest first, with where it got to; in
development (no Notify key) this is where texts and letters that were not sent can be read.
Each message is also on the person's timeline. Other organisations' messages are not shown."""

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.core.timeline import timeline_for
from navigator.messaging.models import Channel, Kind, Message, Status
from navigator.messaging.tests.helpers import send_feedback_link, texted_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture
def unsent(organisation, link_worker, django_capture_on_commit_callbacks, settings):
    settings.NOTIFY_API_KEY = ""
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"
    case = texted_case(organisation, link_worker, given_name="Zenobia", family_name="Quistorp")
    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)
    message.refresh_from_db()
    return message


def test_development_mode_lists_what_would_have_been_sent(unsent, signed_in, link_worker):
    page = signed_in(link_worker).get(reverse("messaging:outbox")).content.decode()

    assert "No GOV.UK Notify key is set" in page
    assert "Zenobia Quistorp" in page
    assert "Text message: 07912 345678" in page
    assert "Feedback link" in page
    assert "Not sent (development mode)" in page
    assert "how was your experience of our service? Tell us here: [secure link]" in page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEWED, object_type="messaging.message", person_id=unsent.person_id
    ).exists()


def test_the_message_is_on_the_persons_timeline(unsent):
    [entry] = [each for each in timeline_for(unsent.person) if each.title.startswith("Text")]

    assert entry.title == "Text message: Feedback link"
    assert entry.description.startswith("Not sent (development mode). Leeds North Social")


def test_other_organisations_messages_are_not_shown(
    unsent, signed_in, other_organisation, link_worker
):
    Message.objects.create(
        organisation=other_organisation,
        kind=Kind.ACKNOWLEDGEMENT,
        channel=Channel.EMAIL,
        recipient="someone@example.org",
        body="Thank you for your referral",
        status=Status.SENT,
        send_after=timezone.now(),
    )

    page = signed_in(link_worker).get(reverse("messaging:outbox")).content.decode()

    assert "someone@example.org" not in page
    assert "1 message" in page

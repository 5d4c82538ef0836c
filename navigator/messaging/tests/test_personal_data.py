"""A person's messages are part of what is held about them: released on a subject access
request (without the link not yet sent) and deleted when their record is destroyed, the
acknowledgement of their self-referral included."""

import pytest
from django.utils import timezone

from navigator.contacts.tests.helpers import open_case
from navigator.core.person_data import person_data
from navigator.governance.services import destroy_person_data
from navigator.messaging.models import Channel, Kind, Message
from navigator.messaging.tests.helpers import texter

pytestmark = pytest.mark.django_db


def _message(case, **values) -> Message:
    return Message.objects.create(
        organisation=case.organisation,
        referral=case,
        channel=Channel.TEXT,
        recipient="+447912345678",
        body="How was it? ((link))",
        link_address="http://127.0.0.1:8000/give-feedback/secret/",
        send_after=timezone.now(),
        **values,
    )


def test_destroying_a_record_deletes_its_messages(organisation, link_worker):
    case = open_case(organisation, link_worker, state="active", person=texter(organisation))
    _message(case, person=case.person, kind=Kind.FEEDBACK)
    _message(case, kind=Kind.ACKNOWLEDGEMENT)  # before the person was on record
    other = open_case(organisation, link_worker, state="active")
    kept = _message(other, person=other.person, kind=Kind.FEEDBACK)

    counts = destroy_person_data(case.person)

    assert counts["Messages sent (texts, e-mails and letters)"] == 2
    assert list(Message.objects.all()) == [kept]


def test_the_unsent_link_is_never_released():
    [entry] = [each for each in person_data() if each.model is Message]
    assert "link_address" in entry.hidden

"""Texts are not sent in the quiet hours (21:00 to 08:00 unless configured): they wait, and
go when the quiet hours end. E-mails and letters are not held."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from navigator.messaging.models import Message, Status
from navigator.messaging.services import after_quiet_hours
from navigator.messaging.tasks import sweep_messages
from navigator.messaging.tests.helpers import send_feedback_link, texted_case

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (_at(3, 12), _at(3, 12)),
        (_at(3, 20, 59), _at(3, 20, 59)),
        (_at(3, 21), _at(4, 8)),
        (_at(3, 23, 30), _at(4, 8)),
        (_at(4, 2), _at(4, 8)),
        (_at(4, 7, 59), _at(4, 8)),
        (_at(4, 8), _at(4, 8)),
    ],
)
def test_the_end_of_the_quiet_hours(settings, at, expected):
    settings.NAVIGATOR_QUIET_HOURS = "21:00-08:00"
    assert after_quiet_hours(at) == expected


def test_quiet_hours_within_a_day(settings):
    settings.NAVIGATOR_QUIET_HOURS = "12:00-14:00"
    assert after_quiet_hours(_at(3, 13)) == _at(3, 14)
    assert after_quiet_hours(_at(3, 15)) == _at(3, 15)


@pytest.mark.django_db
@pytest.mark.usefixtures("immediate_tasks")
def test_a_text_in_the_quiet_hours_waits_and_then_goes(
    notify, organisation, link_worker, django_capture_on_commit_callbacks, settings
):
    # Quiet from a minute ago for an hour, whatever the time the test runs.
    start = timezone.localtime() - datetime.timedelta(minutes=1)
    end = start + datetime.timedelta(hours=1)
    settings.NAVIGATOR_QUIET_HOURS = f"{start:%H:%M}-{end:%H:%M}"
    case = texted_case(organisation, link_worker)

    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)

    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert timezone.localtime(message.send_after).strftime("%H:%M") == f"{end:%H:%M}"
    assert notify.sent == []
    assert sweep_messages.call() == 0  # deferred, not dropped: still waiting

    Message.objects.filter(pk=message.pk).update(send_after=timezone.now())
    sweep_messages.call()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(notify.sent) == 1

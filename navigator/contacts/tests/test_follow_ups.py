"""A closed case's follow-up: shown on the case with its date, scheduled, moved or cancelled by
the link worker, done when the follow-up measure is recorded, and cancelled by reopening."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import FollowUp
from navigator.contacts.tests.helpers import allocated_through_services
from navigator.outcomes.tests.helpers import ONS4_BASELINE, completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(organisation, link_worker):
    case = allocated_through_services(organisation, link_worker)
    with acting_as(Actor(user=link_worker)):
        services.close_case(referral=case, reason="goals_met", summary="Walking weekly")
    return case


def date_fields(day: datetime.date) -> dict:
    return {"due_on_day": day.day, "due_on_month": day.month, "due_on_year": day.year}


def test_the_case_shows_its_follow_up_and_the_link_worker_moves_it(signed_in, link_worker, closed):
    client = signed_in(link_worker)
    due = timezone.localdate() + datetime.timedelta(days=90)
    new_day = timezone.localdate() + datetime.timedelta(days=30)

    case = client.get(reverse("contacts:case", args=[closed.pk])).text
    moved = client.post(reverse("contacts:follow_up", args=[closed.pk]), date_fields(new_day))

    assert f"Due {due.strftime('%A %-d %B %Y')}" in case
    assert moved.status_code == 302
    assert FollowUp.objects.get(referral=closed).due_on == new_day
    after = client.get(reverse("contacts:case", args=[closed.pk])).text
    assert f"Due {new_day.strftime('%A %-d %B %Y')}" in after


def test_a_past_date_is_refused(signed_in, link_worker, closed):
    past = timezone.localdate() - datetime.timedelta(days=1)

    response = signed_in(link_worker).post(
        reverse("contacts:follow_up", args=[closed.pk]), date_fields(past)
    )

    assert "The follow-up date must be today or in the future" in response.text


def test_cancelling_and_scheduling_again(signed_in, link_worker, closed):
    client = signed_in(link_worker)
    follow_up = FollowUp.objects.get(referral=closed)
    day = timezone.localdate() + datetime.timedelta(days=10)

    client.post(reverse("contacts:follow_up_cancel", args=[follow_up.pk]), {"confirm": "on"})
    cancelled = client.get(reverse("contacts:case", args=[closed.pk])).text
    client.post(reverse("contacts:follow_up", args=[closed.pk]), date_fields(day))

    assert "was cancelled" in cancelled and "Schedule a follow-up" in cancelled
    follow_up.refresh_from_db()
    assert (follow_up.due_on, follow_up.cancelled_at) == (day, None)


def test_recording_the_follow_up_measure_completes_it(signed_in, link_worker, closed):
    completed(closed.person, link_worker, ONS4_BASELINE, time_point="follow_up")

    assert FollowUp.objects.get(referral=closed).done_at is not None
    case = signed_in(link_worker).get(reverse("contacts:case", args=[closed.pk])).text
    assert "Done " in case


def test_reopening_cancels_the_old_follow_up(signed_in, link_worker, closed):
    follow_up = FollowUp.objects.get(referral=closed)
    FollowUp.objects.filter(pk=follow_up.pk).update(due_on=timezone.localdate())
    client = signed_in(link_worker)
    assert 'id="follow-ups"' in client.get(reverse("contacts:caseload")).text

    client.post(
        reverse("contacts:reopen", args=[closed.pk]),
        {"reason": "Struggling again", "link_worker": str(link_worker.pk)},
    )

    follow_up.refresh_from_db()
    assert follow_up.cancelled_at is not None
    caseload = client.get(reverse("contacts:caseload")).text
    assert 'id="follow-ups"' not in caseload
    case = client.get(reverse("contacts:case", args=[closed.pk])).text
    assert "was cancelled when the case was reopened" in case

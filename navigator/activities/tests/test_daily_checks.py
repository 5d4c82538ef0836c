"""The daily task chases unanswered activity referrals and prompts about attendance, once each."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from navigator.activities.states import Status
from navigator.activities.tasks import daily_activity_referral_checks, working_days_before
from navigator.activities.tests.factories import ActivityReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_working_days_skip_weekends():
    monday = datetime.date(2026, 11, 23)
    assert working_days_before(monday, 1) == datetime.date(2026, 11, 20)
    assert working_days_before(monday, 5) == datetime.date(2026, 11, 16)


def test_unanswered_referrals_are_chased_once(organisation):
    old = ActivityReferralFactory(
        person__organisation=organisation,
        requested_at=timezone.now() - datetime.timedelta(days=14),
    )
    ActivityReferralFactory(person__organisation=organisation)  # sent today
    assert daily_activity_referral_checks.call() == {"chased": 1, "prompted": 0, "asked": 0}
    assert daily_activity_referral_checks.call() == {"chased": 0, "prompted": 0, "asked": 0}
    assert mail.outbox[0].to == [old.made_by.email]


def test_a_week_after_the_first_session_the_link_worker_is_prompted(organisation):
    ActivityReferralFactory(
        person__organisation=organisation,
        status=Status.ACCEPTED,
        planned_first_session=timezone.now() - datetime.timedelta(days=8),
    )
    ActivityReferralFactory(
        person__organisation=organisation,
        status=Status.IN_PROGRESS,
        planned_first_session=timezone.now() - datetime.timedelta(days=8),
    )
    assert daily_activity_referral_checks.call()["prompted"] == 1
    assert "first session" in mail.outbox[0].subject


def test_the_time_to_answer_is_configurable(organisation, settings):
    settings.NAVIGATOR_ACTIVITY_ANSWER_WORKING_DAYS = 20
    settings.NAVIGATOR_SITE_URL = "https://navigator.example.org"
    ActivityReferralFactory(
        person__organisation=organisation,
        requested_at=timezone.now() - datetime.timedelta(days=14),
    )
    assert daily_activity_referral_checks.call()["chased"] == 0
    settings.NAVIGATOR_ACTIVITY_ANSWER_WORKING_DAYS = 5
    assert daily_activity_referral_checks.call()["chased"] == 1
    assert "https://navigator.example.org/activities/" in mail.outbox[0].body

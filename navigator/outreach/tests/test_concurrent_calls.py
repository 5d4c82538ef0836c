"""Two link workers logging a call to the same person at once: only one counts."""

import pytest
from django.urls import reverse

from navigator.audit.context import Actor, acting_as
from navigator.core.concurrency import StaleEditError
from navigator.outreach import services
from navigator.outreach.models import CallAttempt, Outcome
from navigator.outreach.tests.factories import CohortFactory, CohortMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(organisation):
    return CohortMemberFactory(cohort=CohortFactory(organisation=organisation))


def test_the_second_of_two_calls_from_the_same_page_state_is_refused(member, link_worker, manager):
    opened_at = member.version  # both opened the page before either saved
    with acting_as(Actor(user=link_worker)):
        services.log_attempt(
            member=member, expected_version=opened_at, outcome=Outcome.NO_ANSWER, by=link_worker
        )
    with acting_as(Actor(user=manager)), pytest.raises(StaleEditError):
        services.log_attempt(
            member=member, expected_version=opened_at, outcome=Outcome.NO_ANSWER, by=manager
        )

    member.refresh_from_db()
    assert member.failed_attempts == 1
    assert CallAttempt.objects.count() == 1


def test_the_refused_worker_is_told_and_can_log_again(signed_in, member, link_worker, manager):
    url = reverse("outreach:member", args=[member.pk])
    stale = {"outcome": Outcome.VOICEMAIL, "version": member.version}
    signed_in(link_worker).post(url, stale)

    response = signed_in(manager).post(url, stale)

    assert response.status_code == 200
    assert "Someone else logged a call" in response.text
    member.refresh_from_db()
    assert member.failed_attempts == 1
    again = signed_in(manager).post(url, {**stale, "version": member.version})
    assert again.status_code == 302
    member.refresh_from_db()
    assert member.failed_attempts == 2


def test_the_member_row_is_locked_while_a_call_is_logged(member, link_worker, monkeypatch):
    locked = []
    original = services.CohortMember.objects.select_for_update

    def spy(*args, **kwargs):
        locked.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(services.CohortMember.objects, "select_for_update", spy)
    with acting_as(Actor(user=link_worker)):
        services.log_attempt(
            member=member, expected_version=member.version, outcome="voicemail", by=link_worker
        )

    assert locked

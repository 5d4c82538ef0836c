"""Every secure-link type answered by several people at once (the same link sent from
several tabs or devices in the same instant): one answer is stored, every other submission
is told the link was already used, and none gets a server error. Real concurrency needs real
transactions and row locks: the test runs on PostgreSQL and is skipped on SQLite, whose
single writer lock makes the threads wait in turn instead of racing."""

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.activities.models import StatusChange
from navigator.activities.states import Status
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.feedback.models import FeedbackResponse
from navigator.feedback.tests.helpers import closed_case, posted, send_link
from navigator.links.models import Purpose
from navigator.links.services import issue_link
from navigator.outcomes import services as outcome_services
from navigator.outcomes.models import Administration
from navigator.outcomes.tests.helpers import started
from navigator.people.tests.factories import PersonFactory

THREADS = 4
WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Answer:
    """How to get a live link of one type, what its page is sent, and how many answers it
    stored."""

    link: Callable[[object], tuple[str, Callable[[], int]]]  # worker -> (url, answers stored)
    data: dict


def _activity(purpose: Purpose, page: str, **fields) -> Callable:
    def make(worker) -> tuple[str, Callable[[], int]]:
        person = PersonFactory(organisation=worker.organisation, email="ada@example.org")
        activity_referral = ActivityReferralFactory(person=person, made_by=worker, **fields)
        issued = issue_link(purpose=purpose, target=activity_referral, valid_for=WEEK)
        changes = StatusChange.objects.filter(activity_referral=activity_referral)
        start = changes.count()
        return reverse(page, kwargs={"token": issued.token}), lambda: changes.count() - start

    return make


def _feedback(worker) -> tuple[str, Callable[[], int]]:
    sent = send_link(closed_case(worker.organisation, worker), worker)
    url = reverse("feedback:give", kwargs={"token": sent.token})
    return url, lambda: FeedbackResponse.objects.filter(request=sent.request).count()


def _questionnaire(worker) -> tuple[str, Callable[[], int]]:
    person = PersonFactory(organisation=worker.organisation, email="ada@example.org")
    administration = started(person, worker, "ons4", "review")
    with acting_as(Actor(user=worker)):
        issued = outcome_services.send_questionnaire_link(
            administration=administration, created_by=worker
        )
    completed = Administration.objects.filter(pk=administration.pk, completed_at__isnull=False)
    return reverse("outcomes:questionnaire", kwargs={"token": issued.token}), completed.count


ANSWERS = {
    Purpose.PROVIDER_RESPONSE: Answer(
        _activity(Purpose.PROVIDER_RESPONSE, "activities:provider_response"),
        {"answer": Status.ACCEPTED.value, "reason": ""},
    ),
    Purpose.PROVIDER_ATTENDANCE: Answer(
        _activity(
            Purpose.PROVIDER_ATTENDANCE,
            "activities:provider_attendance",
            status=Status.ACCEPTED,
            planned_first_session=timezone.now() - datetime.timedelta(days=1),
        ),
        {"answer": Status.IN_PROGRESS.value, "reason": ""},
    ),
    Purpose.PERSON_ATTENDANCE: Answer(
        _activity(
            Purpose.PERSON_ATTENDANCE,
            "activities:person_attendance",
            status=Status.ACCEPTED,
            planned_first_session=timezone.now() - datetime.timedelta(days=1),
        ),
        {"answer": "did_not_go", "got_in_the_way": "The bus did not come"},
    ),
    Purpose.FEEDBACK: Answer(_feedback, posted()),
    Purpose.QUESTIONNAIRE: Answer(
        _questionnaire,
        {"answered_how": "alone", "q1": "6", "q2": "7", "q3": "8", "q4": "2", "action": "finish"},
    ),
}


def test_every_link_type_has_a_row() -> None:
    assert set(ANSWERS) == set(Purpose)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("purpose", sorted(ANSWERS))
def test_a_link_answered_by_several_at_once_stores_one_answer(purpose, settings) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks to race honestly")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    worker = UserFactory(organisation=OrganisationFactory(), role=Role.LINK_WORKER)
    answer = ANSWERS[purpose]
    url, stored = answer.link(worker)
    start = threading.Barrier(THREADS)
    statuses: list[int] = []

    def send() -> None:
        client = Client()
        start.wait()
        try:
            statuses.append(client.post(url, answer.data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] + [410] * (THREADS - 1), statuses
    assert stored() == 1

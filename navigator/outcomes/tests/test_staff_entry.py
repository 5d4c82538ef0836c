"""A link worker records a measure during a contact: chooses it and the time point, answers
some questions, saves, comes back, finishes; the scores are stored and nothing is counted as
zero. Bad input changes nothing."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.outcomes.models import Administration, Score, Status
from navigator.outcomes.tests.helpers import completed, started
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return UserFactory(role=Role.LINK_WORKER)


@pytest.fixture
def person(worker):
    return PersonFactory(organisation=worker.organisation)


def test_start_save_partly_then_finish(client, worker, person):
    client.force_login(worker)
    response = client.post(
        reverse("outcomes:start", kwargs={"pk": person.pk}),
        {"instrument": "swemwbs", "time_point": "baseline"},
    )
    administration = Administration.objects.get()
    assert response.url == reverse("outcomes:administration", kwargs={"pk": administration.pk})
    url = response.url

    client.post(url, {"answered_how": "with_help", "q1": "4", "q2": "3", "action": "save"})
    administration.refresh_from_db()
    assert administration.status == Status.IN_PROGRESS
    assert administration.answers["statement_1"] == "4"
    assert administration.answers["statement_3"] is None
    assert not Score.objects.exists()

    page = client.get(url)
    assert 'value="4" checked' in page.content.decode()

    answers = {f"q{n}": "3" for n in range(1, 8)}
    response = client.post(url, {"answered_how": "with_help", **answers, "action": "finish"})
    assert response.status_code == 302
    administration.refresh_from_db()
    assert administration.status == Status.COMPLETE
    assert administration.recorded_by == worker
    assert administration.answered_how == "with_help"
    assert administration.completed_at is not None
    scores = dict(administration.scores.values_list("measure", "value"))
    assert scores == {"swemwbs_raw": Decimal(21), "swemwbs_metric": Decimal("19.25")}


def test_a_missing_item_is_stored_as_missing_not_zero(client, worker, person):
    client.force_login(worker)
    administration = started(person, worker, "swemwbs")
    answers = {f"q{n}": "5" for n in range(1, 7)}  # statement 7 left blank
    client.post(
        reverse("outcomes:administration", kwargs={"pk": administration.pk}),
        {"answered_how": "alone", **answers, "action": "finish"},
    )
    administration.refresh_from_db()
    assert administration.answers["statement_7"] is None
    assert set(administration.scores.values_list("measure", "value")) == {
        ("swemwbs_raw", None),
        ("swemwbs_metric", None),
    }


def test_an_answer_out_of_range_is_refused_and_nothing_changes(client, worker, person):
    client.force_login(worker)
    administration = started(person, worker, "ons4")
    url = reverse("outcomes:administration", kwargs={"pk": administration.pk})
    response = client.post(url, {"answered_how": "alone", "q1": "11", "action": "finish"})
    assert response.status_code == 200
    assert "Choose one of the answers given" in response.content.decode()
    administration.refresh_from_db()
    assert administration.status == Status.IN_PROGRESS
    assert administration.answers["satisfied"] is None


def test_a_score_out_of_range_is_refused_for_licensed_scores(client, worker, person):
    client.force_login(worker)
    administration = started(person, worker, "pam")
    url = reverse("outcomes:administration", kwargs={"pk": administration.pk})
    response = client.post(
        url, {"answered_how": "alone", "q1": "101", "q2": "3", "action": "finish"}
    )
    assert "The score must be 100 or less" in response.content.decode()
    assert not Score.objects.exists()


def test_finishing_with_nothing_answered_is_refused(client, worker, person):
    client.force_login(worker)
    administration = started(person, worker, "ons4")
    url = reverse("outcomes:administration", kwargs={"pk": administration.pk})
    response = client.post(url, {"answered_how": "alone", "action": "finish"})
    assert "Answer at least one question before finishing" in response.content.decode()
    administration.refresh_from_db()
    assert administration.status == Status.IN_PROGRESS


def test_a_second_submission_changes_nothing(client, worker, person):
    client.force_login(worker)
    administration = completed(person, worker, {"satisfied": 6})
    url = reverse("outcomes:administration", kwargs={"pk": administration.pk})
    response = client.post(url, {"answered_how": "alone", "q1": "2", "action": "finish"})
    assert "already been sent" in response.content.decode()
    administration.refresh_from_db()
    assert administration.answers["satisfied"] == "6"
    assert Score.objects.get(measure="ons4_satisfied").value == 6


def test_licensed_score_only_entry_shows_no_wording(client, worker, person):
    client.force_login(worker)
    administration = started(person, worker, "eq5d")
    page = client.get(reverse("outcomes:administration", kwargs={"pk": administration.pk}))
    text = page.content.decode()
    assert "Index value" in text and "mobility" not in text.lower()


def test_goals_are_rated_from_the_plan(client, worker, person):
    make_plan(person, user=worker)
    client.force_login(worker)
    client.post(
        reverse("outcomes:start", kwargs={"pk": person.pk}),
        {"instrument": "goals", "time_point": "review"},
    )
    administration = Administration.objects.get()
    assert administration.items[0]["text"] == "Goal 1: I want to get back to my allotment"
    client.post(
        reverse("outcomes:administration", kwargs={"pk": administration.pk}),
        {"answered_how": "alone", "q1": "6", "action": "finish"},
    )
    assert Score.objects.get().measure == "goal_1"
    assert Score.objects.get().value == 6


def test_star_is_scored_on_the_plan_star_areas(client, worker, person):
    plan = make_plan(person, user=worker)
    administration = started(person, worker, "star")
    assert [item["key"] for item in administration.items] == plan.star.areas
    client.force_login(worker)
    client.post(
        reverse("outcomes:administration", kwargs={"pk": administration.pk}),
        {"answered_how": "alone", "q1": "3", "action": "finish"},
    )
    first = plan.star.areas[0]
    assert Score.objects.get(measure=f"star:{first}").value == 3
    assert Score.objects.filter(value__isnull=True).count() == len(plan.star.areas) - 1


def test_goals_without_a_plan_cannot_be_started(client, worker, person):
    client.force_login(worker)
    response = client.post(
        reverse("outcomes:start", kwargs={"pk": person.pk}),
        {"instrument": "goals", "time_point": "review"},
    )
    assert "no goals yet" in response.content.decode()
    assert not Administration.objects.exists()


def test_switched_off_measures_cannot_be_started(client, worker, person):
    client.force_login(worker)
    response = client.post(
        reverse("outcomes:start", kwargs={"pk": person.pk}),
        {"instrument": "mycaw", "time_point": "baseline"},
    )
    assert response.status_code == 200
    assert not Administration.objects.exists()


def test_writes_and_reads_are_audited(client, worker, person):
    client.force_login(worker)
    administration = completed(person, worker, {"satisfied": 6})
    client.get(reverse("outcomes:administration", kwargs={"pk": administration.pk}))
    actions = set(
        AuditEvent.objects.filter(person_id=person.pk).values_list("object_type", "action")
    )
    assert {
        ("outcomes.administration", "created"),
        ("outcomes.administration", "updated"),
        ("outcomes.score", "created"),
        ("outcomes.administration", "viewed"),
    } <= actions


def audited_by(response_of: Callable[[], HttpResponse]) -> list[tuple[str, str]]:
    """The audit events one request writes, in order."""
    before = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    assert response_of().status_code in (200, 302)
    written = AuditEvent.objects.filter(pk__gt=before).order_by("pk")
    return list(written.values_list("object_type", "action"))


def test_opening_audits_a_read_and_saving_audits_only_the_write(client, worker, person):
    client.force_login(worker)
    administration = started(person, worker, "ons4", "review")
    url = reverse("outcomes:administration", kwargs={"pk": administration.pk})

    assert audited_by(lambda: client.get(url)) == [("outcomes.administration", "viewed")]
    save = {"answered_how": "alone", "q1": "6", "action": "save"}
    assert audited_by(lambda: client.post(url, save)) == [("outcomes.administration", "updated")]


def test_another_organisations_administration_is_not_found(client, worker):
    other = PersonFactory()
    other_worker = UserFactory(organisation=other.organisation, role=Role.LINK_WORKER)
    administration = started(other, other_worker)
    client.force_login(worker)
    url = reverse("outcomes:administration", kwargs={"pk": administration.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"answered_how": "alone", "q1": "3"}).status_code == 404


def test_the_closure_prompt_opens_the_form_at_the_closure_time_point(client, worker, person):
    client.force_login(worker)

    page = client.get(reverse("outcomes:start", kwargs={"pk": person.pk}) + "?time_point=closure")

    html = page.content.decode()
    checked = html[html.index('value="closure"') - 200 : html.index('value="closure"') + 200]
    assert "checked" in checked
    assert html.count("checked") == 1

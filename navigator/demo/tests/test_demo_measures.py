"""The demo's outcome measures, feedback and commissioning body: the manager's and the
commissioner's reports and the feedback list have something to show, bounded and repeatable."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from navigator.accounts.models import User
from navigator.audit.models import AuditEvent
from navigator.contacts.models import Closure, Reopening
from navigator.core.views import PAGE_SIZE
from navigator.demo.synthetic import COMMISSIONING_ORGANISATION, DEMO_ORGANISATIONS
from navigator.demo.tests.helpers import demo_run, run_demo
from navigator.feedback.models import Channel, FeedbackRequest, FeedbackResponse, Respondent
from navigator.links.models import SecureLink
from navigator.outcomes import instruments, selectors
from navigator.outcomes.models import Administration, Score, Status, TimePoint
from navigator.outcomes.services import SCORE_PLACES
from navigator.people.models import Person
from navigator.plans.models import Assessment, SupportPlan

pytestmark = pytest.mark.django_db

# Enough closed cases in both organisations for the reports to have figures to show.
PEOPLE = 300
SERVICES = [spec.name for spec in DEMO_ORGANISATIONS]
BETTER_WHEN_HIGHER = ("ons4_satisfied", "ons4_worthwhile", "ons4_happy")


def figure_count(page: str, label: str) -> int:
    """The first number in the report table row headed `label` (people with both scores)."""
    found = re.search(rf'<th scope="row"[^>]*>{re.escape(label)}</th>\s*<td[^>]*>(\d+)</td>', page)
    assert found, f"no row {label!r}"
    return int(found.group(1))


def made() -> dict[str, int]:
    with scopes_disabled():
        return {
            model.__name__: model.objects.count()
            for model in (Administration, Score, FeedbackResponse, FeedbackRequest, SecureLink)
        } | {"may_contact": Person.objects.filter(may_contact_for_feedback=True).count()}


demo = demo_run(people=PEOPLE)


def test_assessed_cases_have_baselines_and_closed_cases_closure_scores_as_the_app_scores(
    demo,
) -> None:
    with scopes_disabled():
        # A case reopened since has none: the services give a measure to the newest case.
        reopened = set(Reopening.objects.values_list("previous", flat=True))
        assert reopened
        assessed = set(Assessment.objects.values_list("referral", flat=True)) - reopened
        for code in ("ons4", "loneliness"):
            baselines = Administration.objects.filter(
                instrument_code=code, time_point=TimePoint.BASELINE
            )
            assert set(baselines.values_list("referral", flat=True)) == assessed
        with_goals = (
            set(SupportPlan.objects.filter(goals__isnull=False).values_list("referral", flat=True))
            - reopened
        )
        goal_baselines = Administration.objects.filter(
            instrument_code="goals", time_point=TimePoint.BASELINE
        )
        assert set(goal_baselines.values_list("referral", flat=True)) == with_goals
        closed_after_assessment = set(
            Closure.objects.filter(referral__in=assessed).values_list("referral", flat=True)
        )
        closures = Administration.objects.filter(time_point=TimePoint.CLOSURE)
        assert set(closures.values_list("referral", flat=True)) == closed_after_assessment
        assert Administration.objects.filter(time_point=TimePoint.FOLLOW_UP).exists()

        administrations = list(Administration.objects.prefetch_related("scores"))
        assert {a.status for a in administrations} == {Status.COMPLETE}
        for administration in administrations:
            chosen = selectors.instrument(
                administration.organisation, administration.instrument_code
            )
            expected = instruments.score(
                chosen, selectors.questions(administration), selectors.answers_of(administration)
            )
            stored = {score.measure: score.value for score in administration.scores.all()}
            assert stored == {
                measure: None if value is None else value.quantize(SCORE_PLACES)
                for measure, value in expected.items()
            }
        missing = Score.objects.filter(value__isnull=True)
        assert (
            missing.filter(measure="loneliness_total").exists()
            or missing.filter(measure__startswith="ons4_").exists()
        )


def trail(instance) -> list[tuple]:
    """(action, when, by whom, about whom) of each audit event of `instance`, oldest first."""
    return list(
        AuditEvent.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk)
        )
        .order_by("at", "pk")
        .values_list("action", "at", "actor", "person_id")
    )


def test_measures_and_feedback_leave_what_the_services_leave(demo) -> None:
    created, updated = AuditEvent.Action.CREATED, AuditEvent.Action.UPDATED
    with scopes_disabled():
        for administration in Administration.objects.prefetch_related("scores"):
            at, by = administration.completed_at, administration.recorded_by_id
            assert administration.created_at == at
            assert administration.started_by_id == by
            person = administration.person_id
            assert trail(administration) == [(created, at, by, person), (updated, at, by, person)]
            for score in administration.scores.all():
                assert trail(score) == [(created, at, by, person)]

        responses = FeedbackResponse.objects.select_related("request__link", "referral")
        for response in responses:
            at = response.submitted_at
            about = None if response.anonymous else response.referral.person_id
            assert trail(response) == [(created, at, response.recorded_by_id, about)]
            if response.channel == Channel.LINK:
                request, link = response.request, response.request.link
                assert response.recorded_by_id is None
                assert link.used_at == at
                assert link.created_at == request.sent_at < at
                assert trail(request) == [
                    (created, request.sent_at, request.sent_by_id, response.referral.person_id)
                ]
            else:
                assert response.recorded_by_id is not None

        agreed = Person.objects.filter(may_contact_for_feedback=True)
        assert agreed.exists()
        for person in agreed:
            assert [
                event.changes["may_contact_for_feedback"]
                for event in AuditEvent.objects.filter(
                    object_type="people.person", object_id=str(person.pk), action=updated
                )
                if "may_contact_for_feedback" in event.changes
            ] == [[False, True]]


def test_the_managers_outcomes_report_shows_improvement_no_change_and_decline(client, demo) -> None:

    client.force_login(User.objects.get(username="manager"))
    page = client.get(reverse("reports:section", args=["outcomes"])).content.decode()

    assert "Outcomes at the end of support" in page
    assert figure_count(page, "Life satisfaction") >= 5
    assert figure_count(page, "Loneliness (three questions, 3 to 9)") >= 5
    assert figure_count(page, "Goal 1 progress") >= 5
    with scopes_disabled():
        scores = Score.objects.filter(
            measure__in=[*BETTER_WHEN_HIGHER, "loneliness_total"], value__isnull=False
        ).values_list("administration__person", "measure", "administration__time_point", "value")
        by_person: dict[tuple, dict[str, Decimal]] = {}
        for person, measure, time_point, value in scores:
            by_person.setdefault((person, measure), {})[time_point] = value
    changes = [
        (found[TimePoint.CLOSURE] - found[TimePoint.BASELINE])
        * (1 if measure in BETTER_WHEN_HIGHER else -1)
        for (_, measure), found in by_person.items()
        if TimePoint.CLOSURE in found and TimePoint.BASELINE in found
    ]
    assert sum(change > 0 for change in changes) > len(changes) / 2
    assert Decimal(0) in changes
    assert any(change < 0 for change in changes)


def test_the_link_worker_sees_a_closed_persons_progress(client, demo) -> None:
    with scopes_disabled():
        person = Person.objects.filter(
            organisation__name=SERVICES[0],
            administrations__time_point=TimePoint.FOLLOW_UP,
        ).first()

    client.force_login(User.objects.get(username="linkworker"))
    page = client.get(reverse("outcomes:person", args=[person.pk]))

    assert page.status_code == 200
    assert "Life satisfaction" in page.content.decode()


def test_feedback_for_most_closed_cases_with_anonymous_ones_shown_without_names(
    client, demo
) -> None:
    with scopes_disabled():
        closed = Closure.objects.count()
        at_closure = FeedbackResponse.objects.filter(occasion="closure")
        assert at_closure.count() > closed / 2
        assert at_closure.filter(respondent=Respondent.FAMILY_OR_FRIEND).exists()
        assert FeedbackResponse.objects.filter(channel=Channel.LINK, request__isnull=False).exists()
        assert FeedbackResponse.objects.filter(channel=Channel.STAFF).exists()
        assert len(set(FeedbackResponse.objects.values_list("fft_answer", flat=True))) >= 4
        assert Person.objects.filter(may_contact_for_feedback=True).exists()
        leeds_responses = list(
            FeedbackResponse.objects.filter(organisation__name=SERVICES[0])
            .select_related("referral__person")
            .order_by("-submitted_at", "-pk")[:PAGE_SIZE]
        )

    client.force_login(User.objects.get(username="manager"))
    page = client.get(reverse("feedback:list")).content.decode()

    anonymous = [response for response in leeds_responses if response.anonymous]
    named = [response for response in leeds_responses if not response.anonymous]
    assert anonymous and named
    assert "Anonymous" in page
    for response in named:
        assert response.referral.person.full_name in page
    named_cases = {response.referral_id for response in named}
    for response in anonymous:
        if response.referral_id not in named_cases:
            assert response.referral.person.full_name not in page
            assert response.referral.reference not in page


def test_the_commissioner_sees_figures_for_both_funded_services(client, demo) -> None:

    commissioner = User.objects.get(username="commissioner")
    assert commissioner.organisation.name == COMMISSIONING_ORGANISATION
    assert sorted(commissioner.organisation.funds.values_list("name", flat=True)) == sorted(
        SERVICES
    )
    client.force_login(commissioner)
    index = client.get(reverse("reports:commissioned_index"))
    outcomes = client.get(reverse("reports:commissioned_section", args=["outcomes"]))
    feedback = client.get(reverse("reports:commissioned_section", args=["feedback"]))

    assert index.status_code == 200
    for name in SERVICES:
        assert name in index.content.decode()
    assert figure_count(outcomes.content.decode(), "Life satisfaction") >= 5
    assert "Very good" in feedback.content.decode()


def test_running_twice_adds_no_measures_or_feedback(demo) -> None:
    before = made()
    assert before["Administration"] and before["FeedbackResponse"]

    run_demo(people=PEOPLE)

    assert made() == before

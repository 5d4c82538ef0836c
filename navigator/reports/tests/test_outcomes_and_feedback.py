"""Known answers for outcomes (change from baseline, with its confidence interval) and
feedback (Friends and Family Test), built with the outcomes and feedback models directly."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.audit.models import AuditEvent
from navigator.feedback.models import FeedbackResponse
from navigator.people.tests.factories import PersonFactory
from navigator.reports import selectors
from navigator.reports.tests.helpers import at, figure, referral, scored

pytestmark = pytest.mark.django_db


def test_mean_change_interval_and_meaningful_change(organisation, other_organisation) -> None:
    for change in (4, 3, 1, -3, 0):
        person = PersonFactory(organisation=organisation)
        scored(person, "baseline", "swemwbs_metric", 20, days=0)
        scored(person, "review", "swemwbs_metric", 50, days=20)  # not an end point
        scored(person, "closure", "swemwbs_metric", 20 + change, days=60)
    # A second baseline later on does not replace the first.
    person = PersonFactory(organisation=organisation)
    scored(person, "baseline", "loneliness_total", 7, days=0)
    scored(person, "baseline", "loneliness_total", 9, days=10)
    scored(person, "closure", "loneliness_total", 5, days=60)
    # Missing items left the closure score unscored: no pair.
    person = PersonFactory(organisation=organisation)
    scored(person, "baseline", "swemwbs_metric", 20, days=0)
    scored(person, "closure", "swemwbs_metric", None, days=60)
    # Never finished, and another organisation's: not counted.
    person = PersonFactory(organisation=organisation)
    scored(person, "baseline", "swemwbs_metric", 10, days=0)
    scored(person, "closure", "swemwbs_metric", 30, days=60, status="in_progress")
    elsewhere = PersonFactory(organisation=other_organisation)
    scored(elsewhere, "baseline", "swemwbs_metric", 10, days=0)
    scored(elsewhere, "closure", "swemwbs_metric", 30, days=60)

    table = figure([organisation.pk], selectors.outcomes_at_closure).table()

    # Changes 4, 3, 1, -3, 0: mean 1, sample SD 2.739, t(4) = 2.776, margin 3.40.
    # Lower loneliness is better: 7 to 5 is an improvement (it has no published threshold).
    assert table == [
        ["Loneliness (three questions, 3 to 9)", "1", "-2.0", "–", "1", "0", "0", "100.0%"],
        [
            "Mental wellbeing (SWEMWBS metric score)",
            "5",
            "1.0",
            "-2.40 to 4.40",
            "2",
            "2",
            "1",
            "40.0%",
        ],
    ]
    assert figure([organisation.pk], selectors.outcomes_at_follow_up).table() == []


def test_follow_up_results_are_kept_apart_from_end_of_support(organisation) -> None:
    person = PersonFactory(organisation=organisation)
    scored(person, "baseline", "goal_1", 2, days=0)
    scored(person, "closure", "goal_1", 6, days=60)
    scored(person, "follow_up", "goal_1", 9, days=150)

    closure = figure([organisation.pk], selectors.outcomes_at_closure).table()
    follow_up = figure([organisation.pk], selectors.outcomes_at_follow_up).table()
    assert closure[0][1:3] == ["1", "4.0"]
    assert follow_up[0][1:3] == ["1", "7.0"]


def answer(organisation, fft: str, occasion: str = "closure", **extra):
    case = referral(organisation)
    return FeedbackResponse.objects.create(
        organisation=organisation,
        referral=case,
        respondent="person",
        fft_answer=fft,
        channel="staff",
        occasion=occasion,
        submitted_at=at(30),
        **extra,
    )


def test_friends_and_family_test_shares(organisation) -> None:
    for fft in ("very_good", "very_good", "good", "neither", "poor", "dont_know"):
        answer(organisation, fft)
    answer(organisation, "very_poor", occasion="follow_up")

    fft = figure([organisation.pk], selectors.friends_and_family_test).table()
    assert fft[0] == ["Very good", "2", "0", "0", "2"]
    assert fft[4] == ["Very poor", "0", "1", "0", "1"]
    assert fft[-1] == ["All answers", "6", "1", "0", "7"]
    assert figure([organisation.pk], selectors.fft_positive_and_negative).table() == [
        ["Positive (very good or good)", "3", "7", "42.9%"],
        ["Negative (poor or very poor)", "2", "7", "28.6%"],
    ]


def test_managers_read_comments_and_commissioners_never_do(
    signed_in, manager, organisation
) -> None:
    for _ in range(6):
        answer(organisation, "good", went_well="Maria at the walking group was so kind")
    client = signed_in(manager)
    page = client.get(reverse("reports:section", kwargs={"slug": "feedback"})).content.decode()
    assert "Maria at the walking group" in page
    assert (
        AuditEvent.objects.filter(actor=manager, object_type="feedback.feedbackresponse").count()
        == 6
    )

    icb = OrganisationFactory()
    icb.funds.add(organisation)
    commissioner = signed_in(UserFactory(organisation=icb, role=Role.COMMISSIONER))
    for url in (
        reverse("reports:commissioned_section", kwargs={"slug": "feedback"}),
        reverse("reports:commissioned_download", kwargs={"slug": "feedback", "file_format": "csv"}),
    ):
        response = commissioner.get(url)
        assert response.status_code == 200
        assert "Maria" not in response.content.decode()
    assert (
        "Friends and Family Test"
        in commissioner.get(
            reverse("reports:commissioned_section", kwargs={"slug": "feedback"})
        ).content.decode()
    )

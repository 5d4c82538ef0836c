"""Known answers for the flow figures, on hand-built referrals."""

import datetime

import pytest
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.activities.states import Status
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services as contact_services
from navigator.people.tests.factories import GPPracticeFactory
from navigator.plans.tests.factories import make_plan
from navigator.referrals.models import SourceType
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralReasonFactory
from navigator.reports import figures, selectors
from navigator.reports.selectors import Filters, Report
from navigator.reports.tests.helpers import figure, referral

pytestmark = pytest.mark.django_db


def test_no_data_gives_empty_figures_and_no_averages(organisation) -> None:
    ids = [organisation.pk]
    assert figure(ids, selectors.referrals_by_source).table() == [["Total", "0"]]
    assert figure(ids, selectors.referrals_by_reason).table() == []
    assert figure(ids, selectors.waiting_times).table() == [
        ["Referral to first contact", "0", "–", "–"],
        ["Referral to assessment", "0", "–", "–"],
    ]
    assert figure(ids, selectors.waiting_list).table() == [
        ["On the waiting list now", "0", "–", "–"]
    ]
    assert [row[1] for row in figure(ids, selectors.funnel).table()] == ["0"] * 6


def test_referrals_by_source_reason_practice_and_month(organisation) -> None:
    loneliness = ReferralReasonFactory(organisation=organisation, name="Loneliness")
    money = ReferralReasonFactory(organisation=organisation, name="Money")
    surgery = GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001")
    both = referral(organisation, received=0, gp_practice=surgery)
    both.reasons.set([loneliness, money])
    referral(organisation, received=1, gp_practice=surgery).reasons.set([loneliness])
    referral(organisation, received=40, source_type=SourceType.SELF)
    ids = [organisation.pk]

    assert figure(ids, selectors.referrals_by_source).table() == [
        ["Primary care clinician", "2"],
        ["Self-referral", "1"],
        ["Total", "3"],
    ]
    assert figure(ids, selectors.referrals_by_reason).table() == [
        ["Loneliness", "2"],
        ["Money", "1"],
        ["No reason given", "1"],
    ]
    assert figure(ids, selectors.referrals_by_gp_practice).table() == [
        ["Chapel Allerton Surgery (B86001)", "2"],
        ["Not known", "1"],
        ["Total", "3"],
    ]
    assert figure(ids, selectors.referrals_by_month).table() == [
        ["January 2026", "2"],
        ["February 2026", "1"],
        ["Total", "3"],
    ]


def test_filters_by_dates_practice_source_and_link_worker(organisation) -> None:
    surgery = GPPracticeFactory()
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    referral(organisation, received=0, gp_practice=surgery, allocated_to=worker)
    referral(organisation, received=10, source_type=SourceType.SELF)
    referral(organisation, received=20)
    ids = [organisation.pk]

    def total(**filters) -> str:
        return figure(ids, selectors.referrals_by_source, **filters).table()[-1][1]

    # Both ends are included: the 15th runs to midnight.
    assert total(start=datetime.date(2026, 1, 5), end=datetime.date(2026, 1, 15)) == "2"
    assert total(start=datetime.date(2026, 1, 6)) == "2"
    assert total(end=datetime.date(2026, 1, 4)) == "0"
    assert total(gp_practice=surgery.pk) == "1"
    assert total(source=SourceType.SELF) == "1"
    assert total(link_worker=worker.pk) == "1"


def test_the_funnel_counts_each_step_and_who_stopped(organisation) -> None:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    # Declined at triage; still waiting for a first contact.
    referral(organisation, state=State.DECLINED, decline_reason="not_eligible")
    referral(organisation, state=State.WAITING)
    # Contacted and assessed, then closed before a plan.
    referral(organisation, state=State.CLOSED, first_contact_at=1, assessed_at=2, closed_at=9)
    # With a plan, attending an activity, still supported.
    planned = referral(organisation, state=State.ACTIVE, first_contact_at=1, assessed_at=2)
    make_plan(planned.person, user=worker).__class__.objects.filter(person=planned.person).update(
        referral=planned
    )
    ActivityReferralFactory(person=planned.person, case=planned, status=Status.COMPLETED)
    # The whole way to the end.
    done = referral(
        organisation, state=State.CLOSED, first_contact_at=1, assessed_at=2, closed_at=30
    )
    make_plan(done.person, user=worker).__class__.objects.filter(person=done.person).update(
        referral=done
    )
    ActivityReferralFactory(person=done.person, case=done, status=Status.IN_PROGRESS)

    assert figure([organisation.pk], selectors.funnel).table() == [
        ["Referred", "5", "1", "1", "20.0%"],
        ["First contact made", "3", "0", "0", "0.0%"],
        ["Assessed", "3", "0", "1", "33.3%"],
        ["Support plan agreed", "2", "0", "0", "0.0%"],
        ["First activity attended", "2", "1", "0", "0.0%"],
        ["Support ended (case closed)", "1", "–", "–", "–"],
    ]
    assert figure([organisation.pk], selectors.why_stopped).table() == [
        ["Closed: no reason recorded", "1"],
        ["Declined: Not eligible", "1"],
        ["Total", "2"],
    ]


def test_a_case_reopened_after_closure_counts_as_two_cases(organisation) -> None:
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    first = referral(
        organisation, state=State.CLOSED, allocated_to=worker, first_contact_at=1, closed_at=5
    )
    with acting_as(Actor(user=worker)):
        contact_services.reopen_case(referral=first, reason="Asked for help again")

    table = figure([organisation.pk], selectors.funnel).table()
    # The new case waits for its first contact; the first one stopped after it.
    assert table[0][:4] == ["Referred", "2", "1", "0"]
    assert table[1][:4] == ["First contact made", "1", "0", "1"]
    assert table[2][:4] == ["Assessed", "0", "0", "0"]


def test_median_and_90th_percentile_of_waiting_times(organisation) -> None:
    for days in (1, 2, 3, 4, 10):
        referral(organisation, first_contact_at=days, assessed_at=days * 2)
    referral(organisation)  # not contacted yet: not counted

    # Median of 1, 2, 3, 4, 10 is 3; the 90th percentile sits 0.6 of the way from 4 to 10.
    assert figure([organisation.pk], selectors.waiting_times).table() == [
        ["Referral to first contact", "5", "3.0", "7.6"],
        ["Referral to assessment", "5", "6.0", "15.2"],
    ]


def test_one_person_is_their_own_median(organisation) -> None:
    referral(organisation, first_contact_at=2.5)
    assert figure([organisation.pk], selectors.waiting_times).table()[0] == [
        "Referral to first contact",
        "1",
        "2.5",
        "2.5",
    ]


def test_waiting_list_size_and_time_waited(organisation) -> None:
    now = timezone.now()
    for days in (10, 20, 30):
        referral(
            organisation, state=State.WAITING, waiting_since=now - datetime.timedelta(days=days)
        )
    referral(organisation, state=State.ALLOCATED)

    row = figure([organisation.pk], selectors.waiting_list).table()[0]
    assert row[:3] == ["On the waiting list now", "3", "20.0"]
    assert row[3] == "28.0"  # 90th percentile: 0.8 of the way from 20 to 30 days


def test_other_organisations_are_never_counted(organisation, other_organisation) -> None:
    referral(organisation)
    referral(other_organisation)
    assert figure([organisation.pk], selectors.referrals_by_source).table()[-1] == ["Total", "1"]


@pytest.mark.parametrize(
    ("filters", "direct"),
    [
        (Filters(), False),  # ranked in the database from month rows
        # ... from day rows (a part-month) and month rows together
        (Filters(start=datetime.date(2026, 1, 2), end=datetime.date(2026, 2, 28)), False),
        (Filters(), True),  # ranked here from the records
    ],
    ids=["month rows", "day and month rows", "records"],
)
def test_a_page_lists_the_practices_with_most_referrals_and_a_download_every_one(
    organisation, monkeypatch, filters, direct
) -> None:
    monkeypatch.setattr(figures, "MOST_ROWS_SHOWN", 2)
    for name, code, referrals in (
        ("Armley Moor", "B86003", 1),
        ("Beeston Village", "B86002", 3),
        ("Chapel Allerton", "B86001", 2),
        ("Dewsbury Road", "B86004", 2),  # tied with Chapel Allerton: after it by name
    ):
        surgery = GPPracticeFactory(name=name, ods_code=code)
        for _ in range(referrals):
            referral(organisation, received=1, gp_practice=surgery)
    referral(organisation, received=1)  # no practice known
    on_page = Report(
        organisation_ids=[organisation.pk],
        filters=filters,
        commissioned=False,
        comments_page=1,
        direct=direct,
    )

    shown = selectors.referrals_by_gp_practice(on_page)
    assert shown.table() == [
        ["Beeston Village (B86002)", "3"],
        ["Chapel Allerton (B86001)", "2"],
        ["The other 2 practices and not known", "4"],
        ["Total", "9"],
    ]
    assert "the download lists every practice" in shown.note
    # A download (no page of comments) has every practice.
    download = Report(
        organisation_ids=[organisation.pk], filters=filters, commissioned=False, direct=direct
    )
    assert selectors.referrals_by_gp_practice(download).table() == [
        ["Beeston Village (B86002)", "3"],
        ["Chapel Allerton (B86001)", "2"],
        ["Dewsbury Road (B86004)", "2"],
        ["Armley Moor (B86003)", "1"],
        ["Not known", "1"],
        ["Total", "9"],
    ]

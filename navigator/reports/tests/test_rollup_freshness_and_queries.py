"""A report page reads the rollups of its period, whatever the number of referrals, and a
change made through the services is in the next report without counting everything again."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.activities.tests.factories import AccompanimentFactory, ActivityReferralFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts.models import Contact
from navigator.core.daily import daily_jobs
from navigator.outcomes.tests.helpers import ONS4_BASELINE, ONS4_LATER, completed
from navigator.referrals import services as referral_services
from navigator.referrals.states import State
from navigator.reports import selectors
from navigator.reports.models import Tally
from navigator.reports.selectors import tallies
from navigator.reports.tasks import REBUILD_JOB, rebuild_report_rollups
from navigator.reports.tests.helpers import at, figure, referral, scored

pytestmark = pytest.mark.django_db

# The records behind the rollups: a report page reads none of them.
RECORDS = re.compile(
    r'"?(referrals_referral|referrals_referral_reasons|contacts_contact|contacts_closure|'
    r"plans_supportplan|activities_activityreferral|activities_statuschange|"
    r"activities_accompaniment|outcomes_administration|outcomes_score|"
    r'referrals_codedevent)"?[\s.]'
)


def add_referrals(organisation, other_organisation, worker, count: int) -> None:
    for number in range(count):
        case = referral(
            organisation,
            received=number % 50,
            state=State.CLOSED,
            allocated_to=worker,
            first_contact_at=number % 50 + 1,
            closed_at=number % 50 + 30,
        )
        Contact.objects.create(
            organisation=organisation, referral=case, person=case.person, when=at(2), mode="visit"
        )
        activity_referral = ActivityReferralFactory(person=case.person, case=case)
        AccompanimentFactory(activity_referral=activity_referral, meet_at=at(number % 50 + 2))
        scored(case.person, "baseline", "swemwbs_metric", 20, days=number % 50)
        scored(case.person, "closure", "swemwbs_metric", 24, days=number % 50 + 30)
        referral(other_organisation, received=number % 50, referring_organisation=organisation)


def page_queries(client, slug: str, view: str = "reports:section") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(view, kwargs={"slug": slug}))
        assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("slug", ["flow", "work", "outcomes"])
def test_a_page_reads_rollups_not_records_however_many_referrals(
    signed_in, manager, organisation, other_organisation, monkeypatch, slug
) -> None:
    monkeypatch.undo()  # the rollups are counted here, before the page is read
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    client = signed_in(manager)
    add_referrals(organisation, other_organisation, worker, 5)
    tallies.rebuild([organisation.pk])
    small = page_queries(client, slug)
    add_referrals(organisation, other_organisation, worker, 60)
    tallies.rebuild([organisation.pk])
    large = page_queries(client, slug)

    assert len(large) == len(small)
    # The filter form's list of link workers probes referrals by index, one probe per
    # person; its practices and every figure are read from the rollups.
    reading_records = [
        sql for sql in large if RECORDS.search(sql) and not sql.startswith('SELECT "accounts_user"')
    ]
    assert reading_records == []
    assert (
        Tally.objects.filter(
            organisation=organisation, measure="by_source", dimension="source"
        ).count()
        == 50
    )


def test_a_change_through_the_services_reaches_the_next_report(
    organisation, manager, monkeypatch
) -> None:
    monkeypatch.undo()  # the real refresh: from the audit trail, not from nothing
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    waiting = referral(organisation, received=3, state=State.WAITING, waiting_since=3)
    tallies.rebuild([organisation.pk])
    ids = [organisation.pk]
    assert figure(ids, selectors.waiting_list).table()[0][1] == "1"
    assert figure(ids, selectors.caseloads).table() == [["All link workers", "0", "–"]]

    referral(organisation, received=20)
    # Made without the services, so not in the audit trail: the rollups do not see it.
    assert figure(ids, selectors.referrals_by_source).table()[-1] == ["Total", "1"]

    with acting_as(Actor(user=manager)):
        referral_services.allocate(referral=waiting, link_worker=worker)

    # The allocated referral's day is counted again; the other day is not.
    assert figure(ids, selectors.waiting_list).table()[0][1] == "0"
    assert figure(ids, selectors.caseloads).table()[-1][:2] == ["All link workers", "1"]
    assert figure(ids, selectors.referrals_by_source).table()[-1] == ["Total", "1"]


def test_the_daily_job_and_the_command_count_the_rollups(organisation, monkeypatch) -> None:
    monkeypatch.undo()
    referral(organisation, received=1)
    assert REBUILD_JOB in daily_jobs()

    rebuild_report_rollups.call()
    assert (
        Tally.objects.get(organisation=organisation, measure="by_source", dimension="source").count
        == 1
    )

    referral(organisation, received=1)
    call_command("rebuild_report_rollups", organisation.pk, stdout=io.StringIO())
    assert (
        Tally.objects.get(organisation=organisation, measure="by_source", dimension="source").count
        == 2
    )


def test_a_questionnaire_finished_through_the_services_reaches_the_next_outcomes_report(
    organisation, manager, monkeypatch
) -> None:
    monkeypatch.undo()
    person = referral(organisation, received=0).person
    completed(person, manager, ONS4_BASELINE)
    tallies.rebuild([organisation.pk])
    ids = [organisation.pk]
    assert figure(ids, selectors.outcomes_at_closure).table() == []

    completed(person, manager, ONS4_LATER, time_point="closure")

    # By measure: anxious 7 to 3 (lower is better), satisfied 4 to 7, worthwhile 5 to 7;
    # happy was not answered.
    assert [row[:3] for row in figure(ids, selectors.outcomes_at_closure).table()] == [
        ["Anxiety yesterday", "1", "-4.0"],
        ["Life satisfaction", "1", "3.0"],
        ["Feeling things you do are worthwhile", "1", "2.0"],
    ]


def funding(count: int):
    """A commissioning organisation funding `count` services, each with a referral, their
    rollups counted."""
    commissioning = OrganisationFactory(name=f"Commissioner of {count}")
    services = OrganisationFactory.create_batch(count)
    commissioning.funds.set(services)
    waiting = [
        referral(service, received=1, state=State.WAITING, waiting_since=1) for service in services
    ]
    tallies.rebuild([service.pk for service in services])
    return UserFactory(organisation=commissioning, role=Role.COMMISSIONER), waiting


@pytest.mark.parametrize("slug", ["flow", "work", "dataset", "outcomes", "feedback"])
def test_a_commissioners_page_makes_the_same_queries_however_many_services_it_funds(
    signed_in, monkeypatch, slug
) -> None:
    monkeypatch.undo()  # the real refresh: one question for every funded service at once
    two, _ = funding(2)
    six, _ = funding(6)

    view = "reports:commissioned_section"
    assert len(page_queries(signed_in(six), slug, view)) == len(
        page_queries(signed_in(two), slug, view)
    )


def test_up_to_date_rollups_cost_one_query_and_only_a_changed_service_is_counted_again(
    monkeypatch,
) -> None:
    monkeypatch.undo()
    _, waiting = funding(6)
    ids = [each.organisation_id for each in waiting]
    with CaptureQueriesContext(connection) as captured:
        tallies.refresh(ids)
    assert len(captured) == 1  # nothing to count: no lock taken, nothing written

    # Allocated through the services, so in the third service's audit trail.
    third = waiting[2].organisation
    worker = UserFactory(organisation=third, role=Role.LINK_WORKER)
    with acting_as(Actor(user=UserFactory(organisation=third, role=Role.MANAGER))):
        referral_services.allocate(referral=waiting[2], link_worker=worker)

    assert tallies._behind(ids) == [third.pk]
    # The commissioner's next report has it: nobody is waiting in that service now.
    assert figure(ids, selectors.waiting_list).table()[0][1] == "5"
    assert tallies._behind(ids) == []

"""The SNOMED CT coded events figure counts the events of the report's period, under its
filters, from the rollups; an acceptance is counted on the day it was made, even when
nothing else of the referral changed that day."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from navigator.audit.context import Actor, acting_as
from navigator.referrals import services as referral_services
from navigator.referrals.models import CodedEvent, SourceType
from navigator.referrals.states import State
from navigator.reports import selectors
from navigator.reports.selectors import tallies
from navigator.reports.tests.helpers import at, figure, referral

pytestmark = pytest.mark.django_db

ACCEPTED = "Referral to social prescribing service (871731000000106)"
DECLINED = "Social prescribing declined (871711000000103)"


def coded(organisation, code: str, day: float, **fields) -> None:
    case = referral(organisation, received=day - 1, **fields)
    CodedEvent.objects.create(organisation=organisation, referral=case, code=code, at=at(day))


def test_events_are_counted_by_code_within_the_period_and_filters(
    organisation, other_organisation
) -> None:
    coded(organisation, CodedEvent.Code.REFERRAL_ACCEPTED, 3, source_type=SourceType.SELF)
    coded(organisation, CodedEvent.Code.REFERRAL_ACCEPTED, 10)
    coded(organisation, CodedEvent.Code.DECLINED, 12)
    coded(organisation, CodedEvent.Code.REFERRAL_ACCEPTED, 60)  # 6 March: after the period
    coded(other_organisation, CodedEvent.Code.DECLINED, 10)  # another service's
    ids = [organisation.pk]
    january = {"start": at(0).date(), "end": at(26).date()}

    assert figure(ids, selectors.coded_events, **january).table() == [
        [ACCEPTED, "2"],
        [DECLINED, "1"],
    ]
    assert figure(ids, selectors.coded_events).table() == [[ACCEPTED, "3"], [DECLINED, "1"]]
    assert figure(ids, selectors.coded_events, source=SourceType.SELF).table() == [
        [ACCEPTED, "1"],
        [DECLINED, "0"],
    ]


def test_the_figure_reads_the_rollups_not_the_events(organisation, monkeypatch) -> None:
    coded(organisation, CodedEvent.Code.DECLINED, 2)
    tallies.rebuild([organisation.pk])
    monkeypatch.setattr(tallies, "refresh", lambda organisation_ids: None)  # counted above
    with CaptureQueriesContext(connection) as captured:
        table = figure([organisation.pk], selectors.coded_events).table()

    assert table == [[ACCEPTED, "0"], [DECLINED, "1"]]
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "reports_monthtally" in read
    assert "referrals_codedevent" not in read


def test_an_acceptance_days_after_triage_is_counted_on_the_day_it_was_made(
    organisation, manager, monkeypatch
) -> None:
    monkeypatch.undo()  # the real refresh: from the audit trail, not from nothing
    triaged = referral(organisation, received=0, state=State.TRIAGED, triaged_at=1)
    tallies.rebuild([organisation.pk])
    ids = [organisation.pk]
    assert figure(ids, selectors.coded_events).table() == [[ACCEPTED, "0"], [DECLINED, "0"]]

    with acting_as(Actor(user=manager)):
        referral_services.move(referral=triaged, to=State.ACCEPTED)

    # Today holds none of the referral's own moments (received, triaged), only its event.
    assert figure(ids, selectors.coded_events).table() == [[ACCEPTED, "1"], [DECLINED, "0"]]

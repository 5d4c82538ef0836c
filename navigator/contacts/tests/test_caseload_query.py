"""The database computes what the pure functions say, at day boundaries in Europe/London."""

import datetime
import zoneinfo

from navigator.contacts import due, selectors
from navigator.contacts.models import CadenceOverride
from navigator.contacts.tests.helpers import log, open_case
from navigator.plans.models import SupportPlan

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _plan(case, level, worker):
    SupportPlan.objects.create(
        organisation=case.organisation,
        person=case.person,
        agreement_method="verbal",
        agreed_on=datetime.date(2026, 3, 1),
        level_of_need=level,
        review_date=datetime.date(2026, 6, 1),
        link_worker=worker,
    )


def _row(case, today):
    # The plans and overrides here are made directly, so the date is refreshed as their
    # services would (test_due_date_kept covers that the services do).
    due.refresh(organisation_id=case.organisation_id, referral_ids=[case.pk])
    settings = selectors.caseload_settings(case.organisation)
    return selectors.cases(settings, today).get(pk=case.pk)


def test_due_date_follows_level_of_need_and_override(organisation, link_worker) -> None:
    # 00:30 on 28 March is 28 March in London even though it is still 27 March nowhere else.
    when = datetime.datetime(2026, 3, 28, 0, 30, tzinfo=LONDON)
    cases = {}
    for level in ("high", "medium", "low"):
        cases[level] = open_case(organisation, link_worker, state="active")
        _plan(cases[level], level, link_worker)
        log(cases[level], link_worker, when=when)
    no_plan = open_case(organisation, link_worker, state="active")
    log(no_plan, link_worker, when=when)
    today = datetime.date(2026, 4, 1)

    assert _row(cases["high"], today).due_on == datetime.date(2026, 4, 4)
    assert _row(cases["medium"], today).due_on == datetime.date(2026, 4, 11)
    assert _row(cases["low"], today).due_on == datetime.date(2026, 4, 25)
    assert _row(no_plan, today).level_value == "medium"

    CadenceOverride.objects.create(
        organisation=organisation,
        referral=cases["low"],
        interval_days=2,
        interval=datetime.timedelta(days=2),
        reason="Recently bereaved",
        set_by=link_worker,
    )
    assert _row(cases["low"], today).due_on == datetime.date(2026, 3, 30)


def test_overdue_at_day_boundaries(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    _plan(case, "high", link_worker)
    log(case, link_worker, when=datetime.datetime(2026, 3, 21, 23, 59, tzinfo=LONDON))
    # Due 28 March; the clocks go forward early on 29 March.
    assert _row(case, datetime.date(2026, 3, 28)).due_on == datetime.date(2026, 3, 28)
    assert not _row(case, datetime.date(2026, 3, 28)).overdue
    assert _row(case, datetime.date(2026, 3, 29)).overdue


def test_an_attempt_that_did_not_connect_does_not_restart_the_interval(
    organisation, link_worker
) -> None:
    case = open_case(organisation, link_worker, state="active")
    log(case, link_worker, when=datetime.datetime(2026, 3, 2, 10, tzinfo=LONDON))
    log(case, link_worker, when=datetime.datetime(2026, 3, 10, 10, tzinfo=LONDON), connected=False)
    row = _row(case, datetime.date(2026, 3, 20))
    assert row.contact_count == 1
    assert row.due_on == datetime.date(2026, 3, 16)
    assert row.overdue


def test_an_agreed_next_date_sets_the_due_date(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker, state="active")
    log(
        case,
        link_worker,
        when=datetime.datetime(2026, 3, 2, 10, tzinfo=LONDON),
        next_contact_date=datetime.date(2026, 3, 4),
    )
    assert _row(case, datetime.date(2026, 3, 3)).due_on == datetime.date(2026, 3, 4)

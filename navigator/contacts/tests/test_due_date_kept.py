"""The caseload's due date is a column kept by the services that change what it depends on:
each story changes a case only through the services and reads the column straight back."""

import datetime
import zoneinfo

from django.utils import timezone

from navigator.audit.context import Actor, acting_as
from navigator.contacts import due, services
from navigator.contacts.selectors import caseload_settings
from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.people import services as people_services
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan
from navigator.referrals.models import Referral
from navigator.referrals.states import State

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _kept(case) -> tuple[datetime.date | None, bool]:
    row = Referral.objects.values("contact_due_on", "is_new_case").get(pk=case.pk)
    return row["contact_due_on"], row["is_new_case"]


def _start_and_contacts(case) -> tuple[datetime.date | None, int]:
    row = Referral.objects.values("case_started_on", "connected_contacts").get(pk=case.pk)
    return row["case_started_on"], row["connected_contacts"]


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _at(days: int) -> datetime.datetime:
    """10:00 in London, `days` from today."""
    return datetime.datetime.combine(_days(days), datetime.time(10), tzinfo=LONDON)


def test_allocation_then_contacts(organisation, link_worker) -> None:
    case = allocated_through_services(organisation, link_worker)
    # Allocated today, no plan yet (medium need: every 14 days); nobody has tried yet.
    assert _kept(case) == (_days(14), True)
    assert _start_and_contacts(case) == (_days(0), 0)

    log(case, link_worker, when=_at(-1), connected=False)
    # An attempt that did not connect: no longer new, the interval does not restart.
    assert _kept(case) == (_days(14), False)

    log(case, link_worker, when=_at(-1) + datetime.timedelta(hours=2))
    assert _kept(case) == (_days(13), False)

    log(case, link_worker, when=_at(0), next_contact_date=_days(5))
    # The date agreed at the latest contact wins.
    assert _kept(case) == (_days(5), False)

    log(case, link_worker, when=_at(0) + datetime.timedelta(hours=1), connected=False)
    # The latest contact agreed no date: back to the last connected contact plus 14 days.
    assert _kept(case) == (_days(14), False)
    assert _start_and_contacts(case) == (_days(0), 2)  # two of the four connected


def test_plan_override_and_settings(organisation, link_worker, manager) -> None:
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker, when=_at(-2))
    assert _kept(case)[0] == _days(12)

    make_plan(case.person, user=link_worker, level_of_need="high")
    assert _kept(case)[0] == _days(5)  # high need: every 7 days

    with acting_as(Actor(user=link_worker)):
        services.set_cadence_override(referral=case, interval_days=3, reason="Recently bereaved")
        assert _kept(case)[0] == _days(1)
        services.set_cadence_override(referral=case, interval_days=10, reason="Settling")
        assert _kept(case)[0] == _days(8)
        services.set_cadence_override(referral=case, interval_days=None, reason="")
    assert _kept(case)[0] == _days(5)

    settings = caseload_settings(organisation)
    with acting_as(Actor(user=manager)):
        services.update_settings(
            settings=settings, expected_version=settings.version, data={"high_days": 10}
        )
    assert _kept(case)[0] == _days(8)


def _a_case_each_ours_every_21_days(organisation, other_organisation, link_worker, manager):
    """A case in each service; then our service sees medium need every 21 days, not 14."""
    ours = allocated_through_services(organisation, link_worker)
    other_worker = type(link_worker).objects.create(
        username="other-worker", organisation=other_organisation, role=link_worker.role
    )
    theirs = allocated_through_services(other_organisation, other_worker)
    settings = caseload_settings(organisation)
    with acting_as(Actor(user=manager)):
        services.update_settings(
            settings=settings, expected_version=settings.version, data={"medium_days": 21}
        )
    return ours, theirs


def test_settings_of_one_service_leave_another_alone(
    organisation, other_organisation, link_worker, manager
) -> None:
    ours, theirs = _a_case_each_ours_every_21_days(
        organisation, other_organisation, link_worker, manager
    )
    assert _kept(ours)[0] == _days(21)
    assert _kept(theirs)[0] == _days(14)


def test_whole_services_refreshed_together_keep_their_own_intervals(
    organisation, other_organisation, link_worker, manager
) -> None:
    ours, theirs = _a_case_each_ours_every_21_days(
        organisation, other_organisation, link_worker, manager
    )
    # As after a bulk load, which writes cases without their kept columns.
    Referral.objects.filter(pk__in=[ours.pk, theirs.pk]).update(
        contact_due_on=None, is_new_case=False, case_started_on=None
    )

    due.refresh_organisations([organisation.pk, other_organisation.pk])
    assert _kept(ours) == (_days(21), True)
    assert _kept(theirs) == (_days(14), True)
    assert _start_and_contacts(ours) == (_days(0), 0)


def test_closing_clears_it_and_reopening_starts_again(organisation, link_worker) -> None:
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker, when=_at(-3))
    with acting_as(Actor(user=link_worker)):
        services.close_case(referral=case, reason="goals_met", summary="Goes walking weekly")
        assert _kept(case) == (None, False)
        assert _start_and_contacts(case) == (None, 0)  # no longer on a caseload
        reopening = services.reopen_case(referral=case, reason="Lost her walking partner")
    assert reopening.new.state == State.ALLOCATED
    assert _kept(reopening.new) == (_days(14), True)


def test_a_merge_brings_the_other_records_level_of_need(organisation, link_worker, manager) -> None:
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker, when=_at(-4))
    assert _kept(case)[0] == _days(10)
    duplicate = PersonFactory(organisation=organisation)
    make_plan(duplicate, user=link_worker, level_of_need="low")  # every 28 days

    people_services.merge_people(kept=case.person, absorbed=duplicate, merged_by=manager)
    assert _kept(case)[0] == _days(24)


def test_held_refreshes_wait_until_the_end_of_the_block(organisation, link_worker) -> None:
    case = allocated_through_services(organisation, link_worker)

    with due.held(organisation_id=organisation.pk):
        log(case, link_worker, when=_at(-3))
        # Not yet: still what allocation gave it.
        assert _kept(case) == (_days(14), True)

    assert _kept(case) == (_days(11), False)

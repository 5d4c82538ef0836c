"""Known answers for the work figures: caseloads, contacts, length of support,
accompaniments, activity referrals and onward referrals."""

import pytest

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.activities.models import StatusChange
from navigator.activities.states import Side, Status
from navigator.activities.tests.factories import AccompanimentFactory, ActivityReferralFactory
from navigator.contacts.models import CaseloadSettings, Contact
from navigator.directory.tests.factories import (
    DirectoryOrganisationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)
from navigator.referrals.states import State
from navigator.reports import figures, selectors
from navigator.reports.selectors import Filters, Report
from navigator.reports.tests.helpers import at, figure, referral

pytestmark = pytest.mark.django_db


def test_caseload_of_each_link_worker_against_the_target(organisation) -> None:
    CaseloadSettings.objects.create(organisation=organisation, caseload_target=30)
    busy = UserFactory(
        organisation=organisation, role=Role.LINK_WORKER, first_name="Amara", last_name="Bello"
    )
    quiet = UserFactory(
        organisation=organisation, role=Role.LINK_WORKER, first_name="Tom", last_name="Hale"
    )
    for state in (State.ALLOCATED, State.ASSESSED, State.ACTIVE):
        referral(organisation, state=state, allocated_to=busy)
    referral(organisation, state=State.FIRST_CONTACT, allocated_to=quiet)
    referral(organisation, state=State.CLOSED, allocated_to=quiet)  # no longer on a caseload

    assert figure([organisation.pk], selectors.caseloads).table() == [
        ["Amara Bello", "3", "30.0"],
        ["Tom Hale", "1", "30.0"],
        ["All link workers", "4", "–"],
    ]


def test_commissioners_see_link_workers_by_caseload_band_not_by_name(
    organisation, other_organisation
) -> None:
    CaseloadSettings.objects.create(organisation=organisation, caseload_target=10)
    # Other Service keeps the default target of 40.

    def worker_with(open_cases: int, service=organisation) -> None:
        worker = UserFactory(organisation=service, role=Role.LINK_WORKER, last_name="Named")
        for _ in range(open_cases):
            referral(service, state=State.ACTIVE, allocated_to=worker)

    worker_with(5)  # half the target: the first band, bounds included
    worker_with(6)  # just over half
    worker_with(10)  # at the target
    worker_with(11)  # a tenth over
    worker_with(13)  # more than a fifth over
    worker_with(30, other_organisation)  # three quarters of 40
    idle = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    referral(organisation, state=State.CLOSED, allocated_to=idle)  # no open case: not counted

    table = figure(
        [organisation.pk, other_organisation.pk], selectors.caseloads, commissioned=True
    ).table()

    assert table == [
        ["Up to half the target", "1", "5"],
        ["More than half, up to four fifths", "2", "36"],
        ["More than four fifths, up to the target", "1", "10"],
        ["Over the target, by up to a fifth", "1", "11"],
        ["Over the target by more than a fifth", "1", "13"],
        ["All link workers", "6", "75"],
    ]
    assert "Named" not in str(table)


def test_a_band_whose_bound_falls_between_whole_numbers_holds_those_under_it(
    organisation,
) -> None:
    CaseloadSettings.objects.create(organisation=organisation, caseload_target=7)
    for open_cases in (3, 4, 8, 9):  # against bounds of 3.5, 5.6, 7 and 8.4 cases
        worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
        for _ in range(open_cases):
            referral(organisation, state=State.ACTIVE, allocated_to=worker)

    table = figure([organisation.pk], selectors.caseloads, commissioned=True).table()

    assert table == [
        ["Up to half the target", "1", "3"],
        ["More than half, up to four fifths", "1", "4"],
        ["More than four fifths, up to the target", "0", "0"],
        ["Over the target, by up to a fifth", "1", "8"],
        ["Over the target by more than a fifth", "1", "9"],
        ["All link workers", "4", "24"],
    ]


def test_contacts_by_mode_and_setting(organisation) -> None:
    case = referral(organisation)

    def contact(mode: str, setting: str, days: int = 1) -> None:
        Contact.objects.create(
            organisation=organisation,
            referral=case,
            person=case.person,
            when=at(days),
            mode=mode,
            setting=setting,
        )

    contact("in_person", "home")
    contact("in_person", "home")
    contact("in_person", "gp_surgery")
    contact("telephone", "")
    contact("telephone", "", days=400)  # outside the period

    fig = figure([organisation.pk], selectors.contacts_by_mode_and_setting, end=at(30).date())
    assert fig.headings == [
        "Mode",
        "The person's home",
        "A GP surgery",
        "Not recorded",
        "All settings",
    ]
    assert fig.table() == [
        ["In person", "2", "1", "0", "3"],
        ["Telephone", "0", "0", "1", "1"],
        ["All modes", "2", "1", "1", "4"],
    ]


def test_length_of_support_of_closed_cases(organisation) -> None:
    short = referral(organisation, state=State.CLOSED, first_contact_at=1, closed_at=11)
    referral(organisation, state=State.CLOSED, first_contact_at=1, closed_at=31)
    referral(organisation, state=State.ACTIVE, first_contact_at=1)
    for days in (2, 3, 4):
        Contact.objects.create(
            organisation=organisation,
            referral=short,
            person=short.person,
            when=at(days),
            mode="telephone",
        )

    assert figure([organisation.pk], selectors.length_of_support).table() == [
        ["Closed cases", "2", "20.0", "28.0", "1.5"]
    ]


def test_accompaniments_by_outcome(organisation) -> None:
    activity_referral = ActivityReferralFactory(person=referral(organisation).person)
    AccompanimentFactory(
        activity_referral=activity_referral, outcome="went_together", meet_at=at(1)
    )
    AccompanimentFactory(
        activity_referral=activity_referral, outcome="went_together", meet_at=at(2)
    )
    AccompanimentFactory(activity_referral=activity_referral, outcome="", meet_at=at(3))

    assert figure([organisation.pk], selectors.accompaniments).table() == [
        ["Went together", "2"],
        ["Not yet recorded", "1"],
        ["Total", "3"],
    ]


def test_activity_referrals_acceptance_and_attendance(organisation) -> None:
    walking = TaxonomyTermFactory(name="Physical activity")
    arts = TaxonomyTermFactory(name="Arts")
    provider = DirectoryOrganisationFactory(name="Leeds Walks")
    walk = ServiceFactory(organisation=provider)
    walk.categories.set([walking, arts])
    person = referral(organisation).person

    def sent(status: str, **extra):
        return ActivityReferralFactory(person=person, service=walk, status=status, **extra)

    sent(Status.REQUESTED)
    sent(Status.ACCEPTED)
    sent(Status.COMPLETED)
    stopped = sent(Status.FAILED, first_answer=Status.ACCEPTED)
    # It was attended before it stopped: its history says so.
    StatusChange.objects.create(
        organisation=organisation,
        activity_referral=stopped,
        to_status=Status.IN_PROGRESS,
        side=Side.PROVIDER,
    )
    sent(Status.SIGNPOSTED, requested_at=None)

    assert figure([organisation.pk], selectors.activity_referrals_by_provider).table() == [
        ["Leeds Walks", "4", "3", "75.0%", "2", "50.0%", "1"],
        ["Total", "4", "3", "–", "2", "–", "1"],
    ]
    assert figure([organisation.pk], selectors.activity_referrals_by_category).table() == [
        ["Arts", "4", "3", "75.0%", "2", "50.0%", "1"],
        ["Physical activity", "4", "3", "75.0%", "2", "50.0%", "1"],
    ]


def test_a_page_lists_the_providers_most_referred_to_and_a_download_every_one(
    organisation, monkeypatch
) -> None:
    monkeypatch.setattr(figures, "MOST_ROWS_SHOWN", 2)
    person = referral(organisation).person
    for name, statuses in (
        ("Armley Allotments", [Status.ACCEPTED]),
        ("Beeston Choir", [Status.ACCEPTED, Status.COMPLETED, Status.REQUESTED]),
        ("Calder Walks", [Status.REQUESTED, Status.ACCEPTED]),
        ("Dewsbury Crafts", [Status.COMPLETED]),
    ):
        service = ServiceFactory(organisation=DirectoryOrganisationFactory(name=name))
        for status in statuses:
            ActivityReferralFactory(person=person, service=service, status=status)
    on_page = Report(
        organisation_ids=[organisation.pk], filters=Filters(), commissioned=False, comments_page=1
    )

    shown = selectors.activity_referrals_by_provider(on_page)
    # Armley and Dewsbury are tied: their sums make one row, its shares of its own counts.
    assert shown.table() == [
        ["Beeston Choir", "3", "2", "66.7%", "1", "33.3%", "0"],
        ["Calder Walks", "2", "1", "50.0%", "0", "0.0%", "0"],
        ["The other 2 providers", "2", "2", "100.0%", "1", "50.0%", "0"],
        ["Total", "7", "5", "–", "2", "–", "0"],
    ]
    assert "the download lists every provider" in shown.note
    assert figure([organisation.pk], selectors.activity_referrals_by_provider).table() == [
        ["Beeston Choir", "3", "2", "66.7%", "1", "33.3%", "0"],
        ["Calder Walks", "2", "1", "50.0%", "0", "0.0%", "0"],
        ["Armley Allotments", "1", "1", "100.0%", "0", "0.0%", "0"],
        ["Dewsbury Crafts", "1", "1", "100.0%", "1", "100.0%", "0"],
        ["Total", "7", "5", "–", "2", "–", "0"],
    ]


def test_onward_referrals_to_other_services(organisation, other_organisation) -> None:
    referral(other_organisation, referring_organisation=organisation)
    referral(other_organisation, referring_organisation=organisation)
    referral(organisation, referring_organisation=other_organisation)  # came in, not sent on

    assert figure([organisation.pk], selectors.onward_referrals).table() == [
        [other_organisation.name, "2"],
        ["Total", "2"],
    ]

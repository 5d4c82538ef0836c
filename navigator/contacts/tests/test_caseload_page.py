import datetime
import re

import pytest
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import TeamFactory, UserFactory
from navigator.activities.states import Status
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.contacts import due
from navigator.contacts.tests.helpers import log, open_case


def refs(response) -> list[str]:
    """The case references of the caseload table, in order."""
    return re.findall(r'<span class="nhsuk-body-s">(\w+)</span>', response.content.decode())


def test_only_my_open_cases_sorted_by_next_due(
    organisation, link_worker, user_with_role, signed_in
) -> None:
    someone_else = user_with_role(Role.MANAGER)
    later = open_case(organisation, link_worker, state="active")
    log(later, link_worker)
    sooner = open_case(
        organisation, link_worker, received_at=timezone.now() - datetime.timedelta(days=10)
    )
    open_case(organisation, someone_else)
    open_case(organisation, link_worker, state="closed")

    page = signed_in(link_worker).get("/caseload/")
    assert refs(page) == [sooner.reference, later.reference]


def test_sort_by_name_and_filter(organisation, link_worker, signed_in) -> None:
    b = open_case(organisation, link_worker, state="active")
    b.person.family_name = "Bell"
    b.person.save()
    a = open_case(organisation, link_worker, received_at=timezone.now())  # not yet due
    a.person.family_name = "Adams"
    a.person.save()
    log(b, link_worker, when=datetime.datetime(2026, 1, 6, tzinfo=datetime.UTC))
    client = signed_in(link_worker)

    assert refs(client.get("/caseload/?sort=name")) == [a.reference, b.reference]
    assert refs(client.get("/caseload/?overdue=on")) == [b.reference]
    assert refs(client.get("/caseload/?stage=allocated")) == [a.reference]
    page = client.get("/caseload/").content.decode()
    assert "Overdue" in page


def test_paged(organisation, link_worker, signed_in) -> None:
    for _ in range(30):
        open_case(organisation, link_worker)
    client = signed_in(link_worker)
    assert len(refs(client.get("/caseload/"))) == 25
    assert len(refs(client.get("/caseload/?page=2"))) == 5


@pytest.mark.parametrize("size", [10, 500])
def test_bounded_queries(
    size, organisation, link_worker, signed_in, django_assert_max_num_queries
) -> None:
    # The due dates are worked out once for the whole caseload, as the demo does.
    with due.held(organisation_id=organisation.pk):
        for number in range(size):
            case = open_case(organisation, link_worker, state="active")
            if number % 2:
                log(case, link_worker)
            if number % 5 == 0:
                ActivityReferralFactory(person=case.person, case=case)
    client = signed_in(link_worker)
    client.get("/caseload/")  # the settings row is made on first use
    # Session, user (with their organisation and authenticators), settings, count, the page's
    # keys, its rows, audit, follow-ups and tasks: the same whatever the caseload size. (The
    # session is saved only when its expiry would move by more than a minute.)
    with django_assert_max_num_queries(11):
        response = client.get("/caseload/?sort=weeks")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 500])
def test_team_view_bounded(
    size, organisation, link_worker, manager, signed_in, django_assert_max_num_queries
) -> None:
    north = TeamFactory(organisation=organisation, name="North")
    south = TeamFactory(organisation=organisation, name="South")
    link_worker.team = north
    link_worker.save()
    colleague = UserFactory(organisation=organisation, role=Role.LINK_WORKER, team=south)
    with due.held(organisation_id=organisation.pk):
        for number in range(size):
            open_case(organisation, link_worker if number % 2 else colleague)
    client = signed_in(manager)
    client.get("/caseload/team/")  # the settings row is made on first use
    # Session, user, devices, organisation, settings, teams, workers, counts, waiting list
    # and the session's save: the same whatever the caseload size, filtered or not.
    with django_assert_max_num_queries(13):
        everyone = client.get("/caseload/team/").content.decode()
    with django_assert_max_num_queries(13):
        filtered = client.get(f"/caseload/team/?team={south.pk}").content.decode()

    half = size // 2
    assert f"{half} of 40" in everyone and ">North<" in everyone and str(link_worker) in everyone
    assert f"{half} of 40" in filtered and str(colleague) in filtered
    assert str(link_worker) not in filtered


def test_team_view_offers_only_the_organisation_s_teams(
    organisation, other_organisation, manager, link_worker, signed_in
) -> None:
    TeamFactory(organisation=organisation, name="North")
    theirs = TeamFactory(organisation=other_organisation, name="Calder East")
    client = signed_in(manager)

    assert "Calder East" not in client.get("/caseload/team/").content.decode()
    forced = client.get(f"/caseload/team/?team={theirs.pk}").content.decode()
    assert "Choose a team from the list" in forced
    assert str(link_worker) in forced  # a refused choice narrows nothing


def test_open_activity_referrals_column_counts_those_not_final(
    organisation, link_worker, signed_in
) -> None:
    case = open_case(organisation, link_worker, state="active")
    quiet = open_case(organisation, link_worker, state="active")
    for status in (Status.DRAFT, Status.REQUESTED, Status.ON_HOLD, Status.IN_PROGRESS):
        ActivityReferralFactory(person=case.person, case=case, status=status)
    for status in (Status.COMPLETED, Status.CANCELLED, Status.SIGNPOSTED, Status.REJECTED):
        ActivityReferralFactory(person=case.person, case=case, status=status)

    html = signed_in(link_worker).get("/caseload/").content.decode()

    assert "Open activity referrals" in html
    cells = {
        reference: re.findall(r'<td class="nhsuk-table__cell">(\d+)</td>', row)[-1]
        for reference, row in re.findall(r'body-s">(\w+)</span>(.*?)</tr>', html, re.S)
    }
    assert cells == {case.reference: "4", quiet.reference: "0"}

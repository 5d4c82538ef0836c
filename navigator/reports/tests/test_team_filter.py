"""Managers narrow reports to a team: a referral counts for the team of the link worker it is
allocated to. Commissioners keep their "Service" filter and are offered no teams."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from navigator.referrals.models import SourceType
from navigator.referrals.states import State
from navigator.reports import selectors
from navigator.reports.tests.helpers import figure, referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(organisation):
    """North: two link workers with 3 and 1 referrals; South: one with 2; and 1 waiting."""
    north = TeamFactory(organisation=organisation, name="North")
    south = TeamFactory(organisation=organisation, name="South")
    ayesha, ben = (
        UserFactory(organisation=organisation, role=Role.LINK_WORKER, team=north) for _ in range(2)
    )
    cara = UserFactory(organisation=organisation, role=Role.LINK_WORKER, team=south)
    for _ in range(3):
        referral(organisation, allocated_to=ayesha, state=State.ALLOCATED)
    referral(organisation, allocated_to=ben, state=State.ALLOCATED, source_type=SourceType.SELF)
    for _ in range(2):
        referral(organisation, allocated_to=cara, state=State.ALLOCATED)
    referral(organisation, state=State.WAITING)
    return north, south


def section(client, slug="flow", **query):
    return client.get(reverse("reports:section", kwargs={"slug": slug}), query)


def test_figures_count_the_referrals_of_the_team_s_link_workers(organisation, teams) -> None:
    north, south = teams
    ids = [organisation.pk]

    def by_source(**filters):
        return figure(ids, selectors.referrals_by_source, **filters).table()

    assert by_source()[-1] == ["Total", "7"]
    assert by_source(team=north.pk) == [
        ["Primary care clinician", "3"],
        ["Self-referral", "1"],
        ["Total", "4"],
    ]
    assert by_source(team=south.pk)[-1] == ["Total", "2"]
    assert by_source(team=north.pk, source=SourceType.SELF)[-1] == ["Total", "1"]


def test_a_manager_filters_the_page_by_team(signed_in, manager, teams) -> None:
    north, south = teams
    client = signed_in(manager)

    page = section(client).content.decode()
    assert 'name="team"' in page and ">North<" in page and ">South<" in page
    assert "allocated to the team" in page
    assert ">4<" in section(client, team=north.pk).content.decode()
    download = client.get(
        reverse("reports:download", kwargs={"slug": "flow", "file_format": "csv"}),
        {"team": south.pk},
    ).content.decode()
    assert "Total,2" in download


def test_another_organisation_s_team_is_not_offered_and_is_refused(
    signed_in, manager, teams, other_organisation
) -> None:
    theirs = TeamFactory(organisation=other_organisation, name="Calder East")
    client = signed_in(manager)

    assert "Calder East" not in section(client).content.decode()
    forced = section(client, team=theirs.pk).content.decode()
    assert "from the choices given" in forced
    assert "Total" not in forced  # no figures for a refused filter


def test_commissioners_choose_services_not_teams(signed_in, organisation, teams) -> None:
    icb = OrganisationFactory(name="West Yorkshire ICB")
    icb.funds.add(organisation, OrganisationFactory())
    commissioner = UserFactory(organisation=icb, role=Role.COMMISSIONER)

    page = signed_in(commissioner).get(
        reverse("reports:commissioned_section", kwargs={"slug": "flow"})
    )
    html = page.content.decode()
    assert 'name="service"' in html and "All services" in html
    assert 'name="team"' not in html and ">North<" not in html

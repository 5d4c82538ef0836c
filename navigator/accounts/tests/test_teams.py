"""Teams: managers add and rename their organisation's teams and put staff in them; nobody
reaches another organisation's team."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from navigator.accounts import services
from navigator.accounts.models import Team, User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import TeamFactory, UserFactory
from navigator.accounts.tests.test_user_edit import details_of, edit_url
from navigator.audit.models import AuditEvent


def test_a_manager_adds_a_team_and_it_is_audited(signed_in, manager, organisation) -> None:
    response = signed_in(manager).post(reverse("accounts:team_create"), {"name": "  North  "})

    assert response.status_code == 302
    team = Team.objects.get(organisation=organisation)
    assert team.name == "North"
    event = AuditEvent.objects.get(object_type="accounts.team")
    assert event.action == AuditEvent.Action.CREATED
    assert event.actor == manager
    assert event.organisation == organisation
    assert event.changes["name"] == [None, "North"]


def test_a_name_is_unique_within_the_organisation_only(
    signed_in, manager, organisation, other_organisation
) -> None:
    TeamFactory(organisation=organisation, name="North")
    TeamFactory(organisation=other_organisation, name="South")
    client = signed_in(manager)

    refused = client.post(reverse("accounts:team_create"), {"name": "north"})
    assert "Another team of the organisation already has this name" in refused.content.decode()
    client.post(reverse("accounts:team_create"), {"name": "South"})

    names = Team.objects.filter(organisation=organisation).values_list("name", flat=True)
    assert sorted(names) == ["North", "South"]


def test_a_manager_renames_a_team(signed_in, manager, organisation) -> None:
    team = TeamFactory(organisation=organisation, name="Nrth")

    signed_in(manager).post(
        reverse("accounts:team_edit", args=[team.pk]), {"name": "North", "version": "1"}
    )

    team.refresh_from_db()
    assert team.name == "North"
    event = AuditEvent.objects.get(object_type="accounts.team", action=AuditEvent.Action.UPDATED)
    assert event.changes == {"name": ["Nrth", "North"]}


def test_the_team_page_lists_members_and_who_is_in_no_team(
    signed_in, manager, link_worker, organisation, other_organisation
) -> None:
    north = TeamFactory(organisation=organisation, name="North")
    UserFactory(organisation=organisation, team=north, first_name="Ayesha", last_name="Begum")
    TeamFactory(organisation=other_organisation, name="Calder East")

    page = signed_in(manager).get(reverse("accounts:team_list")).content.decode()

    assert "North" in page and "Ayesha Begum" in page
    assert str(link_worker) in page.split('id="without-team"')[1]
    assert "Calder East" not in page


def test_a_manager_puts_a_colleague_in_a_team(signed_in, manager, link_worker, organisation):
    north = TeamFactory(organisation=organisation, name="North")

    response = signed_in(manager).post(
        edit_url(link_worker), details_of(link_worker, team=north.pk)
    )

    assert response.status_code == 302
    link_worker.refresh_from_db()
    assert link_worker.team == north
    event = AuditEvent.objects.get(object_type="accounts.user", action=AuditEvent.Action.UPDATED)
    assert event.changes == {"team": [None, "North"]}


def test_a_manager_cannot_see_rename_or_assign_another_organisation_s_team(
    signed_in, manager, link_worker, other_organisation
) -> None:
    theirs = TeamFactory(organisation=other_organisation, name="Calder East")
    client = signed_in(manager)

    assert client.get(reverse("accounts:team_edit", args=[theirs.pk])).status_code == 404
    renamed = client.post(reverse("accounts:team_edit", args=[theirs.pk]), {"name": "Mine"})
    assert renamed.status_code == 404
    form = client.get(edit_url(link_worker)).content.decode()
    assert "Calder East" not in form
    assigned = client.post(edit_url(link_worker), details_of(link_worker, team=theirs.pk))

    assert "Choose a team from the list" in assigned.content.decode()
    theirs.refresh_from_db()
    link_worker.refresh_from_db()
    assert theirs.name == "Calder East"
    assert link_worker.team is None


def test_an_administrator_is_told_when_the_team_is_of_another_organisation(
    client, organisation, other_organisation, link_worker
) -> None:
    administrator = UserFactory(organisation=None, role=Role.ADMINISTRATOR)
    theirs = TeamFactory(organisation=other_organisation, name="Calder East")
    ours = TeamFactory(organisation=organisation, name="North")
    client.force_login(administrator)
    data = details_of(link_worker, organisation=organisation.pk)

    refused = client.post(edit_url(link_worker), {**data, "team": theirs.pk}).content.decode()
    assert "Calder East is a team of another organisation" in refused
    client.post(edit_url(link_worker), {**data, "team": ours.pk})

    link_worker.refresh_from_db()
    assert link_worker.team == ours


def test_the_service_refuses_another_organisation_s_team(link_worker, other_organisation):
    theirs = TeamFactory(organisation=other_organisation)

    with pytest.raises(ValidationError, match="team of another organisation"):
        services.update_user(user=link_worker, expected_version=1, data={"team": theirs})

    assert User.objects.get(pk=link_worker.pk).team is None


def test_an_administrator_has_no_team(organisation) -> None:
    team = TeamFactory(organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(organisation=None, role=Role.ADMINISTRATOR, team=team)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL foreign key")
def test_postgresql_refuses_a_team_of_another_organisation(link_worker, other_organisation):
    theirs = TeamFactory(organisation=other_organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=link_worker.pk).update(team=theirs)
        connection.check_constraints()


def test_a_new_colleague_can_start_in_a_team(signed_in, manager, organisation) -> None:
    south = TeamFactory(organisation=organisation, name="South")
    form = {
        "first_name": "Noor",
        "last_name": "Khan",
        "username": "noor",
        "email": "noor@example.org",
        "role": Role.LINK_WORKER,
        "team": south.pk,
        "is_active": "on",
    }

    signed_in(manager).post(reverse("accounts:user_create"), form)

    assert User.objects.get(username="noor").team == south

"""Two people saving the same team, account or organisation settings at once: the second
save, made from a form opened before the first, is refused and shows what is saved now beside
what was typed, instead of silently undoing the first (core/concurrency.py)."""

from django.urls import reverse

from navigator.accounts.models import Team
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import TeamFactory, UserFactory

STALE = "Someone else changed this record while you were editing it"


def test_a_team_renamed_from_a_stale_form_is_refused(signed_in, manager, organisation) -> None:
    team = TeamFactory(organisation=organisation, name="Nrth")
    colleague = UserFactory(organisation=organisation, role=Role.MANAGER)
    url = reverse("accounts:team_edit", args=[team.pk])
    assert signed_in(colleague).post(url, {"name": "North", "version": "1"}).status_code == 302

    refused = signed_in(manager).post(url, {"name": "North Leeds", "version": "1"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert STALE in page
    assert '<td class="nhsuk-table__cell">North</td>' in page
    assert 'value="North Leeds"' in page
    assert Team.objects.get(pk=team.pk).name == "North"

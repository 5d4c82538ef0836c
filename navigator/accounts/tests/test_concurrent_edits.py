"""Two people saving the same team, account or organisation settings at once: the second
save, made from a form opened before the first, is refused and shows what is saved now beside
what was typed, instead of silently undoing the first (core/concurrency.py)."""

from django.urls import reverse

from navigator.accounts.models import Organisation, Team, User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import TeamFactory, UserFactory
from navigator.accounts.tests.test_user_edit import details_of

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


def test_an_account_saved_from_a_stale_form_is_refused(signed_in, manager, organisation) -> None:
    colleague = UserFactory(organisation=organisation, role=Role.MANAGER)
    worker = UserFactory(organisation=organisation, role=Role.LINK_WORKER, job_title="")
    url = reverse("accounts:user_edit", args=[worker.pk])
    form = details_of(worker)  # both opened the form at version 1
    assert (
        signed_in(colleague).post(url, form | {"job_title": "Senior link worker"}).status_code
        == 302
    )

    refused = signed_in(manager).post(url, form | {"role": Role.VOLUNTEER})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert STALE in page
    assert '<td class="nhsuk-table__cell">Senior link worker</td>' in page
    saved = User.objects.get(pk=worker.pk)
    assert (saved.role, saved.job_title) == (Role.LINK_WORKER, "Senior link worker")


def test_organisation_settings_saved_from_a_stale_form_are_refused(
    signed_in, administrator, organisation
) -> None:
    colleague = UserFactory(organisation=None, role=Role.ADMINISTRATOR)
    url = reverse("accounts:organisation_edit", args=[organisation.pk])
    form = {"name": organisation.name, "ods_code": "", "version": "1"}
    assert signed_in(colleague).post(url, form | {"ods_code": "Y54321"}).status_code == 302

    refused = signed_in(administrator).post(url, form | {"require_two_factor": "on"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert STALE in page
    assert '<td class="nhsuk-table__cell">Y54321</td>' in page
    saved = Organisation.objects.get(pk=organisation.pk)
    assert (saved.ods_code, saved.require_two_factor) == ("Y54321", False)

import pytest
from django.urls import reverse

from navigator.accounts.models import Organisation
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import TOTPDeviceFactory, totp_token

ORGANISATIONS = reverse("accounts:organisation_list")
NEW_ORGANISATION = reverse("accounts:organisation_create")


def edit_url(organisation: Organisation) -> str:
    return reverse("accounts:organisation_edit", kwargs={"pk": organisation.pk})


def test_administrator_lists_every_organisation(
    signed_in, administrator, organisation, other_organisation
) -> None:
    response = signed_in(administrator).get(ORGANISATIONS)

    assert response.status_code == 200
    page = response.content.decode()
    for each in (organisation, other_organisation):
        assert each.name in page
        assert edit_url(each) in page


def test_administrator_creates_an_organisation(signed_in, administrator) -> None:
    response = signed_in(administrator).post(
        NEW_ORGANISATION,
        {"name": "Wakefield Social Prescribing", "ods_code": "Y12345", "require_two_factor": "on"},
    )

    assert response.status_code == 302
    assert response.url == ORGANISATIONS
    created = Organisation.objects.get(name="Wakefield Social Prescribing")
    assert created.ods_code == "Y12345"
    assert created.require_two_factor is True


def test_a_name_already_taken_is_refused(signed_in, administrator, organisation) -> None:
    response = signed_in(administrator).post(
        NEW_ORGANISATION, {"name": organisation.name, "ods_code": "Y99999"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_name"' in page
    assert page.count("Another organisation already has this name") == 2
    assert 'value="Y99999"' in page
    assert Organisation.objects.filter(name=organisation.name).count() == 1


def test_a_name_is_required(signed_in, administrator) -> None:
    response = signed_in(administrator).post(NEW_ORGANISATION, {"name": ""})

    assert response.status_code == 200
    assert '<a href="#id_name"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_administrator_edits_any_organisation(signed_in, administrator, other_organisation) -> None:
    response = signed_in(administrator).post(
        edit_url(other_organisation),
        {
            "version": "1",
            "name": "Calder Valley SP",
            "ods_code": "Y54321",
            "require_two_factor": "on",
        },
    )

    assert response.status_code == 302
    assert response.url == ORGANISATIONS
    other_organisation.refresh_from_db()
    assert other_organisation.name == "Calder Valley SP"
    assert other_organisation.require_two_factor is True


def test_manager_switches_on_two_factor_for_their_organisation(
    signed_in, manager, organisation
) -> None:
    client = signed_in(manager)
    form = client.get(edit_url(organisation)).content.decode()
    assert 'name="require_two_factor"' in form
    assert 'name="name"' not in form

    response = client.post(edit_url(organisation), {"version": "1", "require_two_factor": "on"})

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    organisation.refresh_from_db()
    assert organisation.require_two_factor is True


def test_manager_switches_it_off_again(signed_in, manager, organisation) -> None:
    organisation.require_two_factor = True
    organisation.save()
    client = signed_in(manager)
    # The manager has to have two-factor sign-in themselves first.
    assert client.get(edit_url(organisation)).status_code == 302
    device = TOTPDeviceFactory(user=manager)
    client.post(reverse("accounts:two_factor_verify"), {"token": totp_token(device)})

    response = client.post(edit_url(organisation), {"version": "1"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.require_two_factor is False


def test_manager_cannot_rename_their_organisation(signed_in, manager, organisation) -> None:
    name = organisation.name

    signed_in(manager).post(
        edit_url(organisation), {"version": "1", "name": "Renamed", "ods_code": "X"}
    )

    organisation.refresh_from_db()
    assert organisation.name == name


def test_another_organisation_is_not_found_for_a_manager(
    signed_in, manager, other_organisation
) -> None:
    client = signed_in(manager)

    assert client.get(edit_url(other_organisation)).status_code == 404
    response = client.post(
        edit_url(other_organisation), {"version": "1", "require_two_factor": "on"}
    )

    assert response.status_code == 404
    other_organisation.refresh_from_db()
    assert other_organisation.require_two_factor is False


def test_manager_cannot_list_or_create_organisations(signed_in, manager) -> None:
    client = signed_in(manager)

    assert client.get(ORGANISATIONS).status_code == 403
    assert client.post(NEW_ORGANISATION, {"name": "Mine"}).status_code == 403
    assert not Organisation.objects.filter(name="Mine").exists()


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.VOLUNTEER, Role.COMMISSIONER])
def test_other_roles_cannot_change_settings(
    signed_in, user_with_role, organisation, role: Role
) -> None:
    client = signed_in(user_with_role(role))

    assert client.get(edit_url(organisation)).status_code == 403
    assert (
        client.post(
            edit_url(organisation), {"version": "1", "require_two_factor": "on"}
        ).status_code
        == 403
    )
    organisation.refresh_from_db()
    assert organisation.require_two_factor is False

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory


def edit_url(user: User) -> str:
    return reverse("accounts:user_edit", kwargs={"pk": user.pk})


def details_of(user: User, **changes: str | None) -> dict[str, str]:
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
        "email": user.email,
        "job_title": user.job_title,
        "phone": user.phone,
        "role": user.role,
        "version": str(user.version),
        **changes,
    }
    if user.is_active and "is_active" not in changes:
        data["is_active"] = "on"
    return {name: value for name, value in data.items() if value is not None}


def test_form_shows_the_user_s_details(signed_in, manager, link_worker) -> None:
    response = signed_in(manager).get(edit_url(link_worker))

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Change {escape(link_worker)}" in page
    assert f'value="{link_worker.email}"' in page
    assert 'value="administrator"' not in page


def test_manager_changes_a_colleague_s_role_and_job(signed_in, manager, link_worker) -> None:
    response = signed_in(manager).post(
        edit_url(link_worker),
        details_of(link_worker, role=Role.VOLUNTEER, job_title="Befriender"),
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:user_list")
    link_worker.refresh_from_db()
    assert link_worker.role == Role.VOLUNTEER
    assert link_worker.job_title == "Befriender"
    assert link_worker.organisation == manager.organisation


def test_switching_an_account_off_ends_its_sessions(signed_in, manager, link_worker) -> None:
    colleague = Client()
    colleague.force_login(link_worker)
    assert colleague.get("/").status_code == 200

    signed_in(manager).post(edit_url(link_worker), details_of(link_worker, is_active=None))

    link_worker.refresh_from_db()
    assert link_worker.is_active is False
    assert colleague.get("/").status_code == 302


def test_keeping_one_s_own_email_is_fine(signed_in, manager, link_worker) -> None:
    response = signed_in(manager).post(
        edit_url(link_worker), details_of(link_worker, email=link_worker.email.upper())
    )

    assert response.status_code == 302
    link_worker.refresh_from_db()
    assert link_worker.email == link_worker.email.lower()


def test_another_account_s_email_is_refused(
    signed_in, manager, link_worker, other_organisation
) -> None:
    UserFactory(organisation=other_organisation, email="taken@example.org")
    before = link_worker.email

    response = signed_in(manager).post(
        edit_url(link_worker), details_of(link_worker, email="taken@example.org")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Another account already uses this e-mail address" in page
    assert f"Change {escape(link_worker)}" in page
    link_worker.refresh_from_db()
    assert link_worker.email == before


def test_forged_administrator_role_is_refused(signed_in, manager, link_worker) -> None:
    response = signed_in(manager).post(
        edit_url(link_worker), details_of(link_worker, role=Role.ADMINISTRATOR)
    )

    assert response.status_code == 200
    assert "Choose a role from the list" in response.content.decode()
    link_worker.refresh_from_db()
    assert link_worker.role == Role.LINK_WORKER


def test_another_organisation_s_user_is_not_found(signed_in, manager, other_organisation) -> None:
    outsider = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    client = signed_in(manager)

    assert client.get(edit_url(outsider)).status_code == 404
    response = client.post(edit_url(outsider), details_of(outsider, role=Role.MANAGER))

    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.LINK_WORKER


def test_manager_cannot_reach_an_administrator(signed_in, manager, administrator) -> None:
    assert signed_in(manager).get(edit_url(administrator)).status_code == 404


def test_administrator_edits_anyone_and_can_move_them(
    signed_in, administrator, link_worker, other_organisation
) -> None:
    response = signed_in(administrator).post(
        edit_url(link_worker),
        details_of(link_worker, role=Role.MANAGER, organisation=str(other_organisation.pk)),
    )

    assert response.status_code == 302
    link_worker.refresh_from_db()
    assert link_worker.role == Role.MANAGER
    assert link_worker.organisation == other_organisation


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.REFERRER, Role.COMMISSIONER])
def test_other_roles_are_refused(signed_in, user_with_role, link_worker, role: Role) -> None:
    client = signed_in(user_with_role(role))

    assert client.get(edit_url(link_worker)).status_code == 403
    response = client.post(edit_url(link_worker), details_of(link_worker, role=Role.MANAGER))

    assert response.status_code == 403
    link_worker.refresh_from_db()
    assert link_worker.role == Role.LINK_WORKER


def test_a_link_worker_cannot_change_a_colleague(signed_in, link_worker, organisation) -> None:
    colleague = UserFactory(organisation=organisation, role=Role.VOLUNTEER)
    client = signed_in(link_worker)

    assert client.get(edit_url(colleague)).status_code == 403
    response = client.post(edit_url(colleague), details_of(colleague, role=Role.MANAGER))

    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.role == Role.VOLUNTEER

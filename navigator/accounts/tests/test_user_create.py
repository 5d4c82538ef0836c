from collections.abc import Callable

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.accounts.tests.helpers import link_in

NEW_USER = reverse("accounts:user_create")


def new_user(**changes: str) -> dict[str, str]:
    return {
        "first_name": "Amara",
        "last_name": "Okafor",
        "username": "aokafor",
        "email": "Amara.Okafor@example.org",
        "job_title": "Link worker",
        "phone": "0113 496 0000",
        "role": Role.LINK_WORKER,
        "is_active": "on",
        **changes,
    }


@pytest.fixture
def post_and_commit(django_capture_on_commit_callbacks) -> Callable[..., HttpResponse]:
    """Post a form and run what the view left for after its transaction."""

    def post(client: Client, url: str, data: dict) -> HttpResponse:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def test_manager_is_not_offered_the_administrator_role(signed_in, manager) -> None:
    response = signed_in(manager).get(NEW_USER)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="link_worker"' in page
    assert 'value="manager"' in page
    assert 'value="administrator"' not in page
    assert 'name="organisation"' not in page


@pytest.mark.usefixtures("immediate_tasks")
def test_manager_creates_a_user_who_is_invited_by_email(
    client, signed_in, manager, organisation, post_and_commit
) -> None:
    response = post_and_commit(signed_in(manager), NEW_USER, new_user())

    assert response.status_code == 302
    assert response.url == reverse("accounts:user_list")
    user = User.objects.get(username="aokafor")
    assert user.organisation == organisation
    assert user.role == Role.LINK_WORKER
    assert user.email == "amara.okafor@example.org"
    assert user.phone == "+441134960000"
    assert user.is_active is True
    assert user.has_usable_password() is False
    [message] = mail.outbox
    assert message.to == ["amara.okafor@example.org"]
    assert message.subject == "Your Navigator account"
    assert "Your username is aokafor" in message.body
    confirmation = client.get(response.url).content.decode()
    assert "amara.okafor@example.org has been sent a link" in confirmation


@pytest.mark.usefixtures("immediate_tasks")
def test_the_invitation_link_lets_them_choose_a_password_and_sign_in(
    client, signed_in, manager, post_and_commit, sign_in_with_password
) -> None:
    post_and_commit(signed_in(manager), NEW_USER, new_user())
    client.logout()

    opened = client.get(link_in(mail.outbox[0]))
    saved = client.post(
        opened.url, {"new_password1": "my own passphrase 7", "new_password2": "my own passphrase 7"}
    )

    assert saved.url == reverse("accounts:password_reset_complete")
    user = User.objects.get(username="aokafor")
    assert user.check_password("my own passphrase 7")
    assert sign_in_with_password("aokafor", "my own passphrase 7").status_code == 302


@pytest.mark.usefixtures("database_tasks")
def test_the_invitation_waits_in_the_queue_for_the_worker(
    signed_in, manager, post_and_commit
) -> None:
    post_and_commit(signed_in(manager), NEW_USER, new_user())

    task = DBTaskResult.objects.get()
    assert task.task_path == "navigator.accounts.tasks.send_email"
    assert task.args_kwargs["kwargs"]["to"] == ["amara.okafor@example.org"]
    assert mail.outbox == []


@pytest.mark.usefixtures("immediate_tasks")
def test_forged_administrator_role_is_refused(signed_in, manager, post_and_commit) -> None:
    response = post_and_commit(signed_in(manager), NEW_USER, new_user(role=Role.ADMINISTRATOR))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose a role from the list" in page
    assert not User.objects.filter(username="aokafor").exists()
    assert mail.outbox == []


@pytest.mark.usefixtures("immediate_tasks")
def test_forged_organisation_is_ignored_for_a_manager(
    signed_in, manager, organisation, other_organisation, post_and_commit
) -> None:
    post_and_commit(signed_in(manager), NEW_USER, new_user(organisation=str(other_organisation.pk)))

    assert User.objects.get(username="aokafor").organisation == organisation


@pytest.mark.usefixtures("immediate_tasks")
def test_an_email_address_already_in_use_is_refused(
    signed_in, manager, other_organisation, post_and_commit
) -> None:
    UserFactory(organisation=other_organisation, email="amara.okafor@example.org")

    response = post_and_commit(signed_in(manager), NEW_USER, new_user())

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_email"' in page
    assert page.count("Another account already uses this e-mail address") == 2
    # What was typed is kept.
    assert 'value="Amara"' in page
    assert 'value="aokafor"' in page
    assert 'value="Amara.Okafor@example.org"' in page
    assert User.objects.filter(email__iexact="amara.okafor@example.org").count() == 1
    assert mail.outbox == []


@pytest.mark.usefixtures("immediate_tasks")
def test_a_username_already_in_use_is_refused(
    signed_in, manager, organisation, post_and_commit
) -> None:
    UserFactory(organisation=organisation, username="aokafor")

    response = post_and_commit(signed_in(manager), NEW_USER, new_user())

    assert response.status_code == 200
    assert "Another account already uses this username" in response.content.decode()
    assert User.objects.filter(username="aokafor").count() == 1


def test_missing_details_are_named_at_each_field(signed_in, manager) -> None:
    response = signed_in(manager).post(
        NEW_USER, new_user(first_name="", email="", role="", phone="not a phone")
    )

    assert response.status_code == 200
    page = response.content.decode()
    for anchor in ("#id_first_name", "#id_email", "#id_role", "#id_phone"):
        assert f'<a href="{anchor}"' in page
    assert not User.objects.filter(username="aokafor").exists()


def test_administrator_chooses_the_organisation(
    signed_in, administrator, other_organisation, post_and_commit
) -> None:
    client = signed_in(administrator)
    assert 'value="administrator"' in client.get(NEW_USER).content.decode()

    response = post_and_commit(
        client, NEW_USER, new_user(role=Role.MANAGER, organisation=str(other_organisation.pk))
    )

    assert response.status_code == 302
    user = User.objects.get(username="aokafor")
    assert user.organisation == other_organisation
    assert user.role == Role.MANAGER


def test_administrator_must_choose_an_organisation_for_staff(signed_in, administrator) -> None:
    response = signed_in(administrator).post(NEW_USER, new_user())

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_organisation"' in page
    assert "Choose the organisation this user works for" in page
    assert not User.objects.filter(username="aokafor").exists()


def test_administrators_belong_to_no_organisation(
    signed_in, administrator, organisation, post_and_commit
) -> None:
    post_and_commit(
        signed_in(administrator),
        NEW_USER,
        new_user(role=Role.ADMINISTRATOR, organisation=str(organisation.pk)),
    )

    user = User.objects.get(username="aokafor")
    assert user.role == Role.ADMINISTRATOR
    assert user.organisation is None


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.VOLUNTEER, Role.COMMISSIONER])
def test_other_roles_cannot_create_users(signed_in, user_with_role, role: Role) -> None:
    client = signed_in(user_with_role(role))

    assert client.get(NEW_USER).status_code == 403
    assert client.post(NEW_USER, new_user()).status_code == 403
    assert not User.objects.filter(username="aokafor").exists()

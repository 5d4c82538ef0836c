from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from navigator import settings as navigator_settings
from navigator.accounts.tests.factories import TEST_PASSWORD, UserFactory
from navigator.accounts.tests.helpers import signed_in_user_id

LOGIN = reverse("accounts:login")


def test_sign_in_page_asks_for_username_and_password(client, db) -> None:
    response = client.get(LOGIN)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign in to Navigator" in page
    assert 'name="username"' in page
    assert 'autocomplete="current-password"' in page
    assert reverse("accounts:password_reset") in page


def test_right_password_signs_in_and_goes_home(client, link_worker, sign_in_with_password) -> None:
    response = sign_in_with_password(link_worker.username)

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_user_id(client) == link_worker.pk
    link_worker.refresh_from_db()
    assert link_worker.last_login is not None


def test_wrong_password_shows_the_form_again_with_an_error(
    client, link_worker, sign_in_with_password
) -> None:
    response = sign_in_with_password(link_worker.username, "not the password")

    assert response.status_code == 200
    page = response.content.decode()
    # The NHS.UK error summary links to the message shown at the field.
    assert "nhsuk-error-summary" in page
    assert "There is a problem" in page
    assert '<a href="#id_password"' in page
    assert "nhsuk-error-message" in page
    assert page.count("Enter a correct username and password") == 2
    assert "<title>Error: Sign in" in page
    # The username is kept; the password is never sent back.
    assert f'value="{link_worker.username}"' in page
    assert "not the password" not in page
    assert signed_in_user_id(client) is None
    link_worker.refresh_from_db()
    assert link_worker.last_login is None


def test_unknown_username_gets_the_same_message(client, db, sign_in_with_password) -> None:
    response = sign_in_with_password("nobody")

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_an_overlong_username_is_refused_before_it_is_tried(client, db) -> None:
    response = client.post(LOGIN, {"username": "x" * 151, "password": "anything"})

    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer" in response.content.decode()
    assert AccessAttempt.objects.count() == 0


def test_empty_form_says_what_is_missing(client, db) -> None:
    response = client.post(LOGIN, {"username": "", "password": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_username"' in page
    assert '<a href="#id_password"' in page


def test_switched_off_account_cannot_sign_in(client, organisation, sign_in_with_password) -> None:
    user = UserFactory(organisation=organisation, is_active=False)

    response = sign_in_with_password(user.username)

    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_sign_in_goes_on_to_a_local_next_page(client, manager, sign_in_with_password) -> None:
    response = sign_in_with_password(manager.username, next="/users/?page=2")

    assert response.status_code == 302
    assert response.url == "/users/?page=2"


def test_sign_in_ignores_a_next_page_on_another_site(
    client, link_worker, sign_in_with_password
) -> None:
    response = sign_in_with_password(link_worker.username, next="https://evil.example/")

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_user_id(client) == link_worker.pk


def test_signed_in_user_visiting_sign_in_goes_home(signed_in, link_worker) -> None:
    response = signed_in(link_worker).get(LOGIN)

    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_pages_ask_anonymous_visitors_to_sign_in(client, db) -> None:
    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/"


def test_sign_out_asks_first_and_signs_out_on_post(signed_in, link_worker) -> None:
    client = signed_in(link_worker)

    question = client.get(reverse("accounts:logout"))
    assert question.status_code == 200
    assert "Sign out of Navigator?" in question.content.decode()
    assert signed_in_user_id(client) == link_worker.pk

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert signed_in_user_id(client) is None


def test_production_hashes_passwords_with_argon2() -> None:
    assert navigator_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_stored_password_is_an_argon2_hash(settings, organisation) -> None:
    # The project's conftest swaps in a fast hasher; put the production list back.
    settings.PASSWORD_HASHERS = navigator_settings.PASSWORD_HASHERS

    user = UserFactory(organisation=organisation)

    assert user.password.startswith("argon2$")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert TEST_PASSWORD not in user.password
    assert user.check_password(TEST_PASSWORD)

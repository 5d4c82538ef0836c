import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.tests.factories import TOTPDeviceFactory, totp_token
from navigator.accounts.tests.helpers import signed_in_user_id, verified_device_id

VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture
def device(manager) -> TOTPDevice:
    return TOTPDeviceFactory(user=manager)


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"


def test_password_alone_leads_to_the_code_page(
    client, manager, device, sign_in_with_password
) -> None:
    response = sign_in_with_password(manager.username)
    assert response.status_code == 302
    assert signed_in_user_id(client) == manager.pk

    home = client.get(response.url)

    assert home.status_code == 302
    assert home.url == f"{VERIFY}?next=%2F"
    assert verified_device_id(client) is None


@pytest.mark.parametrize(
    "path",
    ["/", "/users/", "/account/", "/account/password/", "/people/", "/organisations/"],
)
def test_every_page_waits_for_the_code(signed_in, manager, device, path: str) -> None:
    response = signed_in(manager).get(path)

    assert response.status_code == 302
    assert response.url.startswith(f"{VERIFY}?next=")


def test_the_page_asked_for_is_kept_with_its_query(signed_in, manager, device) -> None:
    response = signed_in(manager).get("/users/?page=2&sort=name")

    assert response.url == f"{VERIFY}?next=%2Fusers%2F%3Fpage%3D2%26sort%3Dname"


def test_code_page_and_sign_out_stay_open(signed_in, manager, device) -> None:
    client = signed_in(manager)

    assert client.get(VERIFY).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert signed_in_user_id(client) is None


def test_wrong_code_shows_an_error(signed_in, manager, device) -> None:
    client = signed_in(manager)

    response = client.post(VERIFY, {"token": wrong_code(device), "next": "/users/"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_token"' in page
    assert page.count("That code did not match") == 2
    assert 'name="next" value="/users/"' in page
    assert verified_device_id(client) is None
    assert client.get("/").status_code == 302


def test_missing_code_says_what_to_enter(signed_in, manager, device) -> None:
    response = signed_in(manager).post(VERIFY, {"token": ""})

    assert response.status_code == 200
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


def test_right_code_verifies_and_goes_to_the_page_asked_for(signed_in, manager, device) -> None:
    client = signed_in(manager)

    response = client.post(VERIFY, {"token": totp_token(device), "next": "/users/?page=2"})

    assert response.status_code == 302
    assert response.url == "/users/?page=2"
    assert verified_device_id(client) == device.persistent_id
    assert client.get("/users/").status_code == 200
    assert client.get("/").status_code == 200


def test_the_whole_way_in(client, manager, device, sign_in_with_password) -> None:
    sign_in_with_password(manager.username, next="/users/")
    asked = client.get("/users/")
    assert asked.url == f"{VERIFY}?next=%2Fusers%2F"
    assert client.get(asked.url).status_code == 200

    response = client.post(VERIFY, {"token": totp_token(device), "next": "/users/"})

    assert response.url == "/users/"
    assert client.get(response.url).status_code == 200


def test_next_page_on_another_site_is_ignored(signed_in, manager, device) -> None:
    client = signed_in(manager)

    response = client.post(VERIFY, {"token": totp_token(device), "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response.url == "/"
    assert verified_device_id(client) == device.persistent_id


def test_a_code_cannot_be_used_twice(client, manager, device, sign_in_with_password) -> None:
    token = totp_token(device)
    sign_in_with_password(manager.username)
    client.post(VERIFY, {"token": token})
    client.post(reverse("accounts:logout"))

    sign_in_with_password(manager.username)
    response = client.post(VERIFY, {"token": token})

    assert response.status_code == 200
    assert verified_device_id(client) is None


def test_someone_else_s_authenticator_does_not_count(
    signed_in, manager, link_worker, device
) -> None:
    TOTPDeviceFactory(user=link_worker)
    client = signed_in(link_worker)

    response = client.post(VERIFY, {"token": totp_token(device)})

    assert response.status_code == 200
    assert verified_device_id(client) is None


def test_users_without_an_authenticator_are_not_asked(signed_in, link_worker) -> None:
    assert signed_in(link_worker).get("/").status_code == 200


def test_a_code_used_already_says_to_wait_for_the_next(signed_in, manager, device) -> None:
    client = signed_in(manager)
    code = totp_token(device)
    client.post(VERIFY, {"token": code})
    client.logout()
    client = signed_in(manager)

    response = client.post(VERIFY, {"token": code})

    assert "That code has already been used. Wait for your app to show the next code" in (
        response.text
    )
    assert "did not match" not in response.text
    assert verified_device_id(client) is None


def test_a_right_code_straight_after_a_wrong_one_says_to_wait(
    settings, signed_in, manager, device
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # the wait after a wrong code outlasts any slow run
    client = signed_in(manager)
    client.post(VERIFY, {"token": wrong_code(device)})

    # While django-otp waits after a wrong code, even the right code is not checked.
    response = client.post(VERIFY, {"token": totp_token(device)})

    assert "Wait for your app to show a new code, then enter it" in response.text
    assert "did not match" not in response.text

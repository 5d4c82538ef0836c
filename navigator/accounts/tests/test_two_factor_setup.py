from base64 import b32encode

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.tests.factories import TOTPDeviceFactory, totp_token
from navigator.accounts.tests.helpers import verified_device_id

SETUP = reverse("accounts:two_factor_setup")


def test_setup_page_shows_a_new_secret_and_its_qr_code(signed_in, link_worker) -> None:
    client = signed_in(link_worker)

    response = client.get(SETUP)

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=link_worker)
    assert device.confirmed is False
    page = response.content.decode()
    assert b32encode(device.bin_key).decode() in page
    assert 'src="data:image/svg+xml' in page
    assert 'autocomplete="one-time-code"' in page
    assert verified_device_id(client) is None


def test_coming_back_shows_the_same_secret(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    client.get(SETUP)

    response = client.get(SETUP)

    device = TOTPDevice.objects.get(user=link_worker)
    assert b32encode(device.bin_key).decode() in response.content.decode()


def test_wrong_code_shows_an_error_and_confirms_nothing(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=link_worker)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"token": wrong})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_token"' in page
    assert page.count("That code did not match") == 2
    assert f'value="{wrong}"' in page
    device.refresh_from_db()
    assert device.confirmed is False
    assert verified_device_id(client) is None


def test_a_code_that_is_not_six_digits_is_refused(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    client.get(SETUP)

    response = client.post(SETUP, {"token": "12ab56"})

    assert response.status_code == 200
    assert "The security code is 6 digits" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=link_worker, confirmed=True).exists()


def test_right_code_confirms_the_device_and_verifies_the_session(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=link_worker)

    response = client.post(SETUP, {"token": totp_token(device)})

    assert response.status_code == 302
    assert response.url == "/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert verified_device_id(client) == device.persistent_id
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Not set up" not in account
    assert SETUP not in account


def test_a_code_typed_with_a_space_is_accepted(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=link_worker)
    token = totp_token(device)

    response = client.post(SETUP, {"token": f"{token[:3]} {token[3:]}"})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True


def test_after_setup_the_user_goes_to_a_local_next_page(signed_in, manager) -> None:
    client = signed_in(manager)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=manager)

    response = client.post(SETUP, {"token": totp_token(device), "next": "/users/"})

    assert response.status_code == 302
    assert response.url == "/users/"


def test_after_setup_a_next_page_on_another_site_is_ignored(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=link_worker)

    response = client.post(SETUP, {"token": totp_token(device), "next": "//evil.example/"})

    assert response.status_code == 302
    assert response.url == "/"


def test_someone_with_only_the_password_cannot_replace_the_authenticator(
    signed_in, link_worker
) -> None:
    device = TOTPDeviceFactory(user=link_worker)
    client = signed_in(link_worker)

    response = client.get(f"{SETUP}?next=/people/")

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:two_factor_verify')}?next=%2Fpeople%2F"
    assert list(TOTPDevice.objects.filter(user=link_worker)) == [device]


def test_someone_already_set_up_is_sent_to_their_account(signed_in, link_worker) -> None:
    device = TOTPDeviceFactory(user=link_worker)
    client = signed_in(link_worker)
    client.post(reverse("accounts:two_factor_verify"), {"token": totp_token(device)})

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert TOTPDevice.objects.filter(user=link_worker).count() == 1


def test_anonymous_visitors_are_asked_to_sign_in(client, db) -> None:
    response = client.get(SETUP)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not TOTPDevice.objects.exists()

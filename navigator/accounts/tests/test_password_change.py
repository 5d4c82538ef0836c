from django.urls import reverse

from navigator.accounts.tests.factories import TEST_PASSWORD, TOTPDeviceFactory, totp_token
from navigator.accounts.tests.helpers import signed_in_user_id, verified_device_id

CHANGE = reverse("accounts:password_change")
NEW_PASSWORD = "a brand new passphrase 42"


def test_account_page_shows_who_is_signed_in(signed_in, link_worker) -> None:
    response = signed_in(link_worker).get(reverse("accounts:account"))

    assert response.status_code == 200
    page = response.content.decode()
    assert link_worker.username in page
    assert link_worker.organisation.name in page
    assert "Not set up" in page
    assert CHANGE in page


def test_changing_the_password_keeps_the_user_signed_in(signed_in, link_worker) -> None:
    client = signed_in(link_worker)

    response = client.post(
        CHANGE,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    link_worker.refresh_from_db()
    assert link_worker.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) == link_worker.pk
    assert "Your password has been changed" in client.get(response.url).content.decode()


def test_changing_the_password_keeps_two_factor_sign_in(signed_in, link_worker) -> None:
    device = TOTPDeviceFactory(user=link_worker)
    client = signed_in(link_worker)
    client.post(reverse("accounts:two_factor_verify"), {"token": totp_token(device)})

    client.post(
        CHANGE,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert verified_device_id(client) == device.persistent_id
    assert client.get("/").status_code == 200


def test_a_wrong_current_password_is_refused_at_the_field(signed_in, link_worker) -> None:
    response = signed_in(link_worker).post(
        CHANGE,
        {
            "old_password": "not my password",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_old_password"' in page
    assert "not my password" not in page
    assert NEW_PASSWORD not in page
    link_worker.refresh_from_db()
    assert link_worker.check_password(TEST_PASSWORD)

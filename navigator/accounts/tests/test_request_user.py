"""The user each signed-in request is served as (`accounts.backends.ModelBackend.get_user`):
read in one query with their organisation and their confirmed authenticators, still sent to
two-factor sign-in as before, and verified only by an authenticator still theirs and confirmed
(`accounts.middleware.OTPMiddleware`)."""

from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.backends import ModelBackend, confirmed_devices, has_confirmed_device
from navigator.accounts.models import User
from navigator.accounts.tests.factories import TOTPDeviceFactory, totp_token
from navigator.accounts.tests.helpers import verified_device_id

HOME = reverse("core:home")
VERIFY = reverse("accounts:two_factor_verify")


def statements_of(client: Client, path: str) -> list[str]:
    statements: list[str] = []

    def watch(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert client.get(path).status_code in (200, 302)
    return statements


def test_the_user_is_read_with_their_organisation_and_authenticators_in_one_query(
    signed_in, link_worker
) -> None:
    statements = statements_of(signed_in(link_worker), HOME)

    users = [sql for sql in statements if 'FROM "accounts_user"' in sql]
    assert len(users) == 1
    assert '"accounts_organisation"' in users[0] and '"otp_totp_totpdevice"' in users[0]
    # Nothing reads the organisation or the authenticators again.
    others = [sql for sql in statements if sql != users[0]]
    assert not [sql for sql in others if 'FROM "accounts_organisation"' in sql]
    assert not [sql for sql in others if 'FROM "otp_totp_totpdevice"' in sql]


def test_an_authenticator_confirmed_after_signing_in_is_asked_for_on_the_next_page(
    signed_in, link_worker
) -> None:
    client = signed_in(link_worker)
    assert client.get(HOME).status_code == 200
    device = TOTPDevice.objects.create(user=link_worker, name="phone", confirmed=False)
    assert client.get(HOME).status_code == 200  # not yet confirmed: not yet asked for

    device.confirmed = True
    device.save()
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(f"{VERIFY}?next=")


def test_get_user_says_whether_the_user_has_a_confirmed_authenticator(link_worker, manager) -> None:
    other_link_worker = manager
    TOTPDevice.objects.create(user=link_worker, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=other_link_worker, name="phone", confirmed=False)

    with_device = ModelBackend().get_user(link_worker.pk)
    without = ModelBackend().get_user(other_link_worker.pk)

    assert with_device is not None and without is not None
    assert has_confirmed_device(with_device) is True
    assert has_confirmed_device(without) is False
    assert with_device.organisation == link_worker.organisation


def test_get_user_names_the_confirmed_authenticators(link_worker) -> None:
    phone = TOTPDevice.objects.create(user=link_worker, name="phone", confirmed=True)
    tablet = TOTPDevice.objects.create(user=link_worker, name="tablet", confirmed=True)
    TOTPDevice.objects.create(user=link_worker, name="new phone", confirmed=False)

    user = ModelBackend().get_user(link_worker.pk)

    assert confirmed_devices(user) == {
        f"otp_totp.totpdevice/{phone.pk}",
        f"otp_totp.totpdevice/{tablet.pk}",
    }


def verified_client(signed_in, user):
    device = TOTPDeviceFactory(user=user)
    client = signed_in(user)
    assert client.post(VERIFY, {"token": totp_token(device)}).status_code == 302
    return client, device


def test_a_verified_session_reads_no_authenticator_beyond_the_user_s_query(
    signed_in, manager
) -> None:
    client, _ = verified_client(signed_in, manager)

    statements = statements_of(client, HOME)

    assert [sql for sql in statements if '"otp_totp_totpdevice"' in sql] == [
        sql for sql in statements if 'FROM "accounts_user"' in sql
    ]
    assert client.get(HOME).status_code == 200


def test_a_session_verified_by_an_authenticator_since_removed_is_asked_for_a_code_again(
    signed_in, manager
) -> None:
    client, device = verified_client(signed_in, manager)
    device.delete()
    TOTPDeviceFactory(user=manager)  # another one, confirmed: the session was not verified by it

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(f"{VERIFY}?next=")
    assert verified_device_id(client) is None


def test_a_session_verified_by_an_authenticator_no_longer_confirmed_is_not_verified(
    signed_in, manager
) -> None:
    client, device = verified_client(signed_in, manager)
    device.confirmed = False
    device.save()
    manager.organisation.require_two_factor = True
    manager.organisation.save()

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('accounts:two_factor_setup')}?next=")
    assert verified_device_id(client) is None


def test_a_session_verified_by_someone_else_s_authenticator_is_not_verified(
    signed_in, manager, link_worker
) -> None:
    theirs = TOTPDeviceFactory(user=link_worker)
    TOTPDeviceFactory(user=manager)
    client = signed_in(manager)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = theirs.persistent_id
    session.save()

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(f"{VERIFY}?next=")
    assert verified_device_id(client) is None


def test_a_user_loaded_otherwise_is_asked_about_their_authenticators(link_worker) -> None:
    TOTPDevice.objects.create(user=link_worker, name="phone", confirmed=True)

    assert has_confirmed_device(User.objects.get(pk=link_worker.pk)) is True


def test_get_user_refuses_an_inactive_or_unknown_user(link_worker) -> None:
    link_worker.is_active = False
    link_worker.save()

    assert ModelBackend().get_user(link_worker.pk) is None
    assert ModelBackend().get_user(0) is None

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.models import Organisation
from navigator.accounts.permissions import STAFF_ROLES, Role
from navigator.accounts.tests.factories import UserFactory, totp_token
from navigator.accounts.tests.helpers import verified_device_id

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
STAFF = [Role.LINK_WORKER, Role.MANAGER, Role.VOLUNTEER]
NOT_STAFF = [Role.REFERRER, Role.VCS_PROVIDER, Role.COMMISSIONER]


@pytest.fixture
def strict_organisation(organisation: Organisation) -> Organisation:
    organisation.require_two_factor = True
    organisation.save()
    return organisation


def test_staff_roles_are_the_ones_who_see_personal_data() -> None:
    assert set(STAFF) < STAFF_ROLES
    assert not set(NOT_STAFF) & STAFF_ROLES


@pytest.mark.parametrize("role", STAFF)
def test_staff_must_set_up_two_factor_before_anything_else(
    signed_in, user_with_role, strict_organisation, role: Role
) -> None:
    user = user_with_role(role)
    client = signed_in(user)

    for path in ("/", "/account/", "/account/password/", "/people/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(f"{SETUP}?next="), path
    assert client.get(SETUP).status_code == 200
    assert user.must_use_two_factor is True


@pytest.mark.parametrize("role", NOT_STAFF)
def test_other_roles_are_not_made_to_set_it_up(
    signed_in, user_with_role, strict_organisation, role: Role
) -> None:
    user = user_with_role(role)

    response = signed_in(user).get("/")

    assert response.status_code == 200
    assert user.must_use_two_factor is False
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_after_setting_it_up_the_page_asked_for_opens(
    signed_in, link_worker, strict_organisation
) -> None:
    client = signed_in(link_worker)
    asked = client.get("/account/")
    assert asked.url == f"{SETUP}?next=%2Faccount%2F"
    client.get(asked.url)
    device = TOTPDevice.objects.get(user=link_worker)

    response = client.post(SETUP, {"token": totp_token(device), "next": "/account/"})

    assert response.status_code == 302
    assert response.url == "/account/"
    assert verified_device_id(client) == device.persistent_id
    assert client.get("/account/").status_code == 200


def test_organisations_that_do_not_require_it_let_staff_in(signed_in, link_worker) -> None:
    assert link_worker.organisation.require_two_factor is False

    assert signed_in(link_worker).get("/").status_code == 200
    assert link_worker.must_use_two_factor is False


def test_it_applies_only_to_the_organisation_that_requires_it(
    signed_in, link_worker, strict_organisation, other_organisation
) -> None:
    elsewhere = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)

    assert signed_in(elsewhere).get("/").status_code == 200


def test_switching_it_on_sends_signed_in_staff_to_setup(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    assert client.get("/").status_code == 200

    link_worker.organisation.require_two_factor = True
    link_worker.organisation.save()

    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_an_administrator_without_an_authenticator_must_set_one_up_first(client, db) -> None:
    administrator = UserFactory(organisation=None, role=Role.ADMINISTRATOR, authenticator=False)
    client.force_login(administrator)

    for path in ("/", "/organisations/", "/users/", "/account/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(f"{SETUP}?next="), path
    assert administrator.must_use_two_factor is True


def test_an_administrator_with_an_authenticator_is_asked_for_a_code(
    client, db, sign_in_with_password
) -> None:
    administrator = UserFactory(organisation=None, role=Role.ADMINISTRATOR)
    device = TOTPDevice.objects.get(user=administrator, confirmed=True)

    asked = client.get(sign_in_with_password(administrator.username).url)
    assert asked.url == f"{VERIFY}?next=%2F"
    assert client.get("/organisations/").url.startswith(f"{VERIFY}?next=")

    response = client.post(VERIFY, {"token": totp_token(device), "next": "/organisations/"})

    assert response.url == "/organisations/"
    assert verified_device_id(client) == device.persistent_id
    assert client.get("/organisations/").status_code == 200

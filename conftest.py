"""Fixtures shared by every app's tests."""

import signal

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    # Fast hashing for speed; plain http because the test client does not speak https.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _unscoped_setup():
    """Test set-up and assertions see every organisation; requests still run in their user's
    scope because the middleware opens one."""
    with scopes_disabled():
        yield


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Leeds North Social Prescribing")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Calder Valley Social Prescribing")


def _user(organisation, role: Role):
    return UserFactory(
        organisation=None if role == Role.ADMINISTRATOR else organisation,
        role=role,
        username=f"{role}-{organisation.pk}",
    )


@pytest.fixture
def link_worker(organisation):
    return _user(organisation, Role.LINK_WORKER)


@pytest.fixture
def manager(organisation):
    return _user(organisation, Role.MANAGER)


@pytest.fixture
def user_with_role(organisation):
    """Make a user of `organisation` with a given role: user_with_role(Role.VOLUNTEER)."""
    return lambda role: _user(organisation, role)


@pytest.fixture
def signed_in(client):
    """Sign a user in on the test client and return the client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def run_worker(settings):
    """Run `navigator db_worker --batch` on the database backend: it does the queued tasks,
    then stops."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def run() -> None:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    yield run
    for number, handler in saved.items():
        signal.signal(number, handler)


pytest_plugins = ["navigator.core.tests.browser"]

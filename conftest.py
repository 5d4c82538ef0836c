"""Fixtures shared by every app's tests."""

import signal
import weakref

import django.test
import hypothesis
import pytest
from django.core.management import call_command
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory

# Property tests share two cores with the rest of the suite, and Chromium: how long an example
# takes to make or run says nothing about what is tested, so neither fails a test.
hypothesis.settings.register_profile(
    "navigator", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("navigator")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test databases, with every connection the run opened closed before
    they are dropped: PostgreSQL refuses to drop a database anyone is connected to.

    Django closes only the connections it set the databases up with. Once Playwright's event
    loop has run in the test thread, `connections` hands that thread other connection objects
    (see `crawl_server`), and tests after it use those; the last of them, when it ended in a
    rollback rather than a transactional test's close, stayed open, and the worker's test
    database was left behind with a warning."""
    opened: weakref.WeakSet[BaseDatabaseWrapper] = weakref.WeakSet()

    def remember(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
        opened.add(connection)

    connection_created.connect(remember, weak=False)
    yield
    connection_created.disconnect(remember)
    for wrapper in list(opened):
        if wrapper.connection is not None:
            # The driver's own close: Django's refuses a connection of another thread.
            wrapper.connection.close()


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    # Fast hashing for speed; plain http because the test client does not speak https.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    # Every test client builds its own middleware, and WhiteNoise would list all ~1,500 static
    # files through the finders each time (about a second): looked up when asked for instead,
    # the same files are served with the same headers.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True, scope="session")
def _strict_templates():
    """A variable a template uses without being given fails the test instead of rendering blank."""
    from django.template import engines

    from navigator.core.jinja import StrictUndefined

    engines["jinja2"].env.undefined = StrictUndefined
    yield


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


class Client(django.test.Client):
    """The test client, which signs an administrator in as after their authenticator's code:
    administrators must use two-factor sign-in, and most tests are about something else. Make
    the administrator with `authenticator=False` to meet the set-up page instead."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        if user.role != Role.ADMINISTRATOR:
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device:
            # What django_otp.login() stores once a code is verified.
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client() -> Client:
    return Client()


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

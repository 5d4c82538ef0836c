"""Fixtures of the accounts tests (the shared ones are in the project's conftest.py)."""

import signal
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import TEST_PASSWORD, UserFactory

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def immediate_tasks(settings) -> None:
    """Background tasks run as soon as they are enqueued."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def database_tasks(settings) -> None:
    """Background tasks wait in the database for `db_worker`, as in production."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def run_worker(database_tasks) -> Iterator[Callable[[], None]]:
    """Run `navigator db_worker --batch`: it does the queued tasks, then stops."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def run() -> None:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    yield run
    # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back.
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.fixture
def administrator(db) -> User:
    return UserFactory(organisation=None, role=Role.ADMINISTRATOR, username="administrator")


@pytest.fixture
def sign_in_with_password(client: Client) -> Callable[..., HttpResponse]:
    """Post the sign-in form, as a person would."""

    def sign_in(username: str, password: str = TEST_PASSWORD, **extra: str) -> HttpResponse:
        return client.post(
            reverse("accounts:login"), {"username": username, "password": password, **extra}
        )

    return sign_in

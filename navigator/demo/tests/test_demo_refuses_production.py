"""The demo's sign-ins share a published password, so the demo never runs on a real site by
mistake: only in development or where the command is told this is a demonstration site."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.people.models import Person

pytestmark = pytest.mark.django_db


def test_demo_refuses_with_debug_off_and_says_why(settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError) as refused:
        call_command("demo", people=3, stdout=StringIO())

    assert "navigator-demo" in str(refused.value)
    assert "--demo-site" in str(refused.value)
    assert "NAVIGATOR_DEBUG=1" in str(refused.value)
    assert not User.objects.filter(username="admin").exists()
    assert Person.objects.count() == 0


def test_demo_runs_in_development(settings) -> None:
    settings.DEBUG = True

    call_command("demo", people=0, stdout=StringIO())

    assert User.objects.get(username="admin").role == Role.ADMINISTRATOR

from collections.abc import Callable
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.http import HttpResponse
from django.urls import reverse

from navigator import settings as navigator_settings
from navigator.accounts.tests.factories import UserFactory
from navigator.accounts.tests.helpers import signed_in_user_id

LOCKED_OUT = 429  # django-axes' AXES_HTTP_RESPONSE_CODE, which Navigator keeps


@pytest.fixture(autouse=True)
def _three_tries(settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def fail(
    sign_in_with_password: Callable[..., HttpResponse], username: str, times: int
) -> list[HttpResponse]:
    return [sign_in_with_password(username, "wrong password") for _ in range(times)]


def test_production_locks_out_after_five_failures_for_fifteen_minutes() -> None:
    assert navigator_settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == navigator_settings.AXES_COOLOFF_TIME
    assert navigator_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_failures_below_the_limit_show_the_form_again(
    client, link_worker, sign_in_with_password
) -> None:
    responses = fail(sign_in_with_password, link_worker.username, 2)

    assert [response.status_code for response in responses] == [200, 200]
    attempt = AccessAttempt.objects.get(username=link_worker.username)
    assert attempt.failures_since_start == 2


def test_the_failure_that_reaches_the_limit_locks_the_account_out(
    client, link_worker, sign_in_with_password
) -> None:
    *_, last = fail(sign_in_with_password, link_worker.username, 3)

    assert last.status_code == LOCKED_OUT
    assert "Too many attempts to sign in" in last.content.decode()


def test_locked_out_user_cannot_sign_in_even_with_the_right_password(
    client, link_worker, sign_in_with_password
) -> None:
    fail(sign_in_with_password, link_worker.username, 3)

    response = sign_in_with_password(link_worker.username)

    assert response.status_code == LOCKED_OUT
    page = response.content.decode()
    assert "Too many attempts to sign in" in page
    assert "Wait 15 minutes" in page
    assert reverse("accounts:password_reset") in page
    assert signed_in_user_id(client) is None
    link_worker.refresh_from_db()
    assert link_worker.last_login is None
    assert AccessAttempt.objects.get(username=link_worker.username).failures_since_start >= 3


def test_locked_out_page_states_the_configured_wait(
    settings, client, link_worker, sign_in_with_password
) -> None:
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    fail(sign_in_with_password, link_worker.username, 3)

    response = sign_in_with_password(link_worker.username)

    assert response.status_code == LOCKED_OUT
    assert "Wait 30 minutes" in response.content.decode()


def test_lock_out_is_for_that_username_only(
    client, organisation, link_worker, sign_in_with_password
) -> None:
    colleague = UserFactory(organisation=organisation)
    fail(sign_in_with_password, link_worker.username, 3)

    response = sign_in_with_password(colleague.username)

    assert response.status_code == 302
    assert signed_in_user_id(client) == colleague.pk


def test_a_successful_sign_in_clears_earlier_failures(
    client, link_worker, sign_in_with_password
) -> None:
    fail(sign_in_with_password, link_worker.username, 2)

    response = sign_in_with_password(link_worker.username)

    assert response.status_code == 302
    assert signed_in_user_id(client) == link_worker.pk
    assert not AccessAttempt.objects.filter(
        username=link_worker.username, failures_since_start__gt=0
    ).exists()

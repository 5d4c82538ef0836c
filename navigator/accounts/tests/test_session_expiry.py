from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navigator import settings as navigator_settings
from navigator.accounts.sessions import SessionStore
from navigator.accounts.tests.helpers import signed_in_user_id

HOME = reverse("core:home")


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_production_signs_out_after_thirty_idle_minutes() -> None:
    assert navigator_settings.SESSION_COOKIE_AGE == 30 * 60
    assert navigator_settings.SESSION_ENGINE == "navigator.accounts.sessions"
    assert "navigator.accounts.sessions.SessionMiddleware" in navigator_settings.MIDDLEWARE
    assert navigator_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_every_request_pushes_the_expiry_forward(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    row = session_row(client)
    row.expire_date = timezone.now() + timedelta(minutes=1)
    row.save()

    response = client.get(HOME)

    assert response.status_code == 200
    expected = timezone.now() + timedelta(seconds=navigator_settings.SESSION_COOKIE_AGE)
    assert abs(session_row(client).expire_date - expected) < timedelta(seconds=30)


def test_session_cookie_ends_with_the_browser(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    # The expiry lags by two minutes, so the page saves the session and sends its cookie again.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=session_row(client).expire_date - timedelta(minutes=2)
    )

    response = client.get(HOME)

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True


def test_idle_session_is_sent_to_sign_in(signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    row = session_row(client)
    # The last request was longer ago than the idle limit.
    row.expire_date = timezone.now() - timedelta(seconds=1)
    row.save()

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={HOME}"
    assert signed_in_user_id(client) is None


def test_a_tiny_idle_limit_expires_the_session_after_that_time(
    settings, signed_in, link_worker
) -> None:
    settings.SESSION_COOKIE_AGE = 60
    client = signed_in(link_worker)
    assert client.get(HOME).status_code == 200
    # Two minutes pass without a request: move the saved expiry back by that much.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=session_row(client).expire_date - timedelta(minutes=2)
    )

    response = client.get(reverse("accounts:account"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


class Clock:
    """The time Django's sessions (and everything else asking `timezone.now`) see, moved by
    hand."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def moving_clock() -> Iterator[Clock]:
    clock = Clock()
    with mock.patch("django.utils.timezone.now", clock):
        yield clock


def test_a_session_used_more_often_than_the_idle_limit_stays_signed_in(
    settings, signed_in, link_worker
) -> None:
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with moving_clock() as clock:
        client = signed_in(link_worker)
        for _ in range(4):  # two hours in all, never idle for the full limit
            clock.now += idle - timedelta(minutes=2)
            assert client.get(HOME).status_code == 200
        assert signed_in_user_id(client) == link_worker.pk


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(
    settings, signed_in, link_worker
) -> None:
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with moving_clock() as clock:
        client = signed_in(link_worker)
        assert client.get(HOME).status_code == 200
        clock.now += timedelta(seconds=50)  # within the minute: the expiry is not written
        assert client.get(HOME).status_code == 200
        clock.now += idle + timedelta(seconds=1)  # idle for longer than the limit

        response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={HOME}"
    assert signed_in_user_id(client) is None


def test_the_expiry_is_written_only_when_it_would_move_by_more_than_a_minute(
    settings, signed_in, link_worker
) -> None:
    with moving_clock() as clock:
        client = signed_in(link_worker)
        client.get(HOME)
        written = session_row(client).expire_date

        clock.now += timedelta(seconds=59)
        client.get(HOME)
        assert session_row(client).expire_date == written

        clock.now += timedelta(seconds=2)  # the expiry would now move by 61 seconds
        client.get(HOME)
        assert session_row(client).expire_date == clock.now + timedelta(
            seconds=settings.SESSION_COOKIE_AGE
        )


def test_a_page_that_leaves_the_expiry_as_it_is_does_not_write_the_session(
    signed_in, link_worker
) -> None:
    client = signed_in(link_worker)
    client.get(HOME)
    writes: list[str] = []

    def watch(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and "django_session" in sql:
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert client.get(HOME).status_code == 200

    assert writes == []


def test_the_session_store_says_when_its_expiry_lags(settings, signed_in, link_worker) -> None:
    client = signed_in(link_worker)
    key = client.session.session_key
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + idle)
    assert SessionStore(key).expiry_lags() is False
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + idle - timedelta(minutes=2)
    )
    assert SessionStore(key).expiry_lags() is True
    assert SessionStore("no-such-session").expiry_lags() is False

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navigator import settings as navigator_settings
from navigator.accounts.tests.helpers import signed_in_user_id

HOME = reverse("core:home")


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_production_signs_out_after_thirty_idle_minutes() -> None:
    assert navigator_settings.SESSION_COOKIE_AGE == 30 * 60
    assert navigator_settings.SESSION_SAVE_EVERY_REQUEST is True
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
    response = signed_in(link_worker).get(HOME)

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

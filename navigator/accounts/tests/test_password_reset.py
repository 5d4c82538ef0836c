from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.http import HttpResponse
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from navigator.accounts.tests.factories import UserFactory
from navigator.accounts.tests.helpers import link_in, signed_in_user_id

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "a brand new passphrase 42"


def ask_for_reset(client: Client, email: str) -> HttpResponse:
    return client.post(RESET, {"email": email})


def set_password_with(
    client: Client, link: str, password: str = NEW_PASSWORD, again: str | None = None
) -> HttpResponse:
    """Open the e-mailed link (which moves its token out of the address) and save a password."""
    opened = client.get(link)
    assert opened.status_code == 302, opened.content.decode()
    form = client.get(opened.url)
    assert "Choose a new password" in form.content.decode()
    return client.post(opened.url, {"new_password1": password, "new_password2": again or password})


def test_reset_page_asks_for_an_email_address(client, db) -> None:
    response = client.get(RESET)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Reset your password" in page
    assert 'autocomplete="email"' in page


@pytest.mark.usefixtures("immediate_tasks")
def test_the_link_starts_with_the_configured_site_not_the_requests_host(
    client, link_worker, settings
) -> None:
    settings.NAVIGATOR_SITE_URL = "https://navigator.example.nhs.uk"
    settings.ALLOWED_HOSTS = ["testserver", "elsewhere.example.com"]

    client.post(RESET, {"email": link_worker.email}, headers={"host": "elsewhere.example.com"})

    [message] = mail.outbox
    assert "https://navigator.example.nhs.uk/" in message.body
    assert "elsewhere.example.com" not in message.body


@pytest.mark.usefixtures("immediate_tasks")
def test_known_address_gets_an_email_with_a_working_link(client, link_worker) -> None:
    response = ask_for_reset(client, link_worker.email)

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [link_worker.email]
    assert message.subject == "Reset your Navigator password"
    assert link_worker.username in message.body

    saved = set_password_with(client, link_in(message))

    assert saved.status_code == 302
    assert saved.url == reverse("accounts:password_reset_complete")
    link_worker.refresh_from_db()
    assert link_worker.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) is None


@pytest.mark.usefixtures("immediate_tasks")
def test_the_new_password_form_explains_the_rules_in_words(client, link_worker) -> None:
    ask_for_reset(client, link_worker.email)
    opened = client.get(link_in(mail.outbox[0]))

    page = client.get(opened.url).content.decode()

    assert "At least 8 characters" in page
    assert "&lt;" not in page
    assert 'autocomplete="new-password"' in page


@pytest.mark.usefixtures("immediate_tasks")
def test_the_new_password_signs_in(client, link_worker, sign_in_with_password) -> None:
    ask_for_reset(client, link_worker.email)
    set_password_with(client, link_in(mail.outbox[0]))

    assert sign_in_with_password(link_worker.username, NEW_PASSWORD).status_code == 302
    assert signed_in_user_id(client) == link_worker.pk


@pytest.mark.usefixtures("immediate_tasks")
def test_the_address_is_matched_without_regard_to_case(client, link_worker) -> None:
    ask_for_reset(client, link_worker.email.upper())

    assert [message.to for message in mail.outbox] == [[link_worker.email]]


@pytest.mark.usefixtures("database_tasks")
def test_unknown_address_reveals_nothing_and_sends_nothing(client, link_worker) -> None:
    known = ask_for_reset(client, link_worker.email)
    unknown = ask_for_reset(client, "nobody@example.org")

    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url
    assert DBTaskResult.objects.count() == 1
    done = client.get(unknown.url).content.decode()
    assert "If an account uses that address" in done


@pytest.mark.usefixtures("database_tasks")
def test_switched_off_accounts_get_no_email(client, organisation) -> None:
    user = UserFactory(organisation=organisation, is_active=False)

    ask_for_reset(client, user.email)

    assert not DBTaskResult.objects.exists()


@pytest.mark.usefixtures("database_tasks")
# The worker closes its database connection when it stops, as it should in production; the
# test's data must therefore be committed, not held in the test's own transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_the_queued_email(client, link_worker, run_worker) -> None:
    ask_for_reset(client, link_worker.email)
    task = DBTaskResult.objects.get()
    assert task.task_path == "navigator.accounts.tasks.send_email"
    assert mail.outbox == []

    run_worker()

    assert [message.to for message in mail.outbox] == [[link_worker.email]]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert set_password_with(client, link_in(mail.outbox[0])).status_code == 302
    link_worker.refresh_from_db()
    assert link_worker.check_password(NEW_PASSWORD)


@pytest.mark.usefixtures("immediate_tasks")
def test_passwords_that_differ_are_refused_at_the_field(client, link_worker) -> None:
    ask_for_reset(client, link_worker.email)

    response = set_password_with(client, link_in(mail.outbox[0]), again="something else 42")

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_new_password2"' in page
    assert NEW_PASSWORD not in page
    link_worker.refresh_from_db()
    assert not link_worker.check_password(NEW_PASSWORD)


@pytest.mark.usefixtures("immediate_tasks")
def test_a_weak_password_is_refused(client, link_worker) -> None:
    ask_for_reset(client, link_worker.email)

    response = set_password_with(client, link_in(mail.outbox[0]), password="password")

    assert response.status_code == 200
    assert "This password is too common" in response.content.decode()
    link_worker.refresh_from_db()
    assert not link_worker.check_password("password")


@pytest.mark.usefixtures("immediate_tasks")
def test_the_link_works_once(client, link_worker) -> None:
    ask_for_reset(client, link_worker.email)
    link = link_in(mail.outbox[0])
    set_password_with(client, link)

    response = client.get(link)

    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()


def test_a_made_up_link_is_refused(client, link_worker) -> None:
    response = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})
    )

    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()


@pytest.mark.usefixtures("immediate_tasks")
def test_an_invited_user_whose_link_expired_can_ask_for_another(client, organisation) -> None:
    invited = UserFactory(organisation=organisation)
    invited.set_unusable_password()
    invited.save()

    ask_for_reset(client, invited.email)

    assert len(mail.outbox) == 1
    set_password_with(client, link_in(mail.outbox[0]))
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


@pytest.mark.usefixtures("immediate_tasks")
def test_a_new_password_lifts_a_lock_out(
    settings, client, link_worker, sign_in_with_password
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    for _ in range(2):
        sign_in_with_password(link_worker.username, "wrong password")
    assert sign_in_with_password(link_worker.username).status_code == 429

    ask_for_reset(client, link_worker.email)
    set_password_with(client, link_in(mail.outbox[0]))

    assert not AccessAttempt.objects.filter(username=link_worker.username).exists()
    assert sign_in_with_password(link_worker.username, NEW_PASSWORD).status_code == 302
    assert signed_in_user_id(client) == link_worker.pk

"""The person answers on their own device through a secure link: no account, e-mailed through
the queue when they have an address, partly saved and finished later, spent when sent. A used,
expired or cancelled link gets a clear page and changes nothing; a link reaches only its own
questionnaire."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.permissions import Role
from navigator.accounts.tests.conftest import IMMEDIATE_TASKS
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import issue_link
from navigator.outcomes import services
from navigator.outcomes.models import Score, Status
from navigator.outcomes.tests.helpers import started
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return UserFactory(role=Role.LINK_WORKER)


@pytest.fixture
def administration(worker):
    person = PersonFactory(organisation=worker.organisation, email="ada@example.org")
    return started(person, worker, "ons4", "review")


def link_for(administration, worker) -> str:
    with acting_as(Actor(user=worker)):
        issued = services.send_questionnaire_link(administration=administration, created_by=worker)
    return reverse("outcomes:questionnaire", kwargs={"token": issued.token})


def test_staff_create_the_link_and_it_is_e_mailed_through_the_queue(
    client, worker, administration, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    client.force_login(worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outcomes:send_link", kwargs={"pk": administration.pk}), {})
    text = response.content.decode()
    assert "/questionnaire/" in text and "QR code" in text
    assert response["Cache-Control"] == "no-store"
    [email] = mailoutbox
    assert email.to == ["ada@example.org"]
    with scopes_disabled():
        link = SecureLink.objects.get()
    assert link.purpose == Purpose.QUESTIONNAIRE
    assert link.expires_at - timezone.now() > datetime.timedelta(days=13)
    token = text.split("/questionnaire/")[1].split("/")[0]
    assert token in email.body


def test_partly_answered_saved_then_finished_and_the_link_is_spent(client, worker, administration):
    url = link_for(administration, worker)
    page = client.get(url)
    assert page.status_code == 200
    assert "How happy did you feel yesterday?".lower() in page.content.decode().lower()

    saved = client.post(url, {"answered_how": "alone", "q1": "6", "action": "save"})
    assert "Your answers are saved" in saved.content.decode()
    administration.refresh_from_db()
    assert administration.answers["satisfied"] == "6"
    assert administration.status == Status.IN_PROGRESS

    back = client.get(url)
    assert 'value="6" checked' in back.content.decode()

    done = client.post(url, {"answered_how": "with_help", "q1": "6", "q3": "8", "action": "finish"})
    assert "Thank you" in done.content.decode()
    administration.refresh_from_db()
    assert administration.status == Status.COMPLETE
    assert administration.recorded_by is None
    assert administration.answered_how == "with_help"
    assert Score.objects.get(measure="ons4_happy").value == Decimal(8)
    assert Score.objects.get(measure="ons4_worthwhile").value is None

    again = client.post(url, {"answered_how": "alone", "q1": "1", "action": "finish"})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    administration.refresh_from_db()
    assert administration.answers["satisfied"] == "6"


def test_an_expired_link_is_refused_and_nothing_is_stored(client, worker, administration):
    url = link_for(administration, worker)
    with scopes_disabled():
        SecureLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(url, {"answered_how": "alone", "q1": "3", "action": "finish"})
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    administration.refresh_from_db()
    assert administration.answers["satisfied"] is None


def test_a_new_link_cancels_the_old_one(client, worker, administration):
    old = link_for(administration, worker)
    new = link_for(administration, worker)
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_an_unknown_token_is_not_found(client):
    response = client.get(reverse("outcomes:questionnaire", kwargs={"token": "made-up"}))
    assert response.status_code == 404


def test_a_link_for_another_purpose_does_not_open_a_questionnaire(client, worker, administration):
    with acting_as(Actor(user=worker)):
        issued = issue_link(
            purpose=Purpose.FEEDBACK,
            target=administration,
            valid_for=datetime.timedelta(days=1),
        )
    url = reverse("outcomes:questionnaire", kwargs={"token": issued.token})
    assert client.get(url).status_code == 404


def test_out_of_range_through_the_link_is_refused(client, worker, administration):
    url = link_for(administration, worker)
    response = client.post(url, {"answered_how": "alone", "q1": "12", "action": "finish"})
    assert "Choose one of the answers given" in response.content.decode()
    administration.refresh_from_db()
    assert administration.status == Status.IN_PROGRESS
    with scopes_disabled():
        assert SecureLink.objects.get().used_at is None


def test_a_completed_questionnaire_gets_no_new_link(client, worker, administration):
    link_for(administration, worker)
    with acting_as(Actor(user=worker)):
        services.save_answers(
            administration=administration,
            answers={"satisfied": Decimal(5)},
            finish=True,
            recorded_by=worker,
        )
    client.force_login(worker)
    response = client.post(reverse("outcomes:send_link", kwargs={"pk": administration.pk}), {})
    assert response.status_code == 302
    with scopes_disabled():
        assert SecureLink.objects.count() == 1


def test_finishing_with_staff_cancels_a_link_already_sent(client, worker, administration):
    url = link_for(administration, worker)
    with acting_as(Actor(user=worker)):
        services.save_answers(
            administration=administration,
            answers={"satisfied": Decimal(5)},
            finish=True,
            recorded_by=worker,
        )
    assert client.get(url).status_code == 410

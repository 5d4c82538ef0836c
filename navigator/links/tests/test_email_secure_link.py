"""One way to e-mail a secure link: issue it (or take one already issued), address it from
NAVIGATOR_SITE_URL, render plain-text subject and body, queue the e-mail once the work is
committed."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from navigator.accounts.tests.conftest import IMMEDIATE_TASKS
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import email_secure_link, issue_link, open_link
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
A_WEEK = datetime.timedelta(days=7)
# Any page whose URL takes a `token` works; the questionnaire page is one.
PAGE = "outcomes:questionnaire"
TEMPLATES = {
    "subject_template": "feedback/email/request_subject.txt",
    "body_template": "feedback/email/request.txt",
}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.NAVIGATOR_SITE_URL = "https://navigator.example.org/"


@pytest.fixture
def person(organisation):
    return PersonFactory(organisation=organisation, email="ada@example.org")


def send(person, **overrides):
    arguments = {
        "to": person.email,
        "page": PAGE,
        "context": {"service": "Leeds & District Wellbeing"},
        "purpose": Purpose.QUESTIONNAIRE,
        "target": person,
        "valid_for": A_WEEK,
        "person_id": person.pk,
        **TEMPLATES,
        **overrides,
    }
    return email_secure_link(**arguments)


def test_a_new_link_is_issued_and_e_mailed_once_the_work_is_committed(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as waiting:
        issued = send(person)
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in waiting:
        callback()

    [email] = mailoutbox
    assert email.to == ["ada@example.org"]
    # Plain text: names keep their "&", not "&amp;".
    assert email.subject == "How was your experience of Leeds & District Wellbeing?"
    address = f"https://navigator.example.org/questionnaire/{issued.token}/"
    assert address in email.body
    expires = timezone.localtime(issued.link.expires_at)
    assert f"until {expires:%-d %B %Y}" in email.body
    assert issued.link.sent_to == "ada@example.org"
    assert open_link(token=issued.token, purpose=Purpose.QUESTIONNAIRE) == issued.link


def test_plain_text_even_after_a_page_rendered_the_same_template(person, mailoutbox):
    render_to_string(
        TEMPLATES["body_template"],
        {"service": "Smith & Jones", "expires_at": timezone.now(), "address": "https://x.test/"},
    )

    send(person, context={"service": "Smith & Jones"}, after_commit=False)

    [email] = mailoutbox
    assert "Thank you for using Smith & Jones." in email.body


def test_a_link_already_issued_is_sent_as_it_is(person, mailoutbox):
    issued = issue_link(purpose=Purpose.FEEDBACK, target=person, valid_for=A_WEEK)

    sent = send(person, issued=issued, purpose=None, target=None, after_commit=False)

    assert sent == issued
    assert SecureLink.objects.count() == 1
    [email] = mailoutbox
    assert issued.token in email.body


def test_replacing_earlier_links_cancels_them(person):
    first = send(person, after_commit=False)
    second = send(person, after_commit=False, replace_earlier=True)

    first.link.refresh_from_db()
    assert first.link.revoked_at is not None
    assert open_link(token=second.token, purpose=Purpose.QUESTIONNAIRE) == second.link


def test_without_an_address_the_link_is_issued_but_nothing_is_sent(person, mailoutbox):
    issued = send(person, to="", after_commit=False)

    assert issued.link.sent_to == ""
    assert mailoutbox == []


def test_issuing_needs_a_purpose_a_target_and_how_long(person):
    with pytest.raises(TypeError):
        send(person, valid_for=None)
    assert not SecureLink.objects.exists()

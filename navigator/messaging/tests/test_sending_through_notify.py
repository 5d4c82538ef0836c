"""With a GOV.UK Notify key, the worker sends each message through Notify's API (here a fake
speaking its shapes): the person's channel, the template configured for it, the wording as
personalisation, and the message's own reference; afterwards no usable link is kept."""

import pytest
from django.core import mail

from navigator.contacts.tests.helpers import open_case
from navigator.messaging.models import Channel, Status
from navigator.messaging.tests.conftest import TEMPLATES
from navigator.messaging.tests.helpers import MOBILE, send_feedback_link, texted_case
from navigator.people.models import ContactMethod
from navigator.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def test_a_text_goes_through_notify_with_its_reference(
    notify, organisation, link_worker, django_capture_on_commit_callbacks, settings
):
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"  # never quiet
    case = texted_case(organisation, link_worker, given_name="Zenobia")

    with django_capture_on_commit_callbacks(execute=True):
        message = send_feedback_link(case, link_worker)

    [sent] = notify.sent
    assert sent["type"] == "sms"
    assert sent["phone_number"] == MOBILE
    assert sent["template_id"] == TEMPLATES["sms"]
    assert sent["reference"] == str(message.reference)
    body = sent["personalisation"]["body"]
    assert body.startswith(
        "Leeds North Social Prescribing: how was your experience of our service? Tell us here: "
        "http://127.0.0.1:8000/l/"  # the short link
    )
    assert "Zenobia" not in body
    message.refresh_from_db()
    assert (message.channel, message.status, message.provider_id) == (
        Channel.TEXT,
        Status.SENT,
        sent["id"],
    )
    assert message.link_address == ""
    assert "[secure link]" in message.text
    assert not mail.outbox


def test_an_email_and_a_letter_go_through_notify_too(
    notify, organisation, link_worker, django_capture_on_commit_callbacks
):
    emailed = open_case(
        organisation,
        link_worker,
        state="active",
        person=PersonFactory(
            organisation=organisation,
            preferred_contact_method=ContactMethod.EMAIL,
            email="ada@example.org",
        ),
    )
    posted = open_case(
        organisation,
        link_worker,
        state="active",
        person=PersonFactory(
            organisation=organisation,
            given_name="Ada",
            family_name="Lovelace",
            preferred_contact_method=ContactMethod.LETTER,
            address_line_1="12 Cliff Road",
            town="Leeds",
            postcode="LS6 2AB",
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_feedback_link(emailed, link_worker)
        send_feedback_link(posted, link_worker)

    [email] = notify.of_type("email")
    assert email["email_address"] == "ada@example.org"
    assert email["template_id"] == TEMPLATES["email"]
    assert email["personalisation"]["subject"] == (
        "How was your experience of Leeds North Social Prescribing?"
    )
    assert "/give-feedback/" in email["personalisation"]["body"]
    [letter] = notify.of_type("letter")
    assert letter["template_id"] == TEMPLATES["letter"]
    assert {
        name: value
        for name, value in letter["personalisation"].items()
        if name.startswith("address_line")
    } == {
        "address_line_1": "Ada Lovelace",
        "address_line_2": "12 Cliff Road",
        "address_line_3": "Leeds",
        "address_line_4": "LS6 2AB",
    }
    assert not mail.outbox


def test_without_a_key_email_goes_by_the_email_backend_and_a_text_is_only_listed(
    organisation, link_worker, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFY_API_KEY = ""
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"
    emailed = open_case(
        organisation,
        link_worker,
        state="active",
        person=PersonFactory(
            organisation=organisation,
            preferred_contact_method=ContactMethod.EMAIL,
            email="ada@example.org",
        ),
    )
    texted = texted_case(organisation, link_worker)

    with django_capture_on_commit_callbacks(execute=True):
        by_email = send_feedback_link(emailed, link_worker)
        by_text = send_feedback_link(texted, link_worker)

    [email] = mail.outbox
    assert email.to == ["ada@example.org"]
    assert "http://127.0.0.1:8000/give-feedback/" in email.body
    by_email.refresh_from_db()
    by_text.refresh_from_db()
    assert (by_email.status, by_text.status) == (Status.SENT, Status.NOT_SENT)

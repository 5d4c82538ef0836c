"""A self-referrer who gave a mobile number is texted that their referral arrived, with its
reference and nothing else, in the main language they gave where the service has a wording in
it; one who gave only a landline or an e-mail address is not."""

import pytest

from navigator.messaging.models import Channel, Kind, Message, Status, TextWording
from navigator.referrals.models import Referral
from navigator.referrals.tests.test_self_referral_helpers import (
    START,
    forget_submissions,
    form_data,
    make_catchment,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture(autouse=True)
def _catchment(organisation, settings):
    settings.NAVIGATOR_QUIET_HOURS = "00:00-00:00"
    forget_submissions()
    make_catchment(organisation, "LS6")


def test_a_mobile_number_gets_the_acknowledgement_by_text(
    client, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, form_data(phone="07912 345678"))

    referral = Referral.objects.get()
    [sent] = notify.sent
    assert sent["phone_number"] == "+447912345678"
    assert sent["personalisation"]["body"] == (
        f"Leeds North Social Prescribing: thank you, we have your referral (reference "
        f"{referral.reference}). We will be in touch soon."
    )
    message = Message.objects.get()
    assert (message.kind, message.channel, message.status) == (
        Kind.ACKNOWLEDGEMENT,
        Channel.TEXT,
        Status.SENT,
    )
    assert message.referral == referral


def test_a_landline_gets_no_text(client, notify, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, form_data(phone="0113 496 0000", email="maya@example.org"))

    assert Referral.objects.exists()
    assert notify.sent == []
    assert not Message.objects.exists()


def test_the_acknowledgement_goes_in_the_language_given_on_the_form(
    client, notify, organisation, django_capture_on_commit_callbacks
):
    TextWording.objects.create(
        organisation=organisation,
        kind=Kind.ACKNOWLEDGEMENT,
        language="Polish",
        body="((service)): dziękujemy, mamy Twoje skierowanie (numer ((reference))).",
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, form_data(phone="07912 345678", language="polish"))

    referral = Referral.objects.get()
    [sent] = notify.sent
    assert sent["personalisation"]["body"] == (
        f"Leeds North Social Prescribing: dziękujemy, mamy Twoje skierowanie "
        f"(numer {referral.reference})."
    )

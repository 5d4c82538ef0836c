"""A person who agrees to be asked for feedback may choose how: staff record it on their form,
and every feedback request, by staff or by the daily job, goes that way only, whatever way they
prefer for other messages; without a choice it goes the way they prefer."""

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.feedback.models import FeedbackRequest
from navigator.feedback.services import FeedbackRefused
from navigator.feedback.tasks import send_feedback_requests
from navigator.feedback.tests.helpers import closed_case, send_link
from navigator.messaging.models import Channel, Message
from navigator.people.models import Person
from navigator.people.tests.helpers import person_data

pytestmark = pytest.mark.django_db

MOBILE = "+447912345678"


@pytest.fixture
def case(organisation, link_worker):
    """A closed case of someone who prefers e-mail, with an e-mail address and a mobile."""
    referral = closed_case(organisation, link_worker, email="ada@example.org")
    Person.objects.filter(pk=referral.person_id).update(
        phone=MOBILE, preferred_contact_method="email"
    )
    referral.person.refresh_from_db()
    return referral


def test_the_channel_chosen_on_the_form_is_the_one_used(signed_in, link_worker, case):
    person = case.person

    saved = signed_in(link_worker).post(
        reverse("people:edit", args=[person.pk]), person_data(person, feedback_channel="text")
    )
    person.refresh_from_db()
    send_link(case, link_worker)

    assert saved.status_code == 302
    assert Person.objects.get(pk=person.pk).feedback_channel == "text"
    message = Message.objects.get(kind="feedback")
    assert (message.channel, message.recipient) == (Channel.TEXT, MOBILE)


def test_without_a_choice_the_request_goes_the_way_they_prefer(link_worker, case):
    send_link(case, link_worker)

    message = Message.objects.get(kind="feedback")
    assert (message.channel, message.recipient) == (Channel.EMAIL, "ada@example.org")


def test_a_channel_that_cannot_reach_them_is_not_replaced_by_another(link_worker, case):
    Person.objects.filter(pk=case.person_id).update(feedback_channel="letter")
    case.person.refresh_from_db()

    with pytest.raises(FeedbackRefused) as refusal:
        send_link(case, link_worker)

    assert "chose to be asked for feedback by letter" in str(refusal.value)
    assert not FeedbackRequest.objects.exists()
    assert not Message.objects.exists()


def test_the_daily_job_asks_someone_who_chose_texts_and_has_no_e_mail(
    organisation, link_worker, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    texted = closed_case(organisation, link_worker, email="")
    Person.objects.filter(pk=texted.person_id).update(phone=MOBILE, feedback_channel="text")

    result = send_feedback_requests.enqueue(date=timezone.localdate().isoformat())

    assert result.return_value == 1
    assert FeedbackRequest.objects.get().referral == texted
    message = Message.objects.get(kind="feedback")
    assert (message.channel, message.recipient) == (Channel.TEXT, MOBILE)


def test_a_request_by_text_carries_a_short_link_and_one_by_e_mail_the_full_one(link_worker, case):
    emailed = send_link(case, link_worker, occasion="closure")
    Person.objects.filter(pk=case.person_id).update(feedback_channel="text")
    case.person.refresh_from_db()
    texted = send_link(case, link_worker, occasion="follow_up")

    channels = dict(Message.objects.filter(kind="feedback").values_list("channel", "recipient"))
    assert channels == {Channel.EMAIL: "ada@example.org", Channel.TEXT: MOBILE}
    # 16 characters keep a text short (96 random bits); other links keep the full 43.
    assert (len(texted.token), len(emailed.token)) == (16, 43)

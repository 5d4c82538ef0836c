"""A link worker records what the person, or a family member or friend, said about the
service (on the phone, say), and sends a feedback link from the person's feedback page."""

import pytest
from django.core import mail
from django.urls import reverse

from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.audit.models import AuditEvent
from navigator.feedback.models import FeedbackRequest, FeedbackResponse
from navigator.feedback.services import FeedbackRefused
from navigator.feedback.tests.helpers import (
    closed_case,
    give_url,
    posted,
    record,
    send_link,
)
from navigator.links.models import SecureLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(organisation, link_worker):
    return closed_case(organisation, link_worker)


def record_url(case) -> str:
    return reverse("feedback:record", kwargs={"pk": case.pk})


def test_a_link_worker_records_feedback_told_on_the_phone(signed_in, link_worker, case):
    response = signed_in(link_worker).post(
        record_url(case), posted(occasion="follow_up", fft_answer="good")
    )

    assert response.status_code == 302
    assert response.url == reverse("feedback:person", kwargs={"pk": case.person_id})
    saved = FeedbackResponse.objects.get()
    assert (saved.referral, saved.channel, saved.occasion) == (case, "staff", "follow_up")
    assert (saved.fft_answer, saved.recorded_by) == ("good", link_worker)
    assert saved.organisation == case.organisation
    event = AuditEvent.objects.get(object_type="feedback.feedbackresponse")
    assert (event.actor, event.person_id) == (link_worker, case.person_id)


def test_a_second_answer_from_the_same_respondent_is_refused(signed_in, link_worker, case):
    record(case, link_worker, fft_answer="poor")

    response = signed_in(link_worker).post(record_url(case), posted(occasion="closure"))

    assert response.status_code == 200
    assert "has already been received, so these answers were not saved" in response.text
    assert list(FeedbackResponse.objects.values_list("fft_answer", flat=True)) == ["poor"]


def test_a_family_member_and_the_person_may_each_answer_once(signed_in, link_worker, case):
    record(case, link_worker)

    response = signed_in(link_worker).post(
        record_url(case), posted(occasion="closure", respondent="family_or_friend")
    )

    assert response.status_code == 302
    assert FeedbackResponse.objects.count() == 2


def test_feedback_at_another_time_may_be_recorded_again(link_worker, case):
    record(case, link_worker, occasion="other")
    record(case, link_worker, occasion="other")

    assert FeedbackResponse.objects.filter(occasion="other").count() == 2


def test_an_answer_by_link_after_staff_recorded_one_is_refused_and_keeps_the_link(
    client, link_worker, case
):
    sent = send_link(case, link_worker)
    record(case, link_worker, fft_answer="neither")

    response = client.post(give_url(sent.token), posted(fft_answer="very_poor"))

    assert response.status_code == 200
    assert "Feedback from you about this support" in response.text
    assert list(FeedbackResponse.objects.values_list("fft_answer", flat=True)) == ["neither"]
    assert SecureLink.objects.get(pk=sent.request.link_id).used_at is None


def test_an_out_of_range_answer_is_refused(signed_in, link_worker, case):
    response = signed_in(link_worker).post(
        record_url(case), posted(occasion="someday", fft_answer="11")
    )

    assert response.status_code == 200
    assert "Select one of the answers given for when the feedback was given" in response.text
    assert "Select one of the answers given for how your experience was" in response.text
    assert not FeedbackResponse.objects.exists()


def test_the_service_refuses_an_answer_out_of_range_too(link_worker, case):
    with pytest.raises(FeedbackRefused):
        record(case, link_worker, fft_answer="excellent")
    assert not FeedbackResponse.objects.exists()


def test_sending_a_link_e_mails_the_person(
    signed_in, link_worker, case, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.NAVIGATOR_SITE_URL = "https://navigator.example.org/"
    url = reverse("feedback:send_link", kwargs={"pk": case.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(link_worker).post(url, {"occasion": "closure"})

    assert response.status_code == 302
    sent = FeedbackRequest.objects.get()
    assert (sent.referral, sent.occasion, sent.sent_by) == (case, "closure", link_worker)
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "https://navigator.example.org/give-feedback/" in message.body
    assert case.person.family_name not in message.body
    token = message.body.split("/give-feedback/")[1].split("/")[0]
    assert signed_in(link_worker).get(give_url(token)).status_code == 200


def test_a_link_is_not_sent_to_someone_who_has_not_agreed(signed_in, organisation, link_worker):
    case = closed_case(organisation, link_worker, agrees=False)
    url = reverse("feedback:send_link", kwargs={"pk": case.pk})

    response = signed_in(link_worker).post(url, {"occasion": "closure"})

    assert response.status_code == 200
    assert "has not agreed to be asked for feedback" in response.text
    assert not FeedbackRequest.objects.exists()
    assert not SecureLink.objects.exists()


def test_a_link_is_not_sent_without_an_e_mail_address(signed_in, organisation, link_worker):
    case = closed_case(organisation, link_worker, email="")
    url = reverse("feedback:send_link", kwargs={"pk": case.pk})

    response = signed_in(link_worker).post(url, {"occasion": "closure"})

    assert "has no e-mail address" in response.text
    assert not FeedbackRequest.objects.exists()


def test_a_link_is_sent_once_per_case_and_occasion(signed_in, link_worker, case):
    send_link(case, link_worker)
    url = reverse("feedback:send_link", kwargs={"pk": case.pk})

    response = signed_in(link_worker).post(url, {"occasion": "closure"})

    assert "has already been sent" in response.text
    assert FeedbackRequest.objects.count() == SecureLink.objects.count() == 1


def test_another_organisations_case_is_not_found(signed_in, case):
    stranger = UserFactory(organisation=OrganisationFactory(), role="link_worker")

    response = signed_in(stranger).post(record_url(case), posted(occasion="closure"))

    assert response.status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_no_closure_link_is_sent_once_the_person_has_answered_at_closure(
    signed_in, link_worker, case
):
    record(case, link_worker, occasion="closure")
    url = reverse("feedback:send_link", kwargs={"pk": case.pk})

    response = signed_in(link_worker).post(url, {"occasion": "closure"})

    assert response.status_code == 200
    assert "has already given feedback about this support (when support ended)" in response.text
    assert not FeedbackRequest.objects.exists()
    assert not SecureLink.objects.exists()
    assert not mail.outbox

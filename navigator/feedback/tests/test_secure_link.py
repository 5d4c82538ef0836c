"""The page a person opens from the feedback e-mail: one case, one answer, for 30 days."""

import datetime

import pytest
from django.utils import timezone

from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.feedback.models import FeedbackResponse
from navigator.feedback.tests.helpers import closed_case, give_url, posted, send_link
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import issue_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(organisation, link_worker):
    return send_link(closed_case(organisation, link_worker), link_worker)


def test_the_page_names_the_service_and_nothing_about_the_person(client, sent):
    person = sent.request.referral.person
    # Names no other text on the page can contain ("Lee" is in "Leeds"; Faker's could be).
    person.given_name, person.family_name = "Zenobia", "Quistorp-Vale"
    person.save(update_fields=["given_name", "family_name"])

    page = client.get(give_url(sent.token))

    assert page.status_code == 200
    assert "Overall, how was your experience of our service?" in page.text
    for answer in ("Very good", "Neither good nor poor", "Very poor", "know"):
        assert answer in page.text
    assert "Leeds North Social Prescribing" in page.text
    for personal in (person.given_name, person.family_name, person.email):
        assert personal not in page.text
    assert sent.request.referral.reference not in page.text
    assert page["Referrer-Policy"] == "same-origin"


def test_answering_keeps_the_response_on_the_case_and_spends_the_link(client, sent):
    response = client.post(give_url(sent.token), posted(went_well="Kind staff"))

    assert response.status_code == 200
    assert "Thank you for your feedback" in response.text
    saved = FeedbackResponse.objects.get()
    assert saved.referral == sent.request.referral
    assert saved.request == sent.request
    assert (saved.channel, saved.occasion, saved.fft_answer) == ("link", "closure", "very_good")
    assert saved.went_well == "Kind staff"
    assert saved.recorded_by is None
    assert SecureLink.objects.get(pk=sent.request.link_id).used_at is not None
    event = AuditEvent.objects.get(object_type="feedback.feedbackresponse")
    assert event.actor_name == "someone with a secure link"
    assert event.person_id == sent.request.referral.person_id


def test_a_used_link_is_refused_and_a_second_answer_changes_nothing(client, sent):
    client.post(give_url(sent.token), posted(fft_answer="good"))

    again = client.post(give_url(sent.token), posted(fft_answer="very_poor"))
    opened = client.get(give_url(sent.token))

    assert again.status_code == opened.status_code == 410
    assert "This link has already been used" in again.text
    assert list(FeedbackResponse.objects.values_list("fft_answer", flat=True)) == ["good"]


def test_an_expired_link_is_refused_and_nothing_is_stored(client, sent):
    SecureLink.objects.filter(pk=sent.request.link_id).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = client.post(give_url(sent.token), posted())

    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert not FeedbackResponse.objects.exists()


def test_the_link_lasts_thirty_days(sent):
    link = SecureLink.objects.get(pk=sent.request.link_id)

    assert link.purpose == Purpose.FEEDBACK
    assert link.expires_at - link.created_at == pytest.approx(
        datetime.timedelta(days=30), abs=datetime.timedelta(seconds=5)
    )


def test_a_link_made_for_another_purpose_does_not_open_the_feedback_page(client, sent):
    referral = sent.request.referral
    questionnaire = issue_link(
        purpose=Purpose.QUESTIONNAIRE, target=referral, valid_for=datetime.timedelta(days=1)
    )

    response = client.post(give_url(questionnaire.token), posted())

    assert response.status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_an_answer_out_of_range_is_refused_with_a_message(client, sent):
    response = client.post(give_url(sent.token), posted(fft_answer="excellent", respondent="me"))

    assert response.status_code == 200
    assert "Select one of the answers given for how your experience was" in response.text
    assert "Select one of the answers given for who is answering" in response.text
    assert 'value="Meeting people at the walking group"' not in response.text  # a textarea
    assert "Meeting people at the walking group" in response.text  # kept what they typed
    assert not FeedbackResponse.objects.exists()
    assert SecureLink.objects.get(pk=sent.request.link_id).used_at is None


def test_nothing_answered_gets_a_message_for_each_required_question(client, sent):
    response = client.post(give_url(sent.token), {})

    assert "Select how your experience of our service was" in response.text
    assert "Select who is answering" in response.text
    assert not FeedbackResponse.objects.exists()


def test_a_family_member_may_answer_anonymously(client, sent):
    client.post(give_url(sent.token), posted(respondent="family_or_friend", anonymous=True))

    saved = FeedbackResponse.objects.get()
    assert (saved.respondent, saved.anonymous) == ("family_or_friend", True)


def test_the_answer_belongs_to_the_links_case_whoever_opens_it(
    client, sent, other_organisation, organisation, link_worker
):
    other_case = closed_case(organisation, link_worker)
    client.force_login(UserFactory(organisation=other_organisation, role="manager"))

    client.post(give_url(sent.token), {**posted(), "referral": other_case.pk})

    saved = FeedbackResponse.objects.get()
    assert saved.referral == sent.request.referral
    assert saved.organisation == organisation

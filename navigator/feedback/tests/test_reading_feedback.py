"""Managers read every response; an anonymous one never shows or links to the person, on the
managers' page, on the person's own feedback page or in the audit trail."""

import pytest
from django.urls import reverse

from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.core.timeline import _sources
from navigator.feedback.models import FeedbackResponse
from navigator.feedback.selectors import feedback_history
from navigator.feedback.tests.helpers import closed_case, record, send_link
from navigator.people.models import Person

pytestmark = pytest.mark.django_db
LIST = reverse("feedback:list")


@pytest.fixture
def named_case(organisation, link_worker):
    case = closed_case(organisation, link_worker)
    record(case, link_worker, went_well="The choir on Tuesdays")
    return case


@pytest.fixture
def anonymous_case(organisation, link_worker):
    case = closed_case(organisation, link_worker)
    # Names no other part of the page (staff names from Faker) can share by chance.
    Person.objects.filter(pk=case.person_id).update(
        given_name="Zenobia", family_name="Quistorp-Vale"
    )
    case.person.refresh_from_db()
    record(case, link_worker, anonymous=True, went_well="Secret garden club", fft_answer="poor")
    return case


def test_managers_see_named_feedback_with_a_link_to_the_case(signed_in, manager, named_case):
    page = signed_in(manager).get(LIST)

    assert "The choir on Tuesdays" in page.text
    assert named_case.person.full_name in page.text
    assert reverse("contacts:case", kwargs={"pk": named_case.pk}) in page.text


def test_anonymous_feedback_shows_no_name_and_no_link(signed_in, manager, anonymous_case):
    person = anonymous_case.person

    page = signed_in(manager).get(LIST)

    assert "Secret garden club" in page.text
    assert "Anonymous" in page.text
    for identifying in (
        person.given_name,
        person.family_name,
        anonymous_case.reference,
        reverse("contacts:case", kwargs={"pk": anonymous_case.pk}),
        reverse("people:detail", kwargs={"pk": person.pk}),
    ):
        assert identifying not in page.text


def test_the_persons_page_leaves_out_their_anonymous_feedback(
    signed_in, link_worker, anonymous_case
):
    record(anonymous_case, link_worker, occasion="follow_up", went_well="Named answer")
    url = reverse("feedback:person", kwargs={"pk": anonymous_case.person_id})

    page = signed_in(link_worker).get(url)

    assert "Named answer" in page.text
    assert "Secret garden club" not in page.text
    assert "Record feedback" in page.text
    assert "Send a feedback link" in page.text


def test_the_audit_trail_does_not_tie_anonymous_feedback_to_the_person(
    signed_in, manager, anonymous_case
):
    signed_in(manager).get(LIST)

    events = AuditEvent.objects.filter(object_type="feedback.feedbackresponse")
    assert [event.action for event in events.order_by("pk")] == ["created", "viewed"]
    for event in events:
        assert event.person_id is None
        assert "Secret garden club" not in str(event.changes)
        assert "referral" not in event.changes
        assert anonymous_case.person.family_name not in event.object_label


def test_the_list_filters_by_occasion(signed_in, manager, link_worker, named_case):
    record(named_case, link_worker, occasion="follow_up", went_well="Still walking")

    page = signed_in(manager).get(LIST, {"occasion": "follow_up"})

    assert "Still walking" in page.text
    assert "The choir on Tuesdays" not in page.text


def test_another_organisations_feedback_is_not_listed(signed_in, other_organisation, named_case):
    stranger = UserFactory(organisation=other_organisation, role="manager")

    page = signed_in(stranger).get(LIST)

    assert "The choir on Tuesdays" not in page.text
    assert "No feedback yet" in page.text


@pytest.mark.parametrize("responses", [1, 40])
def test_the_list_makes_the_same_few_queries_however_much_feedback(
    signed_in, manager, organisation, link_worker, django_assert_max_num_queries, responses
):
    for number in range(responses):
        case = closed_case(organisation, link_worker)
        record(case, link_worker, anonymous=bool(number % 2))
    client = signed_in(manager)

    with django_assert_max_num_queries(11):
        page = client.get(LIST)

    assert page.status_code == 200
    assert FeedbackResponse.objects.count() == responses


@pytest.mark.parametrize("responses", [1, 30])
def test_the_persons_page_makes_few_queries(
    signed_in, link_worker, organisation, django_assert_max_num_queries, responses
):
    case = closed_case(organisation, link_worker)
    for _ in range(responses):
        record(case, link_worker, occasion="other")
    client = signed_in(link_worker)

    with django_assert_max_num_queries(14):
        page = client.get(reverse("feedback:person", kwargs={"pk": case.person_id}))

    assert page.status_code == 200


def test_the_timeline_says_feedback_was_given_but_not_what(organisation, link_worker):
    case = closed_case(organisation, link_worker)
    send_link(case, link_worker)  # before the answer: once answered, no link is sent
    record(case, link_worker, went_well="The choir on Tuesdays")
    record(case, link_worker, occasion="follow_up", anonymous=True)

    entries = feedback_history(case.person)

    assert [entry.title for entry in entries] == [
        "Feedback link sent (when support ended)",
        "Feedback given (when support ended)",
    ]
    assert "The choir on Tuesdays" not in str(entries)
    assert feedback_history in _sources  # registered for the person's timeline


def test_the_list_sums_up_the_answers_as_the_fft_does(
    signed_in, manager, link_worker, organisation
):
    for answer in ("very_good", "good", "good", "poor", "dont_know"):
        record(closed_case(organisation, link_worker), link_worker, fft_answer=answer)

    page = signed_in(manager).get(LIST)

    assert "60% positive (very good or good) and 20% negative" in page.text
    assert "of 5 responses" in page.text

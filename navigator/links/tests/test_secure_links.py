"""A secure link opens one thing, for one purpose, once, until it expires."""

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_scopes import scope

from navigator.audit.models import AuditEvent
from navigator.audit.services import record_view
from navigator.links.models import Purpose, SecureLink
from navigator.links.services import (
    LinkRefused,
    digest,
    issue_link,
    open_link,
    revoke_links,
    spend_link,
)
from navigator.links.views import secure_link_view
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
A_WEEK = datetime.timedelta(days=7)


@pytest.fixture
def person(organisation):
    return PersonFactory(organisation=organisation)


def issue(person, purpose=Purpose.QUESTIONNAIRE, valid_for=A_WEEK):
    return issue_link(purpose=purpose, target=person, valid_for=valid_for, person_id=person.pk)


def test_only_a_digest_of_the_token_is_stored(person):
    issued = issue(person)

    stored = SecureLink.objects.get()
    assert stored.token_digest == digest(issued.token)
    assert issued.token not in stored.token_digest
    assert stored.target == person
    assert stored.organisation == person.organisation


def test_an_open_link_can_be_opened_more_than_once_until_spent(person):
    issued = issue(person)

    assert open_link(token=issued.token, purpose=Purpose.QUESTIONNAIRE) == issued.link
    assert open_link(token=issued.token, purpose=Purpose.QUESTIONNAIRE) == issued.link


def test_a_spent_link_is_refused(person):
    issued = issue(person)
    spend_link(link=issued.link)

    with pytest.raises(LinkRefused) as refusal:
        open_link(token=issued.token, purpose=Purpose.QUESTIONNAIRE)
    assert refusal.value.reason == "used"


def test_spending_twice_fails_the_second_time(person):
    issued = issue(person)
    stale_copy = SecureLink.objects.get(pk=issued.link.pk)
    spend_link(link=issued.link)

    with pytest.raises(LinkRefused):
        spend_link(link=stale_copy)


def test_an_expired_link_is_refused(person):
    issued = issue(person, valid_for=datetime.timedelta(seconds=-1))

    with pytest.raises(LinkRefused) as refusal:
        open_link(token=issued.token, purpose=Purpose.QUESTIONNAIRE)
    assert refusal.value.reason == "expired"


def test_a_link_works_only_for_its_purpose(person):
    issued = issue(person, purpose=Purpose.FEEDBACK)

    with pytest.raises(LinkRefused) as refusal:
        open_link(token=issued.token, purpose=Purpose.QUESTIONNAIRE)
    assert refusal.value.reason == "unknown"


def test_a_made_up_token_is_refused(person):
    issue(person)

    with pytest.raises(LinkRefused) as refusal:
        open_link(token="not-a-real-token", purpose=Purpose.QUESTIONNAIRE)
    assert refusal.value.reason == "unknown"


def test_revoking_cancels_live_links_to_the_target_only(person, organisation):
    first = issue(person)
    other = issue(PersonFactory(organisation=organisation))

    assert revoke_links(target=person, purpose=Purpose.QUESTIONNAIRE) == 1
    with pytest.raises(LinkRefused) as refusal:
        open_link(token=first.token, purpose=Purpose.QUESTIONNAIRE)
    assert refusal.value.reason == "revoked"
    assert open_link(token=other.token, purpose=Purpose.QUESTIONNAIRE) == other.link


def test_issuing_a_link_is_audited_against_the_person(person):
    issue(person)

    event = AuditEvent.objects.get(object_type="links.securelink")
    assert event.person_id == person.pk
    assert event.action == "created"


@secure_link_view(Purpose.QUESTIONNAIRE)
def _show_names(request, link):
    # Runs in the link's organisation scope: an unscoped query would raise ScopeError.
    names = ", ".join(Person.objects.order_by("pk").values_list("given_name", flat=True))
    return HttpResponse(names)


def test_the_view_runs_in_the_links_organisation_only(person, other_organisation):
    PersonFactory(organisation=other_organisation, given_name="Elsewhere")
    issued = issue(person)

    with scope(organisation=[]):
        response = _show_names(RequestFactory().get("/"), token=issued.token)

    assert response.status_code == 200
    assert response.content.decode() == person.given_name
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("valid_for", "spent", "status", "heading"),
    [
        (A_WEEK, True, 410, "This link has already been used"),
        (datetime.timedelta(seconds=-1), False, 410, "This link has expired"),
    ],
)
def test_the_view_explains_a_refused_link(person, valid_for, spent, status, heading):
    issued = issue(person, valid_for=valid_for)
    if spent:
        spend_link(link=issued.link)

    response = _show_names(RequestFactory().get("/"), token=issued.token)

    assert response.status_code == status
    assert heading in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_view_says_an_unknown_link_is_not_valid(person):
    response = _show_names(RequestFactory().get("/"), token="made-up")

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_actions_through_a_link_are_audited_as_the_link_holder(person):
    @secure_link_view(Purpose.QUESTIONNAIRE)
    def view(request, link):
        record_view(link.target, person_id=link.target_id)
        return HttpResponse("seen")

    issued = issue(person)
    view(RequestFactory().get("/", REMOTE_ADDR="192.0.2.7"), token=issued.token)

    event = AuditEvent.objects.filter(object_type="people.person").get()
    assert event.actor is None
    assert event.actor_name == "someone with a secure link"
    assert event.ip_address == "192.0.2.7"

"""A provider with no login answers by the e-mailed secure link: accept, waiting list or
decline, then confirm attendance; each link works once, for a while, for one activity
referral, and shows only the minimum about the person."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.activities.models import ActivityReferral, StatusChange
from navigator.activities.selectors import status_history
from navigator.activities.states import Side, Status
from navigator.directory.tests.factories import DirectoryOrganisationFactory, ServiceFactory
from navigator.links.models import Purpose, SecureLink
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/activities/provider/[\w-]+/(?:attendance/)?)")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def service(db):
    return ServiceFactory(name="Allotment club", email="plots@example.org")


@pytest.fixture
def person(organisation):
    # A family name no page holds otherwise (a random one such as "Lee" is inside "Leeds").
    return PersonFactory(
        organisation=organisation,
        family_name="Quennell-Ashdown",
        nhs_number="9434765919",
        address_line_1="12 Cliff Road",
        phone="+441134960000",
        consent_to_share=True,
    )


def refer(client, person, service) -> ActivityReferral:
    client.post(
        reverse("activities:create", args=[person.pk, service.pk]),
        {"reason": "Getting outdoors", "action": "send"},
    )
    return ActivityReferral.objects.get(person=person, service=service)


def last_link() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def test_accept_then_confirm_attendance(signed_in, link_worker, person, service, client):
    activity_referral = refer(signed_in(link_worker), person, service)
    assert mail.outbox[-1].to == ["plots@example.org"]
    assert person.family_name not in mail.outbox[-1].body  # the details are behind the link
    answer = last_link()
    client.logout()

    page = client.get(answer)
    assert page.status_code == 200 and "Getting outdoors" in page.content.decode()
    done = client.post(answer, {"answer": "accepted"})
    assert "Thank you" in done.content.decode()
    activity_referral.refresh_from_db()
    assert (
        activity_referral.status == Status.ACCEPTED
        and activity_referral.first_answer == Status.ACCEPTED
    )

    attendance = last_link()
    assert attendance.endswith("/attendance/")
    client.post(attendance, {"answer": "in-progress"})
    activity_referral.refresh_from_db()
    assert activity_referral.status == Status.IN_PROGRESS
    change = StatusChange.objects.filter(activity_referral=activity_referral).last()
    assert change.side == Side.PROVIDER and change.by is None
    assert change.by_name == "Allotment club (plots@example.org, by secure link)"
    titles = [entry.title for entry in status_history(person)]
    assert "Activity referral to Allotment club: attending" in titles


def test_reused_link_is_refused(signed_in, link_worker, person, service, client):
    refer(signed_in(link_worker), person, service)
    answer = last_link()
    client.logout()
    client.post(answer, {"answer": "accepted"})
    again = client.post(answer, {"answer": "rejected", "reason": "Changed our minds"})
    assert again.status_code == 410
    assert ActivityReferral.objects.get().status == Status.ACCEPTED


def test_expired_link_is_refused(signed_in, link_worker, person, service, client):
    refer(signed_in(link_worker), person, service)
    answer = last_link()
    SecureLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.logout()
    assert client.get(answer).status_code == 410
    assert client.post(answer, {"answer": "accepted"}).status_code == 410
    assert ActivityReferral.objects.get().status == Status.REQUESTED


def test_a_link_acts_on_its_own_referral_only(signed_in, link_worker, person, service, client):
    worker = signed_in(link_worker)
    other = refer(
        worker, PersonFactory(organisation=person.organisation, consent_to_share=True), service
    )
    mine = refer(worker, person, service)
    answer = last_link()
    client.logout()
    client.post(answer, {"answer": "rejected", "reason": "Full"})
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (Status.REJECTED, Status.REQUESTED)
    # A link is for one purpose: an answer link does not open the attendance page.
    token = answer.split("/")[-2]
    attendance = reverse("activities:provider_attendance", args=[token])
    assert client.get(attendance).status_code == 404


def test_page_holds_only_the_minimum(signed_in, link_worker, person, service, client):
    refer(signed_in(link_worker), person, service)
    answer = last_link()
    client.logout()
    page = client.get(answer).content.decode()
    assert person.given_name in page
    for private in (
        person.family_name,
        "9434765919",
        "12 Cliff Road",
        person.date_of_birth.strftime("%-d %B %Y"),
        person.postcode,
    ):
        assert private not in page
    assert client.get(answer)["Referrer-Policy"] == "same-origin"


def test_declining_needs_a_reason(signed_in, link_worker, person, service, client):
    refer(signed_in(link_worker), person, service)
    answer = last_link()
    client.logout()
    page = client.post(answer, {"answer": "rejected"})
    assert "Enter why you are declining" in page.content.decode()
    assert ActivityReferral.objects.get().status == Status.REQUESTED
    assert SecureLink.objects.get(purpose=Purpose.PROVIDER_RESPONSE).used_at is None


def test_waiting_list_sends_a_new_answer_link(signed_in, link_worker, person, service, client):
    refer(signed_in(link_worker), person, service)
    first = last_link()
    client.logout()
    client.post(first, {"answer": "on-hold", "reason": "Full until spring"})
    second = last_link()
    assert second != first and not second.endswith("/attendance/")
    client.post(second, {"answer": "accepted"})
    assert ActivityReferral.objects.get().status == Status.ACCEPTED


def test_providers_with_a_login_are_not_emailed(signed_in, link_worker, person, user_with_role):
    provider_org = DirectoryOrganisationFactory(email="hello@example.org")
    provider_org.provider_users.add(user_with_role(Role.VCS_PROVIDER))
    service = ServiceFactory(organisation=provider_org, email="plots@example.org")
    refer(signed_in(link_worker), person, service)
    assert mail.outbox == []
    assert not SecureLink.objects.exists()

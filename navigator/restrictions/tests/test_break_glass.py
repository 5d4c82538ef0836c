"""Breaking the glass: a reason is required; with one, the record opens to that user for a
while, the access is audited, and the organisation's managers are told at once (a task on
their list and an e-mail through the queue)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.conftest import IMMEDIATE_TASKS
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.models import BreakGlass
from navigator.restrictions.selectors import hidden_people
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(organisation, manager):
    named = UserFactory(organisation=organisation, role=Role.LINK_WORKER, username="named")
    person = PersonFactory(organisation=organisation, given_name="Grace", family_name="Hopper")
    return RestrictionFactory(person=person, named_staff=[named], restricted_by=manager).person


def url(person) -> str:
    return reverse("restrictions:break_glass", kwargs={"pk": person.pk})


def detail(person) -> str:
    return reverse("people:detail", kwargs={"pk": person.pk})


def test_the_record_is_missing_until_the_glass_is_broken(signed_in, link_worker, restricted):
    client = signed_in(link_worker)
    assert client.get(detail(restricted)).status_code == 404

    page = client.get(url(restricted))

    assert page.status_code == 200
    assert "Grace Hopper&#39;s record is restricted" in page.text
    assert "Break the glass only in an emergency" in page.text


def test_without_a_reason_it_is_refused(signed_in, link_worker, restricted):
    client = signed_in(link_worker)

    page = client.post(url(restricted), {"reason": "   "})

    assert page.status_code == 200
    assert "Say why you need to see this record now" in page.text
    assert not BreakGlass.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.BROKE_GLASS).exists()
    assert client.get(detail(restricted)).status_code == 404


def test_with_a_reason_it_opens_the_record_and_is_audited(signed_in, link_worker, restricted):
    client = signed_in(link_worker)

    response = client.post(url(restricted), {"reason": "Collapsed in reception"})

    assert response.status_code == 302
    assert response.url == detail(restricted)
    assert client.get(detail(restricted)).status_code == 200
    access = BreakGlass.objects.get()
    assert (access.user, access.person, access.reason) == (
        link_worker,
        restricted,
        "Collapsed in reception",
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.BROKE_GLASS)
    assert (event.actor, event.person_id, event.object_type) == (
        link_worker,
        restricted.pk,
        "people.person",
    )
    assert event.changes == {"reason": [None, "Collapsed in reception"]}


def test_managers_are_told_at_once_by_task_and_e_mail(
    settings,
    signed_in,
    link_worker,
    manager,
    restricted,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = IMMEDIATE_TASKS
    manager.email = "manager@example.org"
    manager.save()
    UserFactory(role=Role.MANAGER, email="elsewhere@example.org")  # another organisation's

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(link_worker).post(url(restricted), {"reason": "Collapsed in reception"})

    access = BreakGlass.objects.get()
    [email] = mailoutbox
    assert email.to == ["manager@example.org"]
    assert email.subject == "Emergency access to a restricted record"
    assert reverse("restrictions:review", kwargs={"pk": access.pk}) in email.body
    assert "Hopper" not in email.body
    assert "Collapsed" not in email.body

    tasks = signed_in(manager).get(reverse("plans:tasks"))
    assert "Emergency access to a restricted record: Grace Hopper" in tasks.text
    home = signed_in(manager).get(reverse("core:home"))
    assert "Tasks (1 to do)" in home.text


def test_a_manager_reviews_it_and_it_leaves_the_task_list(signed_in, manager, restricted):
    access = BreakGlass.objects.create(
        organisation=restricted.organisation,
        person=restricted,
        user=UserFactory(organisation=restricted.organisation, role=Role.LINK_WORKER),
        reason="Collapsed in reception",
        until=timezone.now() + datetime.timedelta(hours=8),
    )
    client = signed_in(manager)
    review = reverse("restrictions:review", kwargs={"pk": access.pk})
    assert "Collapsed in reception" in client.get(review).text

    refused = client.post(review, {"decision": ""})
    assert "Say what was decided" in refused.text

    client.post(review, {"decision": "Justified: ambulance called"})

    access.refresh_from_db()
    assert (access.reviewed_by, access.review) == (manager, "Justified: ambulance called")
    assert "Grace Hopper" not in client.get(reverse("plans:tasks")).text.split("Dealt with")[0]


def test_access_ends_when_its_time_is_up(signed_in, link_worker, restricted):
    BreakGlass.objects.create(
        organisation=restricted.organisation,
        person=restricted,
        user=link_worker,
        reason="Collapsed in reception",
        until=timezone.now() - datetime.timedelta(minutes=1),
    )

    assert signed_in(link_worker).get(detail(restricted)).status_code == 404


def test_those_who_may_not_break_the_glass_do_not_find_the_page(
    signed_in, user_with_role, restricted
):
    volunteer = user_with_role(Role.VOLUNTEER)

    assert signed_in(volunteer).get(url(restricted)).status_code == 403


def test_an_unrestricted_record_has_no_glass_to_break(signed_in, link_worker, organisation):
    person = PersonFactory(organisation=organisation)

    assert signed_in(link_worker).get(url(person)).status_code == 404


def test_who_is_hidden_holds_the_viewer_and_no_time(link_worker):
    # The scope compiles who is hidden from a viewer once and keeps it for as long as the
    # process runs (`core.scoping`): the end of an emergency access must be compared with the
    # database's clock when a page asks, not with the time it was compiled.
    compiled = [hidden_people(link_worker.pk).query.sql_with_params() for _ in range(2)]

    assert compiled[0] == compiled[1]
    assert link_worker.pk in compiled[0][1]

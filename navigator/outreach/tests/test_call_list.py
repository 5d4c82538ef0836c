"""The call list: due call-backs first, then whoever has waited longest; paged; bounded
queries; shared by every link worker of the organisation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.core.views import PAGE_SIZE
from navigator.outreach import selectors
from navigator.outreach.models import CohortMember, MemberStatus
from navigator.outreach.tests.factories import CohortFactory, CohortMemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("outreach:call_list")


def test_due_call_backs_come_first_then_the_longest_waiting(organisation):
    now = timezone.now()
    old, new = CohortFactory(organisation=organisation), CohortFactory(organisation=organisation)
    never_called = CohortMemberFactory(cohort=old, given_name="NeverCalled")
    called_long_ago = CohortMemberFactory(
        cohort=old, given_name="CalledLongAgo", last_attempt_at=now - datetime.timedelta(days=5)
    )
    called_yesterday = CohortMemberFactory(
        cohort=new, given_name="CalledYesterday", last_attempt_at=now - datetime.timedelta(days=1)
    )
    never_called_newer = CohortMemberFactory(cohort=new, given_name="NeverCalledNewer")
    due_later = CohortMemberFactory(
        cohort=new, given_name="DueLater", call_back_at=now - datetime.timedelta(minutes=5)
    )
    due_first = CohortMemberFactory(
        cohort=new, given_name="DueFirst", call_back_at=now - datetime.timedelta(hours=2)
    )
    not_yet = CohortMemberFactory(
        cohort=old, given_name="NotYet", call_back_at=now + datetime.timedelta(hours=2)
    )
    CohortMemberFactory(cohort=old, status=MemberStatus.LEFT_LIST)
    CohortMemberFactory(cohort=old, status=MemberStatus.WANTS_SUPPORT)

    order = list(selectors.call_list(now).filter(organisation=organisation))

    assert order == [
        due_first,
        due_later,
        never_called,
        never_called_newer,
        called_long_ago,
        called_yesterday,
        not_yet,
    ]


def test_the_page_lists_every_cohorts_members_marking_due_call_backs(signed_in, link_worker):
    cohort = CohortFactory(organisation=link_worker.organisation, name="Carers")
    CohortMemberFactory(
        cohort=cohort,
        given_name="Ada",
        family_name="Okafor",
        call_back_at=timezone.now() - datetime.timedelta(minutes=1),
    )

    response = signed_in(link_worker).get(URL)

    assert response.status_code == 200
    assert "Ada Okafor" in response.text
    assert "0113 496 0000" in response.text
    assert "Due" in response.text
    assert "Carers" in response.text


def test_the_list_is_paged(signed_in, link_worker):
    cohort = CohortFactory(organisation=link_worker.organisation)
    CohortMemberFactory.create_batch(PAGE_SIZE + 3, cohort=cohort)
    last = CohortMember.objects.order_by("-pk").first()
    client = signed_in(link_worker)

    first_page = client.get(URL)
    second_page = client.get(URL, {"page": 2})

    assert first_page.text.count("/outreach/people/") == PAGE_SIZE
    assert "Page 2 of 2" in first_page.text
    assert second_page.text.count("/outreach/people/") == 3
    assert f"/outreach/people/{last.pk}/" in second_page.text


def test_queries_do_not_grow_with_the_list(signed_in, link_worker):
    cohort = CohortFactory(organisation=link_worker.organisation)
    client = signed_in(link_worker)
    CohortMemberFactory.create_batch(2, cohort=cohort)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    CohortMemberFactory.create_batch(20, cohort=CohortFactory(organisation=cohort.organisation))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)


def test_each_person_listed_counts_as_viewed(signed_in, link_worker):
    member = CohortMemberFactory(cohort=CohortFactory(organisation=link_worker.organisation))

    signed_in(link_worker).get(URL)

    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEWED)
    assert (event.object_type, event.object_id, event.actor) == (
        "outreach.cohortmember",
        str(member.pk),
        link_worker,
    )


def test_other_organisations_members_are_not_listed(signed_in, link_worker, other_organisation):
    CohortMemberFactory(
        cohort=CohortFactory(organisation=other_organisation), given_name="Elsewhere"
    )

    response = signed_in(link_worker).get(URL)

    assert "Elsewhere" not in response.text
    assert "Nobody is on the call list" in response.text

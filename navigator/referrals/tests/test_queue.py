import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("referrals:queue")


def test_new_referrals_oldest_first_with_how_long_each_waited(signed_in, link_worker, organisation):
    now = timezone.now()
    newer = ReferralFactory(
        organisation=organisation, received_at=now - datetime.timedelta(hours=2)
    )
    older = ReferralFactory(organisation=organisation, received_at=now - datetime.timedelta(days=3))
    asked = ReferralFactory(
        organisation=organisation,
        state=State.INFO_REQUESTED,
        received_at=now - datetime.timedelta(days=1),
    )
    ReferralFactory(organisation=organisation, state=State.DECLINED, reference="GONE0001")

    html = signed_in(link_worker).get(QUEUE).text

    positions = [html.index(r.reference) for r in (older, asked, newer)]
    assert positions == sorted(positions)
    assert "GONE0001" not in html
    assert "3 days" in html
    assert "2 hours" in html
    assert "Primary care clinician" in html
    assert "Routine" in html


def test_another_organisations_referrals_are_not_in_the_queue(
    signed_in, link_worker, other_organisation
):
    theirs = ReferralFactory(organisation=other_organisation)

    assert theirs.reference not in signed_in(link_worker).get(QUEUE).text


@pytest.mark.parametrize("role", [Role.REFERRER, Role.VOLUNTEER, Role.COMMISSIONER])
def test_roles_without_triage_cannot_see_the_queue(signed_in, user_with_role, role):
    assert signed_in(user_with_role(role)).get(QUEUE).status_code == 403


def test_each_page_of_the_queue_holds_the_next_referrals_in_its_order(
    signed_in, link_worker, organisation
):
    now = timezone.now()
    routine = [
        ReferralFactory(
            organisation=organisation,
            urgency="routine",
            received_at=now - datetime.timedelta(minutes=minutes),
        )
        for minutes in range(26, 0, -1)
    ]
    urgent = ReferralFactory(
        organisation=organisation, urgency="urgent", received_at=now - datetime.timedelta(minutes=1)
    )
    client = signed_in(link_worker)

    first = client.get(QUEUE).text
    second = client.get(QUEUE + "?page=2").text

    # The urgent referral first, then the routine ones oldest first: 24 of them on page 1.
    positions = [first.index(r.reference) for r in (urgent, *routine[:24])]
    assert positions == sorted(positions)
    assert routine[24].reference not in first and routine[25].reference not in first
    assert second.index(routine[24].reference) < second.index(routine[25].reference)
    assert all(r.reference not in second for r in (urgent, *routine[:24]))


@pytest.mark.parametrize("count", [5, 50])
def test_the_queue_takes_a_bounded_number_of_queries(
    signed_in, link_worker, organisation, django_assert_max_num_queries, count
):
    ReferralFactory.create_batch(count, organisation=organisation)
    client = signed_in(link_worker)

    with django_assert_max_num_queries(10):
        response = client.get(QUEUE)
    assert response.status_code == 200


def test_waiting_list_shows_position_and_time_waited(signed_in, manager, organisation):
    now = timezone.now()
    second = ReferralFactory(
        organisation=organisation,
        state=State.WAITING,
        waiting_since=now - datetime.timedelta(days=2),
    )
    first = ReferralFactory(
        organisation=organisation,
        state=State.WAITING,
        waiting_since=now - datetime.timedelta(weeks=3),
    )

    response = signed_in(manager).get(reverse("referrals:waiting_list"))
    rows = response.text.split('<tr class="nhsuk-table__row">')[2:]

    assert first.reference in rows[0] and ">1<" in rows[0] and "3 weeks" in rows[0]
    assert second.reference in rows[1] and ">2<" in rows[1] and "2 days" in rows[1]


def test_another_organisations_referral_is_not_found(signed_in, link_worker, other_organisation):
    theirs = ReferralFactory(organisation=other_organisation)

    response = signed_in(link_worker).get(reverse("referrals:detail", args=[theirs.pk]))

    assert response.status_code == 404


def test_each_link_is_named_by_the_reference_alone_and_the_initials_are_shown(
    signed_in, link_worker, organisation
):
    referral = ReferralFactory(organisation=organisation, given_name="Zebedee", family_name="Quux")

    html = signed_in(link_worker).get(QUEUE).text

    detail = reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert f'<a href="{detail}">{referral.reference}</a>' in html
    assert '<td class="nhsuk-table__cell">ZQ</td>' in html

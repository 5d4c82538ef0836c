"""Accompaniment: lapsed DBS checks block assignment; volunteers see only their visits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.activities.models import Accompaniment, Outcome, dbs_is_current
from navigator.activities.tests.factories import (
    AccompanimentFactory,
    ActivityReferralFactory,
    VolunteerFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db


def _post(activity_referral, companion) -> dict:
    return {
        "companion": companion.pk,
        "meet_date_day": "4",
        "meet_date_month": "5",
        "meet_date_year": str(timezone.localdate().year + 1),
        "meet_time": "09:45",
        "meeting_point": "Bus station",
    }


def test_dbs_older_than_three_years_has_lapsed():
    today = datetime.date(2026, 6, 1)
    assert dbs_is_current(datetime.date(2023, 6, 2), today)
    assert not dbs_is_current(datetime.date(2023, 6, 1), today)
    assert not dbs_is_current(None, today)


@pytest.mark.parametrize("checked", [None, datetime.date(2019, 1, 1)])
def test_a_lapsed_or_missing_dbs_check_blocks_assignment(signed_in, link_worker, checked):
    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    profile = VolunteerProfileFactory(
        user__organisation=link_worker.organisation, dbs_checked_on=checked
    )
    url = reverse("activities:accompany", args=[activity_referral.pk])
    response = signed_in(link_worker).post(url, _post(activity_referral, profile.user))
    assert response.status_code == 200
    assert "DBS check" in response.content.decode()
    assert not Accompaniment.objects.exists()


def test_a_volunteer_with_a_current_check_is_assigned(signed_in, link_worker):
    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    profile = VolunteerProfileFactory(user__organisation=link_worker.organisation)
    url = reverse("activities:accompany", args=[activity_referral.pk])
    signed_in(link_worker).post(url, _post(activity_referral, profile.user))
    visit = Accompaniment.objects.get()
    assert visit.companion == profile.user
    assert timezone.localtime(visit.meet_at).hour == 9


def test_a_link_worker_can_go_themselves(signed_in, link_worker):
    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    url = reverse("activities:accompany", args=[activity_referral.pk])
    signed_in(link_worker).post(url, _post(activity_referral, link_worker))
    assert Accompaniment.objects.get().companion == link_worker


def test_a_volunteer_sees_only_their_own_visits_with_the_minimum(signed_in, organisation):
    volunteer = VolunteerFactory(organisation=organisation)
    mine = AccompanimentFactory(
        activity_referral__person__organisation=organisation,
        activity_referral__person__given_name="Ada",
        activity_referral__person__family_name="Okafor",
        activity_referral__person__phone="+441134960000",
        companion=volunteer,
        meeting_point="Library steps",
    )
    AccompanimentFactory(
        activity_referral__person__organisation=organisation,
        activity_referral__person__given_name="Other",
        meeting_point="Station",
    )
    page = signed_in(volunteer).get(reverse("activities:visits")).content.decode()
    assert "Ada" in page and "Library steps" in page
    assert "Other" not in page and "Station" not in page
    assert "Okafor" not in page and "496" not in page
    assert mine.activity_referral.person.date_of_birth.strftime("%Y") not in page


def test_outcome_recorded(signed_in, link_worker):
    visit = AccompanimentFactory(activity_referral__person__organisation=link_worker.organisation)
    url = reverse("activities:outcome", args=[visit.pk])
    signed_in(link_worker).post(url, {"outcome": Outcome.REARRANGED, "note": "Next week"})
    visit.refresh_from_db()
    assert visit.outcome == Outcome.REARRANGED


def test_a_volunteer_no_longer_sees_a_visit_once_it_is_done_or_long_past(signed_in, organisation):
    volunteer = VolunteerFactory(organisation=organisation)
    now = timezone.now()
    for meeting_point, meet_at, outcome in [
        ("Upcoming gate", now + datetime.timedelta(days=2), ""),
        ("Yesterday gate", now - datetime.timedelta(days=1), ""),
        ("Done gate", now - datetime.timedelta(days=1), Outcome.WENT_TOGETHER),
        ("Last month gate", now - datetime.timedelta(days=30), ""),
    ]:
        AccompanimentFactory(
            activity_referral__person__organisation=organisation,
            companion=volunteer,
            meeting_point=meeting_point,
            meet_at=meet_at,
            outcome=outcome,
        )
    page = signed_in(volunteer).get(reverse("activities:visits")).content.decode()
    assert "Upcoming gate" in page and "Yesterday gate" in page
    assert "Done gate" not in page and "Last month gate" not in page

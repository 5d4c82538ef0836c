"""A volunteer finds their visits from the home page, and each visit says how to reach the
link worker who arranged it."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.activities.tests.factories import AccompanimentFactory, VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_links_to_the_volunteers_visits(signed_in, user_with_role):
    page = signed_in(user_with_role(Role.VOLUNTEER)).get("/").content.decode()
    assert f'href="{reverse("activities:visits")}"' in page


def test_each_visit_gives_the_link_workers_number(signed_in, organisation):
    profile = VolunteerProfileFactory(user__organisation=organisation)
    visit = AccompanimentFactory(
        companion=profile.user,
        activity_referral__person__organisation=organisation,
        activity_referral__made_by__first_name="Tamsin",
        activity_referral__made_by__last_name="Quarrington",
        activity_referral__made_by__phone="+441134960123",
    )
    assert visit.arranged_by.last_name == "Quarrington"
    page = signed_in(profile.user).get(reverse("activities:visits")).content.decode()
    assert "call Tamsin Quarrington, who arranged this visit, on" in page
    assert "0113 496 0123" in page
    assert 'href="tel:+441134960123"' in page


def test_a_link_worker_without_a_number_is_reached_by_email(signed_in, organisation):
    profile = VolunteerProfileFactory(user__organisation=organisation)
    AccompanimentFactory(
        companion=profile.user,
        activity_referral__person__organisation=organisation,
        activity_referral__made_by__email="tamsin@example.org",
        activity_referral__made_by__phone="",
    )
    page = signed_in(profile.user).get(reverse("activities:visits")).content.decode()
    assert "tamsin@example.org" in page
    assert "no phone number is recorded for them" in page

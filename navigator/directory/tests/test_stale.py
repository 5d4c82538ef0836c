import datetime

import pytest
from django.utils import timezone

from navigator.directory.models import months_before
from navigator.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_months_before_handles_short_months():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_listing_not_checked_within_the_setting_needs_checking(settings):
    today = timezone.localdate()
    fresh = ServiceFactory(last_checked=today - datetime.timedelta(days=30))
    old = ServiceFactory(last_checked=today - datetime.timedelta(days=200))
    never = ServiceFactory(last_checked=None)
    assert not fresh.needs_checking
    assert old.needs_checking and never.needs_checking
    settings.NAVIGATOR_DIRECTORY_STALE_MONTHS = 12
    assert not old.needs_checking
    settings.NAVIGATOR_DIRECTORY_STALE_MONTHS = 0
    assert fresh.needs_checking


def test_flag_on_detail_and_list_and_cleared_by_checking(signed_in, manager):
    old = ServiceFactory(
        name="Old listing", last_checked=datetime.date(2020, 1, 1), owner=manager.organisation
    )
    client = signed_in(manager)
    assert b"Needs checking" in client.get(f"/directory/services/{old.pk}/").content
    assert b"Needs checking" in client.get("/directory/").content
    response = client.post(f"/directory/services/{old.pk}/checked/", {"confirm": "on"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.last_checked == timezone.localdate()
    assert b"Needs checking" not in client.get(f"/directory/services/{old.pk}/").content

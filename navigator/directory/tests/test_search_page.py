"""The directory's search page lists each listing found with its organisation, cost, sessions
and tags, in the same queries whatever the number of listings."""

import datetime

import pytest

from navigator.directory.tests.factories import ScheduleFactory, ServiceFactory

pytestmark = pytest.mark.django_db
SEARCH = "/directory/?q=walking"


def test_each_listing_shows_its_organisation_cost_sessions_and_tags(signed_in, link_worker):
    walk = ServiceFactory(
        name="Walking for health",
        organisation__name="Leeds Ramblers",
        cost_amount=3,
        cost_description="a session",
        paused=True,
        last_checked=None,
    )
    ScheduleFactory(service=walk, weekday=1, opens_at=datetime.time(10), closes_at=None)
    ScheduleFactory(service=walk, weekday=0, opens_at=datetime.time(9), closes_at=datetime.time(11))
    ServiceFactory(name="Walking football", is_free=True, takes_direct_referrals=False)

    page = signed_in(link_worker).get(SEARCH).content.decode()

    assert "2 listings found" in page
    assert "Leeds Ramblers · £3 a session" in page
    assert "Mondays 09:00 to 11:00; Tuesdays 10:00" in page  # the week's sessions in order
    assert f'<a href="/directory/services/{walk.pk}/">Walking for health</a>' in page
    assert "Paused" in page and "Needs checking" in page
    assert "· Free" in page and "Signposting only" in page


@pytest.mark.parametrize("size", [1, 30])
def test_the_queries_do_not_grow_with_the_listings(
    size, signed_in, link_worker, django_assert_max_num_queries
):
    for _ in range(size):
        ScheduleFactory(service=ServiceFactory(name="Walking group"))
    client = signed_in(link_worker)
    # Session, user, devices, organisation, categories, count, the page's listings, their
    # sessions and the session's save (three, with its savepoint).
    with django_assert_max_num_queries(11):
        page = client.get(SEARCH).content.decode()
    assert page.count("Walking group") == min(size, 25)

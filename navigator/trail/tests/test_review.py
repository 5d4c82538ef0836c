"""The audit review: managers see their organisation's trail, administrators the whole
deployment's (administrators' accounts included); filters by user, person, action and dates;
one user seeing many records in an hour is highlighted; the download is the filtered events."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.audit.selectors import MANY_RECORDS

pytestmark = pytest.mark.django_db
URL = reverse("trail:review")
NOW = timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 15))


@pytest.fixture(autouse=True)
def _now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def event(organisation, actor, *, label, person_id=None, action="viewed", at=NOW):
    with mock.patch("django.utils.timezone.now", return_value=at):
        return AuditEvent.objects.create(
            organisation=organisation,
            actor=actor,
            actor_name=str(actor),
            action=action,
            object_type="people.person",
            object_id=str(person_id or 0),
            object_label=label,
            person_id=person_id,
        )


def test_a_manager_sees_their_organisations_events_only(
    signed_in, manager, link_worker, organisation, other_organisation
):
    event(organisation, link_worker, label="Ada Lovelace", person_id=1)
    stranger = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    event(other_organisation, stranger, label="Bob Elsewhere", person_id=2)

    page = signed_in(manager).get(URL)

    assert page.status_code == 200
    assert "Ada Lovelace" in page.text
    assert "Bob Elsewhere" not in page.text


def test_filters_by_user_person_action_and_dates(signed_in, manager, link_worker, organisation):
    colleague = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    event(organisation, link_worker, label="Ada seen", person_id=1)
    event(organisation, link_worker, label="Ada changed", person_id=1, action="updated")
    event(organisation, link_worker, label="Alan seen", person_id=2)
    event(organisation, colleague, label="Ada seen by a colleague", person_id=1)
    event(
        organisation,
        link_worker,
        label="Ada seen last month",
        person_id=1,
        at=NOW - datetime.timedelta(days=30),
    )
    client = signed_in(manager)

    page = client.get(URL, {"user": link_worker.pk, "person": 1, "action": "viewed"})

    assert "Ada seen" in page.text
    for hidden in ("Ada changed", "Alan seen", "by a colleague", "last month"):
        assert hidden not in page.text
    month = client.get(
        URL,
        {
            "start_day": "1",
            "start_month": "11",
            "start_year": "2026",
            "end_day": "5",
            "end_month": "11",
            "end_year": "2026",
        },
    )
    assert "Ada seen last month" in month.text
    assert "Alan seen" not in month.text


def test_without_dates_it_shows_the_last_week(signed_in, manager, link_worker, organisation):
    event(organisation, link_worker, label="Eight days ago", at=NOW - datetime.timedelta(days=8))
    event(organisation, link_worker, label="Six days ago", at=NOW - datetime.timedelta(days=6))

    page = signed_in(manager).get(URL)

    assert "Six days ago" in page.text
    assert "Eight days ago" not in page.text
    assert "the last week" in page.text


def test_an_end_before_the_start_is_an_error_that_keeps_what_was_typed(signed_in, manager):
    page = signed_in(manager).get(
        URL,
        {
            "start_day": "7",
            "start_month": "12",
            "start_year": "2026",
            "end_day": "1",
            "end_month": "12",
            "end_year": "2026",
        },
    )

    assert "The &#39;to&#39; date must be the same as or after the &#39;from&#39; date" in page.text
    assert 'value="7"' in page.text


def test_one_user_seeing_many_records_in_an_hour_is_highlighted(
    signed_in, manager, link_worker, organisation
):
    hour = NOW.replace(minute=0)
    for number in range(MANY_RECORDS):
        event(
            organisation,
            link_worker,
            label=f"Person {number}",
            person_id=number + 1,
            at=hour + datetime.timedelta(seconds=number),
        )
    careful = UserFactory(organisation=organisation, role=Role.LINK_WORKER, first_name="Careful")
    for number in range(MANY_RECORDS - 1):
        event(organisation, careful, label=f"Seen {number}", person_id=number + 1, at=hour)

    page = signed_in(manager).get(URL)

    assert f"saw {MANY_RECORDS} or more people&#39;s records in an hour" in page.text
    unusual = page.text.split("Users who saw many records in an hour")[1].split("</table>")[0]
    assert str(link_worker) in unusual
    assert f">{MANY_RECORDS}<" in unusual
    assert "Careful" not in unusual
    assert "Many records in an hour" in page.text


def test_emergency_access_is_highlighted(signed_in, manager, link_worker, organisation):
    event(organisation, link_worker, label="Grace Hopper", person_id=1, action="breakglass")

    page = signed_in(manager).get(URL)

    assert "Emergency access" in page.text


def test_an_administrator_sees_the_whole_deployment(
    signed_in, user_with_role, link_worker, organisation, other_organisation
):
    administrator = user_with_role(Role.ADMINISTRATOR)
    event(organisation, link_worker, label="Ada Lovelace", person_id=1)
    stranger = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    event(other_organisation, stranger, label="Bob Elsewhere", person_id=2)
    event(None, administrator, label="An administrator's account")

    page = signed_in(administrator).get(URL)

    assert "Ada Lovelace" in page.text
    assert "Bob Elsewhere" in page.text
    assert "An administrator&#39;s account" in page.text
    only_theirs = signed_in(administrator).get(URL, {"organisation": other_organisation.pk})
    assert "Bob Elsewhere" in only_theirs.text
    assert "Ada Lovelace" not in only_theirs.text


def test_changes_to_administrators_accounts_are_audited(signed_in, user_with_role):
    administrator = user_with_role(Role.ADMINISTRATOR)
    other = UserFactory(organisation=None, role=Role.ADMINISTRATOR, username="second-admin")
    form = {
        "first_name": "Second",
        "last_name": "Admin",
        "username": other.username,
        "email": "second@example.org",
        "role": Role.ADMINISTRATOR,
        "version": "1",
    }

    signed_in(administrator).post(reverse("accounts:user_edit", args=[other.pk]), form)

    changed = AuditEvent.objects.get(object_type="accounts.user", action="updated")
    assert changed.organisation is None
    assert changed.actor == administrator
    assert changed.object_id == str(other.pk)
    assert changed.changes["is_active"] == [True, False]
    assert not User.objects.get(pk=other.pk).is_active


def test_the_review_is_itself_audited(signed_in, manager, organisation):
    signed_in(manager).get(URL, {"person": 7})

    seen = AuditEvent.objects.get(object_type="accounts.organisation")
    assert (seen.action, seen.actor, seen.organisation) == ("viewed", manager, organisation)
    assert seen.changes["audit review"][1]["person_id"] == "7"


def test_the_download_holds_the_filtered_events_formula_safe(
    signed_in, manager, link_worker, organisation
):
    event(organisation, link_worker, label="=HYPERLINK(1)", person_id=1)
    event(organisation, link_worker, label="Alan Turing", person_id=2)

    response = signed_in(manager).get(reverse("trail:review_export"), {"person": 1})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert [row[6] for row in rows[1:]] == ["'=HYPERLINK(1)"]
    assert AuditEvent.objects.filter(action="exported", actor=manager).exists()


def test_the_page_makes_a_bounded_number_of_queries(
    signed_in, manager, link_worker, organisation, django_assert_max_num_queries
):
    for number in range(120):
        event(organisation, link_worker, label=f"Person {number}", person_id=number)
    client = signed_in(manager)

    with django_assert_max_num_queries(12):
        client.get(URL)


def test_link_workers_may_not_review_the_trail(signed_in, link_worker):
    assert signed_in(link_worker).get(URL).status_code == 403

"""A record past its retention period is listed by the daily job, approved by a manager and
destroyed: afterwards no text column of any table holds the person's name, NHS number, e-mail
address or phone number, while every report gives the same totals and the audit trail keeps
who did what, and when."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from navigator.audit.models import AuditEvent
from navigator.governance import tasks
from navigator.governance.models import DestructionReview, ReviewStatus
from navigator.governance.tests.journey import BARNABY, ZEPHYRINE, full_journey
from navigator.people.models import Person
from navigator.referrals.models import Referral
from navigator.reports.selectors import SECTIONS, Filters, Report

NINE_YEARS_AGO = timezone.now() - datetime.timedelta(days=9 * 366)


def tables_holding(word: str) -> list[str]:
    """Every table.column of the database (whatever made it: Django, the task queue, a full
    text index) whose text holds `word`."""
    found = []
    text = "CAST({} AS TEXT)" if connection.vendor == "sqlite" else "{}::text"
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                quoted = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                    f"WHERE LOWER({text.format(quoted)}) LIKE %s",
                    [f"%{word.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def totals(manager) -> dict[str, list]:
    """Every report figure's rows, but for row-level lists (comments) that name records."""
    report = Report.for_user(manager, Filters(start=datetime.date(2000, 1, 1)))
    return {
        figure.key: [(row.label, row.values) for row in figure.rows]
        for section in SECTIONS.values()
        for figure in report.figures(section)
        if not figure.shown_records and figure.page is None
    }


@pytest.fixture
def journeys(organisation, link_worker, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        barnaby = full_journey(organisation, link_worker, manager, BARNABY)
        zephyrine = full_journey(organisation, link_worker, manager, ZEPHYRINE)
    # Zephyrine's support ended nine years ago; Barnaby's has just ended.
    Referral.objects.filter(person=zephyrine).update(
        closed_at=NINE_YEARS_AGO, updated_at=NINE_YEARS_AGO
    )
    Person.objects.filter(pk=zephyrine.pk).update(created_at=NINE_YEARS_AGO)
    return barnaby, zephyrine


def destroy_through_the_page(client, review) -> None:
    response = client.post(
        reverse("governance:destruction"), {"records": [str(review.pk)], "confirm": "on"}
    )
    assert response.status_code == 302, response.text


def test_the_daily_job_lists_only_records_past_the_retention_period(journeys):
    _, zephyrine = journeys

    listed = tasks.list_records_due.call(date=timezone.localdate().isoformat())
    again = tasks.list_records_due.call(date=timezone.localdate().isoformat())

    assert (listed, again) == (1, 0)
    review = DestructionReview.objects.get()
    assert review.person == zephyrine
    assert review.status == ReviewStatus.DUE
    assert review.last_case_ended_on == timezone.localtime(NINE_YEARS_AGO).date()
    assert review.due_on == review.last_case_ended_on.replace(
        year=review.last_case_ended_on.year + 8
    )


def test_destruction_leaves_no_trace_of_the_person_and_reports_count_the_same(
    signed_in, manager, journeys
):
    _, zephyrine = journeys
    tasks.list_records_due.call(date=timezone.localdate().isoformat())
    review = DestructionReview.objects.get(person=zephyrine)
    before = totals(manager)
    events_before = AuditEvent.objects.count()
    assert tables_holding(ZEPHYRINE.family_name)  # the search finds what is there

    destroy_through_the_page(signed_in(manager), review)

    for word in (
        ZEPHYRINE.given_name,
        ZEPHYRINE.family_name,
        ZEPHYRINE.nhs_number,
        ZEPHYRINE.email,
        ZEPHYRINE.phone,
    ):
        assert tables_holding(word) == [], word
    # Nobody else's record was touched.
    assert tables_holding(BARNABY.family_name)
    assert tables_holding(BARNABY.phone)
    assert totals(manager) == before
    # The stub: the pseudonymous id, the dates and who approved it; the person row stays so
    # that what reports count still has its person.
    review.refresh_from_db()
    assert review.status == ReviewStatus.DESTROYED
    assert review.approved_by == manager
    assert review.destroyed_counts["Contacts"] == 1
    stub = Person.objects.get(pk=zephyrine.pk)
    assert (stub.full_name, stub.nhs_number, stub.date_of_birth) == (
        "Destroyed record",
        "",
        datetime.date(1951, 1, 1),
    )
    # The audit trail keeps every event (and adds the destruction), without the details.
    assert AuditEvent.objects.count() == events_before + 1  # the destruction
    destruction = AuditEvent.objects.get(
        action=AuditEvent.Action.DELETED,
        person_id=stub.pk,
        object_type="governance.destructionreview",
    )
    assert destruction.actor == manager


def test_a_held_record_is_not_destroyed_and_a_hold_needs_a_reason(signed_in, manager, journeys):
    _, zephyrine = journeys
    tasks.list_records_due.call(date=timezone.localdate().isoformat())
    review = DestructionReview.objects.get(person=zephyrine)
    client = signed_in(manager)

    refused = client.post(reverse("governance:review", args=[review.pk]), {"reason": " "})
    held = client.post(
        reverse("governance:review", args=[review.pk]),
        {"reason": "A complaint is still open"},
    )
    attempt = client.post(
        reverse("governance:destruction"), {"records": [str(review.pk)], "confirm": "on"}
    )

    assert "Enter why the record is being kept" in refused.text
    assert held.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.hold_reason) == (ReviewStatus.HELD, "A complaint is still open")
    assert "is no longer waiting for a decision" in attempt.text
    assert Person.objects.get(pk=zephyrine.pk).family_name == ZEPHYRINE.family_name


def test_destroying_needs_the_managers_confirmation(signed_in, manager, journeys):
    _, zephyrine = journeys
    tasks.list_records_due.call(date=timezone.localdate().isoformat())
    review = DestructionReview.objects.get(person=zephyrine)

    response = signed_in(manager).post(
        reverse("governance:destruction"), {"records": [str(review.pk)]}
    )

    assert "Confirm that you approve the destruction" in response.text
    assert DestructionReview.objects.get().status == ReviewStatus.DUE


def test_the_retention_rule_is_the_managers_to_change(signed_in, manager, journeys):
    client = signed_in(manager)

    bad = client.post(reverse("governance:retention"), {"years": "0"})
    client.post(reverse("governance:retention"), {"years": "10"})
    listed = tasks.list_records_due.call(date=timezone.localdate().isoformat())

    assert "Keep records for at least 1 year" in bad.text
    assert listed == 0  # nine years is within ten

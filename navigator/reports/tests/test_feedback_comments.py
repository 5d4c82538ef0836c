"""Managers read feedback comments a page at a time on the report page, and download every
comment in the period; each comment shown or downloaded is audited."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from navigator.audit.models import AuditEvent
from navigator.feedback.models import FeedbackResponse
from navigator.reports.tests.helpers import at, referral

pytestmark = pytest.mark.django_db

FEEDBACK = reverse("reports:section", kwargs={"slug": "feedback"})
JANUARY = {"start_day": "1", "start_month": "1", "start_year": "2026"}


def download(file_format: str) -> str:
    return reverse("reports:download", kwargs={"slug": "feedback", "file_format": file_format})


def comments(
    organisation, count: int, *, days: float = 10, words: str = "Comment", **extra
) -> None:
    """`count` comments, numbered, the highest number the newest."""
    case = referral(organisation)
    FeedbackResponse.objects.bulk_create(
        FeedbackResponse(
            organisation=organisation,
            referral=case,
            respondent="person",
            fft_answer="good",
            channel="staff",
            occasion="other",
            submitted_at=at(days) + datetime.timedelta(minutes=number),
            went_well=f"{words} {number}",
            **extra,
        )
        for number in range(1, count + 1)
    )


def viewed(manager) -> int:
    return AuditEvent.objects.filter(
        actor=manager, action=AuditEvent.Action.VIEWED, object_type="feedback.feedbackresponse"
    ).count()


def exported(manager) -> int:
    return AuditEvent.objects.filter(
        actor=manager, action=AuditEvent.Action.EXPORTED, object_type="feedback.feedbackresponse"
    ).count()


def test_the_page_shows_fifty_comments_at_a_time_keeping_the_filters(
    signed_in, manager, organisation
) -> None:
    comments(organisation, 120)
    client = signed_in(manager)

    first = client.get(FEEDBACK, JANUARY).content.decode()
    assert "Comment 120<" in first and "Comment 71<" in first and "Comment 70<" not in first
    assert "Showing 1 to 50 of 120." in first
    # The next page keeps the filters and comes back to the comments.
    assert "?page=2&amp;start_day=1&amp;start_month=1&amp;start_year=2026#comments-title" in first
    assert viewed(manager) == 50

    last = client.get(FEEDBACK, {**JANUARY, "page": "3"}).content.decode()
    assert "Comment 20<" in last and "Comment 1<" in last and "Comment 21<" not in last
    assert "Showing 101 to 120 of 120." in last
    assert viewed(manager) == 70
    # The downloads offered on a later page still have every comment: no page in them.
    assert "feedback.csv?start_day=1&amp;start_month=1&amp;start_year=2026" in last
    assert "page=3&amp;start_day" not in last.split("Download these figures")[1].split("</ul>")[0]


def test_a_page_past_the_last_shows_the_last_and_nonsense_the_first(
    signed_in, manager, organisation
) -> None:
    comments(organisation, 60)
    client = signed_in(manager)
    assert "Showing 51 to 60 of 60." in client.get(FEEDBACK, {"page": "9"}).content.decode()
    assert "Showing 1 to 50 of 60." in client.get(FEEDBACK, {"page": "x"}).content.decode()


def test_downloads_have_every_comment_in_the_period_and_are_audited(
    signed_in, manager, organisation
) -> None:
    comments(organisation, 130)
    comments(organisation, 4, days=-30, words="December")  # outside the period
    client = signed_in(manager)

    text = client.get(download("csv"), JANUARY).content.decode("utf-8-sig")
    went_well = [line[2] for line in csv.reader(io.StringIO(text)) if len(line) == 4]
    assert sorted(text for text in went_well if text.startswith("Comment ")) == sorted(
        f"Comment {number}" for number in range(1, 131)
    )
    assert "December" not in text
    assert exported(manager) == 130

    workbook = load_workbook(io.BytesIO(client.get(download("xlsx"), JANUARY).content))
    rows = list(workbook["Comments"].iter_rows(values_only=True))
    assert sum(1 for row in rows if str(row[2]).startswith("Comment ")) == 130
    assert exported(manager) == 260


def test_anonymous_comments_are_audited_without_the_person(
    signed_in, manager, organisation
) -> None:
    comments(organisation, 2, anonymous=True)
    signed_in(manager).get(FEEDBACK)
    events = AuditEvent.objects.filter(
        actor=manager, object_type="feedback.feedbackresponse", action=AuditEvent.Action.VIEWED
    )
    assert events.count() == 2
    assert not events.filter(person_id__isnull=False).exists()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_and_downloads_make_as_many_queries_for_200_comments_as_for_10(
    signed_in, manager, organisation
) -> None:
    client = signed_in(manager)
    urls = [FEEDBACK, f"{FEEDBACK}?page=2", download("csv"), download("xlsx")]
    comments(organisation, 10)
    few = [queries(client, url) for url in urls]
    comments(organisation, 190)
    assert [queries(client, url) for url in urls] == few

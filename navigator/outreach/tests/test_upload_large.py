"""A 10,000-row file imports fully with a bounded number of queries (speed: benchmarks/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from navigator.audit.models import AuditEvent
from navigator.outreach.models import Cohort, CohortMember
from navigator.outreach.tests.factories import nhs_numbers
from navigator.outreach.tests.helpers import HEADER, upload

pytestmark = pytest.mark.django_db
ROWS = 10_000


def big_file(rows: int) -> str:
    numbers = nhs_numbers()
    lines = [
        f"Person{n} Family{n},{1 + n % 28:02d}/{1 + n % 12:02d}/{1930 + n % 60},"
        f"{next(numbers)},0113 496 {n % 10_000:04d},Reason {n % 7}\n"
        for n in range(rows)
    ]
    return HEADER + "".join(lines)


def test_ten_thousand_rows_import_fully_in_batches(signed_in, manager):
    content = big_file(ROWS)
    client = signed_in(manager)

    with CaptureQueriesContext(connection) as queries:
        response = upload(client, content)

    assert response.status_code == 302
    cohort = Cohort.objects.get()
    assert cohort.report["rows_read"] == ROWS
    assert cohort.report["imported"] == ROWS
    assert cohort.report["problems"] == []
    assert CohortMember.objects.count() == ROWS
    assert AuditEvent.objects.filter(object_type="outreach.cohortmember").count() == ROWS
    # Batched inserts, not a query per row.
    assert len(queries) < 100, len(queries)


def test_uploading_it_again_after_a_change_adds_nobody(signed_in, manager):
    content = big_file(ROWS)
    client = signed_in(manager)
    upload(client, content)

    upload(client, content + "\n", name="Again")

    again = Cohort.objects.get(name="Again")
    assert again.report["imported"] == 0
    assert len(again.report["problems"]) == ROWS
    assert CohortMember.objects.count() == ROWS

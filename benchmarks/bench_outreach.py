"""Uploading a targeted-outreach cohort of 10,000 people (a large practice's over-75s): the
rows are checked and written in batches, each one audited."""

import pytest

from benchmarks.conftest import round_times
from navigator.outreach.models import Cohort
from navigator.outreach.tests.helpers import upload
from navigator.outreach.tests.test_upload_large import big_file

# A manager uploads the file and waits for its report on the same page: half a minute is the
# longest such an upload may take. The unit test keeps only the query count (a slow CI
# machine failed a timing there); the time is checked here.
UPLOAD_SECONDS = 30.0
ROWS = 10_000

pytestmark = pytest.mark.django_db


def test_upload_ten_thousand_rows(scale_data, bench_manager, client, measure, benchmark):
    client.force_login(bench_manager)
    content = big_file(ROWS)

    response = measure(lambda: upload(client, content), rounds=1)

    assert response.status_code == 302
    assert Cohort.objects.get().report["imported"] == ROWS
    assert max(round_times(benchmark)) < UPLOAD_SECONDS

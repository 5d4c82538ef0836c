"""A case newly allocated (nobody has tried to contact the person yet) comes first in the
caseload, flagged "New", however many cases are due before it (it used to sit on page 2)."""

import datetime
import re

from django.utils import timezone

from navigator.contacts.tests.helpers import log, open_case

LONG_AGO = timezone.now() - datetime.timedelta(days=90)


def rows(response) -> list[str]:
    return re.findall(
        r"<tr class=\"nhsuk-table__row[^\"]*\">(.*?)</tr>", response.content.decode(), re.S
    )


def test_a_new_case_comes_first_flagged(organisation, link_worker, signed_in) -> None:
    for _ in range(3):  # all due before it
        overdue = open_case(organisation, link_worker, state="active")
        log(overdue, link_worker, when=LONG_AGO)
    new = open_case(organisation, link_worker, received_at=timezone.now())
    tried = open_case(organisation, link_worker, received_at=timezone.now())
    log(tried, link_worker, connected=False)  # an attempt: no longer new

    page = signed_in(link_worker).get("/caseload/")
    body = rows(page)[1:]  # after the heading row
    assert new.reference in body[0]
    flagged = [row for row in body if re.search(r">\s*New\s*<", row)]
    assert flagged == [body[0]]
    assert tried.reference in body[-1]  # due after the overdue ones

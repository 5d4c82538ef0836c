"""`navigator load_gp_practices` reads NHS Digital's practice file (epraccur.csv, no header, 27
columns, an optional 28th with the practice's secure e-mail): it adds practices, brings known
ones up to date without duplicating them, keeps e-mail addresses set by hand, and reports bad
rows by line number instead of stopping."""

import datetime
import io

import pytest
from django.core.management import call_command

from navigator.people.models import GPPractice
from navigator.people.tests.factories import GPPracticeFactory

pytestmark = pytest.mark.django_db


def epraccur_row(code, name, *, postcode="LS6 1AA", status="A", closed="", email=None):
    """One line of the file, in its column order."""
    cells = [
        code, name, "Y63", "QWO",
        "CHAPEL ALLERTON HEALTH CENTRE", "TOWN STREET", "", "LEEDS", "WEST YORKSHIRE",
        postcode, "19740401", closed, status, "B", "15F", "20130401", "", "0113 295 3700",
        "", "", "", "0", "", "15F", "", "4", "",
    ]  # fmt: skip
    if email is not None:
        cells.append(email)
    return ",".join(f'"{cell}"' for cell in cells)


def load(tmp_path, *lines):
    path = tmp_path / "epraccur.csv"
    path.write_text("\n".join(lines) + "\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("load_gp_practices", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_adds_each_practice_with_its_details(tmp_path):
    out, err = load(
        tmp_path,
        epraccur_row("B86001", "CHAPEL ALLERTON MEDICAL CENTRE"),
        epraccur_row("B86002", "ROUNDHAY ROAD SURGERY", email="roundhay.surgery@nhs.net"),
    )

    assert out.strip() == "2 practices added, 0 updated, 0 unchanged, 0 rows not loaded"
    assert err == ""
    chapel = GPPractice.objects.get(ods_code="B86001")
    assert chapel.name == "CHAPEL ALLERTON MEDICAL CENTRE"
    assert chapel.address == "Chapel Allerton Health Centre\nTown Street\nLeeds\nWest Yorkshire"
    assert chapel.postcode == "LS6 1AA"
    assert chapel.phone == "0113 295 3700"
    assert chapel.status == "A"
    assert chapel.opened_on == datetime.date(1974, 4, 1)
    assert chapel.commissioner == "15F"
    assert chapel.email == ""
    assert GPPractice.objects.get(ods_code="B86002").email == "roundhay.surgery@nhs.net"


def test_bad_rows_are_reported_by_line_and_the_good_ones_loaded(tmp_path):
    out, err = load(
        tmp_path,
        epraccur_row("B86001", "CHAPEL ALLERTON MEDICAL CENTRE"),
        '"B86003","TOO SHORT"',
        epraccur_row("B86004", "NOT A POSTCODE SURGERY", postcode="NOWHERE"),
        epraccur_row("B86005", "UNKNOWN STATUS SURGERY", status="X"),
        epraccur_row("B86006", "PLAIN MAIL SURGERY", email="reception@example.com"),
        epraccur_row("B86001", "CHAPEL ALLERTON AGAIN"),
        "",
        epraccur_row("B86007", "BAD DATE SURGERY", closed="2024-03-31"),
    )

    assert out.strip() == "1 practice added, 0 updated, 0 unchanged, 6 rows not loaded"
    assert err.splitlines() == [
        "Line 2: has 2 columns; the practice file has at least 13",
        "Line 3: the postcode is not a UK postcode",
        "Line 4: the status code must be A, C, D or P",
        "Line 5: the e-mail must be a secure e-mail address, ending in @nhs.net",
        "Line 6: B86001 is already on an earlier line",
        "Line 8: the close date must be a date written YYYYMMDD",
    ]
    assert list(GPPractice.objects.values_list("ods_code", "name")) == [
        ("B86001", "CHAPEL ALLERTON MEDICAL CENTRE")
    ]


def test_loading_again_updates_in_place_and_keeps_an_email_set_by_hand(tmp_path):
    GPPracticeFactory(
        ods_code="B86001",
        name="Chapel Allerton (old name)",
        email="chapel.allerton@nhs.net",
        email_set_by_hand=True,
    )
    GPPracticeFactory(ods_code="B86002", name="Roundhay", email="old.roundhay@nhs.net")
    rows = [
        epraccur_row("B86001", "CHAPEL ALLERTON MEDICAL CENTRE", email="from.file@nhs.net"),
        epraccur_row("B86002", "ROUNDHAY ROAD SURGERY", email="roundhay.surgery@nhs.net"),
    ]

    first, _ = load(tmp_path, *rows)
    second, _ = load(tmp_path, *rows)

    assert first.strip() == "0 practices added, 2 updated, 0 unchanged, 0 rows not loaded"
    assert second.strip() == "0 practices added, 0 updated, 2 unchanged, 0 rows not loaded"
    assert list(
        GPPractice.objects.order_by("ods_code").values_list("ods_code", "name", "email")
    ) == [
        ("B86001", "CHAPEL ALLERTON MEDICAL CENTRE", "chapel.allerton@nhs.net"),
        ("B86002", "ROUNDHAY ROAD SURGERY", "roundhay.surgery@nhs.net"),
    ]


def test_a_closed_practice_is_kept_as_closed_with_its_date(tmp_path):
    GPPracticeFactory(ods_code="B86008", name="Harehills Surgery")

    load(tmp_path, epraccur_row("B86008", "HAREHILLS SURGERY", status="C", closed="20240331"))

    practice = GPPractice.objects.get(ods_code="B86008")
    assert (practice.status, practice.closed_on, practice.is_open) == (
        "C",
        datetime.date(2024, 3, 31),
        False,
    )


def test_a_missing_file_is_an_error_not_a_crash(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No file"):
        call_command("load_gp_practices", str(tmp_path / "missing.csv"))

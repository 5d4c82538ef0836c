"""Every row of an uploaded file is either imported or listed with its line and reason."""

import datetime

import pytest

from navigator.outreach.models import Cohort, CohortMember
from navigator.outreach.tests.helpers import HEADER, problems_by_line, upload

pytestmark = pytest.mark.django_db

BROKEN = (
    HEADER
    + "Ada Okafor,12/04/1941,943 476 5919,0113 496 0000,Lives alone\n"  # 2 good
    + "Bad Number,01/01/1950,943 476 5918,0113 496 0001,\n"  # 3 check digit
    + "Short Number,01/01/1951,12345,0113 496 0002,\n"  # 4 format
    + "No Number,01/01/1952,,0113 496 0003,\n"  # 5 none
    + "Leap Day,29/02/1951,999 000 0018,0113 496 0004,\n"  # 6 impossible date
    + "Thirteenth Month,1950-13-01,999 000 0026,0113 496 0005,\n"  # 7 impossible date
    + "American Date,03-27-1950,999 000 0034,0113 496 0006,\n"  # 8 unreadable date
    + "Future Birth,01/01/2999,999 000 0042,0113 496 0007,\n"  # 9 future
    + "Short Phone,01/01/1953,999 000 0050,0113 496,\n"  # 10 phone invalid
    + "No Phone,01/01/1954,999 000 0069,,\n"  # 11 no phone
    + "Word Phone,01/01/1955,999 000 0077,call me,\n"  # 12 phone not a number
    + "Edith Walker,1938-07-02,999 000 0085,07912 345 123,\n"  # 13 good, ISO date
    + "Edith Walker,02/07/1938,999 000 0093,07912 345 124,\n"  # 14 same name and DOB as 13
    + "Other Person,03/03/1960,999 000 0085,07912 345 125,\n"  # 15 same NHS number as 13
    + "Cher,04/04/1946,999 000 0107,07912 345 126,\n"  # 16 one-word name
    + ",05/05/1947,999 000 0115,07912 345 127,\n"  # 17 no name
    + "Too Many,06/06/1948,999 000 0123,07912 345 128,reason,extra\n"  # 18 extra value
    + "\n"  # 19 blank line: noted, not a row
    + "Many Problems,31/31/1931,1,2,\n"  # 20 several reasons at once
)


@pytest.fixture
def cohort(signed_in, manager) -> Cohort:
    response = upload(signed_in(manager), BROKEN)
    assert response.status_code == 302
    return Cohort.objects.get()


def test_good_rows_are_imported_with_normalised_values(cohort):
    members = {m.family_name: m for m in CohortMember.objects.all()}
    assert set(members) == {"Okafor", "Walker"}
    ada = members["Okafor"]
    assert (ada.given_name, ada.date_of_birth) == ("Ada", datetime.date(1941, 4, 12))
    assert (ada.nhs_number, ada.phone, ada.reason) == ("9434765919", "+441134960000", "Lives alone")
    assert members["Walker"].date_of_birth == datetime.date(1938, 7, 2)
    assert members["Walker"].reason == "Over 75 and living alone"  # the cohort's reason
    assert cohort.report["imported"] == 2
    assert cohort.report["rows_read"] == 18


def test_every_other_row_is_listed_with_its_line_and_reason(cohort):
    problems = problems_by_line(cohort)
    assert sorted(problems) == [*range(3, 13), *range(14, 19), 20]
    assert "Bad NHS number" in problems[3][0] and "not a valid NHS number" in problems[3][0]
    assert "must be 10 digits" in problems[4][0]
    assert problems[5] == ["Bad NHS number: there is none"]
    for line in (6, 7, 8, 9):
        assert problems[line][0].startswith("Impossible date of birth"), line
    assert "no such date" in problems[6][0]
    assert "DD/MM/YYYY or YYYY-MM-DD" in problems[8][0]
    assert "in the future" in problems[9][0]
    for line in (10, 11, 12):
        assert problems[line][0].startswith("No usable phone number"), line
    assert problems[14] == ["Duplicate row: the same name and date of birth as line 13"]
    assert problems[15] == ["Duplicate row: the same NHS number as line 13"]
    assert "No usable name" in problems[16][0]
    assert problems[17] == ["No name"]
    assert "6 values but there are 5 column headings" in problems[18][0]
    assert len(problems[20]) == 3  # date, NHS number and phone all named


def test_nothing_is_silently_dropped(cohort):
    report = cohort.report
    assert report["imported"] + len(report["problems"]) == report["rows_read"]
    assert "1 blank line skipped (no values)" in report["notes"]


def test_the_report_page_shows_each_bad_line(cohort, signed_in, manager):
    response = signed_in(manager).get(f"/outreach/cohorts/{cohort.pk}/")
    html = response.text
    assert response.status_code == 200
    assert "2 people added to the call list" in html
    assert "Duplicate row: the same NHS number as line 13" in html
    assert '<td class="nhsuk-table__cell">17</td>' in html


def test_given_and_family_name_columns_are_accepted(signed_in, manager):
    upload(
        signed_in(manager),
        "Given Name,Family-Name,Date of birth,NHS_NUMBER,phone\n"
        "Ada,Okafor,12/04/1941,9434765919,01134960000\n"
        ",Walker,12/04/1942,9990000018,01134960001\n",
    )
    cohort = Cohort.objects.get()
    assert CohortMember.objects.get().given_name == "Ada"
    assert problems_by_line(cohort) == {3: ["No first name"]}

"""Files that cannot be read at all are refused with a message saying why; files with an
unusual encoding or extra columns are read and the report says what was done."""

import pytest

from navigator.outreach.models import Cohort, CohortMember
from navigator.outreach.tests.helpers import HEADER, upload

pytestmark = pytest.mark.django_db

ROW = "Zoë Brontë,12/04/1941,943 476 5919,0113 496 0000,Lives alone\n"


@pytest.fixture
def client(signed_in, manager):
    return signed_in(manager)


def refusal(response) -> str:
    assert response.status_code == 200
    assert not Cohort.objects.exists()
    assert not CohortMember.objects.exists()
    assert "There is a problem" in response.text
    return response.text


def test_a_utf8_file_with_a_bom_is_read_and_the_bom_reported(client):
    response = upload(client, b"\xef\xbb\xbf" + (HEADER + ROW).encode())

    assert response.status_code == 302
    member = CohortMember.objects.get()
    assert member.given_name == "Zoë"  # the first heading was recognised despite the BOM
    notes = Cohort.objects.get().report["notes"]
    assert any("byte order mark (BOM)" in note for note in notes)


def test_a_latin1_file_is_refused_as_not_utf8(client):
    html = refusal(upload(client, (HEADER + ROW).encode("latin-1")))
    assert "The file is not UTF-8 text: line 2" in html
    assert "CSV UTF-8" in html


def test_a_utf16_file_is_refused_naming_its_encoding(client):
    html = refusal(upload(client, (HEADER + ROW).encode("utf-16")))
    assert "The file is in UTF-16, not UTF-8" in html


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(client, content):
    html = refusal(upload(client, content))
    assert "The file is empty" in html


def test_headings_without_rows_are_refused(client):
    html = refusal(upload(client, HEADER))
    assert "column headings but no rows of people" in html


def test_missing_required_columns_refuse_the_file_and_name_them(client):
    html = refusal(upload(client, "name,dob,phone,ward\nAda Okafor,12/04/1941,0113 496 0000,x\n"))
    assert "date_of_birth, nhs_number" in html
    assert "Columns not recognised: dob, ward" in html
    assert "The accepted columns are name, given_name, family_name" in html


def test_a_repeated_column_is_refused(client):
    html = refusal(upload(client, "name,phone,date_of_birth,nhs_number,Phone\n" + ROW))
    assert "The column “Phone” appears more than once" in html


def test_unknown_columns_are_reported_and_the_rest_imported(client):
    upload(
        client, "name,date_of_birth,nhs_number,phone,ward,GP\n" + ROW.replace("Lives alone", "x,y")
    )

    cohort = Cohort.objects.get()
    assert cohort.report["unknown_columns"] == ["ward", "GP"]
    assert CohortMember.objects.count() == 1
    response = client.get(f"/outreach/cohorts/{cohort.pk}/")
    assert "Columns not recognised, so not imported: ward, GP" in response.text


def test_a_file_that_is_not_csv_is_refused(client):
    html = refusal(upload(client, b"name,date_of_birth,nhs_number,phone\n\x00\x01\x02"))
    assert "could not be read as CSV" in html


def test_the_form_needs_a_name_a_reason_and_a_file(client):
    response = client.post("/outreach/cohorts/upload/", {})
    html = refusal(response)
    for message in ("Enter a name for the cohort", "Choose a CSV file to upload"):
        assert message in html

"""Directory CSV import (issue 21 #6): rows without an id match on name and organisation,
any stable text id is accepted, every problem of a row is reported, and a cost given as an
amount and a description shows the amount once."""

from decimal import Decimal

import pytest

from navigator.directory import services
from navigator.directory.models import Service
from navigator.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

HEADER = b"id,name,organisation_name,description,cost_amount,cost_description,status,postcode\n"


def upload(rows: bytes):
    return services.import_directory(content=HEADER + rows, file_name="groups.csv", by=None)


def test_a_row_without_an_id_is_matched_on_name_and_organisation():
    first = upload(b",Chess club,Leeds Chess,Weekly games,,,active,\n")
    assert first.created == 1
    again = upload(b",Chess club,Leeds Chess,Weekly games,,,active,\n")
    assert (again.created, again.changed, again.unchanged) == (0, 0, 1)
    edited = upload(b",chess club,leeds chess,Weekly games and lessons,,,active,\n")
    assert (edited.created, edited.changed) == (0, 1)
    other_organisation = upload(b",Chess club,Bradford Chess,Weekly games,,,active,\n")
    assert other_organisation.created == 1
    assert sorted(Service.objects.values_list("organisation__name", "description")) == [
        ("Bradford Chess", "Weekly games"),
        ("Leeds Chess", "Weekly games and lessons"),
    ]


def test_any_stable_text_id_is_accepted():
    first = upload(b"LEEDS-CHESS-01,Chess club,Leeds Chess,Weekly games,,,active,\n")
    assert (first.created, first.skipped) == (1, 0), first.report
    renamed = upload(b"LEEDS-CHESS-01,Chess and draughts,Leeds Chess,Weekly games,,,active,\n")
    assert (renamed.created, renamed.changed) == (0, 1)
    assert list(Service.objects.values_list("name", flat=True)) == ["Chess and draughts"]


def test_every_problem_of_a_bad_row_is_reported():
    run = upload(b",,,,lots,,sometimes,NOT A POSTCODE\n")
    assert run.skipped == 1
    assert run.report["rows"][0]["reason"] == (
        "No name; No organisation; The postcode “NOT A POSTCODE” is not a real UK postcode; "
        "Unknown status “sometimes” (expected active, inactive, defunct or temporarily "
        "closed); The cost amount “lots” is not a number"
    )


def test_import_page_says_how_reimporting_works_and_what_an_id_may_be(signed_in, manager):
    page = signed_in(manager).get("/directory/import/").content.decode()
    assert "matched on its name and organisation together" in page
    assert "An id may be any text that stays the same" in page


@pytest.mark.parametrize(
    ("amount", "description", "shown"),
    [
        (Decimal("3"), "£3 a session", "£3 a session"),
        (Decimal("3"), "a session", "£3 a session"),
        (Decimal("3.50"), "", "£3.50"),
        (None, "£2 a session", "£2 a session"),
        (None, "", "Ask about cost"),
    ],
)
def test_a_cost_shows_its_amount_once(amount, description, shown):
    service = ServiceFactory(cost_amount=amount, cost_description=description)
    assert service.cost_text == shown


def test_a_feed_amount_with_a_description_naming_it_shows_once_on_the_listing(signed_in, manager):
    document = (
        b'[{"id": "5d5e1a1e-1111-4c3b-8a7e-000000000031", "name": "Choir", "status": "active",'
        b' "organization": {"name": "Leeds Voices"},'
        b' "cost_options": [{"amount": 3, "amount_description": "\\u00a33 a session"}]}]'
    )
    services.import_directory(content=document, file_name="feed.json", by=None)
    service = Service.objects.get(name="Choir")
    page = signed_in(manager).get(f"/directory/services/{service.pk}/").content.decode()
    assert "£3 a session" in page
    assert "£3 £3" not in page

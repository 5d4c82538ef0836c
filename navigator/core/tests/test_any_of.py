"""`AnyOf` finds the rows whose field is one of the values given, on SQLite and PostgreSQL,
as `__in` does, with the values sent as one parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from navigator.accounts.models import Organisation
from navigator.core.lookups import AnyOf

pytestmark = pytest.mark.django_db


def test_it_finds_the_rows_whose_field_is_one_of_the_values() -> None:
    first, second, third = (Organisation.objects.create(name=name) for name in "ABC")

    found = Organisation.objects.filter(AnyOf(F("pk"), [first.pk, third.pk, 999_999]))

    assert sorted(found.values_list("name", flat=True)) == ["A", "C"]
    assert not Organisation.objects.filter(AnyOf(F("pk"), [])).exists()
    # Combined with other conditions as any filter is.
    assert list(
        Organisation.objects.filter(AnyOf(F("pk"), [first.pk, second.pk]), name="B").values_list(
            "name", flat=True
        )
    ) == ["B"]


def test_many_values_are_one_parameter_on_postgresql() -> None:
    organisation = Organisation.objects.create(name="Kept")
    values = [organisation.pk, *range(10_000_000, 10_001_300)]

    with CaptureQueriesContext(connection) as captured:
        assert Organisation.objects.filter(AnyOf(F("pk"), values)).count() == 1

    sql = captured[0]["sql"]
    if connection.vendor == "postgresql":
        # Typed as the column (an id is a bigint), so that PostgreSQL hashes the values
        # instead of comparing a row with each in turn, as it does across types (psycopg
        # sends small numbers as a smallint array).
        assert "= ANY(" in sql and "::bigint[])" in sql
    else:
        assert "IN (" in sql


def test_values_in_any_order_repeated_or_as_text_are_sent_once_each_in_order() -> None:
    first, second, _ = (Organisation.objects.create(name=name) for name in "ABC")

    for values in (
        [second.pk, first.pk],
        [first.pk, second.pk, first.pk],
        (str(pk) for pk in (second.pk, first.pk)),
    ):
        with CaptureQueriesContext(connection) as captured:
            found = list(
                Organisation.objects.filter(AnyOf(F("pk"), values)).values_list("name", flat=True)
            )

        assert sorted(found) == ["A", "B"]
        if connection.vendor == "postgresql":
            assert f"'{{{first.pk},{second.pk}}}'::bigint[]" in captured[0]["sql"]

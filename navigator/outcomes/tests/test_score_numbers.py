"""Scores show as a person writes them: 10, 20, 7.5, never 1E+1."""

from decimal import Decimal

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.core.formatting import format_number
from navigator.outcomes.tests.helpers import completed
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("10"), "10"),
        (Decimal("1E+1"), "10"),
        (Decimal("20.00"), "20"),
        (Decimal("7.50"), "7.5"),
        (Decimal("-2"), "-2"),
        (0, "0"),
        (25.03, "25.03"),
    ],
)
def test_numbers_read_as_written(value, written):
    assert format_number(value) == written


def test_scores_of_ten_and_twenty_on_the_progress_and_administration_pages(client):
    worker = UserFactory(role=Role.LINK_WORKER)
    person = PersonFactory(organisation=worker.organisation)
    answers = {"satisfied": 10, "worthwhile": 10, "happy": 10, "anxious": 0}
    administration = completed(person, worker, answers)
    client.force_login(worker)
    progress = client.get(reverse("outcomes:person", kwargs={"pk": person.pk})).content.decode()
    page = client.get(
        reverse("outcomes:administration", kwargs={"pk": administration.pk})
    ).content.decode()
    for text in (progress, page):
        assert "E+" not in text
        assert ">10 (" in text or ">10<" in text

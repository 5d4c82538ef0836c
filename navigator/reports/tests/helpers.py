"""Hand-built data sets with known answers: referrals at chosen moments and states."""

import datetime
from decimal import Decimal

from django.utils import timezone

from navigator.outcomes.models import Administration, Score
from navigator.people.tests.factories import PersonFactory
from navigator.referrals.tests.factories import ReferralFactory
from navigator.reports.figures import Column, Figure, Row, Sum, with_column_totals
from navigator.reports.selectors import Filters, Report

START = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))


def at(days: float) -> datetime.datetime:
    """A moment `days` after 5 January 2026, 9:00."""
    return START + datetime.timedelta(days=days)


def referral(organisation, *, received: float = 0, **fields):
    """A referral received `received` days after START; other moments as days too."""
    for name in ("first_contact_at", "assessed_at", "closed_at", "waiting_since", "triaged_at"):
        if isinstance(fields.get(name), int | float):
            fields[name] = at(fields[name])
    person = fields.pop("person", None) or PersonFactory(organisation=organisation)
    return ReferralFactory(
        organisation=organisation, person=person, received_at=at(received), **fields
    )


def figure(organisation_ids, build, commissioned=False, **filters):
    report = Report(
        organisation_ids=list(organisation_ids),
        filters=Filters(**filters),
        commissioned=commissioned,
    )
    return build(report)


def scored(person, time_point: str, measure: str, value, days: float, status: str = "complete"):
    administration = Administration.objects.create(
        organisation=person.organisation,
        person=person,
        instrument_code=measure.split("_")[0],
        instrument_name=measure,
        time_point=time_point,
        status=status,
        completed_at=at(days),
    )
    return Score.objects.create(
        organisation=person.organisation,
        administration=administration,
        measure=measure,
        value=None if value is None else Decimal(value),
    )


def derivable(figures: list[Figure]) -> list[Sum]:
    """Sums with exactly one hidden cell: that cell is the total minus the others."""
    hidden = {(figure.key, row, column) for figure in figures for (row, column) in figure.hidden}
    return [
        each
        for figure in figures
        for each in figure.sums
        if sum(cell in hidden for cell in (each.total, *each.parts)) == 1
    ]


def totals_grid(rows: list[list[int]]) -> Figure:
    """A table of three count columns with row totals and column totals, as contacts by mode
    and setting has: each row total declared as the sum of its row."""
    figure = Figure(
        key="grid",
        title="grid",
        label_heading="Row",
        columns=[*(Column(f"c{index}") for index in range(3)), Column("All")],
        rows=[Row(f"r{index}", [*values, sum(values)]) for index, values in enumerate(rows)],
    )
    figure.sums = [
        Sum(("grid", index, 3), tuple(("grid", index, column) for column in range(3)))
        for index in range(len(rows))
    ]
    return with_column_totals(figure)

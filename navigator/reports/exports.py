"""Downloads: a report's figures as CSV or XLSX, written from the same cells as the page, and
the PRSB social prescribing minimum dataset, one row per referral."""

import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from navigator.activities.models import ActivityReferral
from navigator.audit.models import AuditEvent
from navigator.audit.services import record_many
from navigator.core.spreadsheets import csv_bytes, xlsx_bytes
from navigator.plans.models import Assessment
from navigator.reports.figures import NO_RECORDS, SUPPRESSION_NOTE, Figure

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figure_block(figure: Figure) -> Iterator[list[str]]:
    """A figure as lines: its title, headings, rows and note."""
    yield [figure.title]
    if figure.is_empty():
        yield [NO_RECORDS]
    else:
        yield figure.headings
        yield from figure.table()
    if figure.note:
        yield [figure.note]


def figure_lines(figures: list[Figure], *, suppressed: bool) -> Iterator[list[str]]:
    """Every figure as a block of lines, a blank line after each."""
    for figure in figures:
        yield from _figure_block(figure)
        yield []
    if suppressed:
        yield [SUPPRESSION_NOTE]


def figures_csv(figures: list[Figure], *, suppressed: bool) -> bytes:
    return csv_bytes(figure_lines(figures, suppressed=suppressed))


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", title)[:28]
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name[:25]} {number}", number + 1
    taken.add(candidate)
    return candidate


def figures_xlsx(figures: list[Figure], *, suppressed: bool) -> bytes:
    """One sheet per figure: headings, then the rows exactly as the page shows them."""
    taken: set[str] = set()
    return xlsx_bytes(
        (
            _sheet_name(figure.title, taken),
            chain(_figure_block(figure), [[SUPPRESSION_NOTE]] if suppressed else []),
        )
        for figure in figures
    )


# The PRSB minimum dataset -------------------------------------------------------------------

PRSB_HEADINGS = [
    # Demographics
    "Referral reference",
    "NHS number",
    "Date of birth",
    "Sex",
    "Ethnicity",
    "Postcode",
    "GP practice ODS code",
    # Needs and concerns
    "Referral source",
    "Date received",
    "Reasons for referral",
    "Needs assessed (life areas)",
    # Support offered
    "Date of first contact",
    "Date assessed",
    "Contacts",
    "Activities referred to",
    "Signposted to",
    # Outcomes
    "State",
    "Date closed",
    "Reason for closure",
]
CHUNK = 2000


def without_opted_out(referrals: QuerySet) -> tuple[QuerySet, int]:
    """The referrals a dataset for planning may hold, and how many it leaves out: those of
    people who objected to their data being used beyond their care (the National Data
    Opt-out)."""
    opted_out = referrals.filter(person__national_data_opt_out=True)
    return referrals.exclude(pk__in=opted_out.values("pk")), opted_out.count()


def prsb_referrals(referrals: QuerySet) -> QuerySet:
    """The dataset's rows with everything they show fetched in a fixed number of queries
    per chunk of rows."""
    return (
        referrals.select_related("person", "gp_practice", "closure")
        .annotate(contact_count=Count("contacts", distinct=True))
        .prefetch_related(
            "reasons",
            Prefetch(
                "activity_referrals",
                queryset=ActivityReferral.objects.select_related("service").order_by("pk"),
            ),
        )
        .order_by("received_at", "pk")
    )


def _day(moment: Any) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else ""


def prsb_row(referral: Any, needs: dict[int, list[str]]) -> list[Any]:
    person = referral.person
    activities = list(referral.activity_referrals.all())
    closure = getattr(referral, "closure", None)
    return [
        referral.reference,
        (person.nhs_number if person else "") or referral.nhs_number,
        (person.date_of_birth if person else referral.date_of_birth).isoformat(),
        person.get_sex_display() if person else "",
        person.get_ethnicity_display() if person else "",
        (person.postcode if person else "") or referral.postcode,
        referral.gp_practice.ods_code if referral.gp_practice else "",
        referral.get_source_type_display(),
        _day(referral.received_at),
        "; ".join(reason.name for reason in referral.reasons.all()),
        "; ".join(needs.get(referral.pk, [])),
        _day(referral.first_contact_at),
        _day(referral.assessed_at),
        referral.contact_count,
        "; ".join(each.service.name for each in activities if not each.is_signposting),
        "; ".join(each.service.name for each in activities if each.is_signposting),
        referral.get_state_display(),
        _day(referral.closed_at),
        closure.get_reason_display() if closure else "",
    ]


def _assessed_needs(referral_ids: list[int]) -> dict[int, list[str]]:
    needs: dict[int, list[str]] = {}
    assessments = Assessment.objects.filter(referral__in=referral_ids).prefetch_related("needs")
    for assessment in assessments:
        if assessment.referral_id is None:  # none here (found by referral); the column allows it
            continue
        areas = needs.setdefault(assessment.referral_id, [])
        for need in assessment.needs.all():
            if need.area_name not in areas:
                areas.append(need.area_name)
    return needs


def prsb_rows(referrals: QuerySet) -> Iterator[list[Any]]:
    """Rows of the dataset, a chunk at a time; each exported referral is audited."""
    chunk: list[Any] = []
    for referral in prsb_referrals(referrals).iterator(chunk_size=CHUNK):
        chunk.append(referral)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(chunk)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk)


def _chunk_rows(chunk: list[Any]) -> Iterable[list[Any]]:
    record_many(
        action=AuditEvent.Action.EXPORTED,
        instances=chunk,
        person_id=lambda referral: referral.person_id,
    )
    needs = _assessed_needs([referral.pk for referral in chunk])
    return [prsb_row(referral, needs) for referral in chunk]


def prsb_csv(referrals: QuerySet) -> bytes:
    return csv_bytes(chain([PRSB_HEADINGS], prsb_rows(referrals)))


def prsb_xlsx(referrals: QuerySet) -> bytes:
    return xlsx_bytes([("PRSB minimum dataset", chain([PRSB_HEADINGS], prsb_rows(referrals)))])

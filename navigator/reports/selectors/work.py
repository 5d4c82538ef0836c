"""Work: caseloads, contacts, length of support, accompaniments, activity and onward referrals."""

import bisect
import math
from collections import defaultdict
from decimal import Decimal

from navigator.accounts.models import User
from navigator.activities.models import Outcome as AccompanimentOutcome
from navigator.contacts.models import (
    Mode,
    Setting,
)
from navigator.reports import figures
from navigator.reports.figures import (
    NUMBER,
    PERCENT,
    Column,
    Figure,
    Row,
    Sum,
    share,
    with_column_totals,
)
from navigator.reports.selectors.base import DEFAULT_CASELOAD_TARGET, Report
from navigator.reports.selectors.statistics import days
from navigator.reports.selectors.tallies import counts, distribution, tally

# A link worker's open cases as a share of their service's caseload target: the bands a
# commissioner's report counts link workers in, each up to (and including) its bound.
CASELOAD_BANDS = (
    (Decimal("0.5"), "Up to half the target"),
    (Decimal("0.8"), "More than half, up to four fifths"),
    (Decimal("1"), "More than four fifths, up to the target"),
    (Decimal("1.2"), "Over the target, by up to a fifth"),
    (None, "Over the target by more than a fifth"),
)
CASELOAD_NOTE = "Open cases today (allocated and not closed), whenever they were referred."


def caseloads(report: Report) -> Figure:
    """Each link worker's open cases against their service's target: by name for a
    manager; for a commissioner, how many link workers are in each band of caseload against
    target, which tells as much without a row per person (a national commissioner's would
    be thousands long)."""
    targets = report.caseload_targets()
    by_worker: dict[tuple[int, int], int] = {}
    for key, n in counts(report, "open_cases").items():
        organisation, worker = map(int, key.split("|"))
        by_worker[worker, organisation] = n
    if report.commissioned:
        return _caseload_bands(by_worker, targets)
    names = {
        pk: (first, last)
        for pk, first, last in User.objects.filter(
            pk__in=[worker for worker, _ in by_worker]
        ).values_list("pk", "first_name", "last_name")
    }
    ordered = sorted(
        (
            (*names[worker], worker, organisation, n)
            for (worker, organisation), n in by_worker.items()
        ),
        key=lambda row: (-row[4], row[1], row[2]),
    )
    rows = [
        Row(
            f"{first} {last}".strip(),
            [n, targets.get(organisation, DEFAULT_CASELOAD_TARGET)],
        )
        for first, last, _, organisation, n in ordered
    ]
    figure = Figure(
        key="caseloads",
        title="Caseload of each link worker against target",
        label_heading="Link worker",
        columns=[Column("Open cases"), Column("Caseload target", NUMBER)],
        rows=rows,
        note=CASELOAD_NOTE,
        chart="horizontal",
    )
    return with_column_totals(figure, "All link workers")


def _band_limits(target: int) -> list[int]:
    """The most open cases of each band against `target` but the last, which has no bound:
    whole numbers, so that a link worker's band is found by bisection (`bisect_left`: the
    first band whose limit is at least their open cases) instead of Decimal arithmetic for
    each of a national commissioner's 3,500 link workers."""
    return [math.floor(bound * target) for bound, _ in CASELOAD_BANDS if bound is not None]


def _caseload_bands(by_worker: dict[tuple[int, int], int], targets: dict[int, int]) -> Figure:
    workers = [0] * len(CASELOAD_BANDS)
    cases = [0] * len(CASELOAD_BANDS)
    limits: dict[int, list[int]] = {}  # a few targets are shared by thousands of link workers
    for (_, organisation), n in by_worker.items():
        target = targets.get(organisation, DEFAULT_CASELOAD_TARGET)
        if target not in limits:
            limits[target] = _band_limits(target)
        band = bisect.bisect_left(limits[target], n)
        workers[band] += 1
        cases[band] += n
    figure = Figure(
        key="caseloads",
        title="Link workers by caseload against target",
        label_heading="Open cases against their service's caseload target",
        columns=[Column("Link workers"), Column("Open cases")],
        rows=[
            Row(label, [workers[index], cases[index]])
            for index, (_, label) in enumerate(CASELOAD_BANDS)
        ],
        note=CASELOAD_NOTE + " Link workers with no open case are not counted.",
        chart="horizontal",
    )
    return with_column_totals(figure, "All link workers")


def contacts_by_mode_and_setting(report: Report) -> Figure:
    settings = [*Setting.choices, ("", "Not recorded")]
    counts = {}
    for group in tally(report, "contacts"):
        mode, setting = group.key.split("|")
        counts[mode, setting] = group.count
    modes = [choice for choice in Mode.choices if any(key[0] == choice[0] for key in counts)]
    used_settings = [choice for choice in settings if any(key[1] == choice[0] for key in counts)]
    rows = []
    for mode, mode_label in modes:
        values = [counts.get((mode, setting), 0) for setting, _ in used_settings]
        rows.append(Row(mode_label, [*values, sum(values)]))
    total_column = len(used_settings)
    figure = Figure(
        key="contacts",
        title="Contacts by mode and setting",
        label_heading="Mode",
        columns=[*(Column(label) for _, label in used_settings), Column("All settings")],
        rows=rows,
        chart="horizontal",
        chart_column=total_column,
    )
    figure.sums = [
        Sum(
            ("contacts", index, total_column),
            tuple(("contacts", index, column) for column in range(total_column)),
        )
        for index in range(len(rows))
    ]
    return with_column_totals(figure, "All modes")


def length_of_support(report: Report) -> Figure:
    support = distribution(report, "support_length")
    count = support.count
    median, ninetieth = support.percentiles
    contacts = round(support.total)
    return Figure(
        key="length_of_support",
        title="Length of support of cases closed in the period",
        label_heading="Cases",
        columns=[
            Column("Cases closed"),
            Column("Median days from first contact to closure", NUMBER, depends_on=(0,)),
            Column("90th percentile of days", NUMBER, depends_on=(0,)),
            Column("Contacts per case (mean)", NUMBER, depends_on=(0,)),
        ],
        rows=[
            Row(
                "Closed cases",
                [
                    count,
                    days(median),
                    days(ninetieth),
                    Decimal(contacts) / count if count else None,
                ],
            )
        ],
        chart=None,
    )


def _by_key(report: Report, measure: str) -> list[tuple[str, int]]:
    """The measure's counts by key, most first, then by key."""
    return sorted(counts(report, measure).items(), key=lambda item: (-item[1], item[0]))


def accompaniments(report: Report) -> Figure:
    labels = {**dict(AccompanimentOutcome.choices), "": "Not yet recorded"}
    figure = Figure(
        key="accompaniments",
        title="Accompaniments to a first activity",
        label_heading="Outcome",
        columns=[Column("Accompaniments")],
        rows=[
            Row(labels.get(outcome, outcome), [n])
            for outcome, n in _by_key(report, "accompaniments")
        ],
        chart="horizontal",
    )
    return with_column_totals(figure)


def _activity_figure(report: Report, key: str, title: str, heading: str, additive: bool) -> Figure:
    # Referred, accepted, attended and signposted only, by name.
    by_name: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for flagged, n in counts(report, key).items():
        flags, name = flagged.split("|", 1)
        sent, accepted, attended, signposted = (flag == "1" for flag in flags)
        into = by_name[name]
        into[0] += n * sent
        into[1] += n * accepted
        into[2] += n * attended
        into[3] += n * signposted
    # Most referred first, then by name (unnamed last).
    ranked = [
        (name or "No category", values)
        for name, values in sorted(
            by_name.items(), key=lambda item: (-item[1][0], not item[0], item[0])
        )
    ]
    note = "" if additive else "A service can be in more than one category, so these do not add up."
    shown = figures.MOST_ROWS_SHOWN
    # A report page lists the providers most referred to and the rest in one row (a national
    # year reaches thousands, whose table was most of the page's time); a download lists
    # every one. Categories are not summed: a service can be in more than one.
    if additive and report.comments_page is not None and len(ranked) > shown:
        others = [values for _, values in ranked[shown:]]
        rest = [sum(column) for column in zip(*others, strict=True)]
        label, note = figures.the_others("providers", "provider", shown, len(others))
        ranked = [*ranked[:shown], (label, rest)]
    rows = [
        Row(
            label,
            [
                referred,
                accepted,
                share(accepted, referred),
                attended,
                share(attended, referred),
                signposted,
            ],
        )
        for label, (referred, accepted, attended, signposted) in ranked
    ]
    figure = Figure(
        key=key,
        title=title,
        label_heading=heading,
        columns=[
            Column("Referred"),
            Column("Accepted"),
            Column("Acceptance rate", PERCENT, share_of=(1, 0)),
            Column("Attended"),
            Column("Attendance rate", PERCENT, share_of=(3, 0)),
            Column("Signposted only"),
        ],
        rows=rows,
        chart="horizontal",
        note=note,
    )
    return with_column_totals(figure) if additive else figure


def activity_referrals_by_category(report: Report) -> Figure:
    return _activity_figure(
        report,
        "activities_by_category",
        "Activity referrals by category",
        "Category",
        additive=False,
    )


def activity_referrals_by_provider(report: Report) -> Figure:
    return _activity_figure(
        report,
        "activities_by_provider",
        "Activity referrals by provider",
        "Provider",
        additive=True,
    )


def onward_referrals(report: Report) -> Figure:
    figure = Figure(
        key="onward",
        title="Onward referrals to other social prescribing services",
        label_heading="Service referred to",
        columns=[Column("Referrals")],
        rows=[Row(name, [n]) for name, n in _by_key(report, "onward")],
        chart="horizontal",
    )
    return with_column_totals(figure)

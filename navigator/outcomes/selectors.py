"""Reads: which instruments an organisation uses, the questions of an administration, and a
person's progress over time (charts and tables)."""

import base64
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from navigator.accounts.models import Organisation
from navigator.accounts.selectors import with_names
from navigator.core.timeline import TimelineEntry
from navigator.outcomes import instruments
from navigator.outcomes.instruments import CUSTOM_PREFIX, Instrument, Item, Kind, MeasureInfo
from navigator.outcomes.models import (
    Administration,
    CustomInstrument,
    InstrumentChoice,
    Score,
    Status,
    TimePoint,
)
from navigator.people.models import Person
from navigator.plans.models import Goal, SupportPlan


class NotAvailable(Exception):
    """The instrument cannot be used for this person (e.g. no goals in their plan)."""


@dataclass(frozen=True)
class Available:
    instrument: Instrument
    enabled: bool


def custom_as_instrument(custom: CustomInstrument) -> Instrument:
    items = [
        Item(
            f"item_{number}",
            text,
            Decimal(custom.minimum),
            Decimal(custom.maximum),
            hint=f"{custom.minimum} to {custom.maximum}",
        )
        for number, text in enumerate(custom.items, start=1)
    ]
    return instruments.custom_instrument(custom.code, custom.name, items)


def library(organisation: Organisation) -> list[Available]:
    """Every built-in instrument with the organisation's switch, then its own measures."""
    switches = dict(
        InstrumentChoice.objects.filter(organisation=organisation).values_list(
            "instrument_code", "enabled"
        )
    )
    built_in = [
        Available(instrument, switches.get(instrument.code, instrument.enabled_by_default))
        for instrument in instruments.BUILT_IN
    ]
    own = [
        Available(custom_as_instrument(custom), custom.enabled)
        for custom in CustomInstrument.objects.filter(organisation=organisation)
    ]
    return built_in + own


def enabled_instruments(organisation: Organisation) -> list[Instrument]:
    return [entry.instrument for entry in library(organisation) if entry.enabled]


def instrument(organisation: Organisation, code: str) -> Instrument:
    """An instrument by code, whether or not it is switched on (old answers stay readable)."""
    if code in instruments.INSTRUMENTS:
        return instruments.INSTRUMENTS[code]
    if code.startswith(CUSTOM_PREFIX):
        custom = CustomInstrument.objects.filter(
            organisation=organisation, code=code.removeprefix(CUSTOM_PREFIX)
        ).first()
        if custom:
            return custom_as_instrument(custom)
    raise KeyError(code)


def custom_measures(organisation_id: int) -> dict[str, MeasureInfo]:
    """MeasureInfo of the organisation's own measures (their direction is in the settings).
    By the organisation's id: a person's page has no other use for loading the organisation."""
    return {
        f"{CUSTOM_PREFIX}{custom.code}": MeasureInfo(
            key=f"{CUSTOM_PREFIX}{custom.code}",
            label=custom.name,
            higher_is_better=custom.higher_is_better,
            meaningful_change=None,
            threshold_source=instruments.NO_THRESHOLD,
        )
        for custom in CustomInstrument.objects.filter(organisation_id=organisation_id)
    }


def _plan(person: Person) -> SupportPlan | None:
    return (
        SupportPlan.objects.filter(person=person)
        .select_related("star")
        .prefetch_related("goals")
        .first()
    )


def goal_question(goal: Goal) -> str:
    return f"Goal {goal.position}: {goal.words}"


def items_for(chosen: Instrument, person: Person) -> list[Item]:
    """The questions as they will be asked: goals and star areas come from the plan."""
    if chosen.kind == Kind.GOALS:
        plan = _plan(person)
        goals = list(plan.goals.all()) if plan else []
        if not goals:
            raise NotAvailable("Their support plan has no goals yet")
        return [
            Item(
                f"goal_{goal.position}",
                goal_question(goal),
                instruments.ZERO,
                instruments.TEN,
                hint="0 means no progress, 5 half way and 10 reached",
            )
            for goal in goals
        ]
    if chosen.kind == Kind.STAR:
        plan = _plan(person)
        if plan is None or plan.star is None:
            raise NotAvailable("Their support plan has no star")
        star = plan.star
        choices = tuple(
            instruments.Choice(point, star.label_for(point)) for point in range(1, star.scale + 1)
        )
        return [
            Item(area, area, Decimal(1), Decimal(star.scale), choices=choices)
            for area in star.areas
        ]
    return list(chosen.items)


def questions(administration: Administration) -> list[Item]:
    return [Item.from_data(data) for data in administration.items]


def answers_of(administration: Administration) -> dict[str, Decimal | None]:
    return {
        key: None if value is None else Decimal(value)
        for key, value in administration.answers.items()
    }


def administrations_of(person: Person) -> list[Administration]:
    return list(
        Administration.objects.filter(person=person)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("pk")))
        .order_by("-created_at")
    )


# Progress -------------------------------------------------------------------------------------


@dataclass
class Point:
    administration: Administration | None  # None: a goal's start rating in the support plan
    value: Decimal | None
    band: str = ""

    @property
    def when(self) -> datetime.datetime | None:
        """When it was scored; None for a goal's start rating."""
        if self.administration is None or self.administration.completed_at is None:
            return None
        return timezone.localtime(self.administration.completed_at)


@dataclass
class Series:
    info: MeasureInfo
    points: list[Point]
    label: str = ""  # the goal in the person's words, where there is one
    start: Decimal | None = None  # a goal's start rating, agreed in the support plan

    def __post_init__(self) -> None:
        self.label = self.label or self.info.label

    @property
    def baseline(self) -> Point | None:
        """The plan's start rating of a goal; else the first baseline score, else the first
        score."""
        if self.start is not None:
            return Point(None, self.start)
        marked = [
            point
            for point in self.points
            if point.administration is not None
            and point.administration.time_point == TimePoint.BASELINE
            and point.value is not None
        ]
        scored = [point for point in self.points if point.value is not None]
        return next(iter(marked or scored), None)

    @property
    def latest(self) -> Point | None:
        scored = [point for point in self.points if point.value is not None]
        return scored[-1] if scored else None

    @property
    def change(self) -> Decimal | None:
        baseline, latest = self.baseline, self.latest
        if baseline is None or latest is None or latest is baseline:
            return None
        if baseline.value is None or latest.value is None:  # neither is: both were scored
            return None
        return latest.value - baseline.value

    @property
    def reading(self) -> str:
        return "" if self.change is None else instruments.reading(self.info, self.change)


def _info(measure: str, own: dict[str, MeasureInfo]) -> MeasureInfo:
    return own.get(measure) or instruments.measure_info(measure)


def _goal_starts(person: Person) -> dict[str, Decimal]:
    """The start rating of each goal in the person's plan, by the question that asks about it
    ("Goal 1: Walk to the shops"): a goal reworded since was another goal."""
    plan = _plan(person)
    return {
        goal_question(goal): Decimal(goal.baseline_rating)
        for goal in (plan.goals.all() if plan else [])
    }


def goals_with_progress(
    plan: SupportPlan | None, scored: list["Series"]
) -> list[tuple[Goal, "Series | None"]]:
    """Each goal of the plan with its series of progress ratings (`scored`: the "goals" of
    `progress`), or None while it has not been rated."""
    by_question = {series.label: series for series in scored}
    return [
        (goal, by_question.get(goal_question(goal))) for goal in (plan.goals.all() if plan else [])
    ]


def progress(person: Person, instrument: str | None = None) -> dict[str, list[Series]]:
    """Completed scores over time, grouped by instrument code then measure, oldest first
    (only `instrument`'s, when given: the person's page shows the goals alone). Every series
    of an instrument has one point per administration (None where not scored), so charts and
    tables line up."""
    completed = (
        Score.objects.filter(administration__person=person, administration__status=Status.COMPLETE)
        .select_related("administration")
        .order_by("administration__completed_at", "administration__pk", "pk")
    )
    if instrument is not None:
        completed = completed.filter(administration__instrument_code=instrument)
    own = (
        custom_measures(person.organisation_id)
        if instrument is None or instrument.startswith(CUSTOM_PREFIX)
        else {}
    )
    given: dict[str, dict[str, dict[int, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    administrations: dict[str, dict[int, Administration]] = defaultdict(dict)
    for score in completed:
        code = score.administration.instrument_code
        administrations[code].setdefault(score.administration_id, score.administration)
        given[code][score.measure][score.administration_id] = score.value
    goal_words: dict[str, str] = {
        item["key"]: item["text"]
        for administration in administrations.get("goals", {}).values()
        for item in administration.items
    }
    starts = _goal_starts(person) if goal_words else {}
    return {
        code: [
            Series(
                _info(measure, own),
                [
                    Point(
                        administration,
                        values.get(pk),
                        instruments.ons4_band(measure, values.get(pk)),
                    )
                    for pk, administration in administrations[code].items()
                ],
                goal_words.get(measure, "") if code == "goals" else "",
                starts.get(goal_words.get(measure, "")) if code == "goals" else None,
            )
            for measure, values in measures.items()
            if _info(measure, own).charted
        ]
        for code, measures in given.items()
    }


def _pygal_style() -> dict[str, Any]:
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        foreground="#212b32",
        foreground_strong="#212b32",
        foreground_subtle="#4c6272",
        colors=("#005eb8", "#007f3b", "#d5281b", "#330072", "#ffb81c"),
        font_family="Arial, sans-serif",
        label_font_size=14,
        major_label_font_size=14,
        legend_font_size=16,
        title_font_size=18,
    )
    # No JavaScript: the chart is a picture; the table beside it carries the numbers.
    return {
        "js": [],
        "style": style,
        "disable_xml_declaration": True,
        "width": 700,
        "truncate_legend": -1,
    }


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _x_label(point: Point) -> str:
    baseline = (
        point.administration is not None and point.administration.time_point == TimePoint.BASELINE
    )
    marker = " (baseline)" if baseline else ""
    return f"{point.when:%d %b %Y}{marker}"


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def line_chart(title: str, series: list[Series]) -> str:
    """Each measure over time; the baseline level is drawn as a dashed line."""
    import pygal

    bounds = [
        (s.info.minimum, s.info.maximum)
        for s in series
        if s.info.minimum is not None and s.info.maximum is not None
    ]
    chart = pygal.Line(
        title=title,
        show_legend=True,
        legend_at_bottom=True,
        height=420,
        x_label_rotation=20,
        range=(float(bounds[0][0]), float(bounds[0][1])) if bounds else None,
        **_pygal_style(),
    )
    chart.x_labels = [_x_label(point) for point in series[0].points]
    for one in series:
        chart.add(one.label, [_float(point.value) for point in one.points])
    if len(series) == 1 and series[0].baseline is not None:
        level = _float(series[0].baseline.value)
        chart.add(
            "Baseline",
            [level] * len(series[0].points),
            stroke_style={"dasharray": "6, 4"},
            show_dots=False,
        )
    return _data_uri(chart.render(is_unicode=True))


def bar_chart(title: str, series: list[Series]) -> str:
    """Goal ratings: baseline and latest rating of each goal as bars."""
    import pygal

    chart = pygal.Bar(
        title=title, range=(0, 10), legend_at_bottom=True, height=420, **_pygal_style()
    )
    chart.x_labels = [one.info.label for one in series]  # short: "Goal 1 progress"
    chart.add("Baseline", [_float(one.baseline.value if one.baseline else None) for one in series])
    chart.add("Latest", [_float(one.latest.value if one.latest else None) for one in series])
    return _data_uri(chart.render(is_unicode=True))


def radar_chart(title: str, series: list[Series], maximum: int) -> str:
    import pygal

    chart = pygal.Radar(
        title=title,
        range=(0, maximum),
        fill=False,
        legend_at_bottom=True,
        height=560,
        **_pygal_style(),
    )
    chart.x_labels = [one.info.label for one in series]
    chart.add("Baseline", [_float(one.baseline.value if one.baseline else None) for one in series])
    chart.add("Latest", [_float(one.latest.value if one.latest else None) for one in series])
    return _data_uri(chart.render(is_unicode=True))


@dataclass
class Panel:
    """One instrument on the progress page: its chart and the table beside it."""

    code: str
    title: str
    series: list[Series]
    chart: str
    kind: str  # "line", "bar" or "radar"


def progress_panels(person: Person) -> list[Panel]:
    panels = []
    names = {entry.instrument.code: entry.instrument.name for entry in library(person.organisation)}
    for code, series in progress(person).items():
        title = names.get(code, code)
        if code == "goals":
            panels.append(Panel(code, title, series, bar_chart(title, series), "bar"))
        elif code == "star" and len(series) >= 3:
            latest = series[0].points[-1].administration
            latest_items = latest.items if latest else []
            top = max(int(Decimal(item["maximum"])) for item in latest_items)
            panels.append(Panel(code, title, series, radar_chart(title, series, top), "radar"))
        else:
            panels.append(Panel(code, title, series, line_chart(title, series), "line"))
    return panels


def outcomes_timeline(person: Person) -> list[TimelineEntry]:
    """Timeline source: each completed questionnaire."""
    completed = (
        Administration.objects.filter(person=person, status=Status.COMPLETE)
        .select_related("recorded_by")
        .only(
            "completed_at",
            "instrument_name",
            "time_point",
            "answered_how",
            *with_names("recorded_by"),
        )
    )
    return [
        TimelineEntry(
            at=administration.completed_at,
            title=f"{administration.instrument_name} completed",
            description=f"{administration.get_time_point_display()}; "
            f"{administration.get_answered_how_display().lower()}",
            actor=str(administration.recorded_by) if administration.recorded_by else "The person",
        )
        for administration in completed
        if administration.completed_at is not None  # set when it was completed
    ]

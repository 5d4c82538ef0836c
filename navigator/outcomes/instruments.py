"""The built-in instrument library, held as data, and the scoring rules of each instrument.

Pure Python (no database): reports use `measure_info` to read a stored score, and the scoring
functions are tested against worked examples. Wording is shipped only where it may be
(docs/domain.md section 5): ONS4, the ONS loneliness questions and goal-based
outcomes. SWEMWBS is free with registration: its scoring is shipped, its statements are not,
so it is entered by staff from the organisation's registered form. Licensed instruments
(Well-being Star, MYCaW, PAM, EQ-5D) are score-only: their externally obtained scores are
recorded as numbers, with no wording at all.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Answers = Mapping[str, Decimal | None]
Scores = dict[str, Decimal | None]


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    minimum: Decimal
    maximum: Decimal
    choices: tuple[Choice, ...] = ()
    decimal_places: int = 0  # score-only entries such as an EQ-5D index have decimals
    hint: str = ""

    def as_data(self) -> dict:
        return {
            "key": self.key,
            "text": self.text,
            "minimum": str(self.minimum),
            "maximum": str(self.maximum),
            "choices": [[choice.value, choice.label] for choice in self.choices],
            "decimal_places": self.decimal_places,
            "hint": self.hint,
        }

    @classmethod
    def from_data(cls, data: Mapping) -> "Item":
        return cls(
            key=data["key"],
            text=data["text"],
            minimum=Decimal(data["minimum"]),
            maximum=Decimal(data["maximum"]),
            choices=tuple(Choice(value, label) for value, label in data.get("choices", [])),
            decimal_places=data.get("decimal_places", 0),
            hint=data.get("hint", ""),
        )

    def accepts(self, value: Decimal) -> bool:
        if not self.minimum <= value <= self.maximum:
            return False
        if self.choices and value not in {Decimal(choice.value) for choice in self.choices}:
            return False
        return value == value.quantize(Decimal(1).scaleb(-self.decimal_places))


@dataclass(frozen=True)
class MeasureInfo:
    key: str
    label: str
    higher_is_better: bool
    meaningful_change: Decimal | None
    threshold_source: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    charted: bool = True  # shown on the progress page (the SWEMWBS raw score is not)


class Kind:
    """Where an instrument's questions come from."""

    FIXED = "fixed"  # the items below
    GOALS = "goals"  # the person's Top 3 Goals, from their support plan
    STAR = "star"  # the areas of the organisation's star, from the plan
    CUSTOM = "custom"  # an organisation's own measure


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    description: str
    kind: str = Kind.FIXED
    items: tuple[Item, ...] = ()
    intro: str = ""  # what the person reads before the questions
    score_only: bool = False  # licensed: numbers only, no wording
    person_can_answer: bool = True  # may be sent to the person through a link
    enabled_by_default: bool = True
    measures: tuple[MeasureInfo, ...] = field(default=())
    score: Callable[[Sequence[Item], Answers], Scores] | None = None


# Scoring rules ----------------------------------------------------------------------------------

SWEMWBS_METRIC = {
    raw: Decimal(metric)
    for raw, metric in {
        7: "7.00",
        8: "9.51",
        9: "11.25",
        10: "12.40",
        11: "13.33",
        12: "14.08",
        13: "14.75",
        14: "15.32",
        15: "15.84",
        16: "16.36",
        17: "16.88",
        18: "17.43",
        19: "17.98",
        20: "18.59",
        21: "19.25",
        22: "19.98",
        23: "20.73",
        24: "21.54",
        25: "22.35",
        26: "23.21",
        27: "24.11",
        28: "25.03",
        29: "26.02",
        30: "27.03",
        31: "28.13",
        32: "29.31",
        33: "30.70",
        34: "32.55",
        35: "35.00",
    }.items()
}


def each_item(prefix: str) -> Callable[[Sequence[Item], Answers], Scores]:
    """Every item is its own measure (no composite); a missing item is a missing score."""

    def score(items: Sequence[Item], answers: Answers) -> Scores:
        return {f"{prefix}{item.key}": answers.get(item.key) for item in items}

    return score


def total_when_complete(measure: str) -> Callable[[Sequence[Item], Answers], Scores]:
    """The sum of the items, only when every item is answered (no pro-rating)."""

    def score(items: Sequence[Item], answers: Answers) -> Scores:
        values = [answers.get(item.key) for item in items]
        answered = [value for value in values if value is not None]
        return {measure: None if len(answered) < len(values) else sum(answered, Decimal(0))}

    return score


def score_swemwbs(items: Sequence[Item], answers: Answers) -> Scores:
    """Raw 7-35 and the metric score from the conversion table; valid only when all seven
    items are answered (Warwick's rule), otherwise both are missing."""
    raw = total_when_complete("swemwbs_raw")(items, answers)["swemwbs_raw"]
    return {
        "swemwbs_raw": raw,
        "swemwbs_metric": None if raw is None else SWEMWBS_METRIC[int(raw)],
    }


# Bands ------------------------------------------------------------------------------------------

ONS4_POSITIVE_BANDS = ((4, "Low"), (6, "Medium"), (8, "High"), (10, "Very high"))
ONS4_ANXIETY_BANDS = ((1, "Very low"), (3, "Low"), (5, "Medium"), (10, "High"))


def ons4_band(measure: str, value: Decimal | None) -> str:
    """The ONS threshold band of one ONS4 answer ("" when unanswered or not an ONS4 item)."""
    if value is None or not measure.startswith("ons4_"):
        return ""
    bands = ONS4_ANXIETY_BANDS if measure == "ons4_anxious" else ONS4_POSITIVE_BANDS
    return next(label for upper, label in bands if value <= upper)


# The library ------------------------------------------------------------------------------------

ZERO, TEN = Decimal(0), Decimal(10)
ZERO_TO_TEN = "0 means not at all and 10 means completely"
ONS4_SOURCE = (
    "The ONS publishes thresholds for bands, not a threshold for meaningful change in one "
    "person's answers, so changes are reported without calling them meaningful"
)
NO_THRESHOLD = "No published threshold for meaningful change in one person's score"

OFTEN = (
    Choice(1, "Hardly ever or never"),
    Choice(2, "Some of the time"),
    Choice(3, "Often"),
)
# Stored so that a higher number means feeling lonely more often, as in the three-item scale.
HOW_OFTEN_LONELY = (
    Choice(5, "Often or always"),
    Choice(4, "Some of the time"),
    Choice(3, "Occasionally"),
    Choice(2, "Hardly ever"),
    Choice(1, "Never"),
)
SWEMWBS_SCALE = (
    Choice(1, "None of the time"),
    Choice(2, "Rarely"),
    Choice(3, "Some of the time"),
    Choice(4, "Often"),
    Choice(5, "All of the time"),
)


def _zero_to_ten(key: str, text: str) -> Item:
    return Item(key, text, ZERO, TEN, hint=ZERO_TO_TEN)


def _number(key: str, text: str, minimum: str, maximum: str, places: int = 0) -> Item:
    return Item(key, text, Decimal(minimum), Decimal(maximum), decimal_places=places)


def _measure(key: str, label: str, higher_is_better: bool = True, **kwargs) -> MeasureInfo:
    kwargs.setdefault("meaningful_change", None)
    kwargs.setdefault("threshold_source", NO_THRESHOLD)
    return MeasureInfo(key=key, label=label, higher_is_better=higher_is_better, **kwargs)


BUILT_IN: tuple[Instrument, ...] = (
    Instrument(
        code="ons4",
        name="ONS4 personal wellbeing",
        description="Four questions from the Office for National Statistics, each 0 to 10.",
        intro="Please answer each question on a scale of 0 to 10, where 0 is "
        "'not at all' and 10 is 'completely'.",
        items=(
            _zero_to_ten("satisfied", "Overall, how satisfied are you with your life nowadays?"),
            _zero_to_ten(
                "worthwhile",
                "Overall, to what extent do you feel that the things you do in your life are "
                "worthwhile?",
            ),
            _zero_to_ten("happy", "Overall, how happy did you feel yesterday?"),
            Item(
                "anxious",
                "Overall, how anxious did you feel yesterday?",
                ZERO,
                TEN,
                hint="0 means not at all anxious and 10 means completely anxious",
            ),
        ),
        measures=tuple(
            _measure(
                key,
                label,
                higher_is_better=key != "ons4_anxious",
                meaningful_change=None,
                threshold_source=ONS4_SOURCE,
                minimum=ZERO,
                maximum=TEN,
            )
            for key, label in (
                ("ons4_satisfied", "Life satisfaction"),
                ("ons4_worthwhile", "Feeling things you do are worthwhile"),
                ("ons4_happy", "Happiness yesterday"),
                ("ons4_anxious", "Anxiety yesterday"),
            )
        ),
        score=each_item("ons4_"),
    ),
    Instrument(
        code="swemwbs",
        name="SWEMWBS (Short Warwick-Edinburgh Mental Wellbeing Scale)",
        description="Seven statements, each 1 to 5, about the last two weeks. Free with "
        "registration: enter the answers from your organisation's registered form.",
        items=tuple(
            Item(
                f"statement_{number}",
                f"Statement {number}",
                Decimal(1),
                Decimal(5),
                choices=SWEMWBS_SCALE,
            )
            for number in range(1, 8)
        ),
        person_can_answer=False,
        measures=(
            _measure(
                "swemwbs_metric",
                "Mental wellbeing (SWEMWBS metric score)",
                meaningful_change=Decimal(3),
                threshold_source="Warwick Medical School guidance on interpreting SWEMWBS: "
                "a change of 3 or more metric points is meaningful for an individual",
                minimum=Decimal(7),
                maximum=Decimal(35),
            ),
            _measure(
                "swemwbs_raw",
                "Mental wellbeing (SWEMWBS raw score)",
                threshold_source="Interpret change on the metric score",
                charted=False,
                minimum=Decimal(7),
                maximum=Decimal(35),
            ),
        ),
        score=score_swemwbs,
    ),
    Instrument(
        code="loneliness",
        name="Loneliness: three questions (ONS)",
        description="Three questions, each scored 1 to 3; total 3 (least lonely) to 9.",
        intro="The next questions are about how you feel about different aspects of your life.",
        items=(
            Item(
                "companionship",
                "How often do you feel that you lack companionship?",
                Decimal(1),
                Decimal(3),
                choices=OFTEN,
            ),
            Item(
                "left_out", "How often do you feel left out?", Decimal(1), Decimal(3), choices=OFTEN
            ),
            Item(
                "isolated",
                "How often do you feel isolated from others?",
                Decimal(1),
                Decimal(3),
                choices=OFTEN,
            ),
        ),
        measures=(
            _measure(
                "loneliness_total",
                "Loneliness (three questions, 3 to 9)",
                higher_is_better=False,
                minimum=Decimal(3),
                maximum=Decimal(9),
            ),
        ),
        score=total_when_complete("loneliness_total"),
    ),
    Instrument(
        code="loneliness_direct",
        name="Loneliness: the direct question (ONS)",
        description='"How often do you feel lonely?" If only one question can be asked, '
        "ask this one.",
        items=(
            Item(
                "lonely",
                "How often do you feel lonely?",
                Decimal(1),
                Decimal(5),
                choices=HOW_OFTEN_LONELY,
            ),
        ),
        measures=(
            _measure(
                "loneliness_direct",
                "How often lonely (1 = never, 5 = often or always)",
                higher_is_better=False,
                minimum=Decimal(1),
                maximum=Decimal(5),
            ),
        ),
        score=lambda items, answers: {"loneliness_direct": answers.get("lonely")},
    ),
    Instrument(
        code="goals",
        name="Top 3 Goals progress",
        description="Progress towards each goal in the support plan, 0 (no progress) to 10 "
        "(reached).",
        kind=Kind.GOALS,
        intro="For each of your goals, how far have you got? 0 means no progress, 5 means "
        "half way and 10 means the goal is reached.",
        measures=tuple(
            _measure(
                f"goal_{number}",
                f"Goal {number} progress",
                meaningful_change=Decimal("2.45"),
                threshold_source="Edbrooke-Childs et al. (2015), reliable change on goal-based "
                "outcomes: 2.45 points",
                minimum=ZERO,
                maximum=TEN,
            )
            for number in range(1, 4)
        ),
        score=each_item(""),
    ),
    Instrument(
        code="star",
        name="Outcome star",
        description="The areas of your organisation's star, from the person's support plan.",
        kind=Kind.STAR,
        intro="For each area of your life, choose the point that is closest to where you are now.",
        score=each_item("star:"),
    ),
    Instrument(
        code="wellbeing_star",
        name="Well-being Star (licensed: scores only)",
        description="Scores from a Well-being Star completed on the licensed form: 8 areas, "
        "each 1 to 5.",
        items=tuple(_number(f"area_{n}", f"Area {n} score", "1", "5") for n in range(1, 9)),
        score_only=True,
        person_can_answer=False,
        enabled_by_default=False,
        measures=tuple(
            _measure(
                f"wellbeing_star_area_{n}",
                f"Well-being Star area {n}",
                minimum=Decimal(1),
                maximum=Decimal(5),
            )
            for n in range(1, 9)
        ),
        score=each_item("wellbeing_star_"),
    ),
    Instrument(
        code="mycaw",
        name="MYCaW (licensed: scores only)",
        description="Scores from a MYCaW form: two concerns and wellbeing, each 0 to 6 "
        "(lower is better).",
        items=(
            _number("concern_1", "Concern 1 score", "0", "6"),
            _number("concern_2", "Concern 2 score", "0", "6"),
            _number("wellbeing", "Wellbeing score", "0", "6"),
        ),
        score_only=True,
        person_can_answer=False,
        enabled_by_default=False,
        measures=tuple(
            _measure(
                f"mycaw_{key}", label, higher_is_better=False, minimum=ZERO, maximum=Decimal(6)
            )
            for key, label in (
                ("concern_1", "MYCaW concern 1"),
                ("concern_2", "MYCaW concern 2"),
                ("wellbeing", "MYCaW wellbeing"),
            )
        ),
        score=each_item("mycaw_"),
    ),
    Instrument(
        code="pam",
        name="PAM (licensed: scores only)",
        description="The Patient Activation Measure score (0 to 100) and level (1 to 4) from "
        "the licensed survey.",
        items=(
            _number("score", "Activation score", "0", "100", places=1),
            _number("level", "Activation level", "1", "4"),
        ),
        score_only=True,
        person_can_answer=False,
        enabled_by_default=False,
        measures=(
            _measure("pam_score", "PAM activation score", minimum=ZERO, maximum=Decimal(100)),
            _measure("pam_level", "PAM activation level", minimum=Decimal(1), maximum=Decimal(4)),
        ),
        score=each_item("pam_"),
    ),
    Instrument(
        code="eq5d",
        name="EQ-5D (licensed: scores only)",
        description="The EQ-5D index value and the EQ VAS (0 to 100) from the licensed form.",
        items=(
            _number("index", "Index value", "-1", "1", places=3),
            _number("vas", "EQ VAS (0 to 100)", "0", "100"),
        ),
        score_only=True,
        person_can_answer=False,
        enabled_by_default=False,
        measures=(
            _measure("eq5d_index", "EQ-5D index value", minimum=Decimal(-1), maximum=Decimal(1)),
            _measure("eq5d_vas", "EQ VAS", minimum=ZERO, maximum=Decimal(100)),
        ),
        score=each_item("eq5d_"),
    ),
)

INSTRUMENTS: dict[str, Instrument] = {instrument.code: instrument for instrument in BUILT_IN}
MEASURES: dict[str, MeasureInfo] = {
    measure.key: measure for instrument in BUILT_IN for measure in instrument.measures
}
CUSTOM_PREFIX = "custom:"
STAR_PREFIX = "star:"


def score(instrument: Instrument, items: Sequence[Item], answers: Answers) -> Scores:
    """The stored scores of a completed administration, by the instrument's missing-item
    rule: a missing answer is never counted as zero."""
    if instrument.score is None:
        raise ValueError(f"{instrument.code} has no scoring rule")
    return instrument.score(items, answers)


def custom_instrument(code: str, name: str, items: Sequence[Item]) -> Instrument:
    """An organisation's own measure: the total of its items when all are answered."""
    return Instrument(
        code=f"{CUSTOM_PREFIX}{code}",
        name=name,
        description="",
        kind=Kind.CUSTOM,
        items=tuple(items),
        score=total_when_complete(f"{CUSTOM_PREFIX}{code}"),
    )


def measure_info(measure_key: str) -> MeasureInfo:
    """What a stored Score.measure means. Star areas and custom measures are named by their
    key; an organisation's own measure's direction is held in its settings (selectors)."""
    if measure_key in MEASURES:
        return MEASURES[measure_key]
    if measure_key.startswith(STAR_PREFIX):
        return _measure(measure_key, measure_key.removeprefix(STAR_PREFIX))
    if measure_key.startswith(CUSTOM_PREFIX):
        return _measure(measure_key, measure_key.removeprefix(CUSTOM_PREFIX))
    raise KeyError(measure_key)


def reading(info: MeasureInfo, change: Decimal) -> str:
    """A plain-language reading of a change from baseline, e.g. "up 4 points — a meaningful
    change" (only where the instrument has a published threshold)."""
    if change == 0:
        return "no change"
    size = abs(change).normalize()
    points = f"{size:f} point" + ("" if size == 1 else "s")
    direction = "up" if change > 0 else "down"
    better = (change > 0) == info.higher_is_better
    if info.meaningful_change is None:
        return f"{direction} {points} ({'better' if better else 'worse'})"
    if size >= info.meaningful_change:
        return f"{direction} {points} — a meaningful {'improvement' if better else 'worsening'}"
    return f"{direction} {points} — less than a meaningful change"

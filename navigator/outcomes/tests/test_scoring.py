"""Scoring of every built-in instrument against worked examples, missing-item rules, the full
SWEMWBS conversion table, and property-based checks that scores stay in range."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.outcomes import instruments
from navigator.outcomes.instruments import INSTRUMENTS, Item, measure_info, ons4_band, score

D = Decimal

# The conversion table as printed in the domain notes (section 5), raw: metric.
SWEMWBS_TABLE = """
7:7.00  8:9.51  9:11.25 10:12.40 11:13.33 12:14.08 13:14.75 14:15.32 15:15.84 16:16.36
17:16.88 18:17.43 19:17.98 20:18.59 21:19.25 22:19.98 23:20.73 24:21.54 25:22.35 26:23.21
27:24.11 28:25.03 29:26.02 30:27.03 31:28.13 32:29.31 33:30.70 34:32.55 35:35.00
"""
PUBLISHED = {
    int(raw): D(metric) for raw, metric in (pair.split(":") for pair in SWEMWBS_TABLE.split())
}


def answers_summing_to(raw: int) -> dict[str, Decimal]:
    """Seven answers of 1-5 adding up to `raw`."""
    values, left = [], raw - 7
    for _ in range(7):
        step = min(4, left)
        values.append(D(1 + step))
        left -= step
    return {f"statement_{n}": value for n, value in enumerate(values, start=1)}


def scored(code: str, answers: dict) -> dict:
    instrument = INSTRUMENTS[code]
    return score(instrument, instrument.items, answers)


@pytest.mark.parametrize("raw", sorted(PUBLISHED))
def test_swemwbs_converts_every_raw_score_by_the_published_table(raw):
    result = scored("swemwbs", answers_summing_to(raw))
    assert result == {"swemwbs_raw": D(raw), "swemwbs_metric": PUBLISHED[raw]}


def test_swemwbs_table_covers_exactly_7_to_35():
    assert instruments.SWEMWBS_METRIC == PUBLISHED


def test_swemwbs_worked_example():
    # 4, 3, 3, 4, 4, 2, 5 = 25 raw, 22.35 metric.
    values = [4, 3, 3, 4, 4, 2, 5]
    answers = {f"statement_{n}": D(v) for n, v in enumerate(values, start=1)}
    assert scored("swemwbs", answers) == {"swemwbs_raw": D(25), "swemwbs_metric": D("22.35")}


def test_swemwbs_with_one_item_missing_is_unscorable_not_zero():
    answers = answers_summing_to(30) | {"statement_4": None}
    assert scored("swemwbs", answers) == {"swemwbs_raw": None, "swemwbs_metric": None}


def test_ons4_reports_each_item_with_no_composite_and_keeps_missing_items_missing():
    result = scored("ons4", {"satisfied": D(7), "worthwhile": D(8), "happy": None, "anxious": D(2)})
    assert result == {
        "ons4_satisfied": D(7),
        "ons4_worthwhile": D(8),
        "ons4_happy": None,
        "ons4_anxious": D(2),
    }


@pytest.mark.parametrize(
    ("measure", "value", "band"),
    [
        ("ons4_satisfied", 0, "Low"),
        ("ons4_satisfied", 4, "Low"),
        ("ons4_worthwhile", 5, "Medium"),
        ("ons4_happy", 6, "Medium"),
        ("ons4_happy", 7, "High"),
        ("ons4_satisfied", 8, "High"),
        ("ons4_satisfied", 9, "Very high"),
        ("ons4_worthwhile", 10, "Very high"),
        ("ons4_anxious", 0, "Very low"),
        ("ons4_anxious", 1, "Very low"),
        ("ons4_anxious", 2, "Low"),
        ("ons4_anxious", 3, "Low"),
        ("ons4_anxious", 4, "Medium"),
        ("ons4_anxious", 5, "Medium"),
        ("ons4_anxious", 6, "High"),
        ("ons4_anxious", 10, "High"),
    ],
)
def test_ons4_bands(measure, value, band):
    assert ons4_band(measure, D(value)) == band


def test_ons4_band_of_a_missing_answer_is_empty():
    assert ons4_band("ons4_happy", None) == ""


def test_loneliness_total_of_three_items():
    result = scored("loneliness", {"companionship": D(3), "left_out": D(2), "isolated": D(1)})
    assert result == {"loneliness_total": D(6)}


def test_loneliness_total_needs_all_three_items():
    result = scored("loneliness", {"companionship": D(3), "left_out": D(2), "isolated": None})
    assert result == {"loneliness_total": None}


def test_direct_loneliness_question_is_stored_as_answered():
    assert scored("loneliness_direct", {"lonely": D(5)}) == {"loneliness_direct": D(5)}
    assert scored("loneliness_direct", {}) == {"loneliness_direct": None}


def test_goals_each_scored_from_the_plan_items_and_missing_stays_missing():
    goals = [Item(f"goal_{n}", f"Goal {n}", D(0), D(10)) for n in (1, 2, 3)]
    result = score(INSTRUMENTS["goals"], goals, {"goal_1": D(6), "goal_2": None, "goal_3": D(0)})
    assert result == {"goal_1": D(6), "goal_2": None, "goal_3": D(0)}


def test_star_areas_each_scored_under_their_own_key():
    areas = [Item(area, area, D(1), D(5)) for area in ("Money", "Home")]
    result = score(INSTRUMENTS["star"], areas, {"Money": D(3), "Home": None})
    assert result == {"star:Money": D(3), "star:Home": None}


@pytest.mark.parametrize(
    ("code", "answers", "expected"),
    [
        (
            "mycaw",
            {"concern_1": D(4), "concern_2": D(2), "wellbeing": D(3)},
            {"mycaw_concern_1": D(4), "mycaw_concern_2": D(2), "mycaw_wellbeing": D(3)},
        ),
        ("pam", {"score": D("55.6"), "level": D(3)}, {"pam_score": D("55.6"), "pam_level": D(3)}),
        ("eq5d", {"index": D("0.725"), "vas": None}, {"eq5d_index": D("0.725"), "eq5d_vas": None}),
    ],
)
def test_licensed_instruments_store_the_scores_given(code, answers, expected):
    assert scored(code, answers) == expected


def test_licensed_instruments_ship_no_wording():
    for code in ("wellbeing_star", "mycaw", "pam", "eq5d"):
        instrument = INSTRUMENTS[code]
        assert instrument.score_only and not instrument.person_can_answer
        assert not instrument.intro
        assert all(
            not item.choices and item.text.endswith(("score", "value", "level", ")"))
            for item in instrument.items
        )


def test_custom_instrument_totals_only_when_complete():
    items = [Item(f"item_{n}", f"Statement {n}", D(1), D(4)) for n in (1, 2)]
    custom = instruments.custom_instrument("confidence", "Confidence", items)
    assert score(custom, items, {"item_1": D(3), "item_2": D(4)}) == {"custom:confidence": D(7)}
    assert score(custom, items, {"item_1": D(3), "item_2": None}) == {"custom:confidence": None}


@pytest.mark.parametrize(
    ("value", "accepted"),
    [(D(0), True), (D(10), True), (D(11), False), (D(-1), False), (D("5.5"), False)],
)
def test_items_refuse_answers_out_of_range(value, accepted):
    assert INSTRUMENTS["ons4"].items[0].accepts(value) is accepted


def test_choice_items_refuse_values_that_are_not_choices():
    item = Item(
        "x", "x", D(1), D(5), choices=(instruments.Choice(1, "a"), instruments.Choice(5, "b"))
    )
    assert item.accepts(D(5)) and not item.accepts(D(3))


def test_item_data_round_trips():
    item = INSTRUMENTS["loneliness"].items[0]
    assert Item.from_data(item.as_data()) == item


# Meaning of stored scores, for reports -----------------------------------------------------


def test_measure_info_thresholds_name_their_source():
    swemwbs = measure_info("swemwbs_metric")
    assert swemwbs.meaningful_change == D(3) and "Warwick" in swemwbs.threshold_source
    assert measure_info("ons4_happy").meaningful_change is None
    assert measure_info("ons4_anxious").higher_is_better is False
    assert measure_info("loneliness_total").higher_is_better is False
    assert measure_info("star:Money").label == "Money"
    assert measure_info("custom:confidence").label == "confidence"
    with pytest.raises(KeyError):
        measure_info("no_such_measure")


@pytest.mark.parametrize(
    ("measure", "change", "text"),
    [
        ("swemwbs_metric", D(4), "up 4 points — a meaningful improvement"),
        ("swemwbs_metric", D("-3.2"), "down 3.2 points — a meaningful worsening"),
        ("swemwbs_metric", D("1.5"), "up 1.5 points — less than a meaningful change"),
        ("ons4_happy", D(2), "up 2 points (better)"),
        ("ons4_anxious", D(2), "up 2 points (worse)"),
        ("loneliness_total", D(-1), "down 1 point (better)"),
        ("ons4_happy", D(0), "no change"),
    ],
)
def test_plain_language_reading_of_change(measure, change, text):
    assert instruments.reading(measure_info(measure), change) == text


# Property-based: whatever is answered, scores stay in their published ranges -----------------


def answers_for(code: str):
    items = INSTRUMENTS[code].items
    return st.fixed_dictionaries(
        {
            item.key: st.one_of(
                st.none(),
                st.sampled_from([D(c.value) for c in item.choices])
                if item.choices
                else st.integers(int(item.minimum), int(item.maximum)).map(D),
            )
            for item in items
        }
    )


# The machine running the suite may be busy: judge the scores, not the speed of generating them.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_range(measure: str, value: Decimal | None) -> bool:
    info = measure_info(measure)
    return value is None or info.minimum <= value <= info.maximum


@relaxed
@given(answers_for("swemwbs"))
def test_swemwbs_scores_stay_in_range(answers):
    result = scored("swemwbs", answers)
    assert all(in_range(measure, value) for measure, value in result.items())
    assert (result["swemwbs_raw"] is None) == any(v is None for v in answers.values())


@relaxed
@given(answers_for("ons4"))
def test_ons4_scores_stay_in_range(answers):
    assert all(in_range(m, v) for m, v in scored("ons4", answers).items())


@relaxed
@given(answers_for("loneliness"))
def test_loneliness_total_stays_in_range(answers):
    assert all(in_range(m, v) for m, v in scored("loneliness", answers).items())


@relaxed
@given(answers_for("swemwbs"))
def test_swemwbs_metric_never_falls_as_raw_rises(answers):
    raw = scored("swemwbs", answers)["swemwbs_raw"]
    if raw is not None and raw < 35:
        assert instruments.SWEMWBS_METRIC[int(raw) + 1] > instruments.SWEMWBS_METRIC[int(raw)]

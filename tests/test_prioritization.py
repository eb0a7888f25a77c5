"""Unit tests for pmkit.prioritization, checked against the course's content reference.

Expected values are computed by hand from the definitions in CONTENT.md ("Prioritization"),
not read back from the code: RICE, ICE, WSJF/Cost of Delay, CD3, weighted scoring, Ulwick's
opportunity score, the value-vs-effort 2x2, MoSCoW (DSDM), Kano (evaluation table, Matzler's
tie-break, Berger's coefficients) and capacity-constrained selection (0/1 knapsack vs greedy).
"""

from __future__ import annotations

import copy
import itertools
import math
import random
import re
import statistics
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from pmkit.datasets import load_backlog, load_kano_survey
from pmkit.prioritization import (
    KanoCoefficients,
    add_cd3,
    add_ice,
    add_kano_category,
    add_opportunity,
    add_rice,
    add_roadmap,
    add_value_effort_quadrant,
    add_weighted_score,
    add_wsjf,
    cd3_score,
    compare_roadmaps,
    cost_of_delay,
    greedy_within_capacity,
    ice_score,
    kano_category,
    kano_coefficients,
    kano_table,
    moscow_check,
    opportunity_score,
    rice_score,
    select_within_capacity,
    top_two_box,
    value_effort_quadrant,
    weighted_score,
    wsjf_score,
)

# ------------------------------------------------------------------------------------ helpers


def error_message(func, *args, **kwargs) -> str:
    """Call ``func`` expecting a ValueError and return its message."""
    with pytest.raises(ValueError) as info:
        func(*args, **kwargs)
    return str(info.value)


def assert_names(message: str, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in error message {message!r}"


def expected_ranks(scores) -> list[int]:
    """Rank 1 for the largest score; ties share the better (smaller) rank."""
    scores = list(scores)
    return [1 + sum(1 for other in scores if other > s) for s in scores]


@pytest.fixture
def backlog() -> pd.DataFrame:
    return load_backlog()


def backlog_with_value() -> pd.DataFrame:
    """The bundled backlog plus a ``value`` column (RICE's reach x impact x confidence)."""
    frame = load_backlog()
    frame["value"] = frame["reach"] * frame["impact"] * frame["confidence"]
    return frame


# ======================================================================================== RICE


@pytest.mark.parametrize(
    ("reach", "impact", "confidence", "effort", "expected"),
    [
        (2000, 2, 0.8, 4, 800.0),  # 2000 * 2 * 0.8 / 4
        (5200, 1, 1.0, 1.5, 5200 / 1.5),  # backlog F01
        (4500, 2, 0.8, 2, 3600.0),  # backlog F03
        (500, 0.25, 0.5, 0.5, 125.0),  # minimal impact, low confidence, half a month
        (1000, 3, 1.0, 10, 300.0),  # massive impact
        (0, 2, 1.0, 1, 0.0),  # nobody reached
        (100, 1, 0.0, 1, 0.0),  # zero confidence is allowed
    ],
)
def test_rice_score_hand_values(reach, impact, confidence, effort, expected):
    assert rice_score(reach, impact, confidence, effort) == pytest.approx(expected, rel=1e-12)


def test_rice_score_keywords_and_float_result():
    result = rice_score(reach=2000, impact=2, confidence=0.8, effort=4)
    assert isinstance(result, float)
    assert result == pytest.approx(800.0)


def test_rice_score_is_inverse_in_effort():
    assert rice_score(1000, 1, 1.0, 2) == pytest.approx(rice_score(1000, 1, 1.0, 1) / 2)


# ========================================================================================= ICE


@pytest.mark.parametrize(
    ("impact", "confidence", "ease", "product", "mean"),
    [
        (8, 5, 6, 240.0, 19 / 3),
        (10, 10, 10, 1000.0, 10.0),
        (1, 1, 1, 1.0, 1.0),
        (9, 3, 3, 81.0, 5.0),
        (2.5, 4, 10, 100.0, 16.5 / 3),
    ],
)
def test_ice_score_product_and_mean(impact, confidence, ease, product, mean):
    assert ice_score(impact, confidence, ease) == pytest.approx(product)  # default = product
    assert ice_score(impact, confidence, ease, method="product") == pytest.approx(product)
    assert ice_score(impact, confidence, ease, method="mean") == pytest.approx(mean)


def test_ice_methods_can_rank_differently():
    # Balanced beats lopsided under the product; the mean ranks them the other way round.
    balanced, lopsided = (5, 5, 5), (10, 1, 10)
    assert ice_score(*balanced) > ice_score(*lopsided)  # 125 > 100
    assert ice_score(*balanced, method="mean") < ice_score(*lopsided, method="mean")  # 5 < 7


@pytest.mark.parametrize("method", ["sum", "Product", "", None, "geometric"])
def test_ice_unknown_method_raises_naming_method(method):
    message = error_message(ice_score, 5, 5, 5, method=method)
    assert_names(message, "method", repr(method))


# ============================================================================ WSJF and CD3


@pytest.mark.parametrize(
    ("bv", "tc", "rr", "expected"),
    [(8, 13, 3, 24.0), (1, 1, 1, 3.0), (20, 20, 20, 60.0), (5, 2, 8, 15.0)],
)
def test_cost_of_delay_is_sum_of_three_components(bv, tc, rr, expected):
    assert cost_of_delay(bv, tc, rr) == expected


@pytest.mark.parametrize(
    ("bv", "tc", "rr", "job", "expected"),
    [
        (8, 13, 3, 5, 4.8),  # 24 / 5
        (20, 20, 20, 1, 60.0),
        (1, 1, 1, 20, 0.15),
        (13, 8, 8, 5, 5.8),  # backlog F02: 29 / 5
        (5, 3, 2, 2, 5.0),  # backlog F01: 10 / 2
    ],
)
def test_wsjf_score_hand_values(bv, tc, rr, job, expected):
    assert wsjf_score(bv, tc, rr, job) == pytest.approx(expected)
    assert wsjf_score(bv, tc, rr, job) == pytest.approx(cost_of_delay(bv, tc, rr) / job)


@pytest.mark.parametrize(
    ("cod", "duration", "expected"),
    [(12_000, 3, 4000.0), (0, 2, 0.0), (7.5, 2.5, 3.0), (14.0, 8.0, 1.75), (2.5, 1, 2.5)],
)
def test_cd3_score_hand_values(cod, duration, expected):
    assert cd3_score(cod, duration) == pytest.approx(expected)


def test_cd3_divides_by_duration():
    # Same cost of delay, twice the duration: half the CD3.
    assert cd3_score(10, 4) == pytest.approx(cd3_score(10, 2) / 2)


# ============================================================================ Weighted score


@pytest.mark.parametrize(
    ("scores", "weights", "expected"),
    [
        ([4, 2, 5], [0.5, 0.3, 0.2], 3.6),  # (2 + 0.6 + 1) / 1
        ([4, 2, 5], [5, 3, 2], 3.6),  # (20 + 6 + 10) / 10: weights need not sum to 1
        ([1, 9], [0, 1], 9.0),  # a zero weight drops a criterion
        ([7], [3], 7.0),
        ([-2, 4], [1, 1], 1.0),
        (
            {"revenue": 4, "retention": 2},
            {"retention": 1, "revenue": 3},  # keys in another order
            3.5,  # (3 * 4 + 1 * 2) / 4
        ),
        ({"a": 10, "b": 0, "c": 5}, {"a": 1, "b": 2, "c": 2}, 4.0),  # (10 + 0 + 10) / 5
    ],
)
def test_weighted_score_hand_values(scores, weights, expected):
    assert weighted_score(scores, weights) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("scores", "weights", "fragments"),
    [
        ([1, 2], [1], ("same length", "2", "1")),
        ([1], [1, 2], ("same length",)),
        ({"a": 1}, {"b": 1}, ("same criteria", "'a'", "'b'")),
        ({"a": 1, "b": 2}, {"a": 1}, ("same criteria", "'b'")),
        ({"a": 1}, {"a": 1, "b": 2}, ("same criteria", "'b'")),
        ({"a": 1}, [1], ("mappings",)),
        ([1], {"a": 1}, ("mappings",)),
        ([1, 2], [0, 0], ("weights", "zero")),
        ([1, 2], [1, -1], ("weights[1]", "-1")),
        ([], [], ("empty",)),
        (["x", 2], [1, 1], ("scores[0]", "'x'")),
    ],
)
def test_weighted_score_bad_input_raises(scores, weights, fragments):
    assert_names(error_message(weighted_score, scores, weights), *fragments)


# ================================================================== Opportunity (Ulwick)


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([5, 4, 4, 3, 1], 6.0),  # 3 of 5 answer 4-5 -> 60% -> 6.0
        ([1, 2, 3], 0.0),
        ([5, 5, 5, 5], 10.0),
        ([4, 3], 5.0),
        ([5, 4, 1], 20 / 3),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3, 4], 1.0),
    ],
)
def test_top_two_box_share_of_4_and_5_on_0_to_10(ratings, expected):
    assert top_two_box(ratings) == pytest.approx(expected)


def test_top_two_box_is_not_the_mean():
    # Mean rating 3.0 for both, yet very different top-two-box shares.
    assert top_two_box([1, 5, 1, 5]) == pytest.approx(5.0)
    assert top_two_box([3, 3, 3, 3]) == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("ratings", "fragments"),
    [([5, 6], ("ratings[1]", "6")), ([0, 3], ("ratings[0]", "0")), ([], ("empty",))],
)
def test_top_two_box_bad_ratings_raise(ratings, fragments):
    assert_names(error_message(top_two_box, ratings), *fragments)


@pytest.mark.parametrize(
    ("importance", "satisfaction", "expected"),
    [
        (8.1, 3.2, 13.0),  # underserved: 8.1 + 4.9
        (8.0, 3.0, 13.0),
        (10.0, 0.0, 20.0),
        (6.0, 6.0, 6.0),  # served exactly: the gap adds nothing
        (4.0, 7.5, 4.0),  # over-served: satisfaction > importance scores importance alone
        (2.0, 9.0, 2.0),
        (0.0, 10.0, 0.0),
    ],
)
def test_opportunity_score_hand_values(importance, satisfaction, expected):
    assert opportunity_score(importance, satisfaction) == pytest.approx(expected, abs=1e-12)


def test_opportunity_score_over_served_never_below_importance():
    for satisfaction in (5.0, 7.5, 10.0):
        assert opportunity_score(5.0, satisfaction) == pytest.approx(5.0)


def test_opportunity_from_top_two_box_inputs():
    importance = top_two_box([5, 5, 4, 4, 4, 3, 2, 5, 4, 1])  # 7 of 10 -> 7.0
    satisfaction = top_two_box([2, 2, 3, 4, 1, 5, 2, 3, 1, 3])  # 2 of 10 -> 2.0
    assert opportunity_score(importance, satisfaction) == pytest.approx(12.0)


# ============================================================================ Value vs effort


@pytest.mark.parametrize(
    ("value", "effort", "expected"),
    [
        (900, 1, "quick win"),  # high value, low effort
        (900, 6, "big bet"),  # high value, high effort
        (100, 1, "fill-in"),  # low value, low effort
        (100, 6, "money pit"),  # low value, high effort
        (500, 1, "quick win"),  # value == threshold counts as high
        (500, 6, "big bet"),
        (499.99, 1, "fill-in"),
        (499.99, 6, "money pit"),
        (900, 3, "big bet"),  # effort == threshold counts as high (documented)
        (100, 2.99, "fill-in"),
    ],
)
def test_value_effort_quadrant(value, effort, expected):
    assert value_effort_quadrant(value, effort, value_threshold=500, effort_threshold=3) == expected


def test_value_effort_quadrant_thresholds_are_keyword_only():
    with pytest.raises(TypeError):
        value_effort_quadrant(900, 1, 500, 3)  # type: ignore[misc]


# ======================================================================================= Kano

# The evaluation table of CONTENT.md, written out: rows functional, columns dysfunctional.
ANSWERS = ["like", "expect", "neutral", "live with", "dislike"]
KANO_TABLE_FROM_CONTENT = {
    "like": ["Q", "A", "A", "A", "O"],
    "expect": ["R", "I", "I", "I", "M"],
    "neutral": ["R", "I", "I", "I", "M"],
    "live with": ["R", "I", "I", "I", "M"],
    "dislike": ["R", "R", "R", "R", "Q"],
}
KANO_CELLS = [
    (functional, dysfunctional, KANO_TABLE_FROM_CONTENT[functional][col])
    for functional in ANSWERS
    for col, dysfunctional in enumerate(ANSWERS)
]
# One representative answer pair per class, for building surveys by hand.
PAIR = {
    "A": ("Like", "Neutral"),
    "O": ("Like", "Dislike"),
    "M": ("Expect", "Dislike"),
    "I": ("Neutral", "Neutral"),
    "R": ("Dislike", "Like"),
    "Q": ("Like", "Like"),
}


def test_kano_table_has_25_cells():
    assert len(KANO_CELLS) == 25
    assert len({(f, d) for f, d, _ in KANO_CELLS}) == 25


@pytest.mark.parametrize(("functional", "dysfunctional", "expected"), KANO_CELLS)
def test_kano_category_every_cell_of_the_evaluation_table(functional, dysfunctional, expected):
    assert kano_category(functional, dysfunctional) == expected
    # Capitalized, as survey tools export them.
    assert kano_category(functional.capitalize(), dysfunctional.capitalize()) == expected


@pytest.mark.parametrize(
    ("functional", "dysfunctional", "expected"),
    [
        ("Live_With", "  LIKE ", "R"),
        ("  LIKE ", "Live_With", "A"),
        ("LIKE", "DISLIKE", "O"),
        ("Expect", "dislike", "M"),
        ("live   with", "Dislike", "M"),
        ("LIVE_WITH", "live with", "I"),
        ("\tNeutral\n", "Like", "R"),
        ("Dislike", "dislike", "Q"),
    ],
)
def test_kano_category_tolerates_case_spaces_and_underscores(functional, dysfunctional, expected):
    assert kano_category(functional, dysfunctional) == expected


@pytest.mark.parametrize("bad", ["love", "hate it", "", "likes", None, 3])
def test_kano_category_unknown_functional_answer(bad):
    message = error_message(kano_category, bad, "like")
    assert re.match(r"functional\b", message), message  # not "dysfunctional"
    assert repr(bad) in message


@pytest.mark.parametrize("bad", ["love", "hate it", "", "dislikes", None, 3])
def test_kano_category_unknown_dysfunctional_answer(bad):
    message = error_message(kano_category, "like", bad)
    assert message.startswith("dysfunctional"), message
    assert repr(bad) in message


@pytest.mark.parametrize(
    ("counts", "better", "worse"),
    [
        ({"A": 10, "O": 20, "M": 5, "I": 5}, 30 / 40, -25 / 40),
        ({"A": 3, "O": 5, "M": 7, "I": 5}, 8 / 20, -12 / 20),
        ({"A": 3, "O": 5, "M": 7, "I": 5, "R": 4, "Q": 2}, 8 / 20, -12 / 20),  # R, Q ignored
        ({"A": 2, "I": 2}, 0.5, 0.0),  # missing O and M count 0
        ({"M": 4}, 0.0, -1.0),
        ({"O": 1}, 1.0, -1.0),
        ({"I": 7, "Q": 3}, 0.0, 0.0),
        ({"a": 1, "o": 1, "m": 1, "i": 1}, 0.5, -0.5),  # lower-case letters
    ],
)
def test_kano_coefficients_hand_values(counts, better, worse):
    result = kano_coefficients(counts)
    assert isinstance(result, KanoCoefficients)
    assert result.better == pytest.approx(better)
    assert result.worse == pytest.approx(worse)
    assert result.worse <= 0


def test_kano_coefficients_bounds_on_random_counts():
    rng = random.Random(7)
    for _ in range(200):
        counts = {letter: rng.randint(0, 30) for letter in "AOMIRQ"}
        if counts["A"] + counts["O"] + counts["M"] + counts["I"] == 0:
            continue
        total = counts["A"] + counts["O"] + counts["M"] + counts["I"]
        result = kano_coefficients(counts)
        assert 0 <= result.better <= 1
        assert -1 <= result.worse <= 0
        assert result.better == pytest.approx((counts["A"] + counts["O"]) / total)
        assert result.worse == pytest.approx(-(counts["O"] + counts["M"]) / total)


@pytest.mark.parametrize(
    ("counts", "fragments"),
    [
        ({"A": 1, "X": 2}, ("'X'",)),
        ({"A": 1, "Attractive": 2}, ("'Attractive'",)),
        ({"A": 3, "O": -1}, ("'O'", "-1")),
        ({"A": 0, "O": 0, "M": 0, "I": 0}, ("A, O, M or I",)),
        ({"R": 3, "Q": 1}, ("A, O, M or I",)),
        ({}, ("A, O, M or I",)),
        ([("A", 1)], ("mapping",)),
    ],
)
def test_kano_coefficients_bad_counts_raise(counts, fragments):
    assert_names(error_message(kano_coefficients, counts), *fragments)


def hand_survey() -> pd.DataFrame:
    """A small survey whose class counts (and ties) are known by construction."""
    plan = {
        # M vs O tie (2 each) -> M.   A=1, O=2, M=2, I=0
        "tie_mo": ["O", "M", "A", "O", "M"],
        # A vs I tie (2 each) -> A.   A=2, I=2, R=1
        "tie_ai": ["I", "A", "R", "A", "I"],
        # O vs A tie (2 each) -> O.   O=2, A=2, I=1
        "tie_oa": ["A", "O", "I", "A", "O"],
        # clear winner I.             I=3, M=1, Q=1
        "clear_i": ["I", "Q", "I", "M", "I"],
    }
    rows = []
    # Interleave features so that "order of first appearance" is tested too.
    for respondent in range(5):
        for feature, classes in plan.items():
            functional, dysfunctional = PAIR[classes[respondent]]
            rows.append(
                {
                    "respondent_id": f"R{respondent + 1:03d}",
                    "feature_id": feature,
                    "functional": functional,
                    "dysfunctional": dysfunctional,
                }
            )
    return pd.DataFrame(rows)


def test_kano_table_counts_categories_and_coefficients_by_hand():
    table = kano_table(hand_survey())
    assert list(table["feature_id"]) == ["tie_mo", "tie_ai", "tie_oa", "clear_i"]
    assert list(table.columns) == [
        "feature_id",
        "respondents",
        "A",
        "O",
        "M",
        "I",
        "R",
        "Q",
        "category",
        "better",
        "worse",
    ]
    by_feature = table.set_index("feature_id")
    expected_counts = {
        "tie_mo": {"A": 1, "O": 2, "M": 2, "I": 0, "R": 0, "Q": 0},
        "tie_ai": {"A": 2, "O": 0, "M": 0, "I": 2, "R": 1, "Q": 0},
        "tie_oa": {"A": 2, "O": 2, "M": 0, "I": 1, "R": 0, "Q": 0},
        "clear_i": {"A": 0, "O": 0, "M": 1, "I": 3, "R": 0, "Q": 1},
    }
    for feature, counts in expected_counts.items():
        for letter, count in counts.items():
            assert by_feature.loc[feature, letter] == count, (feature, letter)
        assert by_feature.loc[feature, "respondents"] == 5
    assert by_feature.loc["tie_mo", "category"] == "M"  # M beats O on a tie
    assert by_feature.loc["tie_ai", "category"] == "A"  # A beats I on a tie
    assert by_feature.loc["tie_oa", "category"] == "O"  # O beats A on a tie
    assert by_feature.loc["clear_i", "category"] == "I"
    expected_coefficients = {
        "tie_mo": (3 / 5, -4 / 5),
        "tie_ai": (2 / 4, 0.0),
        "tie_oa": (4 / 5, -2 / 5),
        "clear_i": (0 / 4, -1 / 4),
    }
    for feature, (better, worse) in expected_coefficients.items():
        assert by_feature.loc[feature, "better"] == pytest.approx(better)
        assert by_feature.loc[feature, "worse"] == pytest.approx(worse)
    assert table["respondents"].dtype == np.dtype("int64")
    for letter in "AOMIRQ":
        assert table[letter].dtype == np.dtype("int64")


def test_kano_table_custom_column_names_and_spellings():
    survey = pd.DataFrame(
        {
            "item": ["x", "x", "x", "y"],
            "f": ["LIKE", "expect", "Live_With", "like"],
            "d": [" dislike ", "DISLIKE", "dislike", "neutral"],
        }
    )
    table = kano_table(survey, feature="item", functional="f", dysfunctional="d")
    x = table.set_index("item").loc["x"]
    assert (x["O"], x["M"]) == (1, 2)
    assert x["category"] == "M"
    assert table.set_index("item").loc["y", "category"] == "A"


def test_kano_table_on_bundled_survey_counts_match_hand_classification():
    survey = load_kano_survey()
    table = kano_table(survey)
    assert len(table) == 6
    assert list(table["respondents"]) == [48] * 6
    assert sorted(table["feature_id"]) == ["F02", "F08", "F12", "F13", "F20", "F25"]
    # Classify every answer with the table written out above, independently of the code.
    letters = [
        KANO_TABLE_FROM_CONTENT[f.lower()][ANSWERS.index(d.lower())]
        for f, d in zip(survey["functional"], survey["dysfunctional"], strict=True)
    ]
    counts = pd.crosstab(survey["feature_id"], pd.Series(letters, index=survey.index))
    by_feature = table.set_index("feature_id")
    for feature in by_feature.index:
        tally = {c: int(counts.loc[feature].get(c, 0)) for c in "AOMIRQ"}
        for letter, n in tally.items():
            assert by_feature.loc[feature, letter] == n, (feature, letter)
        top = max(tally.values())
        expected_category = next(c for c in "MOAIRQ" if tally[c] == top)
        assert by_feature.loc[feature, "category"] == expected_category
        core = tally["A"] + tally["O"] + tally["M"] + tally["I"]
        assert by_feature.loc[feature, "better"] == pytest.approx((tally["A"] + tally["O"]) / core)
        assert by_feature.loc[feature, "worse"] == pytest.approx(-(tally["O"] + tally["M"]) / core)
    # The bundled data has deliberate ties that the alphabet would break the other way (so
    # exercise 02's Q5 can tell the M > O > A > I rule from mode() or idxmax()): F13 (O = A)
    # and F25 (M = I), each the most frequent class of its feature.
    assert by_feature.loc["F13", "O"] == by_feature.loc["F13", "A"] == top_of(by_feature, "F13")
    assert by_feature.loc["F13", "category"] == "O"
    assert by_feature.loc["F25", "M"] == by_feature.loc["F25", "I"] == top_of(by_feature, "F25")
    assert by_feature.loc["F25", "category"] == "M"


def top_of(table: pd.DataFrame, feature: str) -> int:
    """The largest class count of a feature in a Kano table."""
    return int(table.loc[feature, list("AOMIRQ")].max())


def test_add_kano_category_matches_scalar_and_does_not_mutate():
    survey = load_kano_survey()
    before = copy.deepcopy(survey)
    result = add_kano_category(survey)
    assert result is not survey
    assert_frame_equal(survey, before)
    assert_frame_equal(result[list(survey.columns)], before)
    expected = [
        kano_category(f, d)
        for f, d in zip(survey["functional"], survey["dysfunctional"], strict=True)
    ]
    assert list(result["kano"]) == expected
    assert set(result["kano"]) <= set("AOMIRQ")


def test_add_kano_category_unknown_answer_names_the_row():
    survey = hand_survey()
    survey.loc[6, "dysfunctional"] = "Love it"
    message = error_message(add_kano_category, survey)
    assert_names(message, "row 6", "feature_id='tie_oa'", "dysfunctional", "'Love it'")


def test_kano_functions_missing_column():
    survey = hand_survey().drop(columns="dysfunctional")
    assert_names(error_message(add_kano_category, survey), "'dysfunctional'")
    assert_names(error_message(kano_table, survey), "'dysfunctional'")
    assert_names(
        error_message(kano_table, hand_survey().drop(columns="feature_id")), "'feature_id'"
    )


# ===================================================================================== MoSCoW


def test_moscow_must_share_above_limit_is_flagged():
    result = moscow_check(["Must", "Must", "Should", "Could"], [5, 3, 1, 1])
    assert result.must_share == pytest.approx(0.8)
    assert result.could_share == pytest.approx(0.1)
    assert result.must_over_limit
    assert not result.ok
    assert any("Must" in w for w in result.warnings)


def test_moscow_just_above_sixty_percent_is_flagged():
    result = moscow_check(["Must", "Should", "Could"], [61, 19, 20])
    assert result.must_share == pytest.approx(0.61)
    assert not result.ok


def test_moscow_exactly_sixty_percent_is_ok_and_wont_is_excluded():
    # Must 3 of a timebox of 3 + 1 + 1 = 5; the 100 of Won't is outside the timebox.
    result = moscow_check(["Must", "Should", "Could", "Won't"], [3, 1, 1, 100])
    assert result.must_share == pytest.approx(0.6)
    assert result.could_share == pytest.approx(0.2)
    assert result.ok
    assert not result.must_over_limit
    assert result.warnings == ()
    assert dict(result.effort) == {"must": 3, "should": 1, "could": 1, "won't": 100}


def test_moscow_wont_not_in_denominator():
    result = moscow_check(["Must", "Won't", "Won't"], [1, 5, 4])
    assert result.must_share == pytest.approx(1.0)  # would be 0.1 if Won't counted
    assert not result.ok


def test_moscow_exactly_sixty_percent_with_fractional_person_months_is_ok():
    # Must 2.4 of a timebox of 2.4 + 1.2 + 0.4 = 4.0 person-months: exactly 60%, which is not
    # "above 60%" (DSDM, CONTENT.md). Person-months like 2.4 are normal backlog efforts.
    result = moscow_check(["Must", "Should", "Could"], [2.4, 1.2, 0.4])
    assert result.must_share == pytest.approx(0.6)
    assert result.ok, result.summary()
    assert not any("Must effort" in w for w in result.warnings), result.warnings


def test_moscow_exactly_twenty_percent_could_with_fractional_efforts_has_no_warning():
    # Could 0.6 of 1.2 + 1.2 + 0.6 = 3.0 person-months: exactly the 20% target, not below it.
    result = moscow_check(["Must", "Should", "Could"], [1.2, 1.2, 0.6])
    assert result.could_share == pytest.approx(0.2)
    assert result.warnings == (), result.warnings


def test_moscow_could_share_warning_below_twenty_percent():
    low = moscow_check(["Must", "Should", "Could"], [5, 4, 1])
    assert low.could_share == pytest.approx(0.1)
    assert low.ok  # Must is 50%: fine
    assert len(low.warnings) == 1
    assert "Could" in low.warnings[0]
    at_target = moscow_check(["Must", "Should", "Could"], [5, 3, 2])
    assert at_target.could_share == pytest.approx(0.2)
    assert at_target.warnings == ()


def test_moscow_on_bundled_backlog(backlog):
    result = moscow_check(backlog["moscow"], backlog["effort"])
    # Hand sums of the backlog's effort column per category.
    assert dict(result.effort) == pytest.approx(
        {"must": 18.5, "should": 21.0, "could": 23.5, "won't": 20.5}
    )
    assert result.must_share == pytest.approx(18.5 / 63)
    assert result.could_share == pytest.approx(23.5 / 63)
    assert result.ok


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Must", "must"),
        ("Must have", "must"),
        ("MUST HAVE", "must"),
        ("M", "must"),
        ("m", "must"),
        ("Should", "should"),
        ("S", "should"),
        ("Could have", "could"),
        ("c", "could"),
        ("Won't", "won't"),
        ("won't", "won't"),
        ("Wont", "won't"),
        ("W", "won't"),
        ("Won't have this time", "won't"),
        ("Won’t", "won't"),
        ("  should  ", "should"),
    ],
)
def test_moscow_category_spellings(alias, expected):
    result = moscow_check([alias, "Must", "Should", "Could"], [10, 1, 1, 1])
    base = {"must": 1, "should": 1, "could": 1, "won't": 0}
    base[expected] += 10
    assert dict(result.effort) == base


@pytest.mark.parametrize("bad", ["Maybe", "", "Musts", "Nice to have", None, 1])
def test_moscow_unknown_category_names_position(bad):
    message = error_message(moscow_check, ["Must", "Should", bad], [1, 1, 1])
    assert_names(message, "categories[2]", repr(bad))


def test_moscow_mismatched_lengths_raise():
    assert_names(
        error_message(moscow_check, ["Must", "Should"], [1, 2, 3]), "same length", "2", "3"
    )
    assert_names(error_message(moscow_check, ["Must", "Should", "Could"], [1]), "same length")


def test_moscow_bad_efforts_raise():
    assert_names(error_message(moscow_check, ["Must", "Could"], [1, -2]), "efforts[1]", "-2")
    assert_names(error_message(moscow_check, ["Must", "Could"], [1, "x"]), "efforts[1]", "'x'")
    assert_names(error_message(moscow_check, ["Won't"], [3]), "no Must, Should or Could")


# =================================================================================== Capacity


def brute_force_selection(values, efforts, capacity) -> list[int]:
    """Best total value within capacity; ties: least effort, then smallest sorted index list."""
    best_key = None
    best: list[int] = []
    for size in range(len(values) + 1):
        for combo in itertools.combinations(range(len(values)), size):
            effort = sum(Fraction(str(efforts[i])) for i in combo)
            if effort > Fraction(str(capacity)):
                continue
            value = sum(Fraction(str(values[i])) for i in combo)
            key = (-value, effort, list(combo))
            if best_key is None or key < best_key:
                best_key, best = key, list(combo)
    return best


def reference_greedy(values, efforts, capacity) -> list[int]:
    """Visit items by value/effort descending (ties: lower index), take each that still fits."""
    order = sorted(
        range(len(values)), key=lambda i: (-Fraction(values[i]) / Fraction(efforts[i]), i)
    )
    taken, used = [], Fraction(0)
    for i in order:
        if values[i] > 0 and used + Fraction(efforts[i]) <= Fraction(capacity):
            taken.append(i)
            used += Fraction(efforts[i])
    return sorted(taken)


def random_cases(count: int = 300, seed: int = 2024):
    rng = random.Random(seed)
    efforts_menu = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6]
    for _ in range(count):
        n = rng.randint(1, 10)
        # Small value range so that equal-value ties (and the tie-break) come up often.
        values = [rng.choice([rng.randint(1, 6), rng.randint(1, 30), 0, -3]) for _ in range(n)]
        efforts = [rng.choice(efforts_menu) for _ in range(n)]
        capacity = rng.choice([rng.randint(0, 15), rng.randint(0, 30) / 2])
        yield values, efforts, capacity


CASES = list(random_cases())


def test_random_cases_cover_ties_and_zero_capacity():
    assert len(CASES) == 300
    assert any(c == 0 for _, _, c in CASES)
    assert any(len(set(v)) < len(v) for v, _, _ in CASES)


def test_select_within_capacity_equals_brute_force_on_random_cases():
    for values, efforts, capacity in CASES:
        expected = brute_force_selection(values, efforts, capacity)
        assert select_within_capacity(values, efforts, capacity) == expected, (
            values,
            efforts,
            capacity,
        )


def test_select_within_capacity_tie_breaks_by_effort_then_indices():
    # {0} and {1, 2} both give 10; {1, 2} costs less effort -> chosen.
    assert select_within_capacity([10, 5, 5], [4, 1, 1], 4) == [1, 2]
    # {0, 1} and {2} and {0, 3}... all value 6 at effort 2: the smallest sorted index list wins.
    assert select_within_capacity([3, 3, 6, 3], [1, 1, 2, 1], 2) == [0, 1]
    assert select_within_capacity([3, 6, 3, 3], [1, 2, 1, 1], 2) == [0, 2]
    # Equal value, equal effort, single items: lowest index.
    assert select_within_capacity([7, 7], [2, 2], 3) == [0]


def test_select_within_capacity_result_is_sorted_and_fits():
    for values, efforts, capacity in CASES:
        chosen = select_within_capacity(values, efforts, capacity)
        assert chosen == sorted(chosen)
        assert len(set(chosen)) == len(chosen)
        assert sum(efforts[i] for i in chosen) <= capacity + 1e-9
        assert all(values[i] > 0 for i in chosen)


def test_select_within_capacity_fractional_efforts():
    # 1.5 + 1.5 + 1 = 4 fits exactly.
    assert select_within_capacity([5, 5, 3, 9], [1.5, 1.5, 1, 4.5], 4) == [0, 1, 2]
    assert select_within_capacity([1, 2], [0.5, 0.5], 0.5) == [1]


def test_capacity_zero_selects_nothing():
    assert select_within_capacity([5, 3], [1, 0.5], 0) == []
    assert greedy_within_capacity([5, 3], [1, 0.5], 0) == []
    assert select_within_capacity([], [], 10) == []


def test_greedy_within_capacity_matches_reference_on_random_cases():
    for values, efforts, capacity in CASES:
        expected = reference_greedy(values, efforts, capacity)
        assert greedy_within_capacity(values, efforts, capacity) == expected, (
            values,
            efforts,
            capacity,
        )


def test_greedy_skips_items_that_do_not_fit_and_continues():
    # Ratios: 10/3 = 3.33, 9/4 = 2.25, 1/1 = 1. Take 0 (3), skip 1 (would be 7 > 4), take 2.
    assert greedy_within_capacity([10, 9, 1], [3, 4, 1], 4) == [0, 2]
    # Returned sorted even though visited in ratio order (2 first, then 0).
    assert greedy_within_capacity([4, 1, 9], [2, 5, 1], 3) == [0, 2]


def test_greedy_loses_to_optimal_under_a_hard_budget():
    values, efforts, capacity = [60, 100, 120], [1, 2, 3], 5
    greedy = greedy_within_capacity(values, efforts, capacity)
    optimal = select_within_capacity(values, efforts, capacity)
    assert greedy == [0, 1]  # ratios 60, 50, 40: takes 0 and 1, then 2 no longer fits
    assert optimal == [1, 2]  # 220 > 160
    comparison = compare_roadmaps(values, efforts, capacity)
    assert comparison.optimal == [1, 2]
    assert comparison.greedy == [0, 1]
    assert comparison.optimal_value == 220
    assert comparison.greedy_value == 160
    assert comparison.optimal_effort == 5
    assert comparison.greedy_effort == 3
    assert comparison.value_lost_by_greedy == 60
    assert comparison.capacity == 5


def test_compare_roadmaps_totals_on_random_cases():
    for values, efforts, capacity in CASES:
        comparison = compare_roadmaps(values, efforts, capacity)
        assert comparison.optimal == select_within_capacity(values, efforts, capacity)
        assert comparison.greedy == greedy_within_capacity(values, efforts, capacity)
        assert comparison.optimal_value == pytest.approx(sum(values[i] for i in comparison.optimal))
        assert comparison.greedy_value == pytest.approx(sum(values[i] for i in comparison.greedy))
        assert comparison.optimal_effort == pytest.approx(
            sum(efforts[i] for i in comparison.optimal)
        )
        assert comparison.greedy_effort == pytest.approx(sum(efforts[i] for i in comparison.greedy))
        assert comparison.optimal_effort <= capacity + 1e-9
        assert comparison.greedy_effort <= capacity + 1e-9
        assert comparison.value_lost_by_greedy >= 0


@pytest.mark.parametrize("func", [select_within_capacity, greedy_within_capacity, compare_roadmaps])
@pytest.mark.parametrize(("efforts", "position", "value"), [([1, 0], 1, "0"), ([-1, 2], 0, "-1")])
def test_capacity_non_positive_effort_raises_naming_position(func, efforts, position, value):
    message = error_message(func, [5, 6], efforts, 3)
    assert_names(message, f"efforts[{position}]", value)


@pytest.mark.parametrize("func", [select_within_capacity, greedy_within_capacity])
def test_capacity_other_bad_input(func):
    assert_names(error_message(func, [1, 2], [1], 3), "same length")
    assert_names(error_message(func, [1], [1], -1), "capacity", "-1")
    assert_names(error_message(func, [1], [1], math.nan), "capacity", "NaN")
    assert_names(error_message(func, ["a"], [1], 1), "values[0]", "'a'")


# ================================================================= DataFrame functions

FRAME_FUNCTIONS = {
    "add_rice": lambda f: add_rice(f),
    "add_ice_product": lambda f: add_ice(f),
    "add_ice_mean": lambda f: add_ice(f, method="mean"),
    "add_wsjf": lambda f: add_wsjf(f),
    "add_cd3": lambda f: add_cd3(f),
    "add_weighted_score": lambda f: add_weighted_score(
        f, {"ice_impact": 2, "ice_confidence": 1, "ice_ease": 1}
    ),
    "add_opportunity": lambda f: add_opportunity(f),
    "add_value_effort_quadrant": lambda f: add_value_effort_quadrant(f),
    "add_roadmap_optimal": lambda f: add_roadmap(f, 12),
    "add_roadmap_greedy": lambda f: add_roadmap(f, 12, method="greedy"),
}


@pytest.mark.parametrize("name", list(FRAME_FUNCTIONS))
def test_frame_functions_return_new_frame_and_never_mutate(name):
    frame = backlog_with_value()
    before = copy.deepcopy(frame)
    result = FRAME_FUNCTIONS[name](frame)
    assert result is not frame
    assert_frame_equal(frame, before)
    # The original columns come back unchanged, with new column(s) appended.
    assert list(result.columns[: len(frame.columns)]) == list(frame.columns)
    assert len(result.columns) > len(frame.columns)
    assert_frame_equal(result[list(frame.columns)], before)


def check_score_and_rank(result: pd.DataFrame, column: str, expected: list[float]) -> None:
    assert list(result[column]) == pytest.approx(expected, rel=1e-12)
    assert result[f"{column}_rank"].dtype == np.dtype("int64")
    assert list(result[f"{column}_rank"]) == expected_ranks(result[column])
    assert result[f"{column}_rank"].min() == 1
    assert result.loc[result[column].idxmax(), f"{column}_rank"] == 1


def test_add_rice_matches_scalar(backlog):
    result = add_rice(backlog)
    expected = [rice_score(r.reach, r.impact, r.confidence, r.effort) for r in backlog.itertuples()]
    check_score_and_rank(result, "rice", expected)
    assert result.loc[0, "rice"] == pytest.approx(5200 / 1.5)  # F01 by hand
    assert result.loc[2, "rice"] == pytest.approx(3600.0)  # F03 by hand
    assert list(result.columns[-2:]) == ["rice", "rice_rank"]


def test_add_rice_ranks_match_exact_arithmetic(backlog):
    # Ranks from exact fractions: float noise must not split mathematically equal scores.
    exact = [
        Fraction(str(r.reach))
        * Fraction(str(r.impact))
        * Fraction(str(r.confidence))
        / Fraction(str(r.effort))
        for r in backlog.itertuples()
    ]
    assert len(set(exact)) < len(exact)  # the backlog has RICE ties (800 and 960)
    assert list(add_rice(backlog)["rice_rank"]) == expected_ranks(exact)


def test_add_ice_default_columns_and_values(backlog):
    product = add_ice(backlog)
    mean = add_ice(backlog, method="mean")
    assert "ice_product" in product.columns and "ice_product_rank" in product.columns
    assert "ice_mean" in mean.columns and "ice_mean_rank" in mean.columns
    rows = list(backlog.itertuples())
    check_score_and_rank(
        product,
        "ice_product",
        [ice_score(r.ice_impact, r.ice_confidence, r.ice_ease) for r in rows],
    )
    check_score_and_rank(
        mean,
        "ice_mean",
        [ice_score(r.ice_impact, r.ice_confidence, r.ice_ease, method="mean") for r in rows],
    )
    assert product.loc[0, "ice_product"] == 6 * 9 * 8  # F01
    assert mean.loc[0, "ice_mean"] == pytest.approx(23 / 3)
    both = add_ice(add_ice(backlog), method="mean")
    assert {"ice_product", "ice_mean"} <= set(both.columns)
    custom = add_ice(backlog, column="ice")
    assert "ice" in custom.columns and "ice_rank" in custom.columns


def test_add_ice_unknown_method(backlog):
    assert_names(error_message(add_ice, backlog, method="sum"), "method", "'sum'")


def test_add_wsjf_matches_scalar(backlog):
    result = add_wsjf(backlog)
    rows = list(backlog.itertuples())
    check_score_and_rank(
        result,
        "wsjf",
        [
            wsjf_score(r.business_value, r.time_criticality, r.risk_reduction, r.job_size)
            for r in rows
        ],
    )
    assert list(result["cost_of_delay"]) == [
        cost_of_delay(r.business_value, r.time_criticality, r.risk_reduction) for r in rows
    ]
    assert result.loc[1, "wsjf"] == pytest.approx(29 / 5)  # F02: (13 + 8 + 8) / 5


def test_add_cd3_matches_scalar(backlog):
    result = add_cd3(backlog)
    check_score_and_rank(
        result,
        "cd3",
        [cd3_score(r.cost_of_delay_per_week, r.duration_weeks) for r in backlog.itertuples()],
    )
    assert result.loc[1, "cd3"] == pytest.approx(14 / 8)  # F02


def test_add_weighted_score_matches_scalar(backlog):
    weights = {"ice_impact": 2, "ice_confidence": 1, "ice_ease": 1}
    result = add_weighted_score(backlog, weights)
    expected = [
        weighted_score({c: backlog.loc[i, c] for c in weights}, weights)
        for i in range(len(backlog))
    ]
    check_score_and_rank(result, "weighted_score", expected)
    assert result.loc[0, "weighted_score"] == pytest.approx((2 * 6 + 9 + 8) / 4)  # F01


def test_add_weighted_score_bad_weights(backlog):
    assert_names(error_message(add_weighted_score, backlog, {"nope": 1}), "'nope'")
    assert_names(error_message(add_weighted_score, backlog, {"reach": -1}), "weights", "-1")
    assert_names(error_message(add_weighted_score, backlog, {"reach": 0}), "zero")
    assert_names(error_message(add_weighted_score, backlog, {}), "weights")


def test_add_opportunity_matches_scalar(backlog):
    result = add_opportunity(backlog)
    check_score_and_rank(
        result,
        "opportunity",
        [opportunity_score(r.importance, r.satisfaction) for r in backlog.itertuples()],
    )
    assert result.loc[0, "opportunity"] == pytest.approx(7.4 + (7.4 - 3.1))  # F01
    # F11 is over-served (satisfaction 6.1 > importance 5.4): scores importance alone.
    assert result.loc[10, "opportunity"] == pytest.approx(5.4)


def test_add_value_effort_quadrant_matches_scalar_with_median_thresholds():
    frame = backlog_with_value()
    result = add_value_effort_quadrant(frame)
    value_threshold = statistics.median(frame["value"])
    effort_threshold = statistics.median(frame["effort"])
    expected = [
        value_effort_quadrant(
            r.value, r.effort, value_threshold=value_threshold, effort_threshold=effort_threshold
        )
        for r in frame.itertuples()
    ]
    assert list(result["quadrant"]) == expected
    assert set(expected) == {"quick win", "big bet", "fill-in", "money pit"}


def test_add_value_effort_quadrant_explicit_thresholds_and_boundary():
    frame = pd.DataFrame(
        {"feature_id": ["a", "b", "c", "d", "e"], "v": [10, 10, 1, 1, 5], "e": [1, 5, 1, 5, 2]}
    )
    result = add_value_effort_quadrant(
        frame, value="v", effort="e", value_threshold=5, effort_threshold=2, column="q"
    )
    assert list(result["q"]) == ["quick win", "big bet", "fill-in", "money pit", "big bet"]


def test_add_roadmap_matches_selection_functions():
    frame = backlog_with_value()
    values, efforts = list(frame["value"]), list(frame["effort"])
    for capacity in (0, 5, 12, 20.5):
        optimal = add_roadmap(frame, capacity)
        greedy = add_roadmap(frame, capacity, method="greedy")
        assert optimal["in_roadmap"].dtype == np.dtype("bool")
        chosen = [i for i, flag in enumerate(optimal["in_roadmap"]) if flag]
        assert chosen == select_within_capacity(values, efforts, capacity)
        chosen_greedy = [i for i, flag in enumerate(greedy["in_roadmap"]) if flag]
        assert chosen_greedy == greedy_within_capacity(values, efforts, capacity)
        assert frame.loc[optimal["in_roadmap"], "effort"].sum() <= capacity
        assert (
            frame.loc[optimal["in_roadmap"], "value"].sum()
            >= frame.loc[greedy["in_roadmap"], "value"].sum()
        )
    assert_names(error_message(add_roadmap, frame, 5, method="best"), "method", "'best'")


# ============================================================================== Bad input


VALID_ARGS = {
    rice_score: {"reach": 10, "impact": 1, "confidence": 0.8, "effort": 1},
    ice_score: {"impact": 5, "confidence": 5, "ease": 5},
    cost_of_delay: {"business_value": 8, "time_criticality": 3, "risk_reduction": 1},
    wsjf_score: {"business_value": 8, "time_criticality": 3, "risk_reduction": 1, "job_size": 5},
    cd3_score: {"cost_of_delay": 5, "duration": 2},
    opportunity_score: {"importance": 6, "satisfaction": 3},
    value_effort_quadrant: {"value": 1, "effort": 1, "value_threshold": 1, "effort_threshold": 1},
}


# What each call with VALID_ARGS returns, worked by hand from the formulas in CONTENT.md.
VALID_RESULTS = {
    rice_score: 8.0,  # 10 x 1 x 0.8 / 1
    ice_score: 125.0,  # 5 x 5 x 5 (the default method is the product)
    cost_of_delay: 12.0,  # 8 + 3 + 1
    wsjf_score: 2.4,  # 12 / 5
    cd3_score: 2.5,  # 5 / 2
    opportunity_score: 9.0,  # 6 + max(6 - 3, 0)
    value_effort_quadrant: "big bet",  # a value or effort on its threshold counts as high
}


def test_valid_args_give_the_worked_results():
    assert set(VALID_RESULTS) == set(VALID_ARGS)
    for func, kwargs in VALID_ARGS.items():
        assert func(**kwargs) == pytest.approx(VALID_RESULTS[func]), func.__name__


@pytest.mark.parametrize(
    ("func", "field", "value"),
    [
        (rice_score, "effort", 0),
        (rice_score, "effort", -2),
        (rice_score, "effort", math.inf),
        (rice_score, "reach", -5),
        (rice_score, "impact", 4),
        (rice_score, "impact", 0),
        (rice_score, "confidence", 1.5),
        (rice_score, "confidence", -0.1),
        (rice_score, "confidence", 80),
        (rice_score, "reach", True),
        (rice_score, "confidence", False),
        (rice_score, "reach", "100"),
        (rice_score, "confidence", "80%"),
        (rice_score, "reach", None),
        (ice_score, "impact", 0),
        (ice_score, "confidence", 11),
        (ice_score, "ease", "high"),
        (ice_score, "ease", True),
        (cost_of_delay, "business_value", 4),
        (cost_of_delay, "time_criticality", 21),
        (cost_of_delay, "risk_reduction", 0),
        (wsjf_score, "job_size", 4),
        (wsjf_score, "job_size", 0),
        (wsjf_score, "risk_reduction", 6),
        (wsjf_score, "business_value", "8"),
        (cd3_score, "cost_of_delay", -1),
        (cd3_score, "duration", 0),
        (cd3_score, "duration", -3),
        (cd3_score, "duration", True),
        (opportunity_score, "importance", 11),
        (opportunity_score, "importance", 81),
        (opportunity_score, "satisfaction", -1),
        (value_effort_quadrant, "effort", 0),
        (value_effort_quadrant, "value", "x"),
        (value_effort_quadrant, "effort_threshold", -1),
    ],
)
def test_scalar_bad_input_names_field_and_value(func, field, value):
    message = error_message(func, **{**VALID_ARGS[func], field: value})
    assert re.search(rf"(?<![\w\[]){re.escape(field)}\b", message), (field, message)
    assert repr(value) in message, (value, message)


@pytest.mark.parametrize(
    ("func", "kwargs", "field"),
    [
        (rice_score, {"reach": 10, "impact": 1, "confidence": math.nan, "effort": 1}, "confidence"),
        (rice_score, {"reach": 10, "impact": 1, "confidence": 1, "effort": math.nan}, "effort"),
        (ice_score, {"impact": math.nan, "confidence": 5, "ease": 5}, "impact"),
        (cd3_score, {"cost_of_delay": math.nan, "duration": 1}, "cost_of_delay"),
        (opportunity_score, {"importance": 5, "satisfaction": math.nan}, "satisfaction"),
    ],
)
def test_scalar_nan_names_field(func, kwargs, field):
    message = error_message(func, **kwargs)
    assert field in message
    assert "nan" in message.lower()


@pytest.mark.parametrize(("value", "hint"), [(80, "0.8"), (50, "0.5"), (100, "write 1 ")])
def test_confidence_as_percentage_suggests_fraction(value, hint):
    message = error_message(rice_score, reach=2000, impact=2, confidence=value, effort=4)
    assert_names(message, "confidence", repr(value), hint)


def test_numpy_numbers_are_accepted():
    assert rice_score(np.int64(2000), np.float64(2), 0.8, np.int64(4)) == pytest.approx(800)


# ------------------------------------------------------------------ bad input in frames


@pytest.mark.parametrize(
    ("func", "column"),
    [
        (add_rice, "reach"),
        (add_rice, "impact"),
        (add_rice, "confidence"),
        (add_rice, "effort"),
        (add_ice, "ice_impact"),
        (add_ice, "ice_ease"),
        (add_wsjf, "business_value"),
        (add_wsjf, "job_size"),
        (add_cd3, "cost_of_delay_per_week"),
        (add_cd3, "duration_weeks"),
        (add_opportunity, "importance"),
        (add_opportunity, "satisfaction"),
        (add_value_effort_quadrant, "effort"),
        (add_value_effort_quadrant, "value"),
        (lambda f: add_roadmap(f, 10), "value"),
        (lambda f: add_weighted_score(f, {"reach": 1, "impact": 1}), "impact"),
    ],
)
def test_frame_missing_column_is_named(func, column):
    frame = backlog_with_value().drop(columns=column)
    message = error_message(func, frame)
    assert_names(message, repr(column), "missing")


def test_frame_custom_column_names_are_used(backlog):
    renamed = backlog.rename(columns={"reach": "users_per_quarter"})
    result = add_rice(renamed, reach="users_per_quarter", column="score")
    assert list(result["score"]) == pytest.approx(list(add_rice(backlog)["rice"]))
    assert "score_rank" in result.columns


@pytest.mark.parametrize(
    ("func", "column"),
    [
        (add_rice, "effort"),
        (add_rice, "reach"),
        (add_ice, "ice_confidence"),
        (add_wsjf, "time_criticality"),
        (add_cd3, "duration_weeks"),
        (add_opportunity, "satisfaction"),
        (lambda f: add_weighted_score(f, {"reach": 1, "impact": 1}), "impact"),
        (lambda f: add_roadmap(f, 10), "effort"),
    ],
)
def test_frame_nan_names_column_and_row_with_feature_id(func, column):
    frame = backlog_with_value()
    frame[column] = frame[column].astype("float64")
    frame.loc[2, column] = np.nan
    message = error_message(func, frame)
    assert_names(message, repr(column), "row 2", "feature_id='F03'")
    assert "nan" in message.lower()


def test_frame_nan_without_feature_id_names_row_position():
    frame = pd.DataFrame(
        {
            "reach": [100, 200, 300],
            "impact": [1, 1, 1],
            "confidence": [1, 1, 1],
            "effort": [1, 1, 1],
        }
    )
    frame["effort"] = frame["effort"].astype("float64")
    frame.loc[1, "effort"] = np.nan
    assert_names(error_message(add_rice, frame), "'effort'", "row 1")


def test_frame_non_numeric_string_names_value_column_and_row(backlog):
    frame = backlog.copy()
    frame["reach"] = frame["reach"].astype(object)
    frame.loc[2, "reach"] = "lots"
    assert_names(error_message(add_rice, frame), "'reach'", "'lots'", "feature_id='F03'")


def test_frame_zero_or_negative_effort_names_value_and_row(backlog):
    frame = backlog.copy()
    frame.loc[4, "effort"] = 0.0
    assert_names(error_message(add_rice, frame), "'effort'", "0", "feature_id='F05'")
    frame.loc[4, "effort"] = -1.5
    assert_names(error_message(add_rice, frame), "'effort'", "-1.5", "feature_id='F05'")


def test_frame_confidence_percentage_suggests_fraction(backlog):
    frame = backlog.copy()
    frame.loc[2, "confidence"] = 80.0
    assert_names(error_message(add_rice, frame), "'confidence'", "80", "0.8", "F03")


@pytest.mark.parametrize(
    ("column", "bad"),
    [("job_size", 4), ("business_value", 21), ("time_criticality", 0), ("risk_reduction", 6)],
)
def test_frame_wsjf_off_fibonacci_raises(backlog, column, bad):
    frame = backlog.copy()
    frame.loc[3, column] = bad
    message = error_message(add_wsjf, frame)
    assert_names(message, repr(column), str(bad), "feature_id='F04'", "Fibonacci")


def test_frame_ice_out_of_scale_raises(backlog):
    frame = backlog.copy()
    frame.loc[0, "ice_ease"] = 11
    assert_names(error_message(add_ice, frame), "'ice_ease'", "11", "F01")


def test_frame_opportunity_out_of_scale_raises(backlog):
    frame = backlog.copy()
    frame.loc[5, "importance"] = 86.0  # a percentage, not 0-10
    assert_names(error_message(add_opportunity, frame), "'importance'", "86", "F06")


# --------------------------------------------------------------------------- same rules for frames


def test_frame_columns_reject_text_and_booleans_like_the_scalar_functions() -> None:
    backlog = load_backlog()
    as_text = backlog.assign(reach=backlog["reach"].astype(str))
    with pytest.raises(ValueError, match=r"backlog\['reach'\] must hold numbers.*got '5200'"):
        add_rice(as_text)
    as_bool = backlog.assign(confidence=True)
    with pytest.raises(ValueError, match=r"backlog\['confidence'\] must hold numbers.*got True"):
        add_rice(as_bool)


def test_frame_messages_show_plain_values_not_numpy_reprs() -> None:
    backlog = load_backlog().assign(confidence=80.0)
    with pytest.raises(ValueError) as err:
        add_rice(backlog)
    assert "got 80.0 in row 0 (feature_id='F01')" in str(err.value)
    assert "np." not in str(err.value)


def test_kano_coefficients_need_whole_counts_and_one_key_per_class() -> None:
    with pytest.raises(ValueError, match=r"counts\['A'\] must be a whole number"):
        kano_coefficients({"A": 1.5, "O": 2})
    with pytest.raises(ValueError, match="names Kano class 'A' twice"):
        kano_coefficients({"a": 1, "A": 3})


def test_equal_scores_from_different_arithmetic_share_a_rank() -> None:
    frame = pd.DataFrame(
        {"cost_of_delay_per_week": [0.3, 0.1], "duration_weeks": [3.0, 1.0]}
    )  # 0.3 / 3 = 0.09999999999999999 and 0.1 / 1 = 0.1
    assert list(add_cd3(frame)["cd3_rank"]) == [1, 1]


def test_add_wsjf_can_be_applied_twice() -> None:
    once = add_wsjf(load_backlog())
    twice = add_wsjf(once)
    assert_frame_equal(once, twice)


def test_kano_table_names_a_missing_feature_id_and_an_empty_survey() -> None:
    survey = load_kano_survey()
    survey.loc[3, "feature_id"] = None
    with pytest.raises(ValueError, match=r"survey\['feature_id'\] is missing \(NaN\) in row 3"):
        kano_table(survey)
    with pytest.raises(ValueError, match="survey has no rows"):
        kano_table(load_kano_survey().iloc[0:0])

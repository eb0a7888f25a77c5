"""pmkit.checks: failing checks raise CheckFailed with a learner-facing message, never the answer.

Every failing case is run with and without a hint and goes through ``failure()``, which asserts
the product rule: the exception is a CheckFailed (so an AssertionError, which nbgrader scores
zero), the message starts with ``[<label>]``, names the variable, ends with ``Hint: <hint>`` iff
a hint is set, and contains none of the renderings of the expected value. Expected values are
chosen to be recognizable (4321.5, 'F29', "Won't") so a leak would show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pytest

from pmkit.checks import (
    CheckFailed,
    Question,
    column,
    precision_tolerance,
    significant_tolerance,
)

LABEL = "Q7 RICE scores"
HINT = "RICE = reach × impact × confidence ÷ effort."

SECRET = 4321.5
"""A distinctive expected number: none of its renderings may appear in a message."""


def renderings(value: object) -> set[str]:
    """The ways an expected value could show up in a message: str, repr and number formats."""
    shown = {str(value), repr(value)}
    if isinstance(value, float):
        shown |= {f"{value:g}", f"{value:,}", f"{value:e}", np.format_float_scientific(value)}
        if abs(value) >= 1000:  # shorter integer parts would match ids such as "F03"
            shown |= {f"{value:,.0f}", f"{value:.0f}", str(int(value)), f"{int(value):,}"}
    return shown


@pytest.fixture(params=[HINT, ""], ids=["hint", "no-hint"])
def question(request: pytest.FixtureRequest) -> Question:
    return Question(LABEL, hint=request.param)


def failure(
    question: Question,
    check: Callable[[], None],
    name: str,
    hidden: Iterable[object] = (),
) -> str:
    """Run a check that must fail; assert the product rule on its message and return it."""
    with pytest.raises(CheckFailed) as info:
        check()
    error = info.value
    assert type(error) is CheckFailed
    assert isinstance(error, AssertionError)
    message = str(error)
    assert message.startswith(f"[{LABEL}] ")
    assert name in message
    if question.hint:
        assert message.endswith(f"\nHint: {question.hint}")
        assert message.count("Hint:") == 1
    else:
        assert "Hint:" not in message
    for value in hidden:
        for text in renderings(value):
            assert text not in message, f"the expected value {value!r} leaks as {text!r}"
    return message


@pytest.fixture
def scores() -> pd.Series:
    """An expected numeric Series keyed by feature id, with one distinctive value."""
    return pd.Series(
        [12.5, SECRET, 87.25, 3.0],
        index=pd.Index(["F01", "F03", "F29", "F30"], name="feature_id"),
        name="rice",
    )


@pytest.fixture
def categories() -> pd.Series:
    """An expected string Series keyed by feature id."""
    return pd.Series(
        ["Must", "Won't", "Could", "Should"],
        index=pd.Index(["F01", "F03", "F29", "F30"], name="feature_id"),
        name="moscow",
    )


# ------------------------------------------------------------------------------ CheckFailed


def test_checkfailed_is_an_assertion_error() -> None:
    assert issubclass(CheckFailed, AssertionError)


def test_question_is_immutable() -> None:
    q = Question(LABEL, hint=HINT)
    with pytest.raises(AttributeError):
        q.hint = "the answer is 4321.5"  # type: ignore[misc]


# ------------------------------------------------------------------------------ fail


def test_fail_formats_label_message_and_hint() -> None:
    with pytest.raises(CheckFailed) as info:
        Question(LABEL, hint=HINT).fail("rice_scores is empty.")
    assert str(info.value) == f"[{LABEL}] rice_scores is empty.\nHint: {HINT}"


def test_fail_without_a_hint_adds_no_hint_line() -> None:
    with pytest.raises(CheckFailed) as info:
        Question(LABEL).fail("rice_scores is empty.")
    assert str(info.value) == f"[{LABEL}] rice_scores is empty."


def test_fail_follows_the_product_rule(question: Question) -> None:
    message = failure(question, lambda: question.fail("rice_scores is empty."), "rice_scores")
    assert "rice_scores is empty." in message


# ------------------------------------------------------------------------------ is_true


@pytest.mark.parametrize("condition", [True, np.bool_(True), 1 == 1])
def test_is_true_passes_when_the_condition_holds(question: Question, condition: bool) -> None:
    question.is_true(condition, "top_feature should be a feature id.")


def test_is_true_fails_with_the_message(question: Question) -> None:
    message = failure(
        question,
        lambda: question.is_true(False, "top_feature should be a feature id."),
        "top_feature",
    )
    assert "top_feature should be a feature id." in message


def test_is_true_fails_on_a_numpy_false(question: Question) -> None:
    failure(question, lambda: question.is_true(np.bool_(False), "ok is False."), "ok")


# ------------------------------------------------------------------------------ is_instance


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (pd.Series([1.0]), pd.Series),
        (pd.DataFrame({"a": [1]}), pd.DataFrame),
        ([1, 2], (list, tuple)),
        ((1, 2), (list, tuple)),
        ("F29", str),
        (3, int),
        (True, bool),
    ],
)
def test_is_instance_passes_on_the_right_type(
    question: Question, value: object, kind: type | tuple[type, ...]
) -> None:
    question.is_instance(value, kind, "answer")


def test_is_instance_fails_on_a_dataframe_for_a_series(question: Question) -> None:
    frame = pd.DataFrame({"rice": [1.0, 2.0, 3.0]})
    message = failure(
        question, lambda: question.is_instance(frame, pd.Series, "rice_scores"), "rice_scores"
    )
    assert "should be a Series" in message
    assert "a DataFrame with 3 rows" in message


def test_is_instance_describes_a_series_by_its_length(question: Question) -> None:
    series = pd.Series(["F29", "F01"])
    message = failure(
        question, lambda: question.is_instance(series, str, "top_feature"), "top_feature"
    )
    assert "a Series of length 2" in message


def test_is_instance_names_every_allowed_type(question: Question) -> None:
    message = failure(
        question, lambda: question.is_instance({"F29": 1}, (list, tuple), "picks"), "picks"
    )
    assert "list or tuple" in message
    assert "a dict" in message


def test_is_instance_describes_none(question: Question) -> None:
    message = failure(question, lambda: question.is_instance(None, float, "total"), "total")
    assert "it is None" in message


# ------------------------------------------------------------------------------ has_length


@pytest.mark.parametrize(
    "value",
    [[1, 2, 3], (1, 2, 3), pd.Series([1, 2, 3]), pd.DataFrame({"a": [1, 2, 3]}), "abc"],
)
def test_has_length_passes_on_the_right_length(question: Question, value: object) -> None:
    question.has_length(value, 3, "answer")  # type: ignore[arg-type]


@pytest.mark.parametrize("got", [0, 28, 31])
def test_has_length_fails_and_says_how_many_the_learner_has(question: Question, got: int) -> None:
    # The required length is a shape, not an answer: the module states it ("how many rows are
    # off"), so it is not among the hidden values here.
    value = pd.DataFrame({"feature_id": [f"F{i:02d}" for i in range(got)]})
    message = failure(question, lambda: question.has_length(value, 30, "ranked"), "ranked")
    assert f"it has {got}." in message


# ------------------------------------------------------------------------------ has_columns


def test_has_columns_passes_when_all_columns_are_there(question: Question) -> None:
    frame = pd.DataFrame({"feature_id": ["F01"], "rice": [1.0], "rank": [1]})
    question.has_columns(frame, ["feature_id", "rice"], "ranked")
    question.has_columns(frame, [], "ranked")


def test_has_columns_names_the_missing_ones_and_the_learners(question: Question) -> None:
    frame = pd.DataFrame({"feature_id": ["F01"], "score": [1.0]})
    message = failure(
        question,
        lambda: question.has_columns(frame, ["feature_id", "rice", "rice_rank"], "ranked"),
        "ranked",
    )
    assert "missing the column(s) 'rice', 'rice_rank'" in message
    assert "it has 'feature_id', 'score'" in message


def test_has_columns_shortens_a_long_list_of_missing_columns(question: Question) -> None:
    frame = pd.DataFrame({"x": [1]})
    wanted = [f"col{i}" for i in range(8)]
    message = failure(question, lambda: question.has_columns(frame, wanted, "table"), "table")
    assert "and 3 more" in message
    assert "'col5'" not in message


def test_has_columns_on_a_series_fails_as_a_type_error(question: Question) -> None:
    series = pd.Series([1.0, 2.0], name="rice")
    message = failure(
        question,
        lambda: question.has_columns(series, ["rice"], "ranked"),
        "ranked",  # type: ignore[arg-type]
    )
    assert "should be a DataFrame" in message
    assert "a Series of length 2" in message


# ------------------------------------------------------------------------------ items_within


def test_items_within_passes_on_known_items(question: Question) -> None:
    allowed = [f"F{i:02d}" for i in range(1, 31)]
    question.items_within(["F01", "F29"], allowed, "picks")
    question.items_within(pd.Series(["F03", "F03"]), allowed, "picks")
    question.items_within([], allowed, "picks")


def test_items_within_lists_the_unknown_items_only(question: Question) -> None:
    allowed = ["F01", "F02", "F29"]
    message = failure(
        question,
        lambda: question.items_within(["F01", "F99", "f29"], allowed, "picks"),
        "picks",
        hidden=["F29", "F02"],
    )
    assert "'F99', 'f29'" in message
    assert "'F01'" not in message


def test_items_within_accepts_a_generator_of_allowed_values(question: Question) -> None:
    failure(
        question,
        lambda: question.items_within(["X1"], (f"F{i:02d}" for i in range(1, 31)), "picks"),
        "picks",
        hidden=["F29"],
    )


# ------------------------------------------------------------------------------ is_close


@pytest.mark.parametrize(
    "value",
    [SECRET, SECRET * (1 + 1e-8), np.float64(SECRET), SECRET + 1e-12],
)
def test_is_close_passes_within_the_default_tolerance(question: Question, value: float) -> None:
    question.is_close(value, SECRET, "total_reach")


def test_is_close_accepts_numpy_and_python_integers(question: Question) -> None:
    question.is_close(np.int64(4321), 4321, "total_reach")
    question.is_close(4321, 4321.0, "total_reach")


def test_is_close_treats_nan_as_equal_to_nan(question: Question) -> None:
    question.is_close(float("nan"), float("nan"), "ratio")


@pytest.mark.parametrize("value", [SECRET + 1, SECRET * 1.001, -SECRET, 0.0])
def test_is_close_fails_outside_the_tolerance(question: Question, value: float) -> None:
    message = failure(
        question, lambda: question.is_close(value, SECRET, "total_reach"), "total_reach", [SECRET]
    )
    assert "not the expected value" in message
    assert "tolerance 1e-06" in message


def test_is_close_honours_a_relative_tolerance(question: Question) -> None:
    question.is_close(SECRET * 1.005, SECRET, "total_reach", rel_tol=0.01)
    message = failure(
        question,
        lambda: question.is_close(SECRET * 1.02, SECRET, "total_reach", rel_tol=0.01),
        "total_reach",
        [SECRET],
    )
    assert "tolerance 0.01" in message


def test_is_close_honours_an_absolute_tolerance(question: Question) -> None:
    question.is_close(0.004, 0.0, "gap", abs_tol=0.01)
    message = failure(
        question, lambda: question.is_close(0.02, 0.0, "gap", abs_tol=0.01), "gap", []
    )
    assert "tolerance 0.01" in message


def test_is_close_fails_on_nan_against_a_number(question: Question) -> None:
    failure(
        question,
        lambda: question.is_close(float("nan"), SECRET, "total_reach"),
        "total_reach",
        [SECRET],
    )


@pytest.mark.parametrize(
    ("value", "described"),
    [
        ("4321.5", "a str"),
        (True, "a bool"),
        (None, "None"),
        (pd.Series([SECRET]), "a Series of length 1"),
        ([SECRET], "a list"),
    ],
)
def test_is_close_fails_on_a_non_number_and_describes_it(
    question: Question, value: object, described: str
) -> None:
    expected = 1234.75  # the learner's value may hold 4321.5; the expected one must not show
    message = failure(
        question,
        lambda: question.is_close(value, expected, "total_reach"),
        "total_reach",
        [expected],
    )
    assert "should be a number" in message
    assert f"it is {described}." in message


# ------------------------------------------------------------------------------ equals


@pytest.mark.parametrize("value", ["F29", True, 4321, ("F01", "F29")])
def test_equals_passes_on_an_equal_value(question: Question, value: object) -> None:
    question.equals(value, value, "answer")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("F07", "F29"), ("f29", "F29"), (False, True), (4321, SECRET), (None, "F29")],
)
def test_equals_fails_without_showing_the_answer(
    question: Question, value: object, expected: object
) -> None:
    message = failure(
        question,
        lambda: question.equals(value, expected, "top_feature"),
        "top_feature",
        [expected],
    )
    assert "not the expected answer" in message


def test_equals_fails_cleanly_on_a_series_instead_of_a_scalar(question: Question) -> None:
    # A common learner slip: backlog.loc[mask, "feature_id"] is a Series, not the id itself.
    # The check must report it as a failed check, not crash with pandas' "truth value of a
    # Series is ambiguous" ValueError.
    answer = pd.Series(["F29"], index=[28], name="feature_id")
    failure(question, lambda: question.equals(answer, "F29", "top_feature"), "top_feature")


# ------------------------------------------------------------------------------ same_items


@pytest.mark.parametrize(
    "value",
    [
        ["F29", "F01", "F03"],
        ("F03", "F29", "F01"),
        pd.Series(["F01", "F03", "F29"]),
        {"F01", "F03", "F29"},
        pd.Index(["F29", "F03", "F01"]),
    ],
)
def test_same_items_unordered_passes_in_any_order(question: Question, value: object) -> None:
    question.same_items(value, ["F01", "F03", "F29"], "must_haves")  # type: ignore[arg-type]


def test_same_items_ordered_passes_in_the_right_order(question: Question) -> None:
    question.same_items(["F29", "F01", "F03"], ["F29", "F01", "F03"], "top3", ordered=True)
    question.same_items(pd.Series(["F29", "F01"]), ("F29", "F01"), "top2", ordered=True)


def test_same_items_ordered_counts_the_right_positions_without_naming_them(
    question: Question,
) -> None:
    message = failure(
        question,
        lambda: question.same_items(
            ["F01", "F07", "F03", "F29"], ["F01", "F03", "F29", "F07"], "top4", ordered=True
        ),
        "top4",
    )
    assert "holds the right items, but only 1 of 4 are in the right position" in message
    assert "'F07'" not in message  # no position is named: a few runs would find the order
    assert "'F03'" not in message


def test_same_items_reports_duplicates(question: Question) -> None:
    message = failure(
        question,
        lambda: question.same_items(["F01", "F03", "F01"], ["F01", "F03"], "must_haves"),
        "must_haves",
    )
    assert "more often than it should: 'F01'" in message
    assert "'F03'" not in message


def test_same_items_reports_duplicates_even_when_ordered(question: Question) -> None:
    message = failure(
        question,
        lambda: question.same_items(
            ["F01", "F01", "F03"], ["F01", "F03", "F29"], "top3", ordered=True
        ),
        "top3",
        hidden=["F29"],
    )
    assert "more often than it should: 'F01'" in message


def test_same_items_counts_right_items_and_names_none(question: Question) -> None:
    message = failure(
        question,
        lambda: question.same_items(["F01", "F03", "F07"], ["F01", "F03", "F29"], "top3"),
        "top3",
        hidden=["F29"],
    )
    assert "2 of the 3 item(s) in top3 are right." in message
    assert "'F07'" not in message  # naming the wrong pick would tell which to swap


def test_same_items_says_how_many_items_there_should_be(question: Question) -> None:
    message = failure(
        question,
        lambda: question.same_items(["F01"], ["F01", "F29", "F30"], "picks"),
        "picks",
        hidden=["F29", "F30"],
    )
    assert "1 of the 1 item(s) in picks are right; it should hold 3." in message


def test_same_items_public_lists_extra_items_by_name(question: Question) -> None:
    message = failure(
        question,
        lambda: question.same_items(
            ["F01", "F03", "F29", "F99"], ["F01", "F03", "F29"], "the keys", public=True
        ),
        "the keys",
    )
    assert "should not be in it: 'F99'" in message
    assert "missing" not in message


def test_same_items_public_only_counts_missing_items(question: Question) -> None:
    message = failure(
        question,
        lambda: question.same_items(["F01"], ["F01", "F29", "F30"], "the keys", public=True),
        "the keys",
        hidden=["F29", "F30"],
    )
    assert "2 expected item(s) are missing" in message
    assert "should not be in it" not in message


def test_same_items_public_reports_extra_and_missing_together(question: Question) -> None:
    message = failure(
        question,
        lambda: question.same_items(
            ["F01", "F07", "F08"], ["F01", "F29"], "picks", ordered=True, public=True
        ),
        "picks",
        hidden=["F29"],
    )
    assert "should not be in it: 'F07', 'F08'" in message
    assert "1 expected item(s) are missing" in message
    assert "position" not in message


def test_same_items_shortens_a_long_list_of_extras(question: Question) -> None:
    extras = [f"X{i}" for i in range(7)]
    message = failure(
        question,
        lambda: question.same_items(["F29", *extras], ["F29"], "picks", public=True),
        "picks",
    )
    assert "'X0', 'X1', 'X2', 'X3', 'X4' and 2 more" in message
    assert "'X5'" not in message


def test_same_items_fails_on_an_empty_answer(question: Question) -> None:
    message = failure(
        question, lambda: question.same_items([], ["F29", "F30"], "picks"), "picks", ["F29"]
    )
    assert "0 of the 0 item(s) in picks are right; it should hold 2." in message


# ------------------------------------------------------------------------------ mapping_matches


def test_mapping_matches_passes_on_an_equal_dict(question: Question) -> None:
    expected = {"Must": SECRET, "Should": 2.0, "Could": "none"}
    question.mapping_matches(
        {"Could": "none", "Should": 2.0 + 1e-12, "Must": SECRET}, expected, "effort_by_moscow"
    )


def test_mapping_matches_treats_nan_as_equal_to_nan(question: Question) -> None:
    question.mapping_matches({"F29": float("nan")}, {"F29": float("nan")}, "ratios")


@pytest.mark.parametrize(
    ("value", "described"),
    [(pd.Series({"Must": SECRET}), "a Series of length 1"), ([("Must", SECRET)], "a list")],
)
def test_mapping_matches_fails_on_a_non_dict(
    question: Question, value: object, described: str
) -> None:
    message = failure(
        question,
        lambda: question.mapping_matches(value, {"Must": 1234.75}, "effort_by_moscow"),
        "effort_by_moscow",
        [1234.75],
    )
    assert "should be a dict" in message
    assert described in message


def test_mapping_matches_counts_missing_keys_and_names_extra_ones(question: Question) -> None:
    message = failure(
        question,
        lambda: question.mapping_matches(
            {"Must": SECRET, "Maybe": 1.0}, {"Must": SECRET, "Won't": 7.25}, "effort_by_moscow"
        ),
        "effort_by_moscow",
        hidden=["Won't", 7.25],
    )
    assert "the keys of effort_by_moscow" in message
    assert "should not be in it: 'Maybe'" in message
    assert "1 expected item(s) are missing" in message


def test_mapping_matches_counts_wrong_values_and_names_the_first_key(question: Question) -> None:
    expected = {"Must": 18.5, "Should": SECRET, "Could": 1234.75}
    message = failure(
        question,
        lambda: question.mapping_matches(
            {"Must": 18.5, "Should": 4000.0, "Could": 1.0}, expected, "effort_by_moscow"
        ),
        "effort_by_moscow",
        hidden=[SECRET, 1234.75],
    )
    assert "2 wrong value(s) out of 3" in message
    assert "for key 'Should'" in message


def test_mapping_matches_compares_strings_exactly(question: Question) -> None:
    message = failure(
        question,
        lambda: question.mapping_matches({"F03": "Must"}, {"F03": "Won't"}, "moscow_of"),
        "moscow_of",
        hidden=["Won't"],
    )
    assert "0 of the 1 values in moscow_of are right." in message


def test_mapping_matches_counts_right_choices_and_names_no_key(question: Question) -> None:
    expected = {"F01": "Must", "F03": "Could", "F29": "Won't", "F30": "Should"}
    answer = {"F01": "Must", "F03": "Should", "F29": "Won't", "F30": "Could"}
    message = failure(
        question,
        lambda: question.mapping_matches(answer, expected, "moscow_of"),
        "moscow_of",
        hidden=["Won't"],
    )
    assert "2 of the 4 values in moscow_of are right." in message
    assert "F03" not in message and "F30" not in message  # which ones would be an oracle


def test_mapping_matches_follows_the_precision_policy(question: Question) -> None:
    question.mapping_matches({"Must": 0.12}, {"Must": 0.1234}, "share", decimals=2)
    message = failure(
        question,
        lambda: question.mapping_matches({"Must": 0.13}, {"Must": 0.1234}, "share", decimals=2),
        "share",
        hidden=[0.1234],
    )
    assert "for key 'Must'" in message


# ------------------------------------------------------------------------------ series_matches


def test_series_matches_passes_on_an_equal_series(question: Question, scores: pd.Series) -> None:
    question.series_matches(scores.copy(), scores, "rice_scores")


def test_series_matches_ignores_index_order_and_names(
    question: Question, scores: pd.Series
) -> None:
    shuffled = scores.iloc[[3, 1, 0, 2]].rename("whatever").rename_axis("id")
    question.series_matches(shuffled, scores, "rice_scores")


def test_series_matches_accepts_ints_for_floats(question: Question) -> None:
    expected = pd.Series([1.0, 2.0], index=["F01", "F29"])
    question.series_matches(pd.Series([1, 2], index=["F01", "F29"]), expected, "counts")


def test_series_matches_passes_within_the_tolerance(question: Question, scores: pd.Series) -> None:
    question.series_matches(scores * (1 + 1e-8), scores, "rice_scores")
    question.series_matches(scores * 1.005, scores, "rice_scores", rel_tol=0.01)
    question.series_matches(scores + 0.05, scores, "rice_scores", abs_tol=0.1)


def test_series_matches_fails_outside_a_given_tolerance(
    question: Question, scores: pd.Series
) -> None:
    message = failure(
        question,
        lambda: question.series_matches(scores * 1.02, scores, "rice_scores", rel_tol=0.01),
        "rice_scores",
        hidden=[SECRET],
    )
    assert "4 wrong value(s) out of 4; the first is for 'F01'" in message


def test_series_matches_passes_on_equal_string_series(
    question: Question, categories: pd.Series
) -> None:
    question.series_matches(categories.iloc[::-1].astype(object), categories, "moscow")


@pytest.mark.parametrize("value", [pd.DataFrame({"rice": [1.0]}), {"F01": 12.5}, [12.5]])
def test_series_matches_fails_on_a_non_series(
    question: Question, scores: pd.Series, value: object
) -> None:
    message = failure(
        question,
        lambda: question.series_matches(value, scores, "rice_scores"),
        "rice_scores",
        [SECRET],
    )
    assert "should be a Series" in message


def test_series_matches_reports_duplicate_labels(question: Question, scores: pd.Series) -> None:
    value = pd.Series([12.5, 1.0, 87.25, 3.0], index=["F01", "F01", "F29", "F30"])
    message = failure(
        question,
        lambda: question.series_matches(value, scores, "rice_scores"),
        "rice_scores",
        [SECRET, "F03"],
    )
    assert "duplicate index labels: 'F01'" in message


def test_series_matches_counts_missing_labels(question: Question, scores: pd.Series) -> None:
    value = scores.drop(["F03", "F29"])
    message = failure(
        question,
        lambda: question.series_matches(value, scores, "rice_scores"),
        "rice_scores",
        [SECRET, "F03", "F29"],
    )
    assert "the index of rice_scores" in message
    assert "2 expected item(s) are missing" in message


def test_series_matches_names_extra_labels(question: Question, scores: pd.Series) -> None:
    value = pd.concat([scores, pd.Series([5.0], index=["F99"])])
    message = failure(
        question,
        lambda: question.series_matches(value, scores, "rice_scores"),
        "rice_scores",
        [SECRET],
    )
    assert "the index of rice_scores" in message
    assert "should not be in it: 'F99'" in message
    assert "missing" not in message


def test_series_matches_counts_wrong_values_and_names_the_first_label(
    question: Question, scores: pd.Series
) -> None:
    # In the learner's order F30 comes first; "first" is in the expected Series' order.
    value = pd.Series({"F30": 99.0, "F01": 12.5, "F29": 87.25, "F03": 4000.0})
    message = failure(
        question,
        lambda: question.series_matches(value, scores, "rice_scores"),
        "rice_scores",
        [SECRET],
    )
    assert "2 wrong value(s) out of 4; the first is for 'F03'." in message


def test_series_matches_reports_wrong_strings(question: Question, categories: pd.Series) -> None:
    value = pd.Series({"F01": "Must", "F03": "Wont", "F29": "could", "F30": "Should"})
    message = failure(
        question,
        lambda: question.series_matches(value, categories, "moscow"),
        "moscow",
        ["Won't", "Could"],
    )
    assert "2 wrong value(s) out of 4; the first is for 'F03'." in message


def test_series_matches_fails_on_text_where_numbers_are_expected(
    question: Question, scores: pd.Series
) -> None:
    value = pd.Series({"F01": 12.5, "F03": "high", "F29": 87.25, "F30": 3.0})
    message = failure(
        question,
        lambda: question.series_matches(value, scores, "rice_scores"),
        "rice_scores",
        [SECRET],
    )
    assert "should hold numbers" in message
    assert "the value for 'F03' is not one" in message


def test_series_matches_nan_matches_nan(question: Question) -> None:
    expected = pd.Series([SECRET, np.nan], index=["F03", "F29"])
    question.series_matches(pd.Series([np.nan, SECRET], index=["F29", "F03"]), expected, "ratio")
    question.series_matches(pd.Series([SECRET, None], index=["F03", "F29"]), expected, "ratio")


def test_series_matches_fails_on_nan_where_a_number_is_expected(question: Question) -> None:
    expected = pd.Series([12.5, SECRET], index=["F01", "F03"])
    message = failure(
        question,
        lambda: question.series_matches(
            pd.Series([12.5, np.nan], index=["F01", "F03"]), expected, "ratio"
        ),
        "ratio",
        [SECRET],
    )
    assert "'F03'" in message


def test_series_matches_fails_on_a_number_where_nan_is_expected(question: Question) -> None:
    expected = pd.Series([12.5, np.nan], index=["F01", "F03"])
    message = failure(
        question,
        lambda: question.series_matches(
            pd.Series([12.5, 0.0], index=["F01", "F03"]), expected, "ratio"
        ),
        "ratio",
        ["nan", "NaN"],
    )
    assert "1 wrong value(s) out of 2; the first is for 'F03'." in message


def test_series_matches_string_series_with_missing_values_match(question: Question) -> None:
    # A missing category in both the answer and the expected Series is a match, as it is for
    # numbers (NaN matches NaN); an identical Series must pass.
    expected = pd.Series(["Must", None, "Won't"], index=["F01", "F03", "F29"])
    question.series_matches(expected.copy(), expected, "moscow")


def test_series_matches_string_series_with_a_missing_value_fails(question: Question) -> None:
    expected = pd.Series(["Must", "Won't"], index=["F01", "F03"])
    message = failure(
        question,
        lambda: question.series_matches(
            pd.Series(["Must", None], index=["F01", "F03"]), expected, "moscow"
        ),
        "moscow",
        ["Won't"],
    )
    assert "the first is for 'F03'." in message


def test_series_matches_names_integer_labels_plainly(question: Question) -> None:
    # Labels are shown with repr(); an integer label must read "2024", not "np.int64(2024)".
    expected = pd.Series([12.5, SECRET], index=pd.Index([2024, 2025], dtype="int64"))
    value = pd.Series([12.5, 4000.0], index=pd.Index([2024, 2025], dtype="int64"))
    message = failure(
        question, lambda: question.series_matches(value, expected, "revenue"), "revenue", [SECRET]
    )
    assert "the first is for 2025." in message
    assert "np." not in message


def test_same_items_treats_expected_repeats_as_a_multiset(question: Question) -> None:
    question.same_items(
        ["Must", "Must", "Should"], ["Must", "Must", "Should"], "plan", ordered=True
    )
    message = failure(
        question,
        lambda: question.same_items(["Must", "Should"], ["Must", "Must", "Should"], "plan"),
        "plan",
    )
    assert "2 of the 2 item(s) in plan are right; it should hold 3." in message


def test_has_length_on_a_non_collection_is_a_check_failure(question: Question) -> None:
    message = failure(question, lambda: question.has_length(5, 3, "top3"), "top3")  # type: ignore[arg-type]
    assert "it is an int" in message


# ------------------------------------------------------------------ result_matches
def _expected_result() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "platform": ["android", "ios", "web"],
            "day": pd.to_datetime(["2026-03-01", "2026-03-01", "2026-03-02"]),
            "users": np.array([120, 95, 7], dtype="int64"),
            "share": [0.5454545454, SECRET / 10_000, 0.0318181818],
        }
    )


def test_result_matches_ignores_order_case_widths_and_noise(question: Question) -> None:
    import datetime

    import duckdb

    got = pd.DataFrame(
        {
            "SHARE": [0.0318181818 + 1e-12, 0.5454545454, SECRET / 10_000],
            "Users": np.array([7, 120, 95], dtype="int32"),
            "Platform": ["web", "android", "ios"],
            "DAY": [
                datetime.date(2026, 3, 2),
                datetime.date(2026, 3, 1),
                datetime.date(2026, 3, 1),
            ],
        }
    )
    question.result_matches(got, _expected_result(), "result")
    relation = duckdb.sql(
        "SELECT * FROM (VALUES ('ios', DATE '2026-03-01', 95::HUGEINT, 0.43215::DECIMAL(10,5)),"
        " ('android', DATE '2026-03-01', 120, 0.5454545454), ('web', DATE '2026-03-02', 7,"
        " 0.0318181818)) t(platform, day, users, share)"
    )
    question.result_matches(relation, _expected_result(), "result")


def test_result_matches_names_missing_and_extra_columns(question: Question) -> None:
    got = _expected_result().drop(columns="share").assign(ratio=1.0)
    message = failure(
        question, lambda: question.result_matches(got, _expected_result(), "result"), "result"
    )
    assert "1 expected column(s) are missing" in message
    assert "these columns should not be there: 'ratio'" in message


def test_result_matches_counts_missing_rows_and_shows_extra_ones(question: Question) -> None:
    got = _expected_result().iloc[[0, 2]].copy()
    got.loc[5] = ["linux", pd.Timestamp("2026-03-02"), 3, 0.1]
    message = failure(
        question,
        lambda: question.result_matches(got, _expected_result(), "result"),
        "result",
        hidden=["ios"],
    )
    assert "1 expected row(s) are missing" in message
    assert "'linux'" in message


def test_result_matches_names_the_column_off_by_more_than_tolerance(question: Question) -> None:
    got = _expected_result()
    got.loc[1, "share"] = 0.44
    message = failure(
        question,
        lambda: question.result_matches(got, _expected_result(), "result"),
        "result",
        hidden=[SECRET / 10_000],
    )
    assert "column 'share' of result is not the expected value (tolerance 1e-06)" in message
    assert "'ios'" in message


def test_result_matches_checks_order_only_when_asked(question: Question) -> None:
    got = _expected_result().iloc[::-1]
    question.result_matches(got, _expected_result(), "result")
    message = failure(
        question,
        lambda: question.result_matches(got, _expected_result(), "result", ordered=True),
        "result",
    )
    assert "at row 1" in message and "ORDER BY" in message


def test_result_matches_numbers_only_results_match_by_whole_number_keys(question: Question) -> None:
    expected = pd.DataFrame({"week": [0, 1, 2], "retention": [1.0, 0.42, 0.31]})
    question.result_matches(expected.iloc[::-1], expected, "cohort")
    wrong = expected.assign(retention=[1.0, 0.42, 0.35])
    message = failure(
        question, lambda: question.result_matches(wrong, expected, "cohort"), "cohort"
    )
    assert "column 'retention'" in message and "'week': 2.0" in message


def test_result_matches_rejects_non_results_and_text_for_numbers(question: Question) -> None:
    message = failure(
        question, lambda: question.result_matches([1, 2], _expected_result(), "result"), "result"
    )
    assert "should be a query result" in message
    got = _expected_result().astype({"users": str})
    message = failure(
        question, lambda: question.result_matches(got, _expected_result(), "result"), "result"
    )
    assert "column 'users' of result should hold numbers" in message


# ------------------------------------------------------------------------------ precision policy


@pytest.mark.parametrize(("decimals", "tolerance"), [(2, 0.005), (0, 0.5), (3, 0.0005), (-2, 50.0)])
def test_precision_tolerance_is_half_a_unit(decimals: int, tolerance: float) -> None:
    assert precision_tolerance(decimals) == pytest.approx(tolerance, rel=1e-6)


@pytest.mark.parametrize("decimals", [1.5, "2", True, 13, -13])
def test_precision_tolerance_names_a_bad_value(decimals: object) -> None:
    with pytest.raises(ValueError, match=f"decimals must be .*not {decimals!r}"):
        precision_tolerance(decimals)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0.1234, 0.12, 0.123, np.float64(0.12), 0.1249, 0.1184])
def test_is_close_with_decimals_accepts_any_value_rounding_to_the_answer(
    question: Question, value: float
) -> None:
    question.is_close(value, 0.1234, "arpu", decimals=2)


@pytest.mark.parametrize("value", [0.13, 0.11, 0.1285, 12.34])
def test_is_close_with_decimals_rejects_a_value_off_by_more_than_half_a_unit(
    question: Question, value: float
) -> None:
    message = failure(
        question,
        lambda: question.is_close(value, 0.1234, "arpu", decimals=2),
        "arpu",
        hidden=[0.1234],
    )
    assert "is not the expected value (to 2 decimal places)" in message


def test_is_close_with_zero_decimals_accepts_the_nearest_whole_number(question: Question) -> None:
    question.is_close(14, 14.3, "nps", decimals=0)
    question.is_close(np.int64(14), 14.3, "nps", decimals=0)
    question.is_close(14.5, 14.3, "nps", decimals=0)
    message = failure(
        question, lambda: question.is_close(15, 14.3, "nps", decimals=0), "nps", hidden=[14.3]
    )
    assert "to the nearest whole number" in message


def test_series_and_result_checks_follow_the_precision_policy(question: Question) -> None:
    expected = pd.Series({"A": 0.42857, "B": 0.1})
    question.series_matches(expected.round(3), expected, "rates", decimals=3)
    failure(
        question,
        lambda: question.series_matches(expected.round(2), expected, "rates", decimals=3),
        "rates",
    )
    frame = pd.DataFrame({"country": ["DE", "FR"], "rate": [0.42857, 0.1], "users": [7, 10]})
    rounded = frame.assign(rate=frame["rate"].round(3))
    question.result_matches(rounded, frame, "result", decimals=3)
    wrong_count = rounded.assign(users=[7, 11])
    failure(question, lambda: question.result_matches(wrong_count, frame, "r", decimals=3), "r")


@pytest.mark.parametrize("value", [3, 3.5, np.int64(1100), np.float32(2.5), np.int32(-1)])
def test_is_number_accepts_python_and_numpy_numbers(question: Question, value: object) -> None:
    question.is_number(value, "greedy_value_lost")


@pytest.mark.parametrize(
    ("value", "described"), [(True, "a bool"), ("3", "a str"), ([3], "a list"), (None, "None")]
)
def test_is_number_rejects_non_numbers(question: Question, value: object, described: str) -> None:
    message = failure(question, lambda: question.is_number(value, "lost"), "lost")
    assert f"should be a number (an int or a float), but it is {described}." in message


def test_has_columns_ignores_the_case_of_column_names(question: Question) -> None:
    frame = pd.DataFrame({"Feature_ID": ["F01"], "RICE": [1.0]})
    question.has_columns(frame, ["feature_id", "rice"], "ranked")
    assert column(frame, "rice").tolist() == [1.0]
    with pytest.raises(KeyError, match="no column 'reach' in any letter case"):
        column(frame, "reach")


def test_significant_figures_for_numbers_as_small_as_a_p_value(question: Question) -> None:
    assert significant_tolerance(7.0989e-06, 3) == pytest.approx(5e-09)
    assert significant_tolerance(4321.5, 2) == pytest.approx(50)
    question.is_close(7.1e-06, 7.0989e-06, "srm_p_value", significant=3)
    question.is_close(7.0989e-06, 7.0989e-06, "srm_p_value", significant=3)
    message = failure(
        question,
        lambda: question.is_close(7.2e-06, 7.0989e-06, "srm_p_value", significant=3),
        "srm_p_value",
        hidden=[7.0989e-06],
    )
    assert "is not the expected value (to 3 significant figures)" in message
    with pytest.raises(ValueError, match="significant must be a whole number from 1 to 15"):
        significant_tolerance(1.0, 0)
    with pytest.raises(ValueError, match="decimals or significant, not both"):
        question.is_close(1.0, 1.0, "x", decimals=2, significant=3)


def test_mapping_matches_with_private_keys_counts_them_without_naming(question: Question) -> None:
    expected = {"users": "too short", "hypothesis": "missing"}
    answer = {"users": "too short", "title": "missing"}
    message = failure(
        question,
        lambda: question.mapping_matches(answer, expected, "gaps", public_keys=False),
        "gaps",
        hidden=["hypothesis"],
    )
    assert "1 of the 2 item(s) in the keys of gaps are right." in message
    assert "title" not in message

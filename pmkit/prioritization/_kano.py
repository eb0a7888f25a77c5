"""The Kano model: classify features from paired functional/dysfunctional survey answers.

Each respondent answers two questions per feature: *functional* ("How do you feel if the product
has X?") and *dysfunctional* ("How do you feel if it does not have X?"), each with one of five
answers. The evaluation table below turns the pair into a class.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import pandas as pd

from pmkit import _validation as v

KANO_ANSWERS: tuple[str, ...] = ("like", "expect", "neutral", "live with", "dislike")
"""The five answers, in the order of the evaluation table's rows and columns."""

KANO_CATEGORIES: dict[str, str] = {
    "A": "attractive",
    "O": "one-dimensional (performance)",
    "M": "must-be",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
"""Kano classes by letter."""

KANO_TIE_BREAK: tuple[str, ...] = ("M", "O", "A", "I", "R", "Q")
"""When classes tie for most frequent, the first in this order wins (Matzler et al. 1996 give
M > O > A > I; reverse and questionable answers come last)."""

# Rows: functional answer; columns: dysfunctional answer, both in KANO_ANSWERS order.
_EVALUATION_TABLE: tuple[str, ...] = (
    "QAAAO",  # like
    "RIIIM",  # expect
    "RIIIM",  # neutral
    "RIIIM",  # live with
    "RRRRQ",  # dislike
)


class KanoCoefficients(NamedTuple):
    """Berger et al.'s customer-satisfaction coefficients for one feature."""

    better: float
    """(A + O) / (A + O + M + I), in [0, 1]: how much having the feature raises satisfaction."""
    worse: float
    """-(O + M) / (A + O + M + I), in [-1, 0]: how much lacking it lowers satisfaction."""


def _normalize_answer(field: str, answer: object) -> str:
    if isinstance(answer, str):
        words = answer.strip().lower().replace("_", " ").replace("-", " ").split()
        normalized = " ".join(words)
        if normalized in KANO_ANSWERS:
            return normalized
    raise ValueError(
        f"{field} must be one of {', '.join(map(repr, KANO_ANSWERS))} (any case); got {answer!r}"
    )


def kano_category(functional: str, dysfunctional: str) -> str:
    """Return the Kano class ("A", "O", "M", "I", "R" or "Q") of one answer pair.

    Answers are "like", "expect", "neutral", "live with" or "dislike", in any case. The pair is
    looked up in the Kano evaluation table: for example liking a feature's presence and disliking
    its absence makes it one-dimensional (O); expecting it and disliking its absence makes it a
    must-be (M).

    >>> kano_category("Like", "Dislike")
    'O'
    >>> kano_category("expect", "dislike")
    'M'
    >>> kano_category("like", "neutral")
    'A'
    """
    row = KANO_ANSWERS.index(_normalize_answer("functional", functional))
    col = KANO_ANSWERS.index(_normalize_answer("dysfunctional", dysfunctional))
    return _EVALUATION_TABLE[row][col]


def kano_coefficients(counts: Mapping[str, int]) -> KanoCoefficients:
    """Return Berger et al.'s (1993) better and worse coefficients from class counts.

    ``counts`` maps class letters to how many respondents fell in each; missing letters count as
    zero and R and Q are ignored, as the formulas use only A, O, M and I:
    better = (A + O) / (A + O + M + I) and worse = -(O + M) / (A + O + M + I).

    >>> kano_coefficients({"A": 10, "O": 20, "M": 5, "I": 5})
    KanoCoefficients(better=0.75, worse=-0.625)
    """
    if not isinstance(counts, Mapping):
        raise ValueError(f"counts must be a mapping of Kano letters to counts; got {counts!r}")
    tally = dict.fromkeys(KANO_CATEGORIES, 0.0)
    seen: set[str] = set()
    for key, value in counts.items():
        letter = str(key).upper()
        if letter not in KANO_CATEGORIES:
            raise ValueError(
                f"counts has an unknown Kano class {key!r}; use {', '.join(KANO_CATEGORIES)}"
            )
        if letter in seen:
            raise ValueError(f"counts names Kano class {letter!r} twice (letters ignore case)")
        seen.add(letter)
        tally[letter] = v.number(f"counts[{key!r}]", value, v.COUNT)
    a, o, m, i = tally["A"], tally["O"], tally["M"], tally["I"]
    total = a + o + m + i
    if total == 0:
        raise ValueError(
            f"counts needs at least one A, O, M or I answer to compute coefficients; got {counts!r}"
        )
    return KanoCoefficients(better=(a + o) / total, worse=-(o + m) / total)


def add_kano_category(
    survey: pd.DataFrame,
    *,
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
    column: str = "kano",
) -> pd.DataFrame:
    """Return a copy of a survey frame with each answer pair's Kano class in ``column``.

    ``survey`` has one row per respondent and feature. Errors name the row of an unknown answer.
    """
    v.require_columns(survey, [functional, dysfunctional], "survey")
    letters = []
    for pos, (f, d) in enumerate(zip(survey[functional], survey[dysfunctional], strict=True)):
        try:
            letters.append(kano_category(f, d))
        except ValueError as err:
            raise ValueError(f"survey {v.row_label(survey, pos)}: {err}") from None
    result = survey.copy()
    result[column] = pd.Series(letters, index=survey.index, dtype="str")
    return result


def kano_table(
    survey: pd.DataFrame,
    *,
    feature: str = "feature_id",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
) -> pd.DataFrame:
    """Summarize a Kano survey: one row per feature with class counts, category and coefficients.

    Columns: ``feature`` (as named), ``respondents``, one count column per class ``A``, ``O``,
    ``M``, ``I``, ``R``, ``Q``, ``category`` (the most frequent class; ties go to the first in
    M > O > A > I > R > Q), ``better`` and ``worse`` (see :func:`kano_coefficients`; NaN when
    a feature has no A, O, M or I answer). Rows keep the order in which features first appear.
    """
    v.require_columns(survey, [feature], "survey")
    if survey.empty:
        raise ValueError("survey has no rows: there is nothing to classify")
    missing_ids = survey[feature].isna().to_numpy()
    if missing_ids.any():
        position = int(missing_ids.nonzero()[0][0])
        raise ValueError(
            f"survey[{feature!r}] is missing (NaN) in {v.row_label(survey, position)}; every "
            "answer must name its feature"
        )
    classified = add_kano_category(
        survey,
        functional=functional,
        dysfunctional=dysfunctional,
        column="_kano",
    )
    counts = (
        pd.crosstab(classified[feature], classified["_kano"])
        .reindex(columns=list(KANO_CATEGORIES), fill_value=0)
        .reindex(pd.unique(classified[feature]))
        .astype("int64")
    )
    rows = []
    for name, row in counts.iterrows():
        tally = {letter: int(row[letter]) for letter in KANO_CATEGORIES}
        top = max(tally.values())
        category = next(c for c in KANO_TIE_BREAK if tally[c] == top)
        if tally["A"] + tally["O"] + tally["M"] + tally["I"]:
            better, worse = kano_coefficients(tally)
        else:
            better = worse = float("nan")
        rows.append(
            {feature: name, "respondents": sum(tally.values()), **tally}
            | {"category": category, "better": better, "worse": worse}
        )
    table = pd.DataFrame(rows)
    return table.astype({"respondents": "int64", "category": "str"})

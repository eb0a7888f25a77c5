"""Learner-facing checks for exercise test cells: clear messages, a hint, never the answer.

A test cell declares its question once and calls checks on it::

    q1 = Question("Q1 RICE scores", hint="RICE = reach × impact × confidence ÷ effort.")
    q1.is_instance(rice_scores, pd.Series, "rice_scores")
    q1.has_length(rice_scores, 30, "rice_scores")

A failing check raises :class:`CheckFailed` (an ``AssertionError``, so nbgrader scores the cell
zero) whose message names the question, says what is wrong with the learner's value (its type, a
missing column, how many rows are off and which key is the first) and ends with the hint. The
message never contains an expected value: visible tests are read by learners, and feedback from
hidden tests must not give answers away. Expected values are passed explicitly; nothing here
reads the notebook's globals.

**One precision policy.** A numeric question states its precision in its text ("to 2 decimal
places", "to the nearest whole number", "to 3 significant figures" for a number as small as a
p-value of 7e-6) and its test passes the same ``decimals`` (or ``significant``) to the check:
any answer within half a unit of that precision of the exact value passes, rounded or not
(``decimals=2`` accepts 0.1234 and 0.12 for 0.1234, and rejects 0.13). Without ``decimals`` a
check compares to float noise (``rel_tol``/``abs_tol``): for exact quantities such as counts.
Every number check accepts Python and NumPy numbers alike, ints and floats, never booleans.

**Feedback that does not answer.** For choices, mappings and orderings the messages say how
many items are right, never which; they may name the learner's wrong items only where the
expected ones are public (the keys a question lists: ``public=True``).
"""

from __future__ import annotations

import datetime
import decimal
import math
import numbers
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from pmkit._check_failed import CheckFailed

__all__ = [
    "CheckFailed",
    "Question",
    "column",
    "precision_tolerance",
    "significant_tolerance",
]


def _describe(value: object) -> str:
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with {len(value)} rows"
    if isinstance(value, pd.Series):
        return f"a Series of length {len(value)}"
    if value is None:
        return "None"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def precision_tolerance(decimals: int) -> float:
    """Return the absolute tolerance of an answer stated to ``decimals`` places: half a unit.

    ``decimals=2`` gives 0.005, ``0`` gives 0.5 (the nearest whole number), ``-2`` gives 50
    (the nearest hundred). A hair is added so an answer rounded half-way still passes despite
    float noise.
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not -12 <= decimals <= 12:
        raise ValueError(f"decimals must be a whole number from -12 to 12, not {decimals!r}")
    half = 0.5 * 10.0**-decimals
    return half * (1 + 1e-9)


def significant_tolerance(expected: float, significant: int) -> float:
    """Return the absolute tolerance of an answer stated to ``significant`` figures.

    It is half a unit of the last figure of the expected value: 3 figures of 7.0989e-06 give
    5e-09. A zero or non-finite expected value gives 0 (an exact match).
    """
    if (
        isinstance(significant, bool)
        or not isinstance(significant, int)
        or not 1 <= significant <= 15
    ):
        raise ValueError(f"significant must be a whole number from 1 to 15, not {significant!r}")
    if expected == 0 or not math.isfinite(expected):
        return 0.0
    exponent = math.floor(math.log10(abs(expected))) - significant + 1
    return 0.5 * 10.0**exponent * (1 + 1e-9)


def _precision(decimals: int) -> str:
    if decimals > 0:
        return f"to {decimals} decimal place{'s' if decimals > 1 else ''}"
    if decimals == 0:
        return "to the nearest whole number"
    return f"to the nearest {10**-decimals:,}"


def _tolerances(decimals: int | None, rel_tol: float, abs_tol: float) -> tuple[float, float, str]:
    """Return (rel_tol, abs_tol, how to say it) for a check, by the precision policy."""
    if decimals is None:
        return rel_tol, abs_tol, f"tolerance {max(rel_tol, abs_tol):g}"
    return 0.0, precision_tolerance(decimals), _precision(decimals)


def _close(a: object, b: object, rel_tol: float, abs_tol: float) -> bool:
    if _is_number(a) and _is_number(b):
        fa, fb = float(a), float(b)  # type: ignore[arg-type]
        if math.isnan(fa) or math.isnan(fb):
            return math.isnan(fa) and math.isnan(fb)
        return math.isclose(fa, fb, rel_tol=rel_tol, abs_tol=abs_tol)
    return a == b


def _plain(label: object) -> object:
    """Turn NumPy scalars into Python ones, so messages say 2025, not np.int64(2025)."""
    return label.item() if isinstance(label, np.generic) else label


def _shown(items: Iterable[object], limit: int = 5) -> str:
    listed = list(items)
    text = ", ".join(repr(_plain(i)) for i in listed[:limit])
    return text + (f" and {len(listed) - limit} more" if len(listed) > limit else "")


@dataclass(frozen=True)
class Question:
    """One graded question: its label, its hint, and the checks a test cell runs on an answer.

    Every check takes the learner's value first, the expected value (if any) second, and the
    variable's name, so the message can say ``rice_scores`` rather than "the value".
    """

    label: str
    hint: str = ""

    def fail(self, message: str) -> NoReturn:
        """Raise :class:`CheckFailed` with the question label, ``message`` and the hint."""
        raise CheckFailed(self.label, message, self.hint)

    def is_true(self, condition: bool, message: str) -> None:
        """Fail with ``message`` unless ``condition`` holds."""
        if not condition:
            self.fail(message)

    def is_instance(self, value: object, kind: type | tuple[type, ...], name: str) -> None:
        """Check the answer's type, e.g. ``pd.Series`` or ``(list, tuple)``."""
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds):
            wanted = " or ".join(k.__name__ for k in kinds)
            article = "an" if wanted[0].lower() in "aeiou" else "a"
            self.fail(f"{name} should be {article} {wanted}, but it is {_describe(value)}.")

    def is_number(self, value: object, name: str) -> None:
        """Check that the answer is one number: a Python or NumPy int or float, not a bool."""
        if not _is_number(value):
            self.fail(
                f"{name} should be a number (an int or a float), but it is {_describe(value)}."
            )

    def has_length(self, value: Collection[Any], length: int, name: str) -> None:
        """Check how many items (or rows) the answer has.

        The message states the required length, so do not use this check when the length is
        itself the answer to the question.
        """
        try:
            actual = len(value)
        except TypeError:
            self.fail(f"{name} should hold {length} items, but it is {_describe(value)}.")
        if actual != length:
            self.fail(f"{name} should have {length} items, but it has {actual}.")

    def has_columns(self, frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
        """Check that a DataFrame has the named columns (it may have more), in any letter case.

        The case of column names does not matter, as in :meth:`result_matches` (SQL folds it);
        a test that reads columns by name should look them up with :func:`column`.
        """
        self.is_instance(frame, pd.DataFrame, name)
        present = {str(c).lower() for c in frame.columns}
        missing = [c for c in columns if str(c).lower() not in present]
        if missing:
            self.fail(
                f"{name} is missing the column(s) {_shown(missing)}; it has "
                f"{_shown(map(str, frame.columns), limit=10)}."
            )

    def items_within(
        self, value: Iterable[Hashable], allowed: Iterable[Hashable], name: str
    ) -> None:
        """Check that every item of the answer is one of ``allowed`` (e.g. known feature ids)."""
        allowed_set = set(allowed)
        unknown = [item for item in value if item not in allowed_set]
        if unknown:
            self.fail(f"{name} contains values that are not valid here: {_shown(unknown)}.")

    def is_close(
        self,
        value: object,
        expected: float,
        name: str,
        *,
        decimals: int | None = None,
        significant: int | None = None,
        rel_tol: float = 1e-6,
        abs_tol: float = 1e-9,
    ) -> None:
        """Check a number against the expected one; never show the number.

        With ``decimals`` or ``significant`` (the precision the question states), any value
        within half a unit of that precision passes; without them, only float noise
        (``rel_tol``, ``abs_tol``).
        """
        if significant is not None:
            if decimals is not None:
                raise ValueError("give decimals or significant, not both")
            abs_tol = significant_tolerance(float(expected), significant)
            rel_tol, said = 0.0, f"to {significant} significant figure{'s' * (significant > 1)}"
        else:
            rel_tol, abs_tol, said = _tolerances(decimals, rel_tol, abs_tol)
        if not _is_number(value):
            self.fail(f"{name} should be a number, but it is {_describe(value)}.")
        if not _close(value, expected, rel_tol, abs_tol):
            self.fail(f"{name} is not the expected value ({said}).")

    def equals(self, value: object, expected: object, name: str) -> None:
        """Check exact equality (strings, booleans, ids) without showing the expected value.

        A Series, DataFrame or array where a single value is expected (a common slip after
        ``.loc[...]``) fails with a message saying so.
        """
        containers = (pd.Series, pd.DataFrame, pd.Index, np.ndarray)
        if isinstance(value, containers) and not isinstance(expected, containers):
            self.fail(f"{name} should be a single value, but it is {_describe(value)}.")
        try:
            same = bool(value == expected)
        except (TypeError, ValueError):
            same = False
        if not same:
            self.fail(f"{name} is not the expected answer.")

    def same_items(
        self,
        value: Iterable[Hashable],
        expected: Iterable[Hashable],
        name: str,
        *,
        ordered: bool = False,
        public: bool = False,
    ) -> None:
        """Check that the answer holds exactly the expected items (in order, if ``ordered``).

        Items are compared as a multiset: an item expected twice must appear twice. The message
        says how many of the learner's items are right and, for an ordered answer, how many
        positions are, never which: otherwise a few runs would find the answer by trial. Where
        the expected items are ``public`` (the keys or labels the question itself lists), it
        names the learner's items that should not be there.
        """
        got = list(value)
        want = list(expected)
        got_counts, want_counts = Counter(got), Counter(want)
        extra = [item for item in got_counts if item not in want_counts]
        repeated = [i for i in got_counts if i in want_counts and got_counts[i] > want_counts[i]]
        missing = list((want_counts - got_counts).elements())
        if repeated:
            self.fail(f"{name} lists some items more often than it should: {_shown(repeated)}.")
        if extra or missing:
            if public:
                parts = []
                if extra:
                    parts.append(f"these should not be in it: {_shown(extra)}")
                if missing:
                    parts.append(f"{len(missing)} expected item(s) are missing")
                self.fail(f"{name} does not hold the expected items: {'; '.join(parts)}.")
            right = sum((got_counts & want_counts).values())
            self.fail(
                f"{right} of the {len(got)} item(s) in {name} are right"
                + (f"; it should hold {len(want)}." if len(got) != len(want) else ".")
            )
        if ordered and got != want:
            right = sum(g == w for g, w in zip(got, want, strict=True))
            self.fail(
                f"{name} holds the right items, but only {right} of {len(want)} are in the "
                "right position."
            )

    def mapping_matches(
        self,
        value: object,
        expected: dict[Hashable, object],
        name: str,
        *,
        decimals: int | None = None,
        public_keys: bool = True,
    ) -> None:
        """Check a dict answer key by key.

        The keys are usually public (the question lists them), so wrong keys are named; where
        choosing the keys is part of the answer, pass ``public_keys=False`` and the message only
        counts them. Where the values are numbers, the message names the first key whose value
        is off (by the precision policy, with ``decimals``), since the learner can recompute that
        one. Where they are choices (a category, a label), it says how many are right, never
        which.
        """
        rel_tol, abs_tol, _ = _tolerances(decimals, 1e-6, 1e-9)
        self.is_instance(value, dict, name)
        assert isinstance(value, dict)
        self.same_items(value.keys(), expected.keys(), f"the keys of {name}", public=public_keys)
        wrong = [k for k in expected if not _close(value[k], expected[k], rel_tol, abs_tol)]
        if not wrong:
            return
        if all(_is_number(v) for v in expected.values()):
            self.fail(
                f"{name} has {len(wrong)} wrong value(s) out of {len(expected)}; the first is "
                f"for key {_plain(wrong[0])!r}."
            )
        self.fail(
            f"{len(expected) - len(wrong)} of the {len(expected)} values in {name} are right."
        )

    def series_matches(
        self,
        value: object,
        expected: pd.Series,
        name: str,
        *,
        decimals: int | None = None,
        rel_tol: float = 1e-6,
        abs_tol: float = 1e-9,
    ) -> None:
        """Check a Series against the expected one label by label, in any order.

        Reports missing or unexpected labels (index values: public, the question lists them),
        then how many numbers are off (by the precision policy, with ``decimals``) and the
        label of the first, so the learner can find the row without being told its value.
        """
        rel_tol, abs_tol, _ = _tolerances(decimals, rel_tol, abs_tol)
        self.is_instance(value, pd.Series, name)
        assert isinstance(value, pd.Series)
        if value.index.has_duplicates:
            duplicated = value.index[value.index.duplicated()]
            self.fail(f"{name} has duplicate index labels: {_shown(duplicated)}.")
        self.same_items(value.index, expected.index, f"the index of {name}", public=True)
        got = value.reindex(expected.index)
        got_numeric = pd.to_numeric(got, errors="coerce")
        if pd.api.types.is_numeric_dtype(expected.dtype):
            if got_numeric.isna().any() and not expected[got_numeric.isna()].isna().all():
                first = _plain(got_numeric.index[got_numeric.isna()][0])
                self.fail(f"{name} should hold numbers, but the value for {first!r} is not one.")
            off = ~np.isclose(
                got_numeric.to_numpy(dtype=float),
                expected.to_numpy(dtype=float),
                rtol=rel_tol,
                atol=abs_tol,
                equal_nan=True,
            )
        else:
            both_missing = (got.isna() & expected.isna()).to_numpy()
            same = (got.astype(str) == expected.astype(str)).fillna(False).to_numpy(dtype=bool)
            off = ~(same | both_missing)
        if off.any():
            first = _plain(expected.index[np.flatnonzero(off)[0]])
            self.fail(
                f"{name} has {int(off.sum())} wrong value(s) out of {len(expected)}; the first is "
                f"for {first!r}."
            )

    def result_matches(
        self,
        value: object,
        expected: pd.DataFrame,
        name: str,
        *,
        ordered: bool = False,
        decimals: int | None = None,
        rel_tol: float = 1e-6,
        abs_tol: float = 1e-9,
    ) -> None:
        """Check a query result (a DataFrame or DuckDB relation) against the expected one.

        Tolerates what should not matter: row order (unless ``ordered``), column order, the
        case of column names, dtype width (int32 vs int64, float vs a whole-number int, a date
        vs a midnight timestamp, a Decimal vs a float) and float noise within the tolerance.
        Reports, without printing the expected result: missing and unexpected columns (the
        learner's names), how many expected rows are missing, which of the learner's rows
        should not be there, which column is off by more than the tolerance and in which of the
        learner's rows, and for an ordered result the first row out of place. Fractional
        columns follow the precision policy with ``decimals``; whole-number columns (counts,
        ids) must match exactly either way.
        """
        rel_tol, abs_tol, said = _tolerances(decimals, rel_tol, abs_tol)
        frame = _as_frame(value)
        if frame is None:
            self.fail(
                f"{name} should be a query result (a DataFrame), but it is {_describe(value)}."
            )
        got_names = [str(c).lower() for c in frame.columns]
        want_names = [str(c).lower() for c in expected.columns]
        repeated = sorted({c for c in got_names if got_names.count(c) > 1})
        if repeated:
            self.fail(f"{name} has more than one column named {_shown(repeated)}.")
        missing = [c for c in want_names if c not in got_names]
        extra = [
            str(c) for c, low in zip(frame.columns, got_names, strict=True) if low not in want_names
        ]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"{len(missing)} expected column(s) are missing")
            if extra:
                parts.append(f"these columns should not be there: {_shown(extra)}")
            self.fail(f"{name} does not have the expected columns: {'; '.join(parts)}.")
        got = frame.set_axis(got_names, axis=1)[want_names]
        want = expected.set_axis(want_names, axis=1)
        got_cols = {c: _normalized(got[c]) for c in want_names}
        want_cols = {c: _normalized(want[c]) for c in want_names}
        floats = [c for c in want_names if want_cols[c][1] == "number"]
        if len(floats) == len(want_names):
            # Only numbers: whole-number columns (a week number, a count) identify the rows.
            floats = [c for c in floats if not _whole(want_cols[c][0])]
        keys = [c for c in want_names if c not in floats]
        for column in floats:
            if got_cols[column][1] != "number":
                self.fail(f"column {column!r} of {name} should hold numbers.")
        got_rows = _rows(got_cols, want_names)
        want_rows = _rows(want_cols, want_names)
        if ordered:
            if len(got_rows) != len(want_rows):
                self.fail(f"{name} has {len(got_rows)} rows; that is not the expected number.")
            for position, (g, w) in enumerate(zip(got_rows, want_rows, strict=True)):
                bad = _row_difference(g, w, want_names, floats, rel_tol, abs_tol)
                if bad:
                    self.fail(
                        f"{name} differs from the expected result at row {position + 1} "
                        f"(column {bad!r}); check the values and the ORDER BY."
                    )
            return
        key_index = [want_names.index(k) for k in keys]
        got_keys = Counter(tuple(r[i] for i in key_index) for r in got_rows)
        want_keys = Counter(tuple(r[i] for i in key_index) for r in want_rows)
        lacking = sum((want_keys - got_keys).values())
        surplus = [k for k in (got_keys - want_keys).elements()]
        if lacking or surplus:
            parts = []
            if lacking:
                parts.append(f"{lacking} expected row(s) are missing")
            if surplus:
                shown = [dict(zip(keys, k, strict=True)) for k in surplus]
                parts.append(f"these rows should not be there: {_shown(shown, limit=3)}")
            self.fail(f"{name} does not hold the expected rows: {'; '.join(parts)}.")
        got_sorted, want_sorted = _sorted_rows(got_rows), _sorted_rows(want_rows)
        for g, w in zip(got_sorted, want_sorted, strict=True):
            bad = _row_difference(g, w, want_names, floats, rel_tol, abs_tol)
            if bad:
                where = {k: g[want_names.index(k)] for k in keys}
                place = f" in the row where {_shown([where], limit=1)}" if keys else ""
                self.fail(f"column {bad!r} of {name} is not the expected value ({said}){place}.")


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """Return the column of ``frame`` called ``name`` in any letter case (``Mean`` for ``mean``).

    For tests that read a learner's columns by name after :meth:`Question.has_columns`, which
    accepts any case. Raises ``KeyError`` naming the column when there is none.
    """
    for label in frame.columns:
        if str(label).lower() == name.lower():
            return frame[label]
    raise KeyError(f"no column {name!r} in any letter case")


def _as_frame(value: object) -> pd.DataFrame | None:
    """Return a DataFrame for a DataFrame or anything with ``.df()`` (a DuckDB relation)."""
    if isinstance(value, pd.DataFrame):
        return value
    convert = getattr(value, "df", None)
    if callable(convert):
        frame = convert()
        return frame if isinstance(frame, pd.DataFrame) else None
    return None


def _normalized(column: pd.Series) -> tuple[list[object], str]:
    """Return a column's values in comparable form and its kind: number, time or text.

    Numbers become floats, times naive UTC timestamps, anything else text; missing values
    become ``None``. Columns of a numeric or datetime dtype take a vectorized path (the same
    result, without a Python call per value).
    """
    missing = column.isna().to_numpy(dtype=bool)
    if missing.all():
        return [None] * len(column), "text"
    dtype = column.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        floats = column.to_numpy(dtype=float, na_value=np.nan).tolist()
        return [None if m else f for f, m in zip(floats, missing, strict=True)], "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if isinstance(dtype, pd.DatetimeTZDtype):
            column = column.dt.tz_convert("UTC").dt.tz_localize(None)
        stamps = column.tolist()
        return [None if m else s for s, m in zip(stamps, missing, strict=True)], "time"
    values = column.tolist()
    present = [v for v, m in zip(values, missing, strict=True) if not m]
    if all(_is_number(v) or isinstance(v, decimal.Decimal) for v in present):
        return [None if m else float(v) for v, m in zip(values, missing, strict=True)], "number"
    if all(isinstance(v, (datetime.date, np.datetime64)) for v in present):
        stamps = [None if m else pd.Timestamp(v) for v, m in zip(values, missing, strict=True)]
        return [
            None if s is None else (s.tz_convert("UTC").tz_localize(None) if s.tzinfo else s)
            for s in stamps
        ], "time"
    return [None if m else str(v) for v, m in zip(values, missing, strict=True)], "text"


def _whole(values: list[object]) -> bool:
    return all(v is None or float(v).is_integer() for v in values)  # type: ignore[arg-type]


def _rows(
    columns: dict[str, tuple[list[object], str]], names: list[str]
) -> list[tuple[object, ...]]:
    return list(zip(*(columns[n][0] for n in names), strict=True)) if names else []


def _sorted_rows(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Sort rows deterministically, missing values first.

    Each column holds one kind of value (floats, timestamps or text, from :func:`_normalized`),
    so values compare directly within a column; only a column with missing values needs a key.
    """
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    keyed = [
        c if None not in c else tuple((False, 0) if v is None else (True, v) for v in c)
        for c in columns
    ]
    keys = list(zip(*keyed, strict=True))
    return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)]


def _row_difference(
    got: tuple[object, ...],
    want: tuple[object, ...],
    names: list[str],
    floats: list[str],
    rel_tol: float,
    abs_tol: float,
) -> str | None:
    """Return the first column where two rows differ, or None."""
    for column, g, w in zip(names, got, want, strict=True):
        if column in floats:
            if (g is None) != (w is None):
                return column
            if g is not None and not _close(g, w, rel_tol, abs_tol):
                return column
        elif g != w:
            return column
    return None

"""Input rules shared by every pmkit function, with error messages that name the field and value.

A :class:`Rule` describes what a value must be ("a fraction in [0, 1]"). The same rule checks a
scalar argument (:func:`number`) and a DataFrame column (:func:`column`), so a scalar function and
its DataFrame counterpart accept exactly the same values and fail with the same words.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence, Sized
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Rule:
    """What a numeric value must be, in words and as bounds or a set of allowed values."""

    description: str
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    allowed: tuple[float, ...] | None = None
    integer: bool = False

    def violations(self, values: FloatArray) -> npt.NDArray[np.bool_]:
        """Return a mask of the values that break the rule (NaN is handled by the caller)."""
        bad = ~np.isfinite(values)
        bad |= (values <= self.low) if self.low_open else (values < self.low)
        bad |= (values >= self.high) if self.high_open else (values > self.high)
        if self.allowed is not None:
            bad |= ~np.isin(values, np.asarray(self.allowed, dtype=np.float64))
        if self.integer:
            with np.errstate(invalid="ignore"):
                bad |= values != np.floor(values)
        return bad

    def hint_for(self, value: float) -> str:
        """Return a short suggestion for a common mistake, or an empty string."""
        if self is CONFIDENCE and 1 < value <= 100:
            return f" (confidence is a fraction: write {value / 100:g} for {value:g}%)"
        return ""


ANY_NUMBER = Rule("a finite number")
NON_NEGATIVE = Rule("a number >= 0", low=0)
POSITIVE = Rule("a number > 0", low=0, low_open=True)
FRACTION = Rule("a fraction in [0, 1]", low=0, high=1)
ZERO_TO_TEN = Rule("on a 0-10 scale", low=0, high=10)
ONE_TO_TEN = Rule("on the 1-10 scale", low=1, high=10)
ONE_TO_FIVE = Rule("a rating from 1 to 5", allowed=(1, 2, 3, 4, 5))
REACH = Rule("a count of people or events per period, >= 0", low=0)
RICE_IMPACT = Rule(
    "on Intercom's impact scale (3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal): "
    "a number in (0, 3]",
    low=0,
    low_open=True,
    high=3,
)
CONFIDENCE = Rule("a fraction in [0, 1] (0.8 means 80%)", low=0, high=1)
EFFORT = Rule("a positive effort (person-months > 0)", low=0, low_open=True)
FIBONACCI = Rule(
    "on SAFe's modified Fibonacci scale (1, 2, 3, 5, 8, 13, 20)", allowed=(1, 2, 3, 5, 8, 13, 20)
)
COUNT = Rule("a whole number >= 0", low=0, integer=True)


def count(field: str, value: object) -> int:
    """Return a whole number >= 0 as an int (users, successes, a day number).

    >>> count("n", 7.0)
    7
    """
    return int(number(field, value, COUNT))


def number(field: str, value: object, rule: Rule = ANY_NUMBER) -> float:
    """Return ``value`` as a float if it satisfies ``rule``; otherwise raise a ValueError.

    >>> number("effort", 2, EFFORT)
    2.0
    >>> number("effort", 0, EFFORT)
    Traceback (most recent call last):
    ...
    ValueError: effort must be a positive effort (person-months > 0); got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        said = rule.description
        if not said.startswith(("a number", "a whole number")):
            said = f"a number, {said}"
        raise ValueError(f"{field} must be {said}; got {value!r}")
    as_float = float(value)
    if math.isnan(as_float):
        raise ValueError(f"{field} is missing (NaN); it must be {rule.description}")
    if rule.violations(np.array([as_float]))[0]:
        raise ValueError(
            f"{field} must be {rule.description}; got {value!r}{rule.hint_for(as_float)}"
        )
    return as_float


def numbers_list(field: str, values: object, rule: Rule = ANY_NUMBER) -> list[float]:
    """Check every item of a sequence against ``rule``; errors name the position.

    >>> numbers_list("efforts", [1, 2.5], EFFORT)
    [1.0, 2.5]
    """
    if isinstance(values, (str, bytes)) or not isinstance(
        values, (Sequence, pd.Series, np.ndarray)
    ):
        raise ValueError(f"{field} must be a list of numbers; got {values!r}")
    return [number(f"{field}[{i}]", v, rule) for i, v in enumerate(list(values))]


def same_length(first: str, first_items: Sized, second: str, second_items: Sized) -> None:
    """Raise a ValueError naming both fields when two parallel lists differ in length.

    >>> same_length("values", [1, 2], "efforts", [1])
    Traceback (most recent call last):
    ...
    ValueError: values and efforts must have the same length; got 2 values and 1 efforts
    """
    if len(first_items) != len(second_items):
        raise ValueError(
            f"{first} and {second} must have the same length; got {len(first_items)} {first} "
            f"and {len(second_items)} {second}"
        )


def choice(field: str, value: object, options: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``options``; otherwise raise a ValueError naming both."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{field} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value


def require_columns(frame: object, columns: Sequence[str], frame_name: str) -> pd.DataFrame:
    """Check that ``frame`` is a DataFrame holding ``columns``; name what is missing."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{frame_name} must be a pandas DataFrame; got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{frame_name} is missing the column(s) {', '.join(map(repr, missing))}; "
            f"it has {', '.join(map(repr, map(str, frame.columns)))}. Pass the column name as a "
            f"keyword argument if yours is called something else."
        )
    return frame


def row_label(frame: pd.DataFrame, position: int) -> str:
    """Describe a row for an error message: its position and, when present, its feature id."""
    label = f"row {position}"
    for id_column in ("feature_id", "feature", "respondent_id"):
        if id_column in frame.columns:
            return f"{label} ({id_column}={_plain(frame[id_column].iloc[position])!r})"
    index_value = _plain(frame.index[position])
    if not isinstance(frame.index, pd.RangeIndex):
        return f"{label} (index {index_value!r})"
    return label


def column(frame: pd.DataFrame, name: str, rule: Rule, frame_name: str = "backlog") -> FloatArray:
    """Return a numeric column as a float array after checking every value against ``rule``.

    Errors name the column, the first offending row and its value, and how many rows break the
    rule, so a learner can find the bad cell in their data.
    """
    require_columns(frame, [name], frame_name)
    raw = frame[name]
    where = f"{frame_name}[{name!r}]"
    if pd.api.types.is_bool_dtype(raw) or not pd.api.types.is_numeric_dtype(raw):
        # Same rule as the scalar functions: text and booleans are not numbers, even when
        # pandas could convert them ("4500", True).
        not_numeric = raw.map(lambda x: not _is_real(x) and not pd.isna(x)).to_numpy(dtype=bool)
        if not_numeric.any():
            pos = int(np.flatnonzero(not_numeric)[0])
            raise ValueError(
                f"{where} must hold numbers, {rule.description}; got {_plain(raw.iloc[pos])!r} "
                f"in {row_label(frame, pos)}"
            )
    coerced = pd.to_numeric(raw, errors="coerce")
    values = coerced.to_numpy(dtype=np.float64, na_value=np.nan)
    missing = np.isnan(values)
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise ValueError(
            f"{where} is missing (NaN) in {row_label(frame, pos)}{_more(missing)}; "
            f"it must be {rule.description}"
        )
    bad = rule.violations(values)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        value = _plain(raw.iloc[pos])
        raise ValueError(
            f"{where} must be {rule.description}; got {value!r} in {row_label(frame, pos)}"
            f"{_more(bad)}{rule.hint_for(float(values[pos]))}"
        )
    return values


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _plain(value: object) -> object:
    """Turn NumPy scalars into Python ones, so messages say 80.0, not np.float64(80.0)."""
    return value.item() if isinstance(value, np.generic) else value


def _more(mask: npt.NDArray[np.bool_]) -> str:
    extra = int(mask.sum()) - 1
    return f" and {extra} more row{'s' if extra > 1 else ''}" if extra > 0 else ""

"""Input rules for the experiment statistics, on top of :mod:`pmkit._validation`.

Every error is a ValueError that names the argument and the value it got, for example
``successes_a must be at most n_a (1,000); got 1,200``. Scalar rules reuse
:func:`pmkit._validation.number`; the rules it has no words for (a count of users that must be
positive, a probability strictly between 0 and 1, arrays of per-user values) live here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from pmkit import _validation as v

Alternative = Literal["two-sided", "greater", "less"]
ALTERNATIVES: tuple[Alternative, ...] = ("two-sided", "greater", "less")
"""Allowed ``alternative`` values: ``"greater"`` means B > A, ``"less"`` means B < A."""

USERS = v.Rule("a whole number of users >= 1", low=1, integer=True)
LOOKS = v.Rule("a whole number of looks >= 1", low=1, integer=True)
SIGNIFICANCE = v.Rule(
    "a significance level strictly between 0 and 1 (0.05 is usual)",
    low=0,
    high=1,
    low_open=True,
    high_open=True,
)
THRESHOLD = v.Rule(
    "a p-value threshold strictly between 0 and 1 (GrowthBook uses 0.001)",
    low=0,
    high=1,
    low_open=True,
    high_open=True,
)
POWER = v.Rule(
    "a probability in [0.5, 1) (0.8 is usual; below 0.5 the test would miss the effect more "
    "often than find it)",
    low=0.5,
    high=1,
    high_open=True,
)
RATE = v.Rule(
    "a rate strictly between 0 and 1 (0.1 means 10%)",
    low=0,
    high=1,
    low_open=True,
    high_open=True,
)
WEIGHT = v.Rule("a positive weight (> 0)", low=0, low_open=True)


def users(field: str, value: object) -> int:
    """Return a whole number >= 1 as an int (an arm needs at least one user)."""
    return int(v.number(field, value, USERS))


def looks(field: str, value: object) -> int:
    """Return how many times a test is looked at: a whole number >= 1, as an int."""
    return int(v.number(field, value, LOOKS))


def fraction(field: str, value: object, rule: v.Rule) -> float:
    """Check a fraction, with a hint when someone writes a percentage (5 for 5%)."""
    if (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, bool)
        and 1 < float(value) <= 100
        and rule.violations(np.array([float(value)]))[0]
    ):
        raise ValueError(
            f"{field} must be {rule.description}; got {value!r} "
            f"({field} is a fraction: write {float(value) / 100:g} for {float(value):g}%)"
        )
    return v.number(field, value, rule)


def alpha(value: object, field: str = "alpha") -> float:
    """Return a significance level in (0, 1)."""
    return fraction(field, value, SIGNIFICANCE)


def power(value: object) -> float:
    """Return a target power in [0.5, 1)."""
    return fraction("power", value, POWER)


def alternative(value: object) -> Alternative:
    """Return ``value`` if it is one of :data:`ALTERNATIVES`."""
    chosen = v.choice("alternative", value, ALTERNATIVES)
    return ALTERNATIVES[ALTERNATIVES.index(chosen)]


def flag(field: str, value: object) -> bool:
    """Return a bool; 1/0 and other truthy values are refused, so a typo cannot flip a test."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{field} must be True or False; got {value!r}")
    return bool(value)


def arm(successes_field: str, successes: object, n_field: str, n: object) -> tuple[int, int]:
    """Return (successes, users) of one arm: whole numbers with 0 <= successes <= users >= 1."""
    s = v.count(successes_field, successes)
    total = users(n_field, n)
    if s > total:
        raise ValueError(f"{successes_field} must be at most {n_field} ({total:,}); got {s:,}")
    return s, total


def sample(field: str, values: object, min_size: int = 2) -> v.FloatArray:
    """Return per-user values as a 1-D float array of finite numbers (booleans count as 0/1).

    Accepts a list, tuple, NumPy array or pandas Series. Errors name the position of the first
    bad value, so a learner can find it.
    """
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(
        values, (Sequence, np.ndarray, pd.Series, pd.Index)
    ):
        raise ValueError(
            f"{field} must be a list, NumPy array or pandas Series of numbers (one value per "
            f"user); got {type(values).__name__}"
        )
    if isinstance(values, (pd.Series, pd.Index)):
        if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
            raw = values.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            raw = values.to_numpy(dtype=object)
    else:
        raw = np.asarray(values)
        if raw.dtype.kind in "USO":  # keep items as given: [1.0, "x"] must not become text
            raw = np.asarray(values, dtype=object)
    if raw.ndim != 1:
        raise ValueError(
            f"{field} must be one-dimensional (one value per user); got shape {raw.shape}"
        )
    if raw.dtype.kind not in "biuf":
        for position, item in enumerate(raw.tolist()):
            if not isinstance(item, (numbers.Real, np.bool_)) and not _is_missing(item):
                raise ValueError(f"{field}[{position}] must be a number; got {item!r}")
        raw = np.array([np.nan if _is_missing(x) else x for x in raw.tolist()], dtype=float)
    array = np.asarray(raw, dtype=np.float64)
    bad = ~np.isfinite(array)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        extra = int(bad.sum()) - 1
        more = f" (and {extra} more)" if extra else ""
        raise ValueError(
            f"{field}[{position}] must be a finite number; got {float(array[position])!r}{more}. "
            "Remove or fill missing values first."
        )
    if array.size < min_size:
        raise ValueError(
            f"{field} must hold at least {min_size} values (one per user); got {array.size}"
        )
    return array


def _is_missing(item: object) -> bool:
    if item is None or item is pd.NA or item is pd.NaT:
        return True
    return isinstance(item, float) and math.isnan(item)

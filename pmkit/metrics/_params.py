"""Parameter checks for the metrics; every error names the parameter and the value it got."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from pmkit import _validation as v

_AT_LEAST_ONE = v.Rule("a whole number >= 1", low=1, integer=True)
_POSITIVE = v.Rule("a number > 0", low=0, low_open=True)
_DAYS = v.Rule("a number of days > 0", low=0, low_open=True)
_FRACTION = v.Rule("a fraction in [0, 1] (0.7 means 70%)", low=0, high=1)

Moment = str | dt.date | dt.datetime | pd.Timestamp


def at_least_one(field: str, value: object) -> int:
    """Return a whole number >= 1 (a window of whole days)."""
    return int(v.number(field, value, _AT_LEAST_ONE))


def positive(field: str, value: object) -> float:
    """Return a number > 0."""
    return v.number(field, value, _POSITIVE)


def days(field: str, value: object) -> float:
    """Return a number of days > 0 (a window; fractions of a day allowed)."""
    return v.number(field, value, _DAYS)


def fraction(field: str, value: object) -> float:
    """Return a number in [0, 1]."""
    return v.number(field, value, _FRACTION)


def choice(field: str, value: object, options: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``options``."""
    return v.choice(field, value, options)


def column_name(field: str, value: object) -> str:
    """Return a column name: a non-empty string."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field} must be a column name (a non-empty string); got {value!r}")
    return value


def segments(value: object, taken: Sequence[str]) -> tuple[str, ...]:
    """Return the ``by`` columns as a tuple: None, one name or a list of names.

    ``taken`` lists names the segment columns may not reuse (the metric's own columns).
    """
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not names:
        raise ValueError(f"by must be a column name or a list of column names; got {value!r}")
    out = tuple(column_name(f"by[{i}]", n) for i, n in enumerate(names))
    for name in out:
        if name.lower() in {t.lower() for t in taken}:
            raise ValueError(f"by cannot use the column {name!r}: the metric uses that name itself")
    if len({n.lower() for n in out}) != len(out):
        raise ValueError(f"by lists a column twice; got {value!r}")
    return out


def moment(field: str, value: object) -> pd.Timestamp:
    """Return a date or time as a time-zone-free UTC Timestamp (aware values are converted)."""
    if isinstance(value, bool) or not isinstance(value, (str, dt.date, pd.Timestamp)):
        raise ValueError(f"{field} must be a date or a timestamp; got {value!r}")
    try:
        stamp = pd.Timestamp(value)
    except ValueError:
        raise ValueError(f"{field} must be a date or a timestamp; got {value!r}") from None
    if pd.isna(stamp):
        raise ValueError(f"{field} must be a date or a timestamp; got {value!r}")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp


def period(start: object, end: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the half-open period [start, end) after checking that start comes before end."""
    first, last = moment("start", start), moment("end", end)
    if not first < last:
        raise ValueError(f"start must be before end; got start={start!r} and end={end!r}")
    return first, last

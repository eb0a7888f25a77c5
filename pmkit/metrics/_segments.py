"""Segment a metric: where a rate changed, and whether the segments moved or only their mix.

Two diagnostics of lesson 04's "metric drop" walk-through, on pandas frames:
:func:`rate_change_by_segment` compares a rate (say searches per session) before and after a
day, per segment, and sizes what each segment lost; :func:`bracket_retention_by_segment` gives
bracket retention per signup month and segment, with the blended value, so a falling total can
be told apart from a shift in the segments' weights (a mix shift).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from pmkit import _validation as v
from pmkit.metrics._inputs import TableLike
from pmkit.metrics._retention import bracket_retention

_DAYS = v.Rule("a whole number of days >= 1", low=1, integer=True)

BLENDED = "all (blended)"
"""The segment label of the blended (all users) rows of :func:`bracket_retention_by_segment`."""


def rate_change_by_segment(
    frame: pd.DataFrame,
    by: str,
    split: str | pd.Timestamp,
    days: int,
    *,
    numerator: str,
    denominator: str,
    time: str = "day",
) -> pd.DataFrame:
    """Compare ``numerator / denominator`` in the ``days`` days before and after ``split``.

    Per value of ``by``: ``rate_before`` and ``rate_after`` (sums over each window, then the
    ratio), ``<denominator>_after``, ``change`` (rate_after / rate_before - 1) and
    ``<numerator>_lost`` = (rate_before - rate_after) x <denominator>_after, what the segment
    lost at its new rate; sorted by that, largest first. The windows are
    [split - days, split) and [split, split + days) on the ``time`` column.

    >>> frame = pd.DataFrame({"day": pd.to_datetime(["2024-01-01", "2024-01-02"] * 2),
    ...                       "country": ["DE", "DE", "US", "US"],
    ...                       "sessions": [100, 100, 100, 100], "searches": [50, 25, 50, 50]})
    >>> rate_change_by_segment(frame, "country", "2024-01-02", 1,
    ...                        numerator="searches", denominator="sessions")["searches_lost"]
    country
    DE    25.0
    US     0.0
    Name: searches_lost, dtype: float64
    """
    v.require_columns(frame, [by, time, numerator, denominator], "frame")
    whole_days = int(
        v.number("days", days, v.Rule("a whole number of days >= 1", low=1, integer=True))
    )
    split_day = pd.Timestamp(split)
    window = frame[
        (frame[time] >= split_day - pd.Timedelta(days=whole_days))
        & (frame[time] < split_day + pd.Timedelta(days=whole_days))
    ]
    period = np.where(window[time] < split_day, "before", "after")
    sums = window.groupby([by, period])[[denominator, numerator]].sum().unstack()
    for side in ("before", "after"):
        if (denominator, side) not in sums.columns:
            raise ValueError(
                f"frame has no rows in the {days} days {side} split {split_day:%Y-%m-%d} "
                f"(its {time} runs from {frame[time].min()} to {frame[time].max()})"
            )
    out = pd.DataFrame(
        {
            "rate_before": sums[(numerator, "before")] / sums[(denominator, "before")],
            "rate_after": sums[(numerator, "after")] / sums[(denominator, "after")],
            f"{denominator}_after": sums[(denominator, "after")],
        }
    )
    out["change"] = out["rate_after"] / out["rate_before"] - 1
    out[f"{numerator}_lost"] = (out["rate_before"] - out["rate_after"]) * out[
        f"{denominator}_after"
    ]
    return out.sort_values(f"{numerator}_lost", ascending=False)


def bracket_retention_by_segment(
    events: TableLike,
    users: pd.DataFrame,
    bracket: tuple[int, int],
    segment: str,
    months: Sequence[str],
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    signup_time: str = "signup_time",
) -> pd.DataFrame:
    """Return bracket retention per signup month and ``segment``, with the blended value.

    One row per month and segment (and one per month for all users, segment
    :data:`BLENDED`): ``month``, ``segment``, ``retention`` (see
    :func:`~pmkit.metrics.bracket_retention`: calendar days, users whose bracket ends after
    the data left out) and ``users`` (signups in the month and segment). ``months`` are
    "YYYY-MM" strings; ``events`` is what ``bracket_retention`` takes (a table name on ``con``
    works); ``users`` is a DataFrame with ``user_id``, ``signup_time`` and ``segment``.
    """
    v.require_columns(users, [signup_time, segment], "users")
    first, last = bracket
    rows = []
    for month in months:
        if not (isinstance(month, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month)):
            raise ValueError(f"months must be 'YYYY-MM' strings; got {month!r}")
        start = pd.Timestamp(f"{month}-01")
        end = start + pd.offsets.MonthBegin(1)
        cohort = users[(users[signup_time] >= start) & (users[signup_time] < end)]
        groups = [(BLENDED, cohort), *cohort.groupby(segment, observed=True)]
        for name, group in groups:
            result = bracket_retention(events, group, [(first, last)], con=con)
            rows.append(
                {
                    "month": month,
                    "segment": str(name),
                    "retention": float(result["retention"].iloc[0]),
                    "users": len(group),
                }
            )
    return pd.DataFrame(rows, columns=["month", "segment", "retention", "users"]).astype(
        {"month": "str", "segment": "str", "retention": "float64", "users": "int64"}
    )

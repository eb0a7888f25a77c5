"""Active users (DAU, WAU, MAU) and stickiness, as DuckDB SQL.

Convention (GA4's): the users active on a day are the distinct users with at least one event in
the trailing ``window_days`` days ending on that day, inclusive, on UTC calendar days. DAU is a
1-day window, WAU 7 days, MAU 30 days. Stickiness is DAU / MAU.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from pmkit.metrics import _params, _sql
from pmkit.metrics._inputs import Bound, Role, TableLike, frame
from pmkit.metrics._metric import Query, metric

_ACTIVE_COLUMNS = ("day", "active_users")
_STICKY_COLUMNS = ("day", "dau", "mau", "stickiness")


def _events_role(events: object, user_id: str, event_time: str, by: tuple[str, ...]) -> list[Role]:
    columns = {
        "user_id": _params.column_name("user_id", user_id),
        "event_time": _params.column_name("event_time", event_time),
    }
    columns.update({f"by:{name}": name for name in by})
    return [Role("events", events, columns, times=("event_time",))]


def _segments(t: Bound, by: tuple[str, ...]) -> list[str]:
    return [t.col(f"by:{name}") for name in by]


def _activity_and_grid(t: Bound, segs: list[str]) -> list[tuple[str, str]]:
    """Return the CTEs every active-user query starts with: activity, calendar, day grid."""
    user = _sql.aliased(t.col("user_id"), "user_id")
    ctes = [
        (
            "activity",
            f"""
            -- one row per user and UTC calendar day with at least one event
            SELECT {_sql.prefixed(segs)}{user}, {t.day("event_time")} AS day
            FROM {t.name}
            WHERE {t.col("user_id")} IS NOT NULL AND {t.col("event_time")} IS NOT NULL
            GROUP BY ALL
            """,
        ),
        (
            "calendar",
            """
            -- every day from the first to the last day with an event, so quiet days show 0
            SELECT CAST(range AS DATE) AS day
            FROM (SELECT min(day) AS first_day, max(day) AS last_day FROM activity),
                 range(first_day, last_day + 1, INTERVAL 1 DAY)
            """,
        ),
    ]
    if segs:
        ctes += [
            ("segments", f"SELECT DISTINCT {', '.join(segs)} FROM activity"),
            (
                "grid",
                """
                -- every segment on every day
                SELECT segments.*, calendar.day FROM segments CROSS JOIN calendar
                """,
            ),
        ]
    return ctes


def _trailing_ctes(segs: list[str], window: int) -> list[tuple[str, str]]:
    """CTEs giving ``daily_change``: +users starting and -users ending a coverage, per day."""
    over = f"PARTITION BY {_sql.prefixed(segs)}user_id ORDER BY day"
    return [
        (
            "coverage",
            f"""
            -- An active day counts the user on that day and the {window - 1} days after it, up to
            -- the user's next active day. So one user's coverages [covered_from, covered_until)
            -- never overlap, and summing them counts each user once per day, the same as
            -- COUNT(DISTINCT user_id) over the {window} days ending on each day, but without
            -- copying every active day {window} times.
            SELECT {_sql.prefixed(segs)}day AS covered_from,
                   least(day + {window}, lead(day, 1, day + {window}) OVER ({over}))
                       AS covered_until
            FROM activity
            """,
        ),
        (
            "changes",
            f"""
            -- +1 user where a coverage starts, -1 where it ends
            SELECT {_sql.prefixed(segs)}covered_from AS day, count(*) AS change
            FROM coverage GROUP BY ALL
            UNION ALL
            SELECT {_sql.prefixed(segs)}covered_until AS day, -count(*) AS change
            FROM coverage GROUP BY ALL
            """,
        ),
        (
            "daily_change",
            f"SELECT {_sql.prefixed(segs)}day, sum(change) AS change FROM changes GROUP BY ALL",
        ),
    ]


def _active_users_sql(t: Bound, window: int, by: tuple[str, ...]) -> str:
    segs = _segments(t, by)
    grid = "grid" if segs else "calendar"
    order = f"{_sql.prefixed(segs, grid)}{grid}.day"
    head = (
        f"-- Active users: distinct users with an event in the {_sql.days(window)} ending on each "
        "day\n"
        "-- (inclusive), on UTC calendar days; every day from the first to the last event day.\n"
    )
    ctes = _activity_and_grid(t, segs)
    if window == 1:
        ctes.append(
            (
                "daily",
                f"SELECT {_sql.prefixed(segs)}day, count(*) AS users FROM activity GROUP BY ALL",
            )
        )
        select = f"""
            SELECT {order},
                   CAST(coalesce(daily.users, 0) AS BIGINT) AS active_users
            FROM {grid}
            LEFT JOIN daily ON daily.day = {grid}.day{_sql.same_segment(segs, "daily", grid)}
            ORDER BY {order}
            """
    else:
        ctes += _trailing_ctes(segs, window)
        over = f"PARTITION BY {', '.join(f'{grid}.{c}' for c in segs)} " if segs else ""
        select = f"""
            -- running total of the changes = users covered on the day
            SELECT {order},
                   CAST(sum(coalesce(daily_change.change, 0)) OVER ({over}ORDER BY {grid}.day)
                       AS BIGINT) AS active_users
            FROM {grid}
            LEFT JOIN daily_change
                ON daily_change.day = {grid}.day{_sql.same_segment(segs, "daily_change", grid)}
            ORDER BY {order}
            """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


def _stickiness_sql(t: Bound, by: tuple[str, ...]) -> str:
    segs = _segments(t, by)
    grid = "grid" if segs else "calendar"
    order = f"{_sql.prefixed(segs, 'mau')}mau.day"
    over = f"PARTITION BY {', '.join(f'{grid}.{c}' for c in segs)} " if segs else ""
    head = (
        "-- Stickiness = DAU / MAU: users active on the day / users active in the 30 days ending\n"
        "-- on it (inclusive), on UTC calendar days.\n"
    )
    ctes = _activity_and_grid(t, segs)
    ctes.append(
        ("dau", f"SELECT {_sql.prefixed(segs)}day, count(*) AS users FROM activity GROUP BY ALL")
    )
    ctes += _trailing_ctes(segs, 30)
    ctes.append(
        (
            "mau",
            f"""
            SELECT {_sql.prefixed(segs, grid)}{grid}.day,
                   sum(coalesce(daily_change.change, 0)) OVER ({over}ORDER BY {grid}.day) AS users
            FROM {grid}
            LEFT JOIN daily_change
                ON daily_change.day = {grid}.day{_sql.same_segment(segs, "daily_change", grid)}
            """,
        )
    )
    select = f"""
        SELECT {order},
               CAST(coalesce(dau.users, 0) AS BIGINT) AS dau,
               CAST(mau.users AS BIGINT) AS mau,
               CAST(coalesce(dau.users, 0) AS DOUBLE) / NULLIF(mau.users, 0) AS stickiness
        FROM mau
        LEFT JOIN dau ON dau.day = mau.day{_sql.same_segment(segs, "dau", "mau")}
        ORDER BY {order}
        """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


@metric
def active_users(
    events: TableLike,
    window_days: int = 1,
    *,
    by: str | Sequence[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    event_time: str = "event_time",
) -> Query[pd.DataFrame]:
    """Return the active users on every day: DAU (``window_days=1``), WAU (7), MAU (30).

    The users active on a day are the distinct users with at least one event in the trailing
    ``window_days`` UTC calendar days ending on that day, inclusive (GA4's convention). Every
    day from the first to the last event day gets a row; quiet days show 0. Early days have
    fewer than ``window_days`` days of data behind them, so their counts run low.

    Parameters
    ----------
    events
        A table with ``user_id`` and ``event_time`` columns: a pandas DataFrame, a DuckDB
        relation, or the name of a table on ``con``. Naive timestamps are read as UTC; aware ones
        are converted to UTC. Rows without a user or a time are ignored.
    window_days
        The trailing window, a whole number of days >= 1.
    by
        A column of ``events`` (or a list of them) to break the count down by, e.g.
        ``by="platform"``: a user counts in every segment they had an event in during the window.
        Every segment gets every day.
    con
        The DuckDB connection holding ``events`` when it is a table name.
    user_id, event_time
        The column names, if yours differ.

    Returns
    -------
    pandas.DataFrame
        Columns ``day`` (datetime64[us], midnight UTC) and ``active_users`` (int64), after the
        ``by`` columns if any, sorted by them and day. ``active_users.sql(...)``, with the same
        arguments, returns the SQL it runs.

    >>> events = pd.DataFrame({
    ...     "user_id": [1, 1, 2],
    ...     "event_name": ["open", "open", "open"],
    ...     "event_time": pd.to_datetime(
    ...         ["2024-01-01 09:00:00", "2024-01-03 23:59:59", "2024-01-03 00:00:00"]
    ...     ),
    ... })
    >>> active_users(events, window_days=2)
             day  active_users
    0 2024-01-01             1
    1 2024-01-02             1
    2 2024-01-03             2
    >>> print(active_users.sql("events", window_days=7))  # doctest: +ELLIPSIS
    -- Active users: distinct users with an event in the 7 days ending on each day
    -- (inclusive), on UTC calendar days; every day from the first to the last event day.
    WITH activity AS (
        -- one row per user and UTC calendar day with at least one event
        SELECT user_id, CAST(event_time AS DATE) AS day
        FROM events
        WHERE user_id IS NOT NULL AND event_time IS NOT NULL
        GROUP BY ALL
    ),
    ...
    ORDER BY calendar.day

    """
    window = _params.at_least_one("window_days", window_days)
    segments = _params.segments(by, (*_ACTIVE_COLUMNS, user_id, event_time))
    return Query(
        _events_role(events, user_id, event_time, segments),
        lambda b: _active_users_sql(b["events"], window, segments),
        con,
        lambda result: frame(result, dates=["day"], ints=["active_users"]),
    )


@metric
def stickiness(
    events: TableLike,
    *,
    by: str | Sequence[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    event_time: str = "event_time",
) -> Query[pd.DataFrame]:
    """Return DAU, MAU and stickiness (DAU / MAU) on every day.

    DAU counts the distinct users with an event on the day; MAU those with an event in the
    trailing 30 UTC calendar days ending on the day, inclusive (GA4's convention); stickiness is
    their ratio, the share of the month's users who came back that day. The first 29 days have
    less than 30 days of data behind them, so their MAU runs low and their stickiness high.

    This is *not* what Amplitude's "Stickiness" chart shows: that chart is a distribution, the
    share of users active on 1, 2, ..., 7 days of a week (or 1..30 days of a month). Here it is
    one ratio per day, as in the DAU/MAU of most dashboards.

    Parameters
    ----------
    events
        A table with ``user_id`` and ``event_time``: DataFrame, DuckDB relation or table name on
        ``con`` (naive times are UTC; aware ones are converted).
    by
        Optional segment column(s) of ``events``, as in :func:`active_users`.
    con, user_id, event_time
        As in :func:`active_users`.

    Returns
    -------
    pandas.DataFrame
        ``day`` (datetime64[us]), ``dau`` and ``mau`` (int64), ``stickiness`` (float64; NaN on a
        day with no user active in the 30 days). ``stickiness.sql(...)`` returns the SQL.

    >>> events = pd.DataFrame({
    ...     "user_id": [1, 2, 1],
    ...     "event_time": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-02"]),
    ... })
    >>> stickiness(events)
             day  dau  mau  stickiness
    0 2024-01-01    2    2         1.0
    1 2024-01-02    1    2         0.5
    >>> "NULLIF(mau.users, 0)" in stickiness.sql("events")
    True

    """
    segments = _params.segments(by, (*_STICKY_COLUMNS, user_id, event_time))
    return Query(
        _events_role(events, user_id, event_time, segments),
        lambda b: _stickiness_sql(b["events"], segments),
        con,
        lambda result: frame(result, dates=["day"], ints=["dau", "mau"], floats=["stickiness"]),
    )

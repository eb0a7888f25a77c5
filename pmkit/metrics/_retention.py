"""Retention: N-day ("on" and "on or after"), bracket and cohort tables, as DuckDB SQL.

Terms follow Amplitude and Mixpanel. Day N of a user counts from their signup: day 0 is the
signup day. *N-day* (or "on") retention asks whether the user was active on day N itself;
*unbounded* ("on or after") whether they were active on day N or any later day; *bracket*
retention whether they were active on any day of a range, such as days 2-7.

Day boundaries: tools use either calendar days or rolling 24-hour windows from the signup.
The default here is **calendar days in UTC** (``days="calendar"``): day N is the UTC date of the
signup plus N, and any event on that date counts, including one earlier on the signup day than
the signup itself. ``days="rolling"`` uses 24-hour windows instead: day N is
[signup_time + N x 24 h, signup_time + (N + 1) x 24 h), and only events from the signup on count.

End of the data: the last day (or, rolling, the last moment) with any event in ``events``. Users
whose day N lies after it cannot be observed yet and are left out of the denominator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import duckdb
import pandas as pd

from pmkit import _validation as v
from pmkit.metrics import _params, _sql
from pmkit.metrics._inputs import Bound, Role, TableLike, frame
from pmkit.metrics._metric import Query, metric

RetentionKind = Literal["on", "on_or_after"]
DayConvention = Literal["calendar", "rolling"]
CohortPeriod = Literal["day", "week", "month"]

RETENTION_KINDS: tuple[RetentionKind, ...] = ("on", "on_or_after")
DAY_CONVENTIONS: tuple[DayConvention, ...] = ("calendar", "rolling")
COHORT_PERIODS: tuple[CohortPeriod, ...] = ("day", "week", "month")

_KIND_WORDS = {"on": "on day {n} exactly", "on_or_after": "on day {n} or any later day"}


def _roles(
    events: object, users: object, user_id: str, event_time: str, signup_time: str
) -> list[Role]:
    uid = _params.column_name("user_id", user_id)
    return [
        Role(
            "events",
            events,
            {"user_id": uid, "event_time": _params.column_name("event_time", event_time)},
            times=("event_time",),
        ),
        Role(
            "users",
            users,
            {"user_id": uid, "signup_time": _params.column_name("signup_time", signup_time)},
            times=("signup_time",),
        ),
    ]


def _signup_days(u: Bound) -> tuple[str, str]:
    return (
        "signups",
        f"""
        -- each user's signup day (the earliest signup if a user is listed twice)
        SELECT {_sql.aliased(u.col("user_id"), "user_id")},
               CAST(min({u.time("signup_time")}) AS DATE) AS signup_day
        FROM {u.name}
        WHERE {u.col("user_id")} IS NOT NULL AND {u.col("signup_time")} IS NOT NULL
        GROUP BY ALL
        """,
    )


def _signup_times(u: Bound) -> tuple[str, str]:
    return (
        "signups",
        f"""
        -- each user's signup time in UTC (the earliest if a user is listed twice)
        SELECT {_sql.aliased(u.col("user_id"), "user_id")},
               min({u.time("signup_time")}) AS signup_time
        FROM {u.name}
        WHERE {u.col("user_id")} IS NOT NULL AND {u.col("signup_time")} IS NOT NULL
        GROUP BY ALL
        """,
    )


def _activity(e: Bound) -> tuple[str, str]:
    return (
        "activity",
        f"""
        -- one row per user and UTC calendar day with at least one event
        SELECT {_sql.aliased(e.col("user_id"), "user_id")}, {e.day("event_time")} AS day
        FROM {e.name}
        WHERE {e.col("user_id")} IS NOT NULL AND {e.col("event_time")} IS NOT NULL
        GROUP BY ALL
        """,
    )


def _event_times(e: Bound) -> tuple[str, str]:
    return (
        "event_times",
        f"""
        -- every event's user and UTC time
        SELECT {_sql.aliased(e.col("user_id"), "user_id")},
               {_sql.aliased(e.time("event_time"), "event_time")}
        FROM {e.name}
        WHERE {e.col("user_id")} IS NOT NULL AND {e.col("event_time")} IS NOT NULL
        """,
    )


def _share(retained: str, total: str) -> str:
    return f"CAST({retained} AS DOUBLE) / NULLIF({total}, 0)"


# ------------------------------------------------------------------------------ N-day


def _n_day_sql(b: Mapping[str, Bound], n: int, kind: RetentionKind, days: DayConvention) -> str:
    e, u = b["events"], b["users"]
    words = _KIND_WORDS[kind].format(n=n)
    if days == "calendar":
        head = (
            f"-- Day-{n} retention ({kind}), UTC calendar days: of the users whose day {n}\n"
            f"-- (signup day + {n}) is not after the last day with any event, the share active\n"
            f"-- {words}.\n"
        )
        compare = "=" if kind == "on" else ">="
        ctes = [
            _signup_days(u),
            _activity(e),
            (
                "eligible",
                f"""
                -- users whose day {n} is on or before the last day of the data
                SELECT user_id, signup_day
                FROM signups
                WHERE signup_day + {n} <= (SELECT max(day) FROM activity)
                """,
            ),
            (
                "retained",
                f"""
                -- eligible users active {words}
                SELECT DISTINCT eligible.user_id
                FROM eligible
                JOIN activity ON activity.user_id = eligible.user_id
                WHERE activity.day {compare} eligible.signup_day + {n}
                """,
            ),
        ]
    else:
        start, end = _sql.hours(n), _sql.hours(n + 1)
        head = (
            f"-- Day-{n} retention ({kind}), rolling 24-hour days from each signup: of the users\n"
            f"-- whose day {n} starts by the last event in the data, the share active {words}.\n"
        )
        upper = (
            f"\n                  AND event_times.event_time < eligible.signup_time + {end}"
            if kind == "on"
            else ""
        )
        ctes = [
            _signup_times(u),
            _event_times(e),
            (
                "eligible",
                f"""
                -- users whose day {n} starts ({n} x 24 hours after signup) by the last event
                SELECT user_id, signup_time
                FROM signups
                WHERE signup_time + {start} <= (SELECT max(event_time) FROM event_times)
                """,
            ),
            (
                "retained",
                f"""
                -- eligible users with an event {words}
                SELECT DISTINCT eligible.user_id
                FROM eligible
                JOIN event_times ON event_times.user_id = eligible.user_id
                WHERE event_times.event_time >= eligible.signup_time + {start}{upper}
                """,
            ),
        ]
    first, last = (
        ("(SELECT min(signup_day) FROM signups)", "(SELECT max(day) FROM activity)")
        if days == "calendar"
        else ("(SELECT min(signup_time) FROM signups)", "(SELECT max(event_time) FROM event_times)")
    )
    select = f"""
        SELECT CAST(count(*) AS BIGINT) AS eligible_users,
               CAST(count(retained.user_id) AS BIGINT) AS retained_users,
               {_share("count(retained.user_id)", "count(*)")} AS retention,
               -- what decides eligibility: the first signup and the end of the data
               (SELECT CAST(count(*) AS BIGINT) FROM signups) AS signed_up_users,
               {first} AS first_signup,
               {last} AS end_of_data
        FROM eligible
        LEFT JOIN retained ON retained.user_id = eligible.user_id
        """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


@metric
def n_day_retention(
    events: TableLike,
    users: TableLike,
    n: int,
    kind: RetentionKind = "on",
    *,
    days: DayConvention = "calendar",
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    event_time: str = "event_time",
    signup_time: str = "signup_time",
) -> Query[float]:
    """Return day-N retention: the share of signed-up users active on day N (or later).

    Among the users in ``users`` whose day N is not after the end of the data (the last day with
    any event), the share with an event on day N (``kind="on"``, Amplitude's and Mixpanel's
    N-day retention) or on day N or any later day (``kind="on_or_after"``, unbounded retention).
    Day 0 is the signup day.

    Calendar days in UTC are the default: day N is the signup's UTC date + N, whatever the time
    of day (an event at 23:59:59 on day 1 and one at 00:00:00 on day 2 fall on different days).
    ``days="rolling"`` uses 24-hour windows from the signup moment instead:
    day N = [signup + N x 24 h, signup + (N + 1) x 24 h), eligible when it starts by the last
    event; events before the signup then never count.

    Parameters
    ----------
    events
        ``user_id`` and ``event_time``: a DataFrame, DuckDB relation or table name on ``con``.
    users
        ``user_id`` and ``signup_time``, one row per user (if listed twice, the earliest signup
        counts). Users with no events at all stay in the denominator.
    n
        The day, a whole number >= 0.
    kind
        ``"on"`` or ``"on_or_after"``.
    days
        ``"calendar"`` (UTC dates) or ``"rolling"`` (24-hour windows from the signup).
    con, user_id, event_time, signup_time
        The connection holding named tables, and the column names if yours differ.

    Returns
    -------
    float
        A share in [0, 1]. ``n_day_retention.sql(...)`` returns the SQL, which also returns the
        counts behind it.

    Raises
    ------
    ValueError
        When no user is eligible (no signups, no events, or every signup's day N is after the
        end of the data), saying which, with the earliest signup and the last event.

    >>> users = pd.DataFrame({"user_id": [1, 2],
    ...                       "signup_time": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> events = pd.DataFrame({"user_id": [1, 2, 1],
    ...                        "event_time": pd.to_datetime(["2024-01-02", "2024-01-03",
    ...                                                      "2024-01-03"])})
    >>> n_day_retention(events, users, 1), n_day_retention(events, users, 1, "on_or_after")
    (0.5, 1.0)
    >>> print(n_day_retention.sql("events", "users", 7).splitlines()[0])
    -- Day-7 retention (on), UTC calendar days: of the users whose day 7

    """
    number = v.count("n", n)
    chosen_kind: RetentionKind = _params.choice("kind", kind, RETENTION_KINDS)  # type: ignore[assignment]
    chosen_days: DayConvention = _params.choice("days", days, DAY_CONVENTIONS)  # type: ignore[assignment]

    def finish(result: pd.DataFrame) -> float:
        row = result.iloc[0]
        if row["eligible_users"] == 0:
            raise ValueError(_no_eligible_user(number, chosen_days, row, user_id, event_time))
        return float(row["retention"])

    return Query(
        _roles(events, users, user_id, event_time, signup_time),
        lambda b: _n_day_sql(b, number, chosen_kind, chosen_days),
        con,
        finish,
    )


def _no_eligible_user(
    n: int, days: DayConvention, row: pd.Series, user_id: str, event_time: str
) -> str:
    """Say why no user's day N can be observed: no signups, no events, or N past the data."""
    head = f"no user is eligible for day-{n} retention: "
    if row["signed_up_users"] == 0:
        return head + f"users has no row with both {user_id!r} and a signup time"
    if pd.isna(row["end_of_data"]):
        return head + (
            f"events has no row with both {user_id!r} and {event_time!r}, so the data has no end"
        )
    if days == "calendar":
        first = pd.Timestamp(row["first_signup"]).date()
        last = pd.Timestamp(row["end_of_data"]).date()
        reach = f"day {n} of the earliest signup ({first}) is {first + pd.Timedelta(days=n)}"
    else:
        first = pd.Timestamp(row["first_signup"])
        last = pd.Timestamp(row["end_of_data"])
        reach = f"day {n} of the earliest signup ({first}) starts at {first + pd.Timedelta(days=n)}"
    return head + (
        f"{reach}, after the end of the data ({last}, the last event), so no signup has been "
        f"observed for {n} days yet. Use a smaller n or events that reach further."
    )


# ------------------------------------------------------------------------------ brackets
def _check_brackets(brackets: object) -> list[tuple[int, int]]:
    if isinstance(brackets, (str, bytes)) or not isinstance(brackets, Sequence) or not brackets:
        raise ValueError(
            f"brackets must be a non-empty list of (first_day, last_day) pairs, e.g. "
            f"[(1, 1), (2, 7)]; got {brackets!r}"
        )
    checked = []
    for i, pair in enumerate(brackets):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(f"brackets[{i}] must be a (first_day, last_day) pair; got {pair!r}")
        first = v.count(f"brackets[{i}][0]", pair[0])
        last = v.count(f"brackets[{i}][1]", pair[1])
        if last < first:
            raise ValueError(f"brackets[{i}] ends before it starts; got {tuple(pair)!r}")
        checked.append((first, last))
    return checked


def _bracket_label(first: int, last: int) -> str:
    return f"day {first}" if first == last else f"days {first}-{last}"


def _bracket_sql(
    b: Mapping[str, Bound], brackets: list[tuple[int, int]], days: DayConvention
) -> str:
    e, u = b["events"], b["users"]
    rows = ",\n".join(
        f"({i}, {_sql.string(_bracket_label(f, la))}, {f}, {la})"
        for i, (f, la) in enumerate(brackets, start=1)
    )
    bracket_cte = (
        "brackets",
        "SELECT *\nFROM (VALUES\n"
        + _sql.block(rows, 4)
        + "\n) AS b(position, bracket, start_day, end_day)",
    )
    if days == "calendar":
        head = (
            "-- Bracket retention, UTC calendar days since signup (day 0 = signup day): for each\n"
            "-- bracket, of the users whose whole bracket is on or before the last day with any\n"
            "-- event, the share active on at least one day of it.\n"
        )
        ctes = [
            bracket_cte,
            _signup_days(u),
            _activity(e),
            (
                "day_numbers",
                """
                -- each user's active days, counted from signup (day 0 = the signup day)
                SELECT activity.user_id, activity.day - signups.signup_day AS day_number
                FROM activity
                JOIN signups ON signups.user_id = activity.user_id
                WHERE activity.day >= signups.signup_day
                """,
            ),
            (
                "eligible",
                """
                -- each bracket with the users whose last day of it is within the data
                SELECT brackets.position, signups.user_id
                FROM brackets
                CROSS JOIN signups
                WHERE signups.signup_day + brackets.end_day <= (SELECT max(day) FROM activity)
                """,
            ),
        ]
    else:
        head = (
            "-- Bracket retention, rolling 24-hour days since signup: day N is\n"
            "-- [signup + N x 24 h, signup + (N + 1) x 24 h). For each bracket, of the users\n"
            "-- whose last day of it starts by the last event, the share with an event in it.\n"
        )
        ctes = [
            bracket_cte,
            _signup_times(u),
            _event_times(e),
            (
                "day_numbers",
                """
                -- each user's events as whole 24-hour days since signup (day 0 = the first
                -- 24 hours); events before the signup do not count
                SELECT DISTINCT event_times.user_id,
                       CAST(floor(epoch(event_times.event_time - signups.signup_time) / 86400)
                            AS BIGINT) AS day_number
                FROM event_times
                JOIN signups ON signups.user_id = event_times.user_id
                WHERE event_times.event_time >= signups.signup_time
                """,
            ),
            (
                "eligible",
                """
                -- each bracket with the users whose last day of it starts by the last event
                SELECT brackets.position, signups.user_id
                FROM brackets
                CROSS JOIN signups
                WHERE signups.signup_time + to_hours(24 * brackets.end_day)
                      <= (SELECT max(event_time) FROM event_times)
                """,
            ),
        ]
    ctes.append(
        (
            "retained",
            """
            -- users active on at least one day of the bracket
            SELECT DISTINCT brackets.position, day_numbers.user_id
            FROM day_numbers
            JOIN brackets
                ON day_numbers.day_number BETWEEN brackets.start_day AND brackets.end_day
            """,
        )
    )
    ctes.append(
        (
            "counts",
            """
            SELECT eligible.position,
                   count(*) AS eligible_users,
                   count(retained.user_id) AS retained
            FROM eligible
            LEFT JOIN retained
                ON retained.position = eligible.position AND retained.user_id = eligible.user_id
            GROUP BY eligible.position
            """,
        )
    )
    select = f"""
        SELECT brackets.bracket, brackets.start_day, brackets.end_day,
               CAST(coalesce(counts.eligible_users, 0) AS BIGINT) AS eligible_users,
               CAST(coalesce(counts.retained, 0) AS BIGINT) AS retained,
               {_share("counts.retained", "counts.eligible_users")} AS retention
        FROM brackets
        LEFT JOIN counts ON counts.position = brackets.position
        ORDER BY brackets.position
        """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


@metric
def bracket_retention(
    events: TableLike,
    users: TableLike,
    brackets: Sequence[tuple[int, int]],
    *,
    days: DayConvention = "calendar",
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    event_time: str = "event_time",
    signup_time: str = "signup_time",
) -> Query[pd.DataFrame]:
    """Return bracket retention: the share of users active on any day of each day range.

    ``brackets`` are inclusive ranges of days since signup (day 0 = signup day), e.g.
    ``[(1, 1), (2, 7), (8, 30)]`` (Amplitude's bracket retention). A user counts in a bracket
    when they had an event on at least one of its days. A bracket is measured only on users
    whose *whole* bracket lies within the data (its last day is on or before the last event
    day), so a half-observed bracket does not look like churn. Days are UTC calendar days by
    default; ``days="rolling"`` uses 24-hour windows from the signup (see
    :func:`n_day_retention`).

    Returns
    -------
    pandas.DataFrame
        One row per bracket, in the order given: ``bracket`` (a label such as "days 2-7"),
        ``start_day``, ``end_day``, ``eligible_users``, ``retained`` (int64) and ``retention``
        (float64, NaN when no user is eligible). ``bracket_retention.sql(...)`` returns the SQL.

    >>> users = pd.DataFrame({"user_id": [1, 2],
    ...                       "signup_time": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    >>> events = pd.DataFrame({"user_id": [1, 2],
    ...                        "event_time": pd.to_datetime(["2024-01-02", "2024-01-05"])})
    >>> bracket_retention(events, users, [(1, 1), (2, 4)])
        bracket  start_day  end_day  eligible_users  retained  retention
    0     day 1          1        1               2         1        0.5
    1  days 2-4          2        4               2         1        0.5
    >>> "(2, 'days 2-7', 2, 7)" in bracket_retention.sql("events", "users", [(1, 1), (2, 7)])
    True

    """
    checked = _check_brackets(brackets)
    chosen: DayConvention = _params.choice("days", days, DAY_CONVENTIONS)  # type: ignore[assignment]
    return Query(
        _roles(events, users, user_id, event_time, signup_time),
        lambda b: _bracket_sql(b, checked, chosen),
        con,
        lambda result: frame(
            result,
            ints=["start_day", "end_day", "eligible_users", "retained"],
            floats=["retention"],
        ),
    )


# ------------------------------------------------------------------------------ cohorts


def _cohort_sql(
    b: Mapping[str, Bound], period: CohortPeriod, kind: RetentionKind, complete_only: bool
) -> str:
    e, u = b["events"], b["users"]
    unit = {"day": "days", "week": "weeks", "month": "months"}[period]
    whole = f"date_sub('{period}', cohorts.cohort, activity.day)"
    active = "in that period" if kind == "on" else "in that period or a later one"
    head = (
        f"-- Cohort retention by {period}: users grouped by the {period} they signed up in;\n"
        f"-- period_number = whole {unit} from the cohort's first day to the day of activity;\n"
        f"-- retained = cohort users active {active}.\n"
    )
    if period == "week":
        head += "-- Weeks start on Monday.\n"
    if complete_only:
        periods = f"date_sub('{period}', cohort, last_day + 1)"
        cell_note = (
            "every (cohort, period) whose period ends on or before the last day with data",
            "(complete periods only)",
        )
    else:
        periods = f"date_sub('{period}', cohort, last_day) + 1"
        cell_note = (
            "every (cohort, period) whose period starts on or before the last day with data",
            "(so the newest period of a cohort may be only partly observed)",
        )
    ctes = [
        _signup_days(u),
        _activity(e),
        ("data_end", "SELECT max(day) AS last_day FROM activity"),
        (
            "cohorts",
            f"""
            -- each user's cohort: the first day of their signup {period}; users who signed up
            -- after the last day with data cannot be observed and are left out
            SELECT user_id, signup_day,
                   CAST(date_trunc('{period}', signup_day) AS DATE) AS cohort
            FROM signups
            WHERE signup_day <= (SELECT last_day FROM data_end)
            """,
        ),
        ("cohort_sizes", "SELECT cohort, count(*) AS cohort_size FROM cohorts GROUP BY ALL"),
        (
            "cells",
            f"""
            -- {cell_note[0]}
            -- {cell_note[1]}
            SELECT cohort, cohort_size, period_number
            FROM cohort_sizes, data_end,
                 range(0, {periods}) AS periods(period_number)
            """,
        ),
    ]
    if kind == "on":
        ctes += [
            (
                "active_periods",
                f"""
                -- the periods in which each user had an event, on or after their signup day
                SELECT DISTINCT cohorts.cohort, cohorts.user_id, {whole} AS period_number
                FROM cohorts
                JOIN activity ON activity.user_id = cohorts.user_id
                WHERE activity.day >= cohorts.signup_day
                """,
            ),
            (
                "retained",
                """
                SELECT cohort, period_number, count(*) AS retained
                FROM active_periods
                GROUP BY ALL
                """,
            ),
        ]
    else:
        ctes += [
            (
                "last_active",
                f"""
                -- each user's last period with an event, on or after their signup day
                SELECT cohorts.cohort, cohorts.user_id,
                       max({whole}) AS last_period
                FROM cohorts
                JOIN activity ON activity.user_id = cohorts.user_id
                WHERE activity.day >= cohorts.signup_day
                GROUP BY ALL
                """,
            ),
            (
                "retained",
                """
                -- active in the period or a later one = last active period >= the period
                SELECT cells.cohort, cells.period_number, count(*) AS retained
                FROM cells
                JOIN last_active
                    ON last_active.cohort = cells.cohort
                   AND last_active.last_period >= cells.period_number
                GROUP BY ALL
                """,
            ),
        ]
    select = f"""
        SELECT cells.cohort,
               CAST(cells.period_number AS BIGINT) AS period_number,
               CAST(cells.cohort_size AS BIGINT) AS cohort_size,
               CAST(coalesce(retained.retained, 0) AS BIGINT) AS retained,
               {_share("coalesce(retained.retained, 0)", "cells.cohort_size")} AS retention
        FROM cells
        LEFT JOIN retained
            ON retained.cohort = cells.cohort AND retained.period_number = cells.period_number
        ORDER BY cells.cohort, cells.period_number
        """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


@metric
def cohort_retention(
    events: TableLike,
    users: TableLike,
    period: CohortPeriod = "week",
    kind: RetentionKind = "on",
    *,
    complete_periods: bool = False,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    event_time: str = "event_time",
    signup_time: str = "signup_time",
) -> Query[pd.DataFrame]:
    """Return a cohort retention table in long form: one row per (cohort, period) cell.

    Users are grouped into acquisition cohorts by the UTC day, week (starting on Monday) or
    month they signed up in; ``cohort`` is the cohort's first day. ``period_number`` is the
    number of whole periods from the cohort's first day to the day of activity, so period 0 is
    the signup period itself: these are calendar periods shared by the whole cohort, not 7-day
    windows from each user's signup (use :func:`bracket_retention` for those). ``retained``
    counts the cohort's users with an event in the period (``kind="on"``) or in it or any later
    period (``kind="on_or_after"``); only events on or after a user's signup day count.
    ``retention`` = retained / cohort_size.

    End of the data: cells whose period starts after the last day with any event are left out,
    so the table is a triangle; the newest cell of each cohort may be only partly observed
    (its period runs past the data) unless ``complete_periods=True``, which keeps only periods
    that end on or before the last event day. Users who signed up after the last event day are
    left out of the cohorts. Use :func:`retention_matrix` for the heatmap-shaped table.

    Returns
    -------
    pandas.DataFrame
        ``cohort`` (datetime64[us]), ``period_number``, ``cohort_size``, ``retained`` (int64),
        ``retention`` (float64), sorted by cohort and period. ``cohort_retention.sql(...)``
        returns the SQL.

    >>> users = pd.DataFrame({"user_id": [1, 2],
    ...                       "signup_time": pd.to_datetime(["2024-01-01", "2024-01-03"])})
    >>> events = pd.DataFrame({"user_id": [1, 2, 2],
    ...                        "event_time": pd.to_datetime(["2024-01-01", "2024-01-03",
    ...                                                      "2024-01-09"])})
    >>> cohort_retention(events, users, "week")
          cohort  period_number  cohort_size  retained  retention
    0 2024-01-01              0            2         2        1.0
    1 2024-01-01              1            2         1        0.5
    >>> "date_trunc('month', signup_day)" in cohort_retention.sql("events", "users", "month")
    True

    """
    chosen_period: CohortPeriod = _params.choice("period", period, COHORT_PERIODS)  # type: ignore[assignment]
    chosen_kind: RetentionKind = _params.choice("kind", kind, RETENTION_KINDS)  # type: ignore[assignment]
    if not isinstance(complete_periods, bool):
        raise ValueError(f"complete_periods must be True or False; got {complete_periods!r}")
    return Query(
        _roles(events, users, user_id, event_time, signup_time),
        lambda b: _cohort_sql(b, chosen_period, chosen_kind, complete_periods),
        con,
        lambda result: frame(
            result,
            dates=["cohort"],
            ints=["period_number", "cohort_size", "retained"],
            floats=["retention"],
        ),
    )


def retention_matrix(cohorts: pd.DataFrame, values: str = "retention") -> pd.DataFrame:
    """Pivot :func:`cohort_retention`'s long table into a heatmap: cohorts down, periods across.

    Cells after the end of the data are NaN. ``values`` may be ``"retention"`` or
    ``"retained"``; the cohort sizes are in the first column, ``cohort_size``, so the matrix
    reads like the tables Amplitude and Mixpanel show.

    >>> table = pd.DataFrame({"cohort": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-08"]),
    ...                       "period_number": [0, 1, 0], "cohort_size": [4, 4, 2],
    ...                       "retained": [4, 1, 2], "retention": [1.0, 0.25, 1.0]})
    >>> retention_matrix(table)  # doctest: +NORMALIZE_WHITESPACE
                cohort_size    0     1
    cohort
    2024-01-01            4  1.0  0.25
    2024-01-08            2  1.0   NaN
    """
    wanted = ["cohort", "period_number", "cohort_size", values]
    if not isinstance(cohorts, pd.DataFrame):
        raise ValueError(f"cohorts must be a DataFrame; got {type(cohorts).__name__}")
    _params.choice("values", values, ("retention", "retained"))
    missing = [c for c in wanted if c not in cohorts.columns]
    if missing:
        raise ValueError(
            f"cohorts is missing the column(s) {', '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(repr, map(str, cohorts.columns)))}. Pass the result of "
            "cohort_retention()."
        )
    wide = cohorts.pivot(index="cohort", columns="period_number", values=values)
    wide.columns = [int(c) for c in wide.columns]
    sizes = cohorts.groupby("cohort")["cohort_size"].first().astype("int64")
    out = pd.concat([sizes.rename("cohort_size"), wide], axis=1)
    out.index.name = "cohort"
    return out

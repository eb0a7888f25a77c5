"""Conversion funnels as DuckDB SQL: ordered steps within a window from each user's first step.

Definitions (Mixpanel's conversion window, Amplitude's order modes):

* A user enters the funnel at their **first** step-1 event (the earliest one; a repeated step 1
  does not restart the funnel). The conversion window is ``window_days`` x 24 hours from that
  moment, inclusive: a step counts when its event time is at most entry + window.
* ``order="this"`` (this order, the default): each later step is the user's earliest event of
  that step *strictly after* the previous step's event and inside the window. Other events may
  happen in between.
* ``order="exact"`` (exact order): as "this", but the step must be the user's very next event
  after the previous step: the event at the user's next moment (the next distinct event time
  after the previous step). Any event in between, of any name, including a repeat of a funnel
  step, breaks the funnel. Events at the same moment as the previous step do not count as in
  between; if several events share the next moment, one of them being the step is enough.
* ``order="any"`` (any order): the funnel still starts at the first step-1 event, but later steps
  may happen in any order: step k is reached when each of steps 2..k has an event strictly after
  the entry and inside the window. Its time is the latest of those steps' earliest events.

Time to convert is reported as median seconds from the entry and from the previous step, among
the users who reached the step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import duckdb
import pandas as pd

from pmkit.metrics import _params, _sql
from pmkit.metrics._inputs import Bound, Role, TableLike, frame, run
from pmkit.metrics._metric import Query, metric

FunnelOrder = Literal["this", "exact", "any"]
FUNNEL_ORDERS: tuple[FunnelOrder, ...] = ("this", "exact", "any")
DEFAULT_WINDOW_DAYS = 7
"""Mixpanel's default conversion window."""


def _check_steps(steps: object) -> list[str]:
    if (
        isinstance(steps, (str, bytes))
        or not isinstance(steps, Sequence | pd.Series)
        or (len(steps) == 0)
    ):
        raise ValueError(
            "steps must be a non-empty list of event names, e.g. ['signup', 'add_to_cart'];"
            f" got {steps!r}"
        )
    names = list(steps)
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name:
            raise ValueError(f"steps[{i}] must be an event name (a non-empty string); got {name!r}")
    return names


def _check_steps_present(roles: list[Role], con: object, steps: list[str]) -> None:
    """Refuse a step whose event name never occurs: a typo would otherwise count 0 users."""
    names = run(
        roles,
        con,
        lambda b: (
            f"SELECT DISTINCT {b['events'].col('event_name')} AS name FROM {b['events'].name}"
        ),
    )["name"]
    present = sorted(str(n) for n in names.dropna())
    absent = [(i, s) for i, s in enumerate(steps) if s not in set(present)]
    if absent and present:
        index, name = absent[0]
        shown = ", ".join(map(repr, present[:12])) + (" ..." if len(present) > 12 else "")
        raise ValueError(
            f"steps[{index}] is {name!r}, an event name that never occurs in the events; the "
            f"names present are {shown}"
        )


def _window_words(days: float) -> str:
    shown = f"{days:g} day" + ("" if days == 1 else "s")
    return f"{shown} ({_sql.hours_words(days)})"


def _funnel_sql(e: Bound, steps: list[str], window_days: float, order: FunnelOrder) -> str:
    window = _sql.hours(window_days)
    names = ", ".join(_sql.string(s) for s in dict.fromkeys(steps))
    first = _sql.string(steps[0])
    rules = {
        "this": "Each later step is the earliest event of that step strictly after the\n"
        "-- previous step, inside the window; other events may happen in between.",
        "exact": "Each later step must be the user's very next event after the previous step\n"
        "-- (an event at their next moment), inside the window; any event in between breaks it.",
        "any": "Later steps may come in any order: step k is reached when each of steps\n"
        "-- 2..k has an event after the entry, inside the window.",
    }[order]
    head = (
        f"-- Funnel ({order} order): a user enters at their first {first} event; the window\n"
        f"-- runs {_window_words(window_days)} from there, inclusive.\n-- {rules}\n"
    )
    within = _sql.hours_words(window_days)
    selected = [
        _sql.aliased(e.col("user_id"), "user_id"),
        _sql.aliased(e.col("event_name"), "event_name"),
        _sql.aliased(e.time("event_time"), "event_time"),
    ]
    columns = ", ".join(selected)
    if len(columns) > 60:
        columns = (",\n" + " " * 19).join(selected)
    ctes: list[tuple[str, str]] = [
        (
            "funnel_events",
            f"""
            -- the events of the funnel's steps, in UTC
            SELECT {columns}
            FROM {e.name}
            WHERE {e.col("event_name")} IN ({names})
              AND {e.col("user_id")} IS NOT NULL AND {e.col("event_time")} IS NOT NULL
            """,
        ),
        (
            "step_1",
            f"""
            -- each user's first {first}: the funnel starts there
            SELECT user_id,
                   min(event_time) AS start_time,
                   min(event_time) AS previous_time,
                   min(event_time) AS step_time
            FROM funnel_events
            WHERE event_name = {first}
            GROUP BY user_id
            """,
        ),
    ]
    if order == "this":
        for k in range(2, len(steps) + 1):
            ctes.append(
                (
                    f"step_{k}",
                    f"""
                    -- the earliest {_sql.string(steps[k - 1])} strictly after step {k - 1},
                    -- at most {within} after the start
                    SELECT previous.user_id, previous.start_time,
                           previous.step_time AS previous_time,
                           min(later.event_time) AS step_time
                    FROM step_{k - 1} AS previous
                    JOIN funnel_events AS later ON later.user_id = previous.user_id
                    WHERE later.event_name = {_sql.string(steps[k - 1])}
                      AND later.event_time > previous.step_time
                      AND later.event_time <= previous.start_time + {window}
                    GROUP BY ALL
                    """,
                )
            )
    elif order == "exact" and len(steps) > 1:
        moment = e.time("event_time", "all_events")
        ctes.append(
            (
                "moments",
                f"""
                -- every moment (distinct event time, any event) of each entered user inside
                -- their window, with the user's next moment in it (NULL when the next event
                -- comes after the window: then the funnel stops there)
                SELECT user_id, event_time,
                       lead(event_time) OVER (PARTITION BY user_id ORDER BY event_time)
                           AS next_time
                FROM (
                    SELECT DISTINCT step_1.user_id, {moment} AS event_time
                    FROM {e.name} AS all_events
                    JOIN step_1 ON step_1.user_id = all_events.{e.col("user_id")}
                    WHERE {moment} BETWEEN step_1.start_time AND step_1.start_time + {window}
                )
                """,
            )
        )
        for k in range(2, len(steps) + 1):
            ctes.append(
                (
                    f"step_{k}",
                    f"""
                    -- {_sql.string(steps[k - 1])} at the user's next moment after step {k - 1}
                    -- (inside the window, as all moments are)
                    SELECT DISTINCT previous.user_id, previous.start_time,
                           previous.step_time AS previous_time,
                           moments.next_time AS step_time
                    FROM step_{k - 1} AS previous
                    JOIN moments
                        ON moments.user_id = previous.user_id
                       AND moments.event_time = previous.step_time
                    JOIN funnel_events AS next_event
                        ON next_event.user_id = previous.user_id
                       AND next_event.event_time = moments.next_time
                    WHERE next_event.event_name = {_sql.string(steps[k - 1])}
                    """,
                )
            )
    elif order == "any" and len(steps) > 1:
        firsts = ",\n".join(
            f"       min(later.event_time) FILTER (WHERE later.event_name = "
            f"{_sql.string(steps[k - 1])}) AS first_{k}"
            for k in range(2, len(steps) + 1)
        )
        ctes.append(
            (
                "firsts",
                "-- each entered user's earliest event of every later step, strictly after the\n"
                f"-- entry and at most {within} after it\n"
                "SELECT entry.user_id, entry.start_time,\n"
                f"{firsts}\n"
                "FROM step_1 AS entry\n"
                "JOIN funnel_events AS later ON later.user_id = entry.user_id\n"
                "WHERE later.event_time > entry.start_time\n"
                f"  AND later.event_time <= entry.start_time + {window}\n"
                "GROUP BY ALL",
            )
        )
        for k in range(2, len(steps) + 1):
            done = [f"first_{j}" for j in range(2, k + 1)]
            previous = "start_time" if k == 2 else _latest(done[:-1])
            ctes.append(
                (
                    f"step_{k}",
                    f"""
                    -- users with every step 2..{k}; they reach step {k} at the latest of them
                    SELECT user_id, start_time,
                           {previous} AS previous_time,
                           {_latest(done)} AS step_time
                    FROM firsts
                    WHERE {" AND ".join(f"{d} IS NOT NULL" for d in done)}
                    """,
                )
            )
    counts = "\nUNION ALL\n".join(
        f"SELECT {k} AS step, {_sql.string(name)} AS event_name, count(*) AS users,\n"
        f"       median(epoch(step_time - start_time)) AS median_seconds_from_start,\n"
        f"       median(epoch(step_time - previous_time)) AS median_seconds_from_previous\n"
        f"FROM step_{k}"
        for k, name in enumerate(steps, start=1)
    )
    ctes.append(("step_counts", counts))
    select = """
        SELECT step, event_name,
               CAST(users AS BIGINT) AS users,
               CAST(users AS DOUBLE) / NULLIF(first_value(users) OVER (ORDER BY step), 0)
                   AS conversion_from_start,
               CAST(users AS DOUBLE) / NULLIF(lag(users, 1, users) OVER (ORDER BY step), 0)
                   AS conversion_from_previous,
               median_seconds_from_start,
               median_seconds_from_previous
        FROM step_counts
        ORDER BY step
        """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


def _latest(columns: list[str]) -> str:
    return columns[0] if len(columns) == 1 else f"greatest({', '.join(columns)})"


@metric
def funnel(
    events: TableLike,
    steps: Sequence[str],
    window_days: float = DEFAULT_WINDOW_DAYS,
    order: FunnelOrder = "this",
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    event_name: str = "event_name",
    event_time: str = "event_time",
    steps_must_occur: bool = True,
) -> Query[pd.DataFrame]:
    """Return a conversion funnel: users per step, conversion rates and median time to convert.

    A user enters at their first ``steps[0]`` event; the conversion window is ``window_days`` x
    24 hours from there, inclusive (Mixpanel's window; its default, 7 days, is the default
    here; fractions such as 0.5 for 12 hours are allowed). ``order`` is Amplitude's order mode:

    * ``"this"``: each later step is the earliest event of that name strictly after the
      previous step's event, inside the window; other events may happen in between.
    * ``"exact"``: the step must also be the user's very next event after the previous step
      (an event at the user's next distinct event time); anything in between breaks it.
    * ``"any"``: steps 2..k may happen in any order after the entry, inside the window; step k
      is reached once all of them have happened, at the latest of their earliest events.

    Parameters
    ----------
    events
        ``user_id``, ``event_name`` and ``event_time``: a DataFrame, DuckDB relation or table
        name on ``con``. Naive times are UTC; aware ones are converted.
    steps
        The event names, in funnel order; a name may repeat (a later step then needs a later
        event of that name).
    window_days
        The conversion window in days, a number > 0.
    order
        ``"this"``, ``"exact"`` or ``"any"``.
    con, user_id, event_name, event_time
        The connection holding a named table, and the column names if yours differ.
    steps_must_occur
        Refuse a step whose event name never occurs in ``events`` (a typo would otherwise count
        0 users): the error names the step and lists the names present. Pass False when the
        steps come from a fixed list and a step may have no event yet. (Printing the SQL with
        ``funnel.sql`` checks nothing in the data.)

    Returns
    -------
    pandas.DataFrame
        One row per step: ``step`` (1-based) and ``users`` (int64), ``event_name``,
        ``conversion_from_start`` and ``conversion_from_previous`` (float64; step 1 has 1.0,
        NaN when nobody reached the step before), ``median_seconds_from_start`` and
        ``median_seconds_from_previous`` (float64 seconds, NaN when nobody reached the step).
        ``funnel.sql(...)``, with the same arguments, returns the SQL.

    >>> events = pd.DataFrame({
    ...     "user_id": [1, 1, 1, 2, 2],
    ...     "event_name": ["view", "cart", "buy", "view", "buy"],
    ...     "event_time": pd.to_datetime(["2024-01-01 10:00:00", "2024-01-01 10:05:00",
    ...                                   "2024-01-02 10:00:00", "2024-01-01 09:00:00",
    ...                                   "2024-01-01 09:30:00"]),
    ... })
    >>> funnel(events, ["view", "cart", "buy"])[["step", "users", "conversion_from_start"]]
       step  users  conversion_from_start
    0     1      2                    1.0
    1     2      1                    0.5
    2     3      1                    0.5
    >>> print(funnel.sql("events", ["view", "buy"]).splitlines()[0])
    -- Funnel (this order): a user enters at their first 'view' event; the window

    """
    checked = _check_steps(steps)
    window = _params.days("window_days", window_days)
    chosen: FunnelOrder = _params.choice("order", order, FUNNEL_ORDERS)  # type: ignore[assignment]
    roles = [
        Role(
            "events",
            events,
            {
                "user_id": _params.column_name("user_id", user_id),
                "event_name": _params.column_name("event_name", event_name),
                "event_time": _params.column_name("event_time", event_time),
            },
            times=("event_time",),
        )
    ]
    if not isinstance(steps_must_occur, bool):
        raise ValueError(f"steps_must_occur must be True or False; got {steps_must_occur!r}")

    def finish(result: pd.DataFrame) -> pd.DataFrame:
        if steps_must_occur and (result["users"] == 0).any():
            _check_steps_present(roles, con, checked)
        return frame(
            result,
            ints=["step", "users"],
            floats=[
                "conversion_from_start",
                "conversion_from_previous",
                "median_seconds_from_start",
                "median_seconds_from_previous",
            ],
        )

    return Query(roles, lambda b: _funnel_sql(b["events"], checked, window, chosen), con, finish)

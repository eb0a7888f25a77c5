"""Tests for pmkit.metrics: hand-worked event logs, edge cases, and an independent reference.

Definitions follow CONTENT.md "Product metrics": trailing-window active users (GA4), DAU/MAU,
N-day / unbounded / bracket / cohort retention (Amplitude, Mixpanel; users whose day N lies after
the end of the data leave the denominator), funnels with a window from the first step-1 event
(Mixpanel) and Amplitude's order modes, churn, ARPU, ARPPU, simple LTV and NPS.

Expected values in the first part are worked out by hand from those definitions. The last part
checks every metric against a deliberately plain pandas/Python implementation (loops over users
and days, written here and nowhere else) on a seeded random log of a few thousand events.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import pickle
import re
from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from pmkit import metrics as m


def when(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), format="ISO8601"))


def log(*rows: tuple[object, str, str]) -> pd.DataFrame:
    """An events table from (user_id, event_name, ISO time) rows."""
    return pd.DataFrame(
        {
            "user_id": [r[0] for r in rows],
            "event_name": [r[1] for r in rows],
            "event_time": when(*(r[2] for r in rows)),
        }
    )


def signups(*rows: tuple[object, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"user_id": [r[0] for r in rows], "signup_time": when(*(r[1] for r in rows))}
    )


def days(*values: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(v) for v in values]


# ---------------------------------------------------------------------- active users, stickiness

ACTIVE_LOG = log(
    (1, "open", "2024-01-01 09:00:00"),
    (1, "open", "2024-01-03 23:59:59"),
    (2, "open", "2024-01-03 00:00:00"),
    (2, "open", "2024-01-03 12:00:00"),
    (3, "open", "2024-01-05 00:00:00"),
)


@pytest.mark.parametrize(
    ("window", "expected"),
    [(1, [1, 0, 2, 0, 1]), (2, [1, 1, 2, 2, 1]), (3, [1, 1, 2, 2, 3]), (7, [1, 1, 2, 2, 3])],
)
def test_active_users_counts_distinct_users_in_the_trailing_window(
    window: int, expected: list[int]
) -> None:
    result = m.active_users(ACTIVE_LOG, window_days=window)
    assert list(result.columns) == ["day", "active_users"]
    assert list(result["day"]) == days(
        "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"
    )
    assert result["active_users"].tolist() == expected


def test_active_users_dtypes_are_plain() -> None:
    result = m.active_users(ACTIVE_LOG, 7)
    assert str(result["day"].dtype) == "datetime64[us]"
    assert result["active_users"].dtype == np.int64


def test_an_event_at_23_59_59_and_one_at_midnight_fall_on_different_days() -> None:
    events = log((1, "open", "2024-01-01 23:59:59"), (2, "open", "2024-01-02 00:00:00"))
    assert m.active_users(events)["active_users"].tolist() == [1, 1]


def test_aware_timestamps_are_converted_to_utc_and_naive_ones_read_as_utc() -> None:
    aware = pd.DataFrame(
        {
            "user_id": [1, 2],
            # at UTC+05:00, 03:00 is 22:00 UTC the day before and 05:30 is 00:30 UTC
            "event_time": when("2024-01-02 03:00:00", "2024-01-02 05:30:00").dt.tz_localize(
                "Etc/GMT-5"
            ),
        }
    )
    result = m.active_users(aware)
    assert list(result["day"]) == days("2024-01-01", "2024-01-02")
    assert result["active_users"].tolist() == [1, 1]
    naive = aware.assign(event_time=aware["event_time"].dt.tz_convert("UTC").dt.tz_localize(None))
    assert_frame_equal(m.active_users(naive), result)


def test_duplicated_events_and_rows_without_user_or_time_do_not_count() -> None:
    events = pd.concat([ACTIVE_LOG, ACTIVE_LOG], ignore_index=True)
    extra = pd.DataFrame(
        {
            "user_id": [None, 4],
            "event_name": ["open", "open"],
            "event_time": [pd.Timestamp("2024-01-03"), pd.NaT],
        }
    )
    events = pd.concat([events, extra], ignore_index=True)
    assert m.active_users(events, 2)["active_users"].tolist() == [1, 1, 2, 2, 1]


def test_active_users_by_segment_gives_every_segment_every_day() -> None:
    events = ACTIVE_LOG.assign(platform=["ios", "web", "ios", "ios", "web"])
    result = m.active_users(events, 2, by="platform")
    assert list(result.columns) == ["platform", "day", "active_users"]
    ios = result[result["platform"] == "ios"]["active_users"].tolist()
    web = result[result["platform"] == "web"]["active_users"].tolist()
    assert ios == [1, 1, 1, 1, 0]  # user 1 on day 1, user 2 on day 3
    assert web == [0, 0, 1, 1, 1]  # user 1 on day 3, user 3 on day 5


def test_active_users_of_an_empty_log_is_an_empty_table() -> None:
    empty = pd.DataFrame({"user_id": [], "event_name": [], "event_time": []})
    result = m.active_users(empty, 7)
    assert result.empty
    assert list(result.columns) == ["day", "active_users"]
    assert result["active_users"].dtype == np.int64


def test_stickiness_is_dau_over_trailing_30_day_mau() -> None:
    events = log(
        (1, "open", "2024-01-01 10:00:00"),
        (2, "open", "2024-01-01 11:00:00"),
        (1, "open", "2024-01-02 10:00:00"),
        (3, "open", "2024-02-15 10:00:00"),
    )
    result = m.stickiness(events).set_index("day")
    assert list(result.columns) == ["dau", "mau", "stickiness"]
    assert result.loc["2024-01-01"].tolist() == [2, 2, 1.0]
    assert result.loc["2024-01-02"].tolist() == [1, 2, 0.5]
    assert result.loc["2024-01-30"].tolist()[:2] == [0, 2]  # day 30 of the window: still in
    assert result.loc["2024-01-31", "mau"] == 1  # Jan 1 has left the 30 days; Jan 2 has not
    assert result.loc["2024-02-01", "mau"] == 0
    assert math.isnan(result.loc["2024-02-01", "stickiness"])  # nobody active in 30 days
    assert result.loc["2024-02-15"].tolist() == [1, 1, 1.0]
    assert result["dau"].dtype == np.int64 and result["stickiness"].dtype == np.float64


def test_stickiness_docstring_names_the_difference_from_amplitude() -> None:
    doc = m.stickiness.__doc__ or ""
    assert "Amplitude" in doc and "distribution" in doc


# ---------------------------------------------------------------------- retention

# Five users sign up on 2024-01-01 at 10:00 UTC; the data ends on 2024-01-05 (user 4's event).
RET_USERS = signups(
    (1, "2024-01-01 10:00:00"),
    (2, "2024-01-01 10:00:00"),
    (3, "2024-01-01 10:00:00"),
    (4, "2024-01-01 10:00:00"),
    (5, "2024-01-01 10:00:00"),
    (6, "2024-01-05 08:00:00"),  # signs up on the last day: day 1 is after the end of the data
)
RET_EVENTS = log(
    (1, "open", "2024-01-02 23:59:59"),  # calendar day 1; 37h59m after signup: rolling day 1
    (2, "open", "2024-01-02 00:00:00"),  # calendar day 1; 14h after signup: rolling day 0
    (3, "open", "2024-01-01 12:00:00"),  # signup day only: never comes back
    (4, "open", "2023-12-31 12:00:00"),  # before signup: never counts
    (4, "open", "2024-01-04 12:00:00"),  # calendar and rolling day 3
    (4, "open", "2024-01-05 09:00:00"),  # calendar day 4, rolling day 3 (71h after signup)
    (6, "open", "2024-01-05 08:30:00"),
    # user 5 has no events at all and stays in every denominator
)


def test_n_day_retention_on_calendar_days() -> None:
    # day 1 eligible: users 1-5 (user 6's day 1 is after the end); active on day 1: users 1, 2
    assert m.n_day_retention(RET_EVENTS, RET_USERS, 1) == pytest.approx(2 / 5)
    assert m.n_day_retention(RET_EVENTS, RET_USERS, 3) == pytest.approx(1 / 5)
    assert m.n_day_retention(RET_EVENTS, RET_USERS, 2) == 0.0


def test_n_day_retention_on_or_after() -> None:
    assert m.n_day_retention(RET_EVENTS, RET_USERS, 1, "on_or_after") == pytest.approx(3 / 5)
    assert m.n_day_retention(RET_EVENTS, RET_USERS, 2, "on_or_after") == pytest.approx(1 / 5)


def test_day_zero_counts_events_on_the_signup_day_even_before_the_signup_time() -> None:
    users = signups((1, "2024-01-01 10:00:00"), (2, "2024-01-01 10:00:00"))
    events = log((1, "open", "2024-01-01 09:00:00"), (2, "open", "2024-01-01 11:00:00"))
    assert m.n_day_retention(events, users, 0) == 1.0
    assert m.n_day_retention(events, users, 0, days="rolling") == 0.5


def test_n_day_retention_rolling_24_hour_days() -> None:
    # rolling day 1 = [+24h, +48h): only user 1 (user 2's event is 14h after signup); the data
    # ends at 2024-01-05 09:00, so day 1 (from 2024-01-06 08:00) of user 6 is out
    assert m.n_day_retention(RET_EVENTS, RET_USERS, 1, days="rolling") == pytest.approx(1 / 5)
    assert m.n_day_retention(RET_EVENTS, RET_USERS, 3, days="rolling") == pytest.approx(1 / 5)
    after = m.n_day_retention(RET_EVENTS, RET_USERS, 1, "on_or_after", days="rolling")
    assert after == pytest.approx(2 / 5)


def test_n_day_retention_says_why_no_user_is_eligible() -> None:
    with pytest.raises(ValueError, match="no user is eligible for day-30 retention") as info:
        m.n_day_retention(RET_EVENTS, RET_USERS, 30)
    message = str(info.value)
    assert "earliest signup (2024-01-01) is 2024-01-31" in message
    assert "end of the data (2024-01-05" in message
    with pytest.raises(ValueError, match=r"day 30 of the earliest signup .* starts at 2024-01-31"):
        m.n_day_retention(RET_EVENTS, RET_USERS, 30, days="rolling")
    with pytest.raises(ValueError, match="events has no row with both 'user_id' and 'event_time'"):
        m.n_day_retention(RET_EVENTS.iloc[:0], RET_USERS, 1)
    with pytest.raises(ValueError, match="users has no row with both 'user_id' and a signup"):
        m.n_day_retention(RET_EVENTS, RET_USERS.iloc[:0], 1)
    # the last day that still has eligible users gives a number
    assert 0 <= m.n_day_retention(RET_EVENTS, RET_USERS, 4) <= 1


def test_bracket_retention_needs_the_whole_bracket_inside_the_data() -> None:
    result = m.bracket_retention(RET_EVENTS, RET_USERS, [(0, 0), (1, 1), (2, 4), (3, 9)])
    assert result["bracket"].tolist() == ["day 0", "day 1", "days 2-4", "days 3-9"]
    assert result["eligible_users"].tolist() == [6, 5, 5, 0]
    # day 0: users 3 and 6 (user 4's earlier event is the day before signup)
    assert result["retained"].tolist() == [2, 2, 1, 0]
    assert result["retention"].tolist()[:3] == pytest.approx([2 / 6, 2 / 5, 1 / 5])
    assert math.isnan(result["retention"].iloc[3])
    assert [str(t) for t in result.dtypes] == ["str", "int64", "int64", "int64", "int64", "float64"]


def test_bracket_retention_rolling() -> None:
    result = m.bracket_retention(RET_EVENTS, RET_USERS, [(0, 0), (1, 3)], days="rolling")
    # rolling day 0: users 2, 3 and 6 (30 minutes after signup); days 1-3 need day 3 to start by
    # the last event (2024-01-05 09:00): users 1-5, of whom 1 and 4 came back
    assert result["eligible_users"].tolist() == [6, 5]
    assert result["retained"].tolist() == [3, 2]


COHORT_USERS = signups(
    ("a", "2024-01-07 23:00:00"),  # a Sunday: cohort week starts Monday 2024-01-01
    ("b", "2024-01-01 00:00:00"),
    ("c", "2024-01-08 00:30:00"),  # a Monday: its own cohort
    ("d", "2024-01-20 12:00:00"),  # after the last event day: left out
)
COHORT_EVENTS = log(
    ("a", "open", "2024-01-08 01:00:00"),  # the next day, but already week 1 of its cohort
    ("b", "open", "2023-12-30 10:00:00"),  # before signup: ignored
    ("b", "open", "2024-01-16 10:00:00"),  # week 2
    ("c", "open", "2024-01-08 09:00:00"),  # week 0
)  # the data ends on Tuesday 2024-01-16


def test_cohort_retention_weeks_start_on_monday_and_stop_at_the_end_of_data() -> None:
    result = m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "week")
    assert list(result.columns) == [
        "cohort",
        "period_number",
        "cohort_size",
        "retained",
        "retention",
    ]
    expected = pd.DataFrame(
        {
            "cohort": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-08", "2024-01-08"]
            ).astype("datetime64[us]"),
            "period_number": [0, 1, 2, 0, 1],
            "cohort_size": [2, 2, 2, 1, 1],
            "retained": [0, 1, 1, 1, 0],
            "retention": [0.0, 0.5, 0.5, 1.0, 0.0],
        }
    )
    assert_frame_equal(result, expected)


def test_cohort_retention_on_or_after_and_complete_periods() -> None:
    after = m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "week", "on_or_after")
    assert after["retained"].tolist() == [2, 2, 1, 1, 0]
    complete = m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "week", complete_periods=True)
    # the week of 2024-01-15 is not over on 2024-01-16: only whole weeks stay
    assert list(zip(complete["cohort"].dt.day, complete["period_number"], strict=True)) == [
        (1, 0),
        (1, 1),
        (8, 0),
    ]


def test_cohort_retention_by_day_and_by_month() -> None:
    by_month = m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "month")
    assert by_month[["cohort_size", "retained"]].values.tolist() == [[3, 3]]
    by_day = m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "day")
    first = by_day[by_day["cohort"] == pd.Timestamp("2024-01-01")]
    assert len(first) == 16  # days 0..15, up to 2024-01-16
    assert first.loc[first["retained"] > 0, "period_number"].tolist() == [15]


def test_retention_matrix_is_heatmap_shaped() -> None:
    table = m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "week")
    wide = m.retention_matrix(table)
    assert list(wide.columns) == ["cohort_size", 0, 1, 2]
    assert wide["cohort_size"].tolist() == [2, 1]
    assert wide.loc[pd.Timestamp("2024-01-01"), 2] == 0.5
    assert math.isnan(wide.loc[pd.Timestamp("2024-01-08"), 2])
    assert m.retention_matrix(table, "retained").loc[pd.Timestamp("2024-01-08"), 0] == 1


# ---------------------------------------------------------------------- funnels

STEPS = ["view", "cart", "buy"]


def funnel_users(events: pd.DataFrame, order: str = "this", window: float = 7) -> list[int]:
    # The small logs below leave out later steps on purpose (nobody got there), so the steps
    # are a fixed list here, not names to check against the log.
    return m.funnel(events, STEPS, window, order, steps_must_occur=False)["users"].tolist()


def test_funnel_counts_conversion_and_median_time() -> None:
    events = log(
        (1, "view", "2024-01-01 10:00:00"),
        (1, "cart", "2024-01-01 10:10:00"),
        (1, "buy", "2024-01-01 11:00:00"),
        (2, "view", "2024-01-01 10:00:00"),
        (2, "cart", "2024-01-01 10:30:00"),
        (3, "view", "2024-01-02 10:00:00"),
    )
    result = m.funnel(events, STEPS)
    assert list(result.columns) == [
        "step",
        "event_name",
        "users",
        "conversion_from_start",
        "conversion_from_previous",
        "median_seconds_from_start",
        "median_seconds_from_previous",
    ]
    assert result["users"].tolist() == [3, 2, 1]
    assert result["conversion_from_start"].tolist() == pytest.approx([1, 2 / 3, 1 / 3])
    assert result["conversion_from_previous"].tolist() == pytest.approx([1, 2 / 3, 1 / 2])
    assert result["median_seconds_from_start"].tolist() == [0.0, 1200.0, 3600.0]  # 10 and 30 min
    assert result["median_seconds_from_previous"].tolist() == [0.0, 1200.0, 3000.0]
    assert result["step"].dtype == np.int64 and result["users"].dtype == np.int64


def test_funnel_steps_out_of_order_do_not_convert() -> None:
    events = log(
        (1, "cart", "2024-01-01 09:00:00"),  # before the entry
        (1, "view", "2024-01-01 10:00:00"),
        (1, "buy", "2024-01-01 11:00:00"),
    )
    assert funnel_users(events, "this") == [1, 0, 0]
    assert funnel_users(events, "exact") == [1, 0, 0]
    assert funnel_users(events, "any") == [1, 0, 0]


def test_funnel_window_runs_from_the_first_step_one_event() -> None:
    # a repeated first step does not restart the window: 8 days after the first view is too late
    events = log(
        (1, "view", "2024-01-01 10:00:00"),
        (1, "view", "2024-01-07 10:00:00"),
        (1, "cart", "2024-01-09 10:00:00"),
    )
    assert funnel_users(events, "this") == [1, 0, 0]
    assert funnel_users(events, "this", window=9) == [1, 1, 0]


def test_funnel_window_is_inclusive_to_the_second() -> None:
    on_time = log((1, "view", "2024-01-01 10:00:00"), (1, "cart", "2024-01-08 10:00:00"))
    late = log((1, "view", "2024-01-01 10:00:00"), (1, "cart", "2024-01-08 10:00:01"))
    assert funnel_users(on_time) == [1, 1, 0]
    assert funnel_users(late) == [1, 0, 0]
    half_day = log((1, "view", "2024-01-01 10:00:00"), (1, "cart", "2024-01-01 22:00:00"))
    assert funnel_users(half_day, window=0.5) == [1, 1, 0]


def test_funnel_step_must_come_strictly_after_the_previous_one() -> None:
    same_moment = log((1, "view", "2024-01-01 10:00:00"), (1, "cart", "2024-01-01 10:00:00"))
    assert funnel_users(same_moment, "this") == [1, 0, 0]
    assert funnel_users(same_moment, "any") == [1, 0, 0]


def test_funnel_orders_this_exact_and_any() -> None:
    events = log(
        # user 1: other event in between: this yes, exact no
        (1, "view", "2024-01-01 10:00:00"),
        (1, "search", "2024-01-01 10:01:00"),
        (1, "cart", "2024-01-01 10:02:00"),
        (1, "buy", "2024-01-01 10:03:00"),
        # user 2: exact order with duplicated events
        (2, "view", "2024-01-01 10:00:00"),
        (2, "view", "2024-01-01 10:00:00"),
        (2, "cart", "2024-01-01 10:05:00"),
        (2, "cart", "2024-01-01 10:05:00"),
        (2, "buy", "2024-01-01 10:06:00"),
        # user 3: buy before cart after the entry: only "any" completes
        (3, "view", "2024-01-01 10:00:00"),
        (3, "buy", "2024-01-01 10:01:00"),
        (3, "cart", "2024-01-01 10:02:00"),
        # user 4: a repeated view between view and cart breaks exact order
        (4, "view", "2024-01-01 10:00:00"),
        (4, "view", "2024-01-01 10:01:00"),
        (4, "cart", "2024-01-01 10:02:00"),
    )
    assert funnel_users(events, "this") == [4, 4, 2]
    assert funnel_users(events, "exact") == [4, 1, 1]  # only user 2
    assert funnel_users(events, "any") == [4, 4, 3]
    any_order = m.funnel(events, STEPS, order="any")
    # user 3 reaches step 3 when both cart and buy have happened: at 10:02, 120 s after entry
    assert any_order["median_seconds_from_start"].tolist() == [0.0, 120.0, 180.0]


def test_funnel_exact_order_ties_at_the_next_moment_count() -> None:
    events = log(
        (1, "view", "2024-01-01 10:00:00"),
        (1, "other", "2024-01-01 10:01:00"),
        (1, "cart", "2024-01-01 10:01:00"),
    )
    assert funnel_users(events, "exact") == [1, 1, 0]


def test_funnel_with_a_repeated_step_name_needs_a_later_event() -> None:
    events = log(
        (1, "view", "2024-01-01 10:00:00"),
        (2, "view", "2024-01-01 10:00:00"),
        (2, "view", "2024-01-01 11:00:00"),
    )
    for order in ("this", "exact", "any"):
        assert m.funnel(events, ["view", "view"], order=order)["users"].tolist() == [2, 1]


def test_funnel_of_an_empty_log_has_every_step_with_zero_users() -> None:
    empty = log((1, "view", "2024-01-01 10:00:00")).iloc[:0]
    result = m.funnel(empty, STEPS)
    assert result["users"].tolist() == [0, 0, 0]
    assert result["conversion_from_start"].isna().all()
    assert result["median_seconds_from_start"].isna().all()


# ---------------------------------------------------------------------- revenue, churn, NPS

SUBSCRIPTIONS = pd.DataFrame(
    {
        "user_id": [1, 2, 3, 3, 4, 5, 6],
        "plan": ["team"] * 7,
        "start_time": when(
            "2023-12-01",
            "2023-12-01",
            "2023-12-01",
            "2024-01-10",
            "2023-12-01",
            "2024-01-05",
            "2023-11-01",
        ),
        "end_time": when(
            "2024-01-15", "NaT", "2024-01-10", "NaT", "2024-02-01", "2024-01-20", "2024-01-01"
        ),
    }
)
PAYMENTS = pd.DataFrame(
    {
        "user_id": [1, 2, 2, 3, 7, 2],
        "payment_time": when(
            "2024-01-01",
            "2024-01-05",
            "2024-01-20",
            "2024-01-31 23:59:59",
            "2024-02-01",
            "2023-12-31 23:59:59",
        ),
        "amount_usd": [30.0, 50.0, -10.0, 20.0, 99.0, 40.0],
    }
)
REVENUE_EVENTS = log(
    (1, "open", "2024-01-02 00:00:00"),
    (2, "open", "2024-01-03 00:00:00"),
    (8, "open", "2024-01-31 23:59:59"),
    (9, "open", "2024-02-01 00:00:00"),  # outside the period
    (10, "open", "2023-12-31 23:59:59"),  # outside the period
)


def test_churn_rate_counts_customers_lost_over_customers_at_the_start() -> None:
    # at 2024-01-01: users 1, 2, 3, 4 (user 6's subscription ended exactly then; user 5 starts
    # later). At 2024-02-01: user 2 and user 3 (new plan without a gap); user 4 ends exactly
    # at the end. Lost: users 1 and 4.
    assert m.churn_rate(SUBSCRIPTIONS, "2024-01-01", "2024-02-01") == pytest.approx(2 / 4)
    sql_result = duckdb.connect()
    sql_result.register("subscriptions", SUBSCRIPTIONS)
    counts = sql_result.execute(m.churn_rate.sql("subscriptions", "2024-01-01", "2024-02-01")).df()
    assert counts[["customers_at_start", "customers_lost"]].values.tolist() == [[4, 2]]
    assert math.isnan(m.churn_rate(SUBSCRIPTIONS, "2020-01-01", "2020-02-01"))


def test_arpu_arppu_and_ltv_over_the_same_period() -> None:
    # January: revenue 30 + 50 - 10 + 20 = 90; active users 1, 2, 8; paying users 1, 2, 3
    assert m.arpu(PAYMENTS, REVENUE_EVENTS, "2024-01-01", "2024-02-01") == pytest.approx(30.0)
    assert m.arppu(PAYMENTS, "2024-01-01", "2024-02-01") == pytest.approx(30.0)
    value = m.ltv(PAYMENTS, REVENUE_EVENTS, SUBSCRIPTIONS, "2024-01-01", "2024-02-01", 0.8)
    assert value == pytest.approx(30.0 * 0.8 / 0.5)
    refund_only = PAYMENTS.assign(amount_usd=[30.0, 50.0, -60.0, 20.0, 99.0, 40.0])
    # user 2's January payments add up to -10: not a paying user
    assert m.arppu(refund_only, "2024-01-01", "2024-02-01") == pytest.approx(40.0 / 2)
    assert math.isnan(m.arpu(PAYMENTS, REVENUE_EVENTS, "2020-01-01", "2020-02-01"))


def test_period_accepts_dates_and_aware_timestamps() -> None:
    aware = pd.Timestamp("2024-01-01 01:00:00", tz="Europe/Paris")  # midnight UTC
    assert m.arppu(PAYMENTS, aware, dt.date(2024, 2, 1)) == pytest.approx(30.0)


def test_nps_is_percent_promoters_minus_percent_detractors() -> None:
    assert m.nps([10, 9, 8, 7, 6, 0]) == 0.0
    assert m.nps([10, 10, 10, 7]) == 75.0
    assert m.nps([0, 1, 2]) == -100.0
    assert m.nps(pd.DataFrame({"score": [9, 10]})) == 100.0
    assert math.isnan(m.nps([]))


@pytest.mark.parametrize(("scores", "shown"), [([5, 11], "11"), ([7.5], "7.5"), ([-1, 3], "-1")])
def test_nps_rejects_scores_outside_0_to_10_naming_the_value(
    scores: list[float], shown: str
) -> None:
    with pytest.raises(ValueError, match=rf"whole number from 0 to 10; got {re.escape(shown)}"):
        m.nps(scores)


def test_nps_rejects_missing_scores() -> None:
    with pytest.raises(ValueError, match="got a missing value"):
        m.nps(pd.DataFrame({"score": [9.0, np.nan]}))


# ---------------------------------------------------------------------- bad input


@pytest.mark.parametrize("ids", [["1", "2", "3"], ["u1", "u2", "u3"]])
def test_user_ids_of_different_types_are_refused_naming_both_columns(ids: list[str]) -> None:
    # Text ids against number ids: DuckDB would silently match "1" with 1, or fail on "u2"
    # with a conversion error that names no table.
    users = RET_USERS.assign(user_id=range(1, len(RET_USERS) + 1))
    events = RET_EVENTS.assign(user_id=[ids[i % len(ids)] for i in range(len(RET_EVENTS))])
    with pytest.raises(
        ValueError,
        match=r"events\['user_id'\] holds VARCHAR but users\['user_id'\] holds BIGINT: the user "
        r"ids cannot be matched\. .* users\['user_id'\]\.astype\(str\)",
    ):
        m.n_day_retention(events, users, 1)


def test_a_funnel_step_that_never_occurs_is_named_with_the_names_present() -> None:
    with pytest.raises(
        ValueError,
        match=r"steps\[1\] is 'opne', an event name that never occurs in the events; the names "
        r"present are ",
    ):
        m.funnel(RET_EVENTS, ["open", "opne"])
    # A step that occurs but that nobody reaches in order is a real 0, and so is any step
    # when the caller says the steps are a fixed list.
    assert m.funnel(RET_EVENTS, ["opne", "open"], steps_must_occur=False)["users"].tolist() == [
        0,
        0,
    ]


def test_revenue_metrics_refuse_missing_amounts_as_nps_refuses_missing_scores() -> None:
    payments = pd.DataFrame(
        {
            "user_id": [1, 2, 3],
            "amount_usd": [10.0, np.nan, np.nan],
            "payment_time": pd.to_datetime(["2024-01-02", "2024-01-03", "2023-12-01"]),
        }
    )
    events = pd.DataFrame({"user_id": [1, 2], "event_time": pd.to_datetime(["2024-01-02"] * 2)})
    message = r"payments\['amount_usd'\] is missing for 1 payment in .*; a missing amount is not 0"
    with pytest.raises(ValueError, match=message):
        m.arpu(payments, events, "2024-01-01", "2024-02-01")
    with pytest.raises(ValueError, match=message):
        m.arppu(payments, "2024-01-01", "2024-02-01")
    # Outside the period a missing amount does not matter.
    assert m.arppu(payments, "2024-01-02", "2024-01-03") == 10.0
    assert m.arpu(payments.fillna(0), events, "2024-01-01", "2024-02-01") == 5.0


def test_missing_column_names_it_and_lists_the_columns_present() -> None:
    events = ACTIVE_LOG.rename(columns={"event_time": "ts"})
    with pytest.raises(
        ValueError, match=r"missing the column\(s\) 'event_time'.*'user_id', 'event_name', 'ts'"
    ):
        m.active_users(events)
    assert m.active_users(events, event_time="ts")["active_users"].tolist() == [1, 0, 2, 0, 1]
    with pytest.raises(ValueError, match=r"users is missing the column.*'signup_time'"):
        m.n_day_retention(RET_EVENTS, RET_USERS.rename(columns={"signup_time": "created"}), 1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: m.n_day_retention(RET_EVENTS, RET_USERS, -1),
            "n must be a whole number >= 0; got -1",
        ),
        (
            lambda: m.n_day_retention(RET_EVENTS, RET_USERS, 1.5),
            "n must be a whole number >= 0; got 1.5",
        ),
        (
            lambda: m.n_day_retention(RET_EVENTS, RET_USERS, 1, "every"),
            "kind must be one of 'on', 'on_or_after'; got 'every'",
        ),
        (
            lambda: m.n_day_retention(RET_EVENTS, RET_USERS, 1, days="hours"),
            "days must be one of 'calendar', 'rolling'; got 'hours'",
        ),
        (lambda: m.active_users(ACTIVE_LOG, 0), "window_days must be a whole number >= 1; got 0"),
        (
            lambda: m.active_users(ACTIVE_LOG, True),
            "window_days must be a whole number >= 1; got True",
        ),
        (
            lambda: m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "year"),
            "period must be one of 'day', 'week', 'month'; got 'year'",
        ),
        (lambda: m.funnel(ACTIVE_LOG, []), "steps must be a non-empty list"),
        (lambda: m.funnel(ACTIVE_LOG, "open"), "steps must be a non-empty list"),
        (lambda: m.funnel(ACTIVE_LOG, ["open", ""]), r"steps\[1\] must be an event name"),
        (
            lambda: m.funnel(ACTIVE_LOG, ["open"], order="random"),
            "order must be one of 'this', 'exact', 'any'; got 'random'",
        ),
        (
            lambda: m.funnel(ACTIVE_LOG, ["open"], window_days=0),
            "window_days must be a number of days > 0; got 0",
        ),
        (
            lambda: m.bracket_retention(RET_EVENTS, RET_USERS, []),
            "brackets must be a non-empty list",
        ),
        (
            lambda: m.bracket_retention(RET_EVENTS, RET_USERS, [(3, 1)]),
            r"brackets\[0\] ends before it starts; got \(3, 1\)",
        ),
        (
            lambda: m.bracket_retention(RET_EVENTS, RET_USERS, [(1, 2, 3)]),
            r"brackets\[0\] must be a \(first_day, last_day\) pair",
        ),
        (
            lambda: m.ltv(PAYMENTS, REVENUE_EVENTS, SUBSCRIPTIONS, "2024-01-01", "2024-02-01", 80),
            "gross_margin must be a fraction in \\[0, 1\\]",
        ),
        (
            lambda: m.churn_rate(SUBSCRIPTIONS, "2024-02-01", "2024-01-01"),
            "start must be before end; got start='2024-02-01'",
        ),
        (
            lambda: m.churn_rate(SUBSCRIPTIONS, "someday", "2024-01-01"),
            "start must be a date or a timestamp; got 'someday'",
        ),
        (lambda: m.active_users(ACTIVE_LOG, by="day"), "by cannot use the column 'day'"),
        (lambda: m.active_users(ACTIVE_LOG, con="db"), "con must be a DuckDB connection"),
        (
            lambda: m.active_users([1, 2]),
            "events must be a pandas DataFrame, a DuckDB relation or the name of a table",
        ),
        (
            lambda: m.active_users("events"),
            r"events is a table name \('events'\); pass the DuckDB connection",
        ),
        (lambda: m.retention_matrix(ACTIVE_LOG), "cohorts is missing the column"),
    ],
)
def test_bad_parameters_name_the_field_and_the_value(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_text_timestamps_are_refused_with_a_hint() -> None:
    events = ACTIVE_LOG.assign(event_time=ACTIVE_LOG["event_time"].astype(str))
    with pytest.raises(
        ValueError,
        match=r"events\['event_time'\] must hold timestamps.*got VARCHAR.*pd.to_datetime",
    ):
        m.active_users(events)


def test_unknown_table_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no table or view named 'nope'"):
        m.active_users("nope", con=duckdb.connect())


# ---------------------------------------------------------------------- input kinds and SQL


def _all_metrics() -> dict[str, Callable[..., Any]]:
    """Each metric as a call on (events, users) inputs of any kind, plus a connection."""
    return {
        "active_users": lambda e, u, c: m.active_users(e, 3, con=c),
        "active_users_by": lambda e, u, c: m.active_users(e, 2, by="event_name", con=c),
        "stickiness": lambda e, u, c: m.stickiness(e, con=c),
        "n_day_retention": lambda e, u, c: m.n_day_retention(e, u, 1, con=c),
        "n_day_rolling": lambda e, u, c: m.n_day_retention(
            e, u, 1, "on_or_after", days="rolling", con=c
        ),
        "cohort_retention": lambda e, u, c: m.cohort_retention(e, u, "week", con=c),
        "bracket_retention": lambda e, u, c: m.bracket_retention(e, u, [(0, 0), (1, 3)], con=c),
        "funnel": lambda e, u, c: m.funnel(e, ["open", "open"], order="exact", con=c),
    }


@pytest.mark.parametrize("metric", sorted(_all_metrics()))
def test_dataframe_relation_and_table_name_give_the_same_answer(metric: str) -> None:
    call = _all_metrics()[metric]
    expected = call(RET_EVENTS, RET_USERS, None)
    con = duckdb.connect()
    con.execute("CREATE TABLE app_events AS SELECT * FROM RET_EVENTS")
    con.execute("CREATE TABLE app_users AS SELECT * FROM RET_USERS")
    by_name = call("app_events", "app_users", con)
    relations = call(con.table("app_events"), con.table("app_users"), None)
    mixed = call("app_events", RET_USERS, con)  # a table name and a DataFrame together
    for result in (by_name, relations, mixed):
        if isinstance(expected, float):
            assert result == pytest.approx(expected, nan_ok=True)
        else:
            assert_frame_equal(result, expected)
    left = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    assert left == []  # no helper views are left behind


def test_revenue_metrics_and_nps_accept_every_input_kind() -> None:
    period = ("2024-01-01", "2024-02-01")
    con = duckdb.connect()
    for name, frame in [("subs", SUBSCRIPTIONS), ("pays", PAYMENTS), ("evts", REVENUE_EVENTS)]:
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        con.unregister("frame")
    con.execute("CREATE TABLE answers AS SELECT * FROM (VALUES (9), (3), (10)) AS t(score)")
    subs, pays, evts = con.table("subs"), con.table("pays"), con.table("evts")
    assert m.churn_rate("subs", *period, con=con) == m.churn_rate(subs, *period) == 0.5
    assert m.arpu("pays", "evts", *period, con=con) == m.arpu(pays, evts, *period) == 30.0
    assert m.arppu("pays", *period, con=con) == m.arppu(pays, *period) == 30.0
    assert m.ltv("pays", "evts", "subs", *period, 0.8, con=con) == pytest.approx(48.0)
    assert m.ltv(pays, evts, subs, *period, 0.8) == pytest.approx(48.0)
    assert m.nps("answers", con=con) == m.nps(con.table("answers")) == pytest.approx(100 / 3)


def test_a_relation_shadows_a_table_of_the_same_name_without_touching_it() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE events AS SELECT * FROM ACTIVE_LOG WHERE user_id = 3")
    relation = con.sql("SELECT * FROM events").union(con.from_df(ACTIVE_LOG.iloc[:2]))
    assert m.active_users(relation)["active_users"].tolist() == [1, 0, 1, 0, 1]
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]


def test_relations_from_different_connections_are_refused() -> None:
    first, second = duckdb.connect(), duckdb.connect()
    with pytest.raises(ValueError, match="same DuckDB connection"):
        m.n_day_retention(first.from_df(RET_EVENTS), second.from_df(RET_USERS), 1)


def test_a_table_named_like_a_step_of_the_query_is_refused() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE activity AS SELECT * FROM ACTIVE_LOG")
    with pytest.raises(ValueError, match="'activity' is also the name of a step of the query"):
        m.active_users("activity", con=con)


def test_column_names_are_quoted_when_needed() -> None:
    events = ACTIVE_LOG.rename(columns={"user_id": "User ID", "event_time": "order"})
    result = m.active_users(events, 2, user_id="User ID", event_time="order")
    assert result["active_users"].tolist() == [1, 1, 2, 2, 1]
    assert '"User ID" AS user_id' in m.active_users.sql(
        events, user_id="User ID", event_time="order"
    )


def _sql_calls() -> dict[str, tuple[Callable[..., Any], Callable[..., str]]]:
    period = ("2024-01-01", "2024-02-01")
    return {
        "active_users": (
            lambda: m.active_users(ACTIVE_LOG, 7),
            lambda: m.active_users.sql("events", 7),
        ),
        "stickiness": (lambda: m.stickiness(ACTIVE_LOG), lambda: m.stickiness.sql("events")),
        "n_day": (
            lambda: m.n_day_retention(RET_EVENTS, RET_USERS, 1, days="rolling"),
            lambda: m.n_day_retention.sql("events", "users", 1, days="rolling"),
        ),
        "cohorts": (
            lambda: m.cohort_retention(COHORT_EVENTS, COHORT_USERS, "week", "on_or_after"),
            lambda: m.cohort_retention.sql("events", "users", "week", "on_or_after"),
        ),
        "brackets": (
            lambda: m.bracket_retention(RET_EVENTS, RET_USERS, [(1, 2)]),
            lambda: m.bracket_retention.sql("events", "users", [(1, 2)]),
        ),
        "funnel": (
            lambda: m.funnel(ACTIVE_LOG, ["open", "open"], order="any"),
            lambda: m.funnel.sql("events", ["open", "open"], order="any"),
        ),
        "churn": (
            lambda: m.churn_rate(SUBSCRIPTIONS, *period),
            lambda: m.churn_rate.sql("subscriptions", *period),
        ),
        "arpu": (
            lambda: m.arpu(PAYMENTS, REVENUE_EVENTS, *period),
            lambda: m.arpu.sql("payments", "events", *period),
        ),
        "arppu": (lambda: m.arppu(PAYMENTS, *period), lambda: m.arppu.sql("payments", *period)),
        "ltv": (
            lambda: m.ltv(PAYMENTS, REVENUE_EVENTS, SUBSCRIPTIONS, *period, 0.5),
            lambda: m.ltv.sql("payments", "events", "subscriptions", *period, 0.5),
        ),
        "nps": (lambda: m.nps([9, 3, 10]), lambda: m.nps.sql("responses")),
    }


@pytest.mark.parametrize("metric", sorted(_sql_calls()))
def test_the_printed_sql_runs_in_duckdb_and_gives_the_same_answer(metric: str) -> None:
    run_metric, sql = _sql_calls()[metric]
    expected = run_metric()
    con = duckdb.connect()
    tables = {
        "events": {
            "cohorts": COHORT_EVENTS,
            "n_day": RET_EVENTS,
            "brackets": RET_EVENTS,
            "arpu": REVENUE_EVENTS,
            "ltv": REVENUE_EVENTS,
        }.get(metric, ACTIVE_LOG),
        "users": COHORT_USERS if metric == "cohorts" else RET_USERS,
        "subscriptions": SUBSCRIPTIONS,
        "payments": PAYMENTS,
        "responses": pd.DataFrame({"score": [9, 3, 10]}),
    }
    for name, frame in tables.items():
        con.register(name, frame)
    text = sql()
    assert text.startswith("-- ")  # it explains itself
    got = con.execute(text).df()
    if isinstance(expected, float):
        column = {"n_day": "retention", "churn": "churn_rate"}.get(metric, metric)
        assert got[column].iloc[0] == pytest.approx(expected)
    else:
        # the raw result has DuckDB's own dtypes (DATE, BIGINT); the values must match
        assert list(got.columns) == list(expected.columns)
        for column in expected.columns:
            if expected[column].dtype.kind == "f":
                assert got[column].tolist() == pytest.approx(expected[column].tolist(), nan_ok=True)
            else:
                assert got[column].tolist() == expected[column].tolist()


def test_sql_of_aware_timestamps_converts_them_to_utc() -> None:
    aware = ACTIVE_LOG.assign(event_time=ACTIVE_LOG["event_time"].dt.tz_localize("UTC"))
    assert "timezone('UTC', event_time)" in m.active_users.sql(aware)
    assert "timezone" not in m.active_users.sql(ACTIVE_LOG)


# The public functions of pmkit.metrics that work in pandas, not SQL, so have no .sql form.
_PANDAS_FUNCTIONS = {"bracket_retention_by_segment", "rate_change_by_segment", "retention_matrix"}


def _metrics() -> dict[str, m.Metric[..., Any]]:
    return {n: getattr(m, n) for n in m.__all__ if isinstance(getattr(m, n), m.Metric)}


def test_every_sql_metric_is_one_spec_whose_call_and_sql_share_a_signature() -> None:
    metrics = _metrics()
    functions = {n for n in m.__all__ if callable(getattr(m, n)) and not n[0].isupper()}
    assert set(metrics) == functions - _PANDAS_FUNCTIONS
    assert len(metrics) == 11
    for name, metric in metrics.items():
        call, sql = inspect.signature(metric), inspect.signature(metric.sql)
        assert list(call.parameters) == list(sql.parameters), name
        assert sql.return_annotation == "str", name
        assert call.return_annotation in {"float", "pd.DataFrame"}, name  # the answer, not a Query
        assert metric.__doc__ and metric.__doc__.startswith("Return "), name
        assert f"{name}.sql(" in metric.__doc__, name  # each docstring shows its SQL form
        assert repr(metric).startswith(f"<metric {name}(")
        assert pickle.loads(pickle.dumps(metric)) is metric


@pytest.mark.parametrize(
    ("metric", "args", "kwargs", "message"),
    [
        ("active_users", (ACTIVE_LOG, 0), {}, "window_days must be a whole number >= 1; got 0"),
        ("stickiness", (ACTIVE_LOG,), {"by": "day"}, "by cannot use the column 'day'"),
        ("funnel", (ACTIVE_LOG, ["open"]), {"order": "random"}, "order must be one of"),
        ("funnel", (ACTIVE_LOG, ["open"]), {"steps_must_occur": "yes"}, "steps_must_occur must"),
        ("n_day_retention", (RET_EVENTS, RET_USERS, -1), {}, "n must be a whole number >= 0"),
        ("bracket_retention", (RET_EVENTS, RET_USERS, [(3, 1)]), {}, "ends before it starts"),
        ("cohort_retention", (COHORT_EVENTS, COHORT_USERS, "year"), {}, "period must be one of"),
        ("churn_rate", (SUBSCRIPTIONS, "2024-02-01", "2024-01-01"), {}, "start must be before"),
        (
            "arpu",
            (PAYMENTS, ACTIVE_LOG.drop(columns="event_time"), "2024-01-01", "2024-02-01"),
            {},
            r"events is missing the column\(s\) 'event_time'",
        ),
        ("arppu", (PAYMENTS, "2024-01-01", "2024-02-01"), {"amount": "usd"}, "'usd'"),
        (
            "ltv",
            (PAYMENTS, REVENUE_EVENTS, SUBSCRIPTIONS, "2024-01-01", "2024-02-01", 80),
            {},
            "gross_margin must be a fraction",
        ),
        ("nps", ([10, "ten"],), {}, "scores must be numbers from 0 to 10; got 'ten'"),
    ],
)
def test_the_call_and_its_sql_check_arguments_the_same_way(
    metric: str, args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    spec = getattr(m, metric)
    with pytest.raises(ValueError, match=message):
        spec(*args, **kwargs)
    with pytest.raises(ValueError, match=message):
        spec.sql(*args, **kwargs)


def test_printing_the_sql_does_not_run_the_checks_of_the_data() -> None:
    # A step that never occurs, no eligible user and a missing amount are facts of the data:
    # the call refuses them, the SQL (which a learner may run on other data) is still printed.
    with pytest.raises(ValueError, match="never occurs"):
        m.funnel(ACTIVE_LOG, ["open", "buy"])
    assert "'buy'" in m.funnel.sql(ACTIVE_LOG, ["open", "buy"])
    with pytest.raises(ValueError, match="no user is eligible"):
        m.n_day_retention(RET_EVENTS, RET_USERS, 400)
    assert "Day-400 retention" in m.n_day_retention.sql(RET_EVENTS, RET_USERS, 400)
    unpaid = PAYMENTS.assign(amount_usd=np.nan)
    with pytest.raises(ValueError, match="a missing amount is not 0"):
        m.arppu(unpaid, "2024-01-01", "2024-02-01")
    assert "paid > 0" in m.arppu.sql(unpaid, "2024-01-01", "2024-02-01")


def test_an_old_sql_twin_name_says_what_replaced_it() -> None:
    with pytest.raises(AttributeError, match=r"print\(funnel\.sql\(\.\.\.\)\)"):
        m.funnel_sql  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'retention_matrix_sql'"):
        m.retention_matrix_sql  # noqa: B018


# ---------------------------------------------------------------------- independent reference

UTC_DAY = pd.Timedelta(days=1)


def random_world(seed: int = 20240601) -> dict[str, pd.DataFrame]:
    """A seeded log with the awkward cases mixed in: duplicates, events before signup, users
    without events, events of unknown users, times at 00:00:00 and 23:59:59."""
    rng = np.random.default_rng(seed)
    n_users, n_events = 160, 3200
    start = pd.Timestamp("2024-03-01")
    signup = start + pd.to_timedelta(rng.integers(0, 45 * 86400, n_users), unit="s")
    users = pd.DataFrame({"user_id": [f"u{i:03d}" for i in range(n_users)], "signup_time": signup})
    who = rng.integers(10, n_users + 6, n_events)  # u000-u009 never act; 6 unknown users act
    base = np.where(who < n_users, signup[np.minimum(who, n_users - 1)], start)
    offset = rng.exponential(6 * 86400, n_events) - rng.choice(
        [0, 86400 * 2], n_events, p=[0.93, 0.07]
    )
    times = pd.Series(pd.to_datetime(base) + pd.to_timedelta(offset.astype("int64"), unit="s"))
    edge = rng.random(n_events)
    times = times.where(edge > 0.05, times.dt.floor("D"))
    times = times.where(
        (edge < 0.05) | (edge > 0.10), times.dt.floor("D") + pd.Timedelta(seconds=86399)
    )
    names = rng.choice(
        ["open", "view", "cart", "buy", "share"], n_events, p=[0.3, 0.3, 0.2, 0.1, 0.1]
    )
    events = pd.DataFrame(
        {
            "user_id": [f"u{i:03d}" for i in who],
            "event_name": names,
            "event_time": times.to_numpy(),
            "platform": rng.choice(["ios", "web"], n_events),
        }
    )
    events = pd.concat([events, events.sample(150, random_state=1)], ignore_index=True)
    subs_users = rng.choice(n_users, 70, replace=False)
    sub_start = start + pd.to_timedelta(rng.integers(-20 * 86400, 40 * 86400, 70), unit="s")
    sub_end = sub_start + pd.to_timedelta(rng.integers(86400, 60 * 86400, 70), unit="s")
    subscriptions = pd.DataFrame(
        {
            "user_id": [f"u{i:03d}" for i in subs_users],
            "start_time": sub_start,
            "end_time": pd.Series(sub_end).where(rng.random(70) < 0.6),
        }
    )
    payments = pd.DataFrame(
        {
            "user_id": [f"u{i:03d}" for i in rng.integers(0, n_users, 250)],
            "payment_time": start + pd.to_timedelta(rng.integers(0, 60 * 86400, 250), unit="s"),
            "amount_usd": rng.choice([9.0, 29.0, 49.0, -9.0], 250, p=[0.4, 0.3, 0.2, 0.1]),
        }
    )
    responses = pd.DataFrame({"score": rng.integers(0, 11, 300)})
    return {
        "events": events,
        "users": users,
        "subscriptions": subscriptions,
        "payments": payments,
        "responses": responses,
    }


@pytest.fixture(scope="module")
def world() -> dict[str, pd.DataFrame]:
    return random_world()


def ref_days(events: pd.DataFrame) -> dict[str, set[pd.Timestamp]]:
    active: dict[str, set[pd.Timestamp]] = {}
    for user, time in zip(events["user_id"], events["event_time"], strict=True):
        active.setdefault(user, set()).add(time.normalize())
    return active


def ref_active(events: pd.DataFrame, window: int) -> list[int]:
    active = ref_days(events)
    first = min(min(d) for d in active.values())
    last = max(max(d) for d in active.values())
    counts = []
    day = first
    while day <= last:
        lo = day - (window - 1) * UTC_DAY
        counts.append(sum(1 for ds in active.values() if any(lo <= d <= day for d in ds)))
        day += UTC_DAY
    return counts


def ref_signups(users: pd.DataFrame) -> dict[str, pd.Timestamp]:
    return dict(zip(users["user_id"], users["signup_time"], strict=True))


def ref_n_day(events: pd.DataFrame, users: pd.DataFrame, n: int, kind: str, rolling: bool) -> float:
    signup = ref_signups(users)
    times: dict[str, list[pd.Timestamp]] = {}
    for user, time in zip(events["user_id"], events["event_time"], strict=True):
        times.setdefault(user, []).append(time)
    last_time = events["event_time"].max()
    eligible = retained = 0
    for user, s in signup.items():
        mine = times.get(user, [])
        if rolling:
            lo = s + n * UTC_DAY
            if lo > last_time:
                continue
            hit = [t for t in mine if t >= lo and (kind == "on_or_after" or t < lo + UTC_DAY)]
        else:
            target = s.normalize() + n * UTC_DAY
            if target > last_time.normalize():
                continue
            hit = [
                t
                for t in mine
                if t.normalize() == target or (kind == "on_or_after" and t.normalize() > target)
            ]
        eligible += 1
        retained += bool(hit)
    return retained / eligible


def ref_period_index(period: str, cohort: pd.Timestamp, day: pd.Timestamp) -> int:
    if period == "day":
        return (day - cohort).days
    if period == "week":
        return (day - cohort).days // 7
    return (day.year - cohort.year) * 12 + day.month - cohort.month


def ref_cohort_start(period: str, day: pd.Timestamp) -> pd.Timestamp:
    if period == "day":
        return day
    if period == "week":
        return day - day.weekday() * UTC_DAY
    return day.replace(day=1)


def ref_cohorts(events: pd.DataFrame, users: pd.DataFrame, period: str, kind: str) -> pd.DataFrame:
    active = ref_days(events)
    last = max(max(d) for d in active.values())
    members: dict[pd.Timestamp, list[str]] = {}
    signup = ref_signups(users)
    for user, s in signup.items():
        if s.normalize() <= last:
            members.setdefault(ref_cohort_start(period, s.normalize()), []).append(user)
    rows = []
    for cohort in sorted(members):
        people = members[cohort]
        periods = {
            user: {
                ref_period_index(period, cohort, d)
                for d in active.get(user, set())
                if d >= signup[user].normalize()
            }
            for user in people
        }
        for p in range(ref_period_index(period, cohort, last) + 1):
            if kind == "on":
                retained = sum(p in periods[user] for user in people)
            else:
                retained = sum(any(q >= p for q in periods[user]) for user in people)
            rows.append((cohort, p, len(people), retained, retained / len(people)))
    return pd.DataFrame(
        rows, columns=["cohort", "period_number", "cohort_size", "retained", "retention"]
    )


def ref_brackets(
    events: pd.DataFrame, users: pd.DataFrame, brackets: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    active = ref_days(events)
    last = max(max(d) for d in active.values())
    out = []
    for first, end in brackets:
        eligible = retained = 0
        for user, s in ref_signups(users).items():
            sday = s.normalize()
            if sday + end * UTC_DAY > last:
                continue
            eligible += 1
            retained += any(first <= (d - sday).days <= end for d in active.get(user, set()))
        out.append((eligible, retained))
    return out


def ref_funnel(
    events: pd.DataFrame, steps: list[str], window_days: float, order: str
) -> pd.DataFrame:
    window = pd.Timedelta(days=window_days)
    reached: list[list[tuple[float, float]]] = [[] for _ in steps]
    for _, mine in events.groupby("user_id"):
        evs = sorted(zip(mine["event_time"], mine["event_name"], strict=True))
        entries = [t for t, name in evs if name == steps[0]]
        if not entries:
            continue
        start = prev = min(entries)
        reached[0].append((0.0, 0.0))
        for k, step in enumerate(steps[1:], start=1):
            if order == "this":
                later = [t for t, name in evs if name == step and prev < t <= start + window]
                if not later:
                    break
                t = min(later)
            elif order == "exact":
                after = [t for t, _ in evs if t > prev]
                if not after:
                    break
                t = min(after)
                if t > start + window or step not in {name for u, name in evs if u == t}:
                    break
            else:
                later = [u for u, name in evs if name == step and start < u <= start + window]
                if not later:
                    break
                t = max(prev, min(later))
            reached[k].append(((t - start).total_seconds(), (t - prev).total_seconds()))
            prev = t
    users = [len(r) for r in reached]
    return pd.DataFrame(
        {
            "users": users,
            "conversion_from_start": [u / users[0] if users[0] else math.nan for u in users],
            "conversion_from_previous": [
                u / p if p else math.nan
                for u, p in zip(users, [users[0], *users[:-1]], strict=True)
            ],
            "median_seconds_from_start": [
                float(np.median([a for a, _ in r])) if r else math.nan for r in reached
            ],
            "median_seconds_from_previous": [
                float(np.median([b for _, b in r])) if r else math.nan for r in reached
            ],
        }
    )


def ref_customers(subs: pd.DataFrame, at: pd.Timestamp) -> set[str]:
    return {
        row.user_id
        for row in subs.itertuples()
        if row.start_time <= at and (pd.isna(row.end_time) or row.end_time > at)
    }


@pytest.mark.parametrize("window", [1, 2, 7, 30])
def test_active_users_match_the_reference(world: dict[str, pd.DataFrame], window: int) -> None:
    got = m.active_users(world["events"], window)
    assert got["active_users"].tolist() == ref_active(world["events"], window)


def test_active_users_by_segment_and_stickiness_match_the_reference(
    world: dict[str, pd.DataFrame],
) -> None:
    events = world["events"]
    got = m.active_users(events, 7, by="platform")
    for platform, part in got.groupby("platform"):
        mine = events[events["platform"] == platform]
        expected = ref_active(mine, 7)
        # every segment spans all days; this platform's own first..last days are a sub-range
        first = mine["event_time"].min().normalize()
        offset = (first - events["event_time"].min().normalize()).days
        assert part["active_users"].tolist()[offset : offset + len(expected)] == expected
    sticky = m.stickiness(events)
    dau, mau = ref_active(events, 1), ref_active(events, 30)
    assert sticky["dau"].tolist() == dau and sticky["mau"].tolist() == mau
    assert sticky["stickiness"].tolist() == pytest.approx(
        [d / a for d, a in zip(dau, mau, strict=True)]
    )


@pytest.mark.parametrize("n", [0, 1, 7, 14])
@pytest.mark.parametrize("kind", ["on", "on_or_after"])
@pytest.mark.parametrize("days_", ["calendar", "rolling"])
def test_n_day_retention_matches_the_reference(
    world: dict[str, pd.DataFrame], n: int, kind: str, days_: str
) -> None:
    got = m.n_day_retention(world["events"], world["users"], n, kind, days=days_)
    assert got == pytest.approx(
        ref_n_day(world["events"], world["users"], n, kind, days_ == "rolling")
    )


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize("kind", ["on", "on_or_after"])
def test_cohort_retention_matches_the_reference(
    world: dict[str, pd.DataFrame], period: str, kind: str
) -> None:
    got = m.cohort_retention(world["events"], world["users"], period, kind)
    expected = ref_cohorts(world["events"], world["users"], period, kind)
    expected["cohort"] = expected["cohort"].astype("datetime64[us]")
    assert_frame_equal(got, expected)


def test_bracket_retention_matches_the_reference(world: dict[str, pd.DataFrame]) -> None:
    brackets = [(0, 0), (1, 1), (2, 7), (8, 30)]
    got = m.bracket_retention(world["events"], world["users"], brackets)
    expected = ref_brackets(world["events"], world["users"], brackets)
    assert list(zip(got["eligible_users"], got["retained"], strict=True)) == expected


@pytest.mark.parametrize("order", ["this", "exact", "any"])
@pytest.mark.parametrize("window", [1, 7])
def test_funnel_matches_the_reference(
    world: dict[str, pd.DataFrame], order: str, window: float
) -> None:
    steps = ["view", "cart", "buy", "cart"]
    got = m.funnel(world["events"], steps, window, order)
    expected = ref_funnel(world["events"], steps, window, order)
    assert got["users"].tolist() == expected["users"].tolist()
    assert got["users"].iloc[2] > 0  # the random log does reach the later steps
    for column in expected.columns[1:]:
        assert got[column].tolist() == pytest.approx(expected[column].tolist(), nan_ok=True)


def test_revenue_metrics_and_nps_match_the_reference(world: dict[str, pd.DataFrame]) -> None:
    start, end = pd.Timestamp("2024-03-10"), pd.Timestamp("2024-04-10")
    subs, pays, events = world["subscriptions"], world["payments"], world["events"]
    at_start = ref_customers(subs, start)
    churn = len(at_start - ref_customers(subs, end)) / len(at_start)
    in_period = pays[(pays["payment_time"] >= start) & (pays["payment_time"] < end)]
    revenue = float(in_period["amount_usd"].sum())
    active = {
        u for u, t in zip(events["user_id"], events["event_time"], strict=True) if start <= t < end
    }
    per_user = in_period.groupby("user_id")["amount_usd"].sum()
    assert m.churn_rate(subs, start, end) == pytest.approx(churn)
    assert m.arpu(pays, events, start, end) == pytest.approx(revenue / len(active))
    assert m.arppu(pays, start, end) == pytest.approx(revenue / int((per_user > 0).sum()))
    assert m.ltv(pays, events, subs, start, end, 0.75) == pytest.approx(
        revenue / len(active) * 0.75 / churn
    )
    scores = world["responses"]["score"].tolist()
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    assert m.nps(world["responses"]) == pytest.approx(100 * (promoters - detractors) / len(scores))


# ------------------------------------------------------------------------------ segments


def test_rate_change_by_segment_sizes_what_each_segment_lost() -> None:
    from pmkit.datasets import generate_portal_searches

    portal, _ = generate_portal_searches()
    complete = portal[portal["day"] < portal["day"].max()]
    result = m.rate_change_by_segment(
        complete, "country", "2024-10-08", 14, numerator="searches", denominator="sessions"
    )
    assert list(result.columns) == [
        "rate_before",
        "rate_after",
        "sessions_after",
        "change",
        "searches_lost",
    ]
    # the planted drop: German searches per session fall to 60% with release 7.4
    assert result.index[0] == "DE"
    assert result.loc["DE", "change"] == pytest.approx(-0.4, abs=0.03)
    assert (result.drop(index="DE")["change"].abs() < 0.03).all()
    # the same numbers by hand, for one segment
    de = complete[complete["country"] == "DE"]
    before = de[(de["day"] >= "2024-09-24") & (de["day"] < "2024-10-08")]
    after = de[(de["day"] >= "2024-10-08") & (de["day"] < "2024-10-22")]
    rate_before = before["searches"].sum() / before["sessions"].sum()
    rate_after = after["searches"].sum() / after["sessions"].sum()
    assert result.loc["DE", "searches_lost"] == pytest.approx(
        (rate_before - rate_after) * after["sessions"].sum()
    )


def test_rate_change_by_segment_refuses_bad_input() -> None:
    frame = pd.DataFrame({"day": pd.to_datetime(["2024-01-01"]), "c": ["x"], "n": [1], "d": [2]})
    with pytest.raises(ValueError, match=r"frame is missing the column\(s\) 'nope'"):
        m.rate_change_by_segment(frame, "nope", "2024-01-02", 1, numerator="n", denominator="d")
    with pytest.raises(ValueError, match="days must be a whole number of days >= 1; got 0"):
        m.rate_change_by_segment(frame, "c", "2024-01-02", 0, numerator="n", denominator="d")
    with pytest.raises(ValueError, match="no rows in the 1 days after split 2024-01-02"):
        m.rate_change_by_segment(frame, "c", "2024-01-02", 1, numerator="n", denominator="d")


def test_bracket_retention_by_segment_matches_one_call_per_segment() -> None:
    users = COHORT_USERS.assign(
        channel=["a", "b"] * (len(COHORT_USERS) // 2) + ["a"] * (len(COHORT_USERS) % 2)
    )
    months = sorted(users["signup_time"].dt.strftime("%Y-%m").unique())
    result = m.bracket_retention_by_segment(COHORT_EVENTS, users, (0, 1), "channel", months)
    assert list(result.columns) == ["month", "segment", "retention", "users"]
    assert set(result["segment"]) <= {m.BLENDED, "a", "b"}
    for row in result.itertuples():
        start = pd.Timestamp(f"{row.month}-01")
        cohort = users[
            (users["signup_time"] >= start)
            & (users["signup_time"] < start + pd.offsets.MonthBegin(1))
        ]
        if row.segment != m.BLENDED:
            cohort = cohort[cohort["channel"] == row.segment]
        assert row.users == len(cohort)
        expected = m.bracket_retention(COHORT_EVENTS, cohort, [(0, 1)])["retention"].iloc[0]
        assert row.retention == pytest.approx(expected, nan_ok=True)
    with pytest.raises(ValueError, match="months must be 'YYYY-MM' strings; got 'May'"):
        m.bracket_retention_by_segment(COHORT_EVENTS, users, (0, 1), "channel", ["May"])

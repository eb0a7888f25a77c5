"""Revenue metrics as DuckDB SQL: churn rate, ARPU, ARPPU and simple LTV, for one period.

Every metric here is measured over a half-open period ``[start, end)`` in UTC (``start`` and
``end`` are dates or timestamps; time-zone-aware ones are converted to UTC). Definitions:

* **Churn rate** = customers lost in the period / customers at its start. A user is a customer
  at a moment T when one of their subscriptions has ``start_time <= T`` and no ``end_time`` or
  ``end_time > T``. Lost = customers at the start who are not customers at the end (so a
  subscription that ends exactly at ``end`` counts as lost; one replaced by another, a plan
  change, does not).
* **ARPU** = revenue in the period / users active in the period (users with any event in it).
* **ARPPU** = revenue in the period / paying users (users whose payments in the period add up
  to more than 0).
* **LTV** (simple) = ARPU x gross margin / churn rate, all for the same period.

Revenue is the sum of ``amount_usd`` over payments with ``payment_time`` in the period
(refunds, as negative amounts, reduce it).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import duckdb
import pandas as pd

from pmkit.metrics import _params, _sql
from pmkit.metrics._inputs import Bound, Role, TableLike, run
from pmkit.metrics._metric import Query, metric

Period = tuple[pd.Timestamp, pd.Timestamp]


def _in_period(time_expression: str, period: Period) -> str:
    start, end = period
    return (
        f"{time_expression} >= {_sql.timestamp(start)} AND {time_expression} < "
        f"{_sql.timestamp(end)}"
    )


def _period_words(period: Period) -> str:
    start, end = period
    return f"[{start.isoformat(sep=' ')}, {end.isoformat(sep=' ')}) UTC"


def _payments_role(payments: object, user_id: str, payment_time: str, amount: str) -> Role:
    return Role(
        "payments",
        payments,
        {
            "user_id": _params.column_name("user_id", user_id),
            "payment_time": _params.column_name("payment_time", payment_time),
            "amount": _params.column_name("amount", amount),
        },
        times=("payment_time",),
        numbers=("amount",),
    )


def _events_role(events: object, user_id: str, event_time: str) -> Role:
    return Role(
        "events",
        events,
        {
            "user_id": _params.column_name("user_id", user_id),
            "event_time": _params.column_name("event_time", event_time),
        },
        times=("event_time",),
    )


def _subscriptions_role(
    subscriptions: object, user_id: str, start_time: str, end_time: str
) -> Role:
    return Role(
        "subscriptions",
        subscriptions,
        {
            "user_id": _params.column_name("user_id", user_id),
            "start_time": _params.column_name("start_time", start_time),
            "end_time": _params.column_name("end_time", end_time),
        },
        times=("start_time", "end_time"),
    )


def _customer_at(s: Bound, moment: pd.Timestamp) -> str:
    at = _sql.timestamp(moment)
    return (
        f"{s.time('start_time')} <= {at}\n"
        f"{' ' * 27}AND ({s.col('end_time')} IS NULL OR {s.time('end_time')} > {at})"
    )


def _churn_ctes(s: Bound, period: Period) -> list[tuple[str, str]]:
    start, end = _sql.timestamp(period[0]), _sql.timestamp(period[1])
    return [
        (
            "customers",
            f"""
            -- one row per user: a customer at the start of the period? at its end?
            -- (only subscriptions that overlap the period can make either true)
            SELECT {_sql.aliased(s.col("user_id"), "user_id")},
                   bool_or({_customer_at(s, period[0])}) AS at_start,
                   bool_or({_customer_at(s, period[1])}) AS at_end
            FROM {s.name}
            WHERE {s.col("user_id")} IS NOT NULL
              AND {s.time("start_time")} <= {end}
              AND ({s.col("end_time")} IS NULL OR {s.time("end_time")} > {start})
            GROUP BY ALL
            """,
        ),
        (
            "churn",
            """
            -- customers at the start who are no longer customers at the end are lost
            SELECT count(*) FILTER (WHERE at_start) AS customers_at_start,
                   count(*) FILTER (WHERE at_start AND NOT at_end) AS customers_lost
            FROM customers
            """,
        ),
    ]


def _revenue_cte(p: Bound, period: Period) -> tuple[str, str]:
    return (
        "revenue",
        f"""
        -- all payments in the period (refunds, as negative amounts, reduce it)
        SELECT CAST(coalesce(sum({p.col("amount")}), 0) AS DOUBLE) AS revenue
        FROM {p.name}
        WHERE {_in_period(p.time("payment_time"), period)}
        """,
    )


def _active_cte(e: Bound, period: Period) -> tuple[str, str]:
    return (
        "active",
        f"""
        -- users with any event in the period
        SELECT count(DISTINCT {e.col("user_id")}) AS active_users
        FROM {e.name}
        WHERE {_in_period(e.time("event_time"), period)}
        """,
    )


def _churn_sql(s: Bound, period: Period) -> str:
    head = (
        f"-- Churn rate for {_period_words(period)}:\n"
        "-- customers lost in the period / customers at its start. A customer at moment T has a\n"
        "-- subscription with start_time <= T and no end_time or end_time > T.\n"
    )
    select = """
        SELECT CAST(customers_at_start AS BIGINT) AS customers_at_start,
               CAST(customers_lost AS BIGINT) AS customers_lost,
               CAST(customers_lost AS DOUBLE) / NULLIF(customers_at_start, 0) AS churn_rate
        FROM churn
        """
    return head + _sql.join_ctes(_churn_ctes(s, period)) + "\n" + _sql.block(select)


def _arpu_sql(p: Bound, e: Bound, period: Period) -> str:
    head = f"-- ARPU for {_period_words(period)}: revenue in the period / users active in it.\n"
    select = """
        SELECT revenue,
               CAST(active_users AS BIGINT) AS active_users,
               revenue / NULLIF(active_users, 0) AS arpu
        FROM revenue, active
        """
    ctes = [_revenue_cte(p, period), _active_cte(e, period)]
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


def _arppu_sql(p: Bound, period: Period) -> str:
    head = (
        f"-- ARPPU for {_period_words(period)}: revenue in the period / paying users (users\n"
        "-- whose payments in the period add up to more than 0).\n"
    )
    ctes = [
        (
            "paid",
            f"""
            -- each user's payments in the period
            SELECT {_sql.aliased(p.col("user_id"), "user_id")},
                   sum({p.col("amount")}) AS paid
            FROM {p.name}
            WHERE {_in_period(p.time("payment_time"), period)}
            GROUP BY ALL
            """,
        )
    ]
    select = """
        SELECT CAST(coalesce(sum(paid), 0) AS DOUBLE) AS revenue,
               CAST(count(*) FILTER (WHERE paid > 0) AS BIGINT) AS paying_users,
               CAST(coalesce(sum(paid), 0) AS DOUBLE)
                   / NULLIF(count(*) FILTER (WHERE paid > 0), 0) AS arppu
        FROM paid
        """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


def _ltv_sql(p: Bound, e: Bound, s: Bound, period: Period, margin: float) -> str:
    head = (
        f"-- Simple LTV for {_period_words(period)}: ARPU x gross margin / churn rate, where\n"
        "-- ARPU = revenue / active users and churn rate = customers lost / customers at the\n"
        "-- start, all over the same period.\n"
    )
    ctes = [_revenue_cte(p, period), _active_cte(e, period), *_churn_ctes(s, period)]
    ctes.append(
        (
            "parts",
            f"""
            SELECT revenue, active_users,
                   revenue / NULLIF(active_users, 0) AS arpu,
                   customers_at_start, customers_lost,
                   CAST(customers_lost AS DOUBLE) / NULLIF(customers_at_start, 0) AS churn_rate,
                   {margin!r} AS gross_margin
            FROM revenue, active, churn
            """,
        )
    )
    select = """
        SELECT revenue,
               CAST(active_users AS BIGINT) AS active_users,
               arpu,
               CAST(customers_at_start AS BIGINT) AS customers_at_start,
               CAST(customers_lost AS BIGINT) AS customers_lost,
               churn_rate,
               gross_margin,
               arpu * gross_margin / NULLIF(churn_rate, 0) AS ltv
        FROM parts
        """
    return head + _sql.join_ctes(ctes) + "\n" + _sql.block(select)


def _check_amounts(payments: Role, con: object, period: Period) -> None:
    """Refuse payments with a missing amount in the period, as nps refuses a missing score.

    A missing amount is not 0: summing would silently skip it. One rule for every metric that
    reads amounts (arpu, arppu, simple_ltv).
    """
    missing = run(
        [payments],
        con,
        lambda b: (
            f"""
        SELECT CAST(count(*) AS BIGINT) AS n FROM {b["payments"].name}
        WHERE {b["payments"].col("amount")} IS NULL
          AND {_in_period(b["payments"].time("payment_time"), period)}
        """
        ),
    )["n"].iloc[0]
    if missing:
        column = payments.columns["amount"]
        rows = f"{int(missing)} payment" + ("" if missing == 1 else "s")
        raise ValueError(
            f"payments[{column!r}] is missing for {rows} in {_period_words(period)}; a missing "
            "amount is not 0. Fill them (fillna(0) for free ones) or drop them first."
        )


def _value(column: str) -> Callable[[pd.DataFrame], float]:
    """Return the step that reads ``column`` of the query's one row as a float (NaN if null)."""

    def finish(result: pd.DataFrame) -> float:
        value = result[column].iloc[0]
        return math.nan if pd.isna(value) else float(value)

    return finish


def _value_of_known_amounts(
    column: str, payments: Role, con: object, period: Period
) -> Callable[[pd.DataFrame], float]:
    """Like :func:`_value`, after refusing payments in the period without an amount."""
    value = _value(column)

    def finish(result: pd.DataFrame) -> float:
        _check_amounts(payments, con, period)
        return value(result)

    return finish


@metric
def churn_rate(
    subscriptions: TableLike,
    start: _params.Moment,
    end: _params.Moment,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    start_time: str = "start_time",
    end_time: str = "end_time",
) -> Query[float]:
    """Return the churn rate over ``[start, end)``: customers lost / customers at the start.

    ``subscriptions`` has one row per subscription: ``user_id``, ``start_time`` and
    ``end_time`` (missing while the subscription runs). A user is a customer at a moment T when
    a subscription of theirs started at or before T and has not ended by T
    (``end_time > T`` or no end time). Customers lost = customers at ``start`` who are not
    customers at ``end``; a user who switches plans without a gap is not lost, and a
    subscription that ends exactly at ``end`` is lost in this period. NaN when nobody was a
    customer at the start. ``churn_rate.sql(...)`` returns the SQL (with the counts).

    >>> subscriptions = pd.DataFrame({
    ...     "user_id": [1, 2, 3, 4],
    ...     "start_time": pd.to_datetime(["2023-12-01", "2023-12-01", "2023-12-15", "2024-01-10"]),
    ...     "end_time": pd.to_datetime(["2024-01-20", None, None, None]),
    ... })
    >>> churn_rate(subscriptions, "2024-01-01", "2024-02-01")  # 1 of 3 customers left
    0.3333333333333333
    >>> print(churn_rate.sql("subscriptions", "2024-01-01", "2024-02-01").splitlines()[0])
    -- Churn rate for [2024-01-01 00:00:00, 2024-02-01 00:00:00) UTC:
    """
    period = _params.period(start, end)
    return Query(
        [_subscriptions_role(subscriptions, user_id, start_time, end_time)],
        lambda b: _churn_sql(b["subscriptions"], period),
        con,
        _value("churn_rate"),
    )


@metric
def arpu(
    payments: TableLike,
    events: TableLike,
    start: _params.Moment,
    end: _params.Moment,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    payment_time: str = "payment_time",
    amount: str = "amount_usd",
    event_time: str = "event_time",
) -> Query[float]:
    """Return ARPU over ``[start, end)``: revenue / users active in the period.

    Revenue is the sum of ``amount`` over all payments in the period, whoever made them; active
    users are the distinct users with any event in the period. NaN when nobody was active.
    A payment in the period with a missing amount raises ValueError (a missing amount is not 0,
    as a missing score is not one for :func:`nps`). ``arpu.sql(...)`` returns the SQL.

    >>> payments = pd.DataFrame({"user_id": [1, 1], "amount_usd": [10.0, 5.0],
    ...                          "payment_time": pd.to_datetime(["2024-01-02", "2024-01-09"])})
    >>> events = pd.DataFrame({"user_id": [1, 2, 3],
    ...                        "event_time": pd.to_datetime(["2024-01-02"] * 3)})
    >>> arpu(payments, events, "2024-01-01", "2024-02-01")
    5.0
    >>> "count(DISTINCT user_id)" in arpu.sql("payments", "events", "2024-01-01", "2024-02-01")
    True
    """
    period = _params.period(start, end)
    roles = [
        _payments_role(payments, user_id, payment_time, amount),
        _events_role(events, user_id, event_time),
    ]
    return Query(
        roles,
        lambda b: _arpu_sql(b["payments"], b["events"], period),
        con,
        _value_of_known_amounts("arpu", roles[0], con, period),
    )


@metric
def arppu(
    payments: TableLike,
    start: _params.Moment,
    end: _params.Moment,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    payment_time: str = "payment_time",
    amount: str = "amount_usd",
) -> Query[float]:
    """Return ARPPU over ``[start, end)``: revenue / paying users.

    Paying users are those whose payments in the period add up to more than 0; a missing amount
    in the period raises ValueError, as in :func:`arpu`. NaN when nobody
    paid. ``arppu.sql(...)`` returns the SQL.

    >>> payments = pd.DataFrame({"user_id": [1, 1, 2], "amount_usd": [10.0, 5.0, 5.0],
    ...                          "payment_time": pd.to_datetime(["2024-01-02", "2024-01-09",
    ...                                                          "2024-01-03"])})
    >>> arppu(payments, "2024-01-01", "2024-02-01")
    10.0
    >>> "FILTER (WHERE paid > 0)" in arppu.sql("payments", "2024-01-01", "2024-02-01")
    True
    """
    period = _params.period(start, end)
    role = _payments_role(payments, user_id, payment_time, amount)
    return Query(
        [role],
        lambda b: _arppu_sql(b["payments"], period),
        con,
        _value_of_known_amounts("arppu", role, con, period),
    )


@metric
def ltv(
    payments: TableLike,
    events: TableLike,
    subscriptions: TableLike,
    start: _params.Moment,
    end: _params.Moment,
    gross_margin: float,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    user_id: str = "user_id",
    payment_time: str = "payment_time",
    amount: str = "amount_usd",
    event_time: str = "event_time",
    start_time: str = "start_time",
    end_time: str = "end_time",
) -> Query[float]:
    """Return the simple LTV: ARPU x gross margin / churn rate, all over ``[start, end)``.

    ARPU is :func:`arpu` and the churn rate :func:`churn_rate` for the same period, so with a
    monthly period this is the revenue (after cost of revenue) a user brings over an expected
    lifetime of 1 / churn months. ``gross_margin`` is a fraction in [0, 1]. The formula assumes
    churn stays constant; it is NaN when nobody churned (no finite estimate) or nobody was active.
    ``ltv.sql(...)`` returns the SQL, which returns every part of the formula.

    >>> payments = pd.DataFrame({"user_id": [1, 2], "amount_usd": [20.0, 20.0],
    ...                          "payment_time": pd.to_datetime(["2024-01-05", "2024-01-05"])})
    >>> events = pd.DataFrame({"user_id": [1, 2],
    ...                        "event_time": pd.to_datetime(["2024-01-05", "2024-01-06"])})
    >>> subscriptions = pd.DataFrame({"user_id": [1, 2],
    ...                               "start_time": pd.to_datetime(["2023-12-01", "2023-12-01"]),
    ...                               "end_time": pd.to_datetime(["2024-01-20", None])})
    >>> ltv(payments, events, subscriptions, "2024-01-01", "2024-02-01", gross_margin=0.8)
    32.0
    >>> sql = ltv.sql("payments", "events", "subscriptions", "2024-01-01", "2024-02-01", 0.7)
    >>> "arpu * gross_margin / NULLIF(churn_rate, 0) AS ltv" in sql
    True
    """
    period = _params.period(start, end)
    margin = _params.fraction("gross_margin", gross_margin)
    roles = [
        _payments_role(payments, user_id, payment_time, amount),
        _events_role(events, user_id, event_time),
        _subscriptions_role(subscriptions, user_id, start_time, end_time),
    ]
    return Query(
        roles,
        lambda b: _ltv_sql(b["payments"], b["events"], b["subscriptions"], period, margin),
        con,
        _value_of_known_amounts("ltv", roles[0], con, period),
    )

"""Unit economics per acquisition channel, from product data and marketing spend.

Two steps, each a pure function on DataFrames:

1. :func:`new_paying_customers` finds each user's **first** subscription (a plan change later
   is not a new customer) and counts, per month and channel, the customers won and the monthly
   revenue (MRR) they started with;
2. :func:`channel_economics` puts spend next to them, per channel and blended: CAC, monthly
   revenue per account (ARPA), CAC payback, simple LTV and LTV:CAC, by the conventions of
   :mod:`pmkit.business._unit_economics` (David Skok's "SaaS Metrics 2.0").

Blended figures use every dollar of spend, including spend on a channel that won nobody
directly (a trade show), over every new customer: not the mean of the channels' figures.
"""

from __future__ import annotations

import pandas as pd

from pmkit._validation import FRACTION, NON_NEGATIVE, column, number, require_columns
from pmkit.business._unit_economics import cac_by_channel

ECONOMICS_COLUMNS: tuple[str, ...] = (
    "channel",
    "spend_usd",
    "new_customers",
    "cac",
    "arpa",
    "payback_months",
    "ltv",
    "ltv_to_cac",
)
"""The columns of :func:`channel_economics`, in order."""


def new_paying_customers(
    subscriptions: pd.DataFrame,
    users: pd.DataFrame,
    *,
    channel: str = "acquisition_channel",
) -> pd.DataFrame:
    """Count new paying customers and the MRR they started with, per month and channel.

    ``subscriptions`` needs ``user_id``, ``start_time`` and ``mrr_usd``; ``users`` needs
    ``user_id`` and the ``channel`` column. A customer counts once, in the month (UTC,
    ``YYYY-MM``) of their first subscription, with that subscription's ``mrr_usd``; an upgrade
    or a second subscription is not a new customer. Returns ``month``, ``channel``,
    ``new_customers`` and ``mrr_usd`` (the sum of their first MRR), sorted by month and channel.
    A subscriber missing from ``users`` raises a ValueError naming the user.

    >>> subs = pd.DataFrame({
    ...     "user_id": [1, 1, 2],
    ...     "start_time": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-02-10"]),
    ...     "mrr_usd": [19.0, 49.0, 38.0],
    ... })
    >>> users = pd.DataFrame({"user_id": [1, 2], "acquisition_channel": ["ads", "ads"]})
    >>> new_paying_customers(subs, users).to_dict("records")
    [{'month': '2025-01', 'channel': 'ads', 'new_customers': 1, 'mrr_usd': 19.0}, {'month': '2025-02', 'channel': 'ads', 'new_customers': 1, 'mrr_usd': 38.0}]
    """  # noqa: E501
    subs = require_columns(subscriptions, ["user_id", "start_time", "mrr_usd"], "subscriptions")
    people = require_columns(users, ["user_id", channel], "users")
    mrr = column(subs, "mrr_usd", NON_NEGATIVE, "subscriptions")
    ordered = subs.assign(mrr_usd=mrr).sort_values(["user_id", "start_time"], kind="stable")
    first = ordered.drop_duplicates("user_id", keep="first")
    joined = first.merge(people[["user_id", channel]], on="user_id", how="left")
    unknown = joined[joined[channel].isna()]
    if len(unknown):
        raise ValueError(
            f"subscriptions['user_id'] holds {unknown['user_id'].tolist()[0]!r}, which users does "
            f"not have (or has no {channel!r})"
        )
    months = pd.to_datetime(joined["start_time"]).dt.strftime("%Y-%m")
    counted = (
        joined.assign(month=months, channel=joined[channel])
        .groupby(["month", "channel"], sort=True)
        .agg(new_customers=("user_id", "size"), mrr_usd=("mrr_usd", "sum"))
        .reset_index()
    )
    return counted.astype({"new_customers": "int64", "mrr_usd": "float64"})


def channel_economics(
    spend: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    gross_margin: float,
    monthly_churn_rate: float,
) -> pd.DataFrame:
    """Return CAC, ARPA, payback, LTV and LTV:CAC per channel and blended.

    ``spend`` has ``channel`` and ``spend_usd`` (any number of rows per channel, say one per
    month: they are added up); ``customers`` has ``channel``, ``new_customers`` and
    ``mrr_usd``, as :func:`new_paying_customers` returns. Channels are matched by name; a
    channel with spend and no customers keeps its spend (CAC and the rest are NaN), a channel
    with customers and no spend has a CAC of 0.

    Per channel: ``cac`` = spend / new customers; ``arpa`` = their starting MRR / new
    customers; ``payback_months`` = CAC / (ARPA x ``gross_margin``); ``ltv`` = ARPA x
    ``gross_margin`` / ``monthly_churn_rate``; ``ltv_to_cac`` = LTV / CAC (NaN when CAC is 0).
    The last row, ``"blended"``, takes all spend over all new customers. One churn rate serves
    every channel (the data rarely supports a churn rate per channel); say so when you
    present it.

    >>> spend = pd.DataFrame({"channel": ["ads", "events"], "spend_usd": [9000.0, 3000.0]})
    >>> won = pd.DataFrame({"channel": ["ads"], "new_customers": [30], "mrr_usd": [6000.0]})
    >>> table = channel_economics(spend, won, gross_margin=0.8, monthly_churn_rate=0.05)
    >>> table.set_index("channel").loc["blended", ["cac", "arpa", "ltv", "ltv_to_cac"]].tolist()
    [400.0, 200.0, 3200.0, 8.0]
    """
    margin = number("gross_margin", gross_margin, FRACTION)
    churn = number("monthly_churn_rate", monthly_churn_rate, FRACTION)
    if margin == 0 or churn == 0:
        zero = "gross_margin" if margin == 0 else "monthly_churn_rate"
        raise ValueError(f"{zero} is 0: payback or lifetime value would be infinite")
    paid = require_columns(spend, ["channel", "spend_usd"], "spend")
    won = require_columns(customers, ["channel", "new_customers", "mrr_usd"], "customers")
    paid_by = (
        paid.assign(spend_usd=column(paid, "spend_usd", NON_NEGATIVE, "spend"))
        .groupby("channel")["spend_usd"]
        .sum()
    )
    won_by = (
        won.assign(
            new_customers=column(won, "new_customers", NON_NEGATIVE, "customers"),
            mrr_usd=column(won, "mrr_usd", NON_NEGATIVE, "customers"),
        )
        .groupby("channel")[["new_customers", "mrr_usd"]]
        .sum()
    )
    merged = pd.concat([paid_by, won_by], axis=1).fillna(0.0).rename_axis("channel").reset_index()
    table = cac_by_channel(merged, spend="spend_usd").rename(columns={"spend": "spend_usd"})
    mrr = merged.set_index("channel")["mrr_usd"]
    revenue = table["channel"].map(mrr).where(table["channel"] != "blended", mrr.sum())
    accounts = table["new_customers"].where(table["new_customers"] > 0)
    table["arpa"] = revenue.astype(float) / accounts
    table["payback_months"] = table["cac"] / (table["arpa"] * margin)
    table["ltv"] = table["arpa"] * margin / churn
    table["ltv_to_cac"] = table["ltv"] / table["cac"].where(table["cac"] > 0)
    return table[list(ECONOMICS_COLUMNS)].astype({"new_customers": "float64"})

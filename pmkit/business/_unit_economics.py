"""Unit economics of a subscription product: CAC, payback, simple LTV, LTV to CAC, margins.

SaaS conventions from the course's content reference ("Business acumen"; David Skok, "SaaS
Metrics 2.0"):

* CAC = sales and marketing spend in a period / new customers won in it; blended over every
  channel, or per channel with that channel's spend (:func:`cac_by_channel`);
* CAC payback (months) = CAC / (monthly revenue per account x gross margin);
* simple LTV = monthly revenue per account x gross margin / monthly churn rate;
* LTV:CAC of about 3 or more is a common rule of thumb, a heuristic rather than a law;
* contribution margin = (revenue - variable costs) / revenue.

Rates and margins are fractions (0.8 means 80 %). Bad input raises a ValueError naming the
argument and the value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmkit._validation import (
    FRACTION,
    NON_NEGATIVE,
    POSITIVE,
    column,
    number,
    require_columns,
    row_label,
)

if TYPE_CHECKING:
    import pandas as pd


def cac(spend: float, new_customers: float) -> float:
    """Return the customer acquisition cost: ``spend`` / ``new_customers``.

    >>> cac(120_000, 80)
    1500.0
    """
    paid = number("spend", spend, NON_NEGATIVE)
    won = number("new_customers", new_customers, POSITIVE)
    return paid / won


def cac_by_channel(
    frame: pd.DataFrame,
    *,
    channel: str = "channel",
    spend: str = "spend",
    new_customers: str = "new_customers",
) -> pd.DataFrame:
    """Return CAC per channel and blended, from one row per channel (or per channel and month).

    Rows of the same channel are added up first. Columns of the result: ``channel``,
    ``spend``, ``new_customers``, ``cac`` (NaN for a channel that won nobody: its CAC is not
    a number, however large its spend) and ``share_of_new_customers``; the last row,
    ``"blended"``, is all spend over all new customers of the table, which is not the mean of
    the channels' CACs. A row without a channel (its spend and customers would count in no
    channel) and a channel called ``"blended"`` (the summary row's name) are refused, as are
    spend and new customers that are missing or negative: the ValueError names the column,
    the row and the value.

    >>> import pandas as pd
    >>> spend = pd.DataFrame({"channel": ["ads", "events"], "spend": [9000, 6000],
    ...                       "new_customers": [30, 5]})
    >>> cac_by_channel(spend)["cac"].round(1).tolist()
    [300.0, 1200.0, 428.6]
    """
    import pandas as pd

    table = require_columns(frame, [channel, spend, new_customers], "frame")
    paid = column(table, spend, NON_NEGATIVE, "frame")
    customers = column(table, new_customers, NON_NEGATIVE, "frame")
    names = table[channel]
    _refuse_rows(table, channel, names.isna(), "is missing", "its spend would count in no channel")
    _refuse_rows(
        table,
        channel,
        names.eq("blended"),
        "is 'blended'",
        "that is the name of the summary row of all channels; rename the channel",
    )
    by_row = pd.DataFrame({"channel": names.to_numpy(), "spend": paid, "new_customers": customers})
    totals = by_row.groupby("channel", sort=True)[["spend", "new_customers"]].sum().reset_index()
    all_won = float(customers.sum())
    blended = pd.DataFrame(
        {"channel": ["blended"], "spend": [float(paid.sum())], "new_customers": [all_won]}
    )
    result = pd.concat([totals, blended], ignore_index=True)
    won = result["new_customers"].where(result["new_customers"] > 0)
    result["cac"] = result["spend"] / won
    result["share_of_new_customers"] = (
        result["new_customers"] / all_won if all_won else float("nan")
    )
    return result


def _refuse_rows(
    table: pd.DataFrame, channel: str, refused: pd.Series[bool], what: str, why: str
) -> None:
    """Raise a ValueError naming the channel column and the first row in ``refused``."""
    positions = refused.to_numpy(dtype=bool).nonzero()[0]
    if len(positions):
        extra = len(positions) - 1
        more = f" and {extra} more row{'s' if extra > 1 else ''}" if extra else ""
        raise ValueError(
            f"frame[{channel!r}] {what} in {row_label(table, int(positions[0]))}{more}: {why}"
        )


def cac_payback_months(
    cac: float, monthly_revenue_per_account: float, gross_margin: float
) -> float:
    """Return the months of gross profit an account takes to repay its CAC.

    CAC / (monthly revenue per account x gross margin).

    >>> cac_payback_months(1500, 125, 0.8)
    15.0
    """
    cost = number("cac", cac, NON_NEGATIVE)
    revenue = number("monthly_revenue_per_account", monthly_revenue_per_account, POSITIVE)
    margin = number("gross_margin", gross_margin, FRACTION)
    if margin == 0:
        raise ValueError("gross_margin is 0: no gross profit ever repays the CAC")
    return cost / (revenue * margin)


def simple_ltv(
    monthly_revenue_per_account: float, gross_margin: float, monthly_churn_rate: float
) -> float:
    """Return the simple lifetime value of an account: its gross profit over its expected life.

    Monthly revenue per account x gross margin / monthly churn rate (an expected life of
    1 / churn months, with churn constant). A simplification: it ignores expansion, discounting
    and churn that falls as accounts age.

    >>> simple_ltv(125, 0.8, 0.02)
    5000.0
    """
    revenue = number("monthly_revenue_per_account", monthly_revenue_per_account, NON_NEGATIVE)
    margin = number("gross_margin", gross_margin, FRACTION)
    churn = number("monthly_churn_rate", monthly_churn_rate, FRACTION)
    if churn == 0:
        raise ValueError(
            "monthly_churn_rate is 0: with no churn the simple LTV has no end; use a churn "
            "rate measured over a period long enough to see some"
        )
    return revenue * margin / churn


def ltv_to_cac(ltv: float, cac: float) -> float:
    """Return LTV / CAC (about 3 or more is a common rule of thumb, not a law).

    >>> ltv_to_cac(5000, 1500)
    3.3333333333333335
    """
    value = number("ltv", ltv, NON_NEGATIVE)
    cost = number("cac", cac, POSITIVE)
    return value / cost


def contribution_margin(revenue: float, variable_costs: float) -> float:
    """Return (revenue - variable costs) / revenue, as a fraction (negative when costs exceed it).

    >>> contribution_margin(10_000, 2_500)
    0.75
    """
    income = number("revenue", revenue, POSITIVE)
    costs = number("variable_costs", variable_costs, NON_NEGATIVE)
    return (income - costs) / income

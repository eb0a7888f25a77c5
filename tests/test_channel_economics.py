"""Unit economics per channel: first subscriptions only, spend summed, blended over everything.

Hand-worked examples; then the bundled data, where partner commissions are $200 a customer.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pmkit.business import channel_economics, new_paying_customers
from pmkit.datasets import load_marketing_spend, load_product_table


def test_only_a_users_first_subscription_makes_a_new_customer() -> None:
    subs = pd.DataFrame(
        {
            "user_id": [1, 1, 2, 3, 3],
            # user 1 upgrades in February; user 3's rows arrive out of order
            "start_time": pd.to_datetime(
                [
                    "2025-01-31 23:00",
                    "2025-02-01 00:00",
                    "2025-02-10 09:00",
                    "2025-03-02 09:00",
                    "2025-02-20 09:00",
                ]
            ),
            "mrr_usd": [19.0, 49.0, 38.0, 98.0, 57.0],
        }
    )
    users = pd.DataFrame({"user_id": [1, 2, 3], "acquisition_channel": ["ads", "ads", "partner"]})
    won = new_paying_customers(subs, users)
    assert won.to_dict("records") == [
        {"month": "2025-01", "channel": "ads", "new_customers": 1, "mrr_usd": 19.0},
        {"month": "2025-02", "channel": "ads", "new_customers": 1, "mrr_usd": 38.0},
        {"month": "2025-02", "channel": "partner", "new_customers": 1, "mrr_usd": 57.0},
    ]
    with pytest.raises(ValueError, match="holds 4, which users does not have"):
        new_paying_customers(pd.concat([subs, subs.tail(1).assign(user_id=4)]), users)
    with pytest.raises(ValueError, match="mrr_usd"):
        new_paying_customers(subs.assign(mrr_usd=-1.0), users)


def test_channel_economics_by_hand() -> None:
    spend = pd.DataFrame(
        {
            "month": ["01", "02", "01", "02"],
            "channel": ["ads", "ads", "events", "partner"],
            "spend_usd": [4000.0, 5000.0, 3000.0, 0.0],
        }
    )
    won = pd.DataFrame(
        {
            "channel": ["ads", "partner", "organic"],
            "new_customers": [30, 10, 20],
            "mrr_usd": [6000.0, 3000.0, 3000.0],
        }
    )
    table = channel_economics(spend, won, gross_margin=0.75, monthly_churn_rate=0.05)
    t = table.set_index("channel")
    # ads: CAC 9000 / 30 = 300; ARPA 6000 / 30 = 200; payback 300 / (200 x 0.75) = 2 months;
    # LTV 200 x 0.75 / 0.05 = 3000; LTV:CAC 10.
    assert t.loc["ads", ["cac", "arpa", "payback_months", "ltv", "ltv_to_cac"]].tolist() == [
        300.0,
        200.0,
        2.0,
        3000.0,
        10.0,
    ]
    # events: spend, nobody won directly; organic: customers, no spend (CAC 0, ratio undefined)
    assert t.loc["events", "spend_usd"] == 3000.0 and math.isnan(t.loc["events", "cac"])
    assert t.loc["organic", "cac"] == 0.0 and math.isnan(t.loc["organic", "ltv_to_cac"])
    # blended: 12000 / 60 = 200 (not the mean of the channels' CACs); ARPA 12000 / 60 = 200
    assert t.loc["blended", ["spend_usd", "new_customers", "cac", "arpa"]].tolist() == [
        12000.0,
        60.0,
        200.0,
        200.0,
    ]
    assert table["channel"].iloc[-1] == "blended"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"gross_margin": 1.5}, "gross_margin"),
        ({"monthly_churn_rate": 0}, "monthly_churn_rate is 0"),
        ({"gross_margin": 0}, "gross_margin is 0"),
    ],
)
def test_bad_rates_are_refused_naming_them(change: dict[str, float], message: str) -> None:
    spend = pd.DataFrame({"channel": ["ads"], "spend_usd": [1.0]})
    won = pd.DataFrame({"channel": ["ads"], "new_customers": [1], "mrr_usd": [1.0]})
    rates = {"gross_margin": 0.8, "monthly_churn_rate": 0.1} | change
    with pytest.raises(ValueError, match=message):
        channel_economics(spend, won, **rates)


def test_the_bundled_spend_and_product_data() -> None:
    won = new_paying_customers(load_product_table("subscriptions"), load_product_table("users"))
    assert won["new_customers"].sum() == 1479  # users with a subscription, once each
    table = channel_economics(
        load_marketing_spend(), won, gross_margin=0.8, monthly_churn_rate=0.2
    ).set_index("channel")
    assert table.loc["partner", "cac"] == 200.0  # commissions of $200 per customer
    assert table.loc["blended", "cac"] == pytest.approx(628_000 / 1479)
    assert math.isnan(table.loc["events", "cac"])
    assert table["ltv_to_cac"].drop(["events", "blended"]).idxmin() == "paid_social"

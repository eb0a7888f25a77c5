"""Module 09's bundled inputs: marketing spend by channel and the Van Westendorp survey."""

from __future__ import annotations

import pandas as pd

from pmkit.business import van_westendorp
from pmkit.datasets import (
    MARKETING_SPEND_SCHEMA,
    PRICE_SURVEY_SCHEMA,
    connect,
    generate_price_survey,
    load_marketing_spend,
    load_price_survey,
)


def test_the_spend_covers_every_channel_and_month_of_the_product_data() -> None:
    spend = load_marketing_spend()
    assert list(spend.columns) == list(MARKETING_SPEND_SCHEMA)
    assert sorted(spend["month"].unique()) == [f"2025-{m:02d}" for m in range(1, 7)]
    assert not spend.duplicated(["month", "channel"]).any()
    assert (spend["spend_usd"] > 0).all()
    with connect() as con:
        channels = {
            row[0]
            for row in con.execute("SELECT DISTINCT acquisition_channel FROM users").fetchall()
        }
        months = {
            row[0]
            for row in con.execute(
                "SELECT DISTINCT strftime(start_time, '%Y-%m') FROM subscriptions"
            ).fetchall()
        }
    # every acquisition channel has spend every month; events is spend without a channel of users
    assert set(spend["channel"]) == channels | {"events"}
    assert months == set(spend["month"])
    assert spend.groupby("channel").size().drop("events").eq(6).all()
    assert spend["spend_usd"].sum() == 628_000


def test_partner_spend_is_200_dollars_per_new_paying_customer() -> None:
    spend = load_marketing_spend()
    with connect() as con:
        firsts = con.execute(
            """
            WITH first AS (SELECT user_id, min(start_time) AS started FROM subscriptions GROUP BY 1)
            SELECT strftime(started, '%Y-%m') AS month, count(*) AS customers
            FROM first JOIN users USING (user_id)
            WHERE acquisition_channel = 'partner' GROUP BY 1
            """
        ).df()
    partner = spend[spend["channel"] == "partner"].merge(firsts, on="month")
    assert (partner["spend_usd"] == 200 * partner["customers"]).all()


def test_the_price_survey_is_its_generator_and_plants_out_of_order_answers() -> None:
    survey = load_price_survey()
    assert list(survey.columns) == list(PRICE_SURVEY_SCHEMA)
    pd.testing.assert_frame_equal(generate_price_survey(), survey)
    assert survey["respondent_id"].is_unique and len(survey) == 240
    answers = survey[["too_cheap", "cheap", "expensive", "too_expensive"]]
    out_of_order = ~(answers.diff(axis=1).iloc[:, 1:] >= 0).all(axis=1)
    assert out_of_order.sum() == 7  # planted: cheap and expensive swapped
    result = van_westendorp(survey)
    assert (result.respondents, result.dropped) == (233, 7)
    # the two conventions disagree on this survey, so naming the one used matters
    original = van_westendorp(survey, convention="original")
    assert original.marginal_cheapness < result.marginal_cheapness
    assert original.marginal_expensiveness > result.marginal_expensiveness
    assert not generate_price_survey(seed=1).equals(survey)

"""pmkit.business against hand-worked examples (the arithmetic is in the comments)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmkit.business import (
    bottom_up_market,
    cac,
    cac_by_channel,
    cac_payback_months,
    contribution_margin,
    ltv_to_cac,
    price_sensitivity_curves,
    sensitivity_table,
    simple_ltv,
    top_down_market,
    van_westendorp,
)

# ------------------------------------------------------------------ market sizing


def test_top_down_and_bottom_up_sizes() -> None:
    # 2 bn market; 15 % served -> 300 M; 2 % of that won -> 6 M
    top = top_down_market(2_000_000_000, 0.15, 0.02)
    assert (top.tam, top.sam, top.som) == (2e9, 3e8, 6e6)
    # 40,000 firms x 6,000 a year = 240 M; a quarter served = 60 M; 4 % won = 2.4 M
    bottom = bottom_up_market(40_000, 6_000, 0.25, 0.04)
    assert (bottom.tam, bottom.sam, bottom.som) == pytest.approx((2.4e8, 6e7, 2.4e6))
    assert bottom.method == "bottom-up" and bottom.assumptions["customers"] == 40_000
    text = str(bottom)
    assert "SAM" in text and "25.0% of TAM" in text and "annual_contract_value = 6,000" in text


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: top_down_market(-1, 0.1, 0.1), "market_total must be a number >= 0; got -1"),
        (
            lambda: top_down_market(1e9, 15, 0.1),
            r"serviceable_share must be a fraction in \[0, 1\]",
        ),
        (lambda: bottom_up_market("many", 6000, 0.2, 0.1), "customers must be a number >= 0"),
    ],
)
def test_bad_sizing_inputs_name_the_argument(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_sensitivity_puts_the_widest_swing_first() -> None:
    base = {"customers": 40_000, "annual_contract_value": 6_000, "serviceable_share": 0.25,
            "obtainable_share": 0.04}  # fmt: skip
    ranges = {"customers": (30_000, 50_000), "obtainable_share": (0.02, 0.08)}
    table = sensitivity_table(bottom_up_market, base, ranges)
    assert list(table["assumption"]) == ["obtainable_share", "customers"]
    share = table.iloc[0]
    # SOM at base 2.4 M; share 2 % -> 1.2 M, 8 % -> 4.8 M: a swing of 3.6 M
    assert (share["at_low"], share["at_base"], share["at_high"]) == pytest.approx(
        (1.2e6, 2.4e6, 4.8e6)
    )
    assert share["swing"] == pytest.approx(3.6e6)
    # customers 30,000 -> 1.8 M, 50,000 -> 3.0 M: 1.2 M
    assert table.iloc[1]["swing"] == pytest.approx(1.2e6)
    sam = sensitivity_table(bottom_up_market, base, ranges, size="sam")
    assert sam.set_index("assumption").loc["obtainable_share", "swing"] == 0
    with pytest.raises(ValueError, match=r"ranges\['customers'\] = \(45000, 50000\) must hold"):
        sensitivity_table(bottom_up_market, base, {"customers": (45_000, 50_000)})
    with pytest.raises(ValueError, match=r"ranges names \['churn'\], which base does not have"):
        sensitivity_table(bottom_up_market, base, {"churn": (0.01, 0.02)})


# ------------------------------------------------------------------ unit economics


def test_unit_economics_by_hand() -> None:
    assert cac(120_000, 80) == 1_500  # 120,000 / 80
    assert cac_payback_months(1_500, 125, 0.8) == pytest.approx(15)  # 1,500 / (125 x 0.8)
    assert simple_ltv(125, 0.8, 0.02) == pytest.approx(5_000)  # 125 x 0.8 / 0.02
    assert ltv_to_cac(5_000, 1_500) == pytest.approx(10 / 3)
    assert contribution_margin(10_000, 2_500) == 0.75
    assert contribution_margin(10_000, 12_000) == pytest.approx(-0.2)
    with pytest.raises(ValueError, match="new_customers must be a number > 0; got 0"):
        cac(1000, 0)
    with pytest.raises(ValueError, match="monthly_churn_rate is 0"):
        simple_ltv(125, 0.8, 0)
    with pytest.raises(ValueError, match=r"gross_margin must be a fraction in \[0, 1\]"):
        cac_payback_months(1500, 125, 80)


def test_cac_by_channel_adds_months_and_blends_by_totals() -> None:
    spend = pd.DataFrame(
        {
            "channel": ["ads", "ads", "events", "referral"],
            "spend": [4_000, 5_000, 6_000, 0],
            "new_customers": [10, 20, 5, 0],
        }
    )
    table = cac_by_channel(spend).set_index("channel")
    assert table.loc["ads", "cac"] == 300  # (4,000 + 5,000) / 30
    assert table.loc["events", "cac"] == 1_200
    assert np.isnan(table.loc["referral", "cac"])  # no customer won: no CAC
    # blended: 15,000 / 35, not the mean of 300 and 1,200
    assert table.loc["blended", "cac"] == pytest.approx(15_000 / 35)
    assert table.loc["ads", "share_of_new_customers"] == pytest.approx(30 / 35)
    renamed = spend.rename(columns={"spend": "cost"})
    with pytest.raises(ValueError, match="'spend'"):
        cac_by_channel(renamed)
    assert cac_by_channel(renamed, spend="cost").shape == (4, 5)
    bad = spend.assign(spend=[4_000, -5, 6_000, 0])
    with pytest.raises(
        ValueError, match=r"frame\['spend'\] must be a number >= 0; got -5 in row 1$"
    ):
        cac_by_channel(bad)
    with pytest.raises(ValueError, match=r"frame\['new_customers'\] is missing \(NaN\) in row 3"):
        cac_by_channel(spend.assign(new_customers=[10, 20, 5, None]))
    with pytest.raises(
        ValueError, match=r"frame\['spend'\] must hold numbers.*got '6000' in row 2"
    ):
        cac_by_channel(spend.assign(spend=[4_000, 5_000, "6000", 0]))


def test_cac_by_channel_refuses_rows_it_could_not_count_in_a_channel() -> None:
    """A row without a channel would vanish from every channel and from the blended CAC."""
    spend = pd.DataFrame(
        {
            "source": ["ads", None, "events", float("nan")],
            "spend": [4_000, 5_000, 6_000, 1_000],
            "new_customers": [10, 20, 5, 1],
        },
        index=["jan", "feb", "mar", "apr"],
    )
    with pytest.raises(
        ValueError,
        match=r"^frame\['source'\] is missing in row 1 \(index 'feb'\) and 1 more row: its spend",
    ):
        cac_by_channel(spend, channel="source")
    named = spend.assign(source=["ads", "blended", "events", "ads"])
    with pytest.raises(
        ValueError, match=r"frame\['source'\] is 'blended' in row 1 \(index 'feb'\): that is the"
    ):
        cac_by_channel(named, channel="source")
    # every row named: blended is the whole table's spend over its new customers
    table = cac_by_channel(spend.assign(source=["ads", "seo", "events", "ads"]), channel="source")
    assert table["channel"].tolist() == ["ads", "events", "seo", "blended"]
    assert table.set_index("channel").loc["blended", "cac"] == pytest.approx(16_000 / 36)
    assert table.set_index("channel").loc["ads", "spend"] == 5_000  # 4,000 + 1,000


# ------------------------------------------------------------------ Van Westendorp

SURVEY = pd.DataFrame(
    {
        "too_cheap": [5, 10, 10, 15],
        "cheap": [10, 15, 20, 25],
        "expensive": [20, 25, 30, 35],
        "too_expensive": [30, 35, 40, 50],
    }
)


def test_the_curves_by_hand() -> None:
    curves = price_sensitivity_curves(SURVEY).set_index("price")
    # at 15: too cheap for those answering 15 or more (1 of 4); cheap for 15, 20, 25 (3 of 4);
    # expensive for nobody yet (the lowest "expensive" is 20); too expensive for nobody
    assert curves.loc[15].to_dict() == {
        "too_cheap": 0.25,
        "cheap": 0.75,
        "expensive": 0.0,
        "too_expensive": 0.0,
        "not_cheap": 0.25,
        "not_expensive": 1.0,
    }
    assert curves.loc[30, "expensive"] == 0.75 and curves.loc[30, "too_expensive"] == 0.25
    assert list(curves.index) == [5, 10, 15, 20, 25, 30, 35, 40, 50]


def test_the_price_points_in_both_conventions() -> None:
    common = van_westendorp(SURVEY)
    # OPP: too cheap falls to 0 at 20, too expensive is still 0 there -> they meet at 20
    assert common.optimal_price == 20
    # IPP: cheap - expensive is +0.25 at 20 and -0.25 at 25 -> halfway, 22.5
    assert common.indifference_price == 22.5
    # PMC (common): too cheap - expensive is +0.25 at 15, -0.25 at 20 -> 17.5
    # PME (common): cheap - too expensive is +0.25 at 25, -0.25 at 30 -> 27.5
    assert (common.marginal_cheapness, common.marginal_expensiveness) == (17.5, 27.5)
    original = van_westendorp(SURVEY, convention="original")
    # PMC: too cheap (0.25) meets not cheap (0.25) at 15; PME: not expensive and too
    # expensive are both 0.25 at 30
    assert (original.marginal_cheapness, original.marginal_expensiveness) == (15, 30)
    assert original.optimal_price == common.optimal_price
    assert "original convention (too cheap x not cheap" in str(original)
    assert "common convention (too cheap x expensive" in str(common)


def test_out_of_order_answers_are_left_out_and_counted() -> None:
    survey = pd.concat(
        [
            SURVEY,
            pd.DataFrame([{"too_cheap": 40, "cheap": 10, "expensive": 20, "too_expensive": 30}]),
        ],
        ignore_index=True,
    )
    meter = van_westendorp(survey)
    assert (meter.respondents, meter.dropped) == (4, 1)
    assert meter.optimal_price == 20
    assert "1 left out for answers out of order" in str(meter)
    assert van_westendorp(survey, drop_inconsistent=False).respondents == 5


def test_bad_surveys_and_conventions_are_refused() -> None:
    with pytest.raises(ValueError, match="convention must be 'common' or 'original'; got 'pmc'"):
        van_westendorp(SURVEY, convention="pmc")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'too_expensive'"):
        van_westendorp(SURVEY.drop(columns="too_expensive"))
    missing = SURVEY.astype("float64")
    missing.loc[2, "cheap"] = float("nan")
    with pytest.raises(ValueError, match=r"survey\['cheap'\] is missing \(NaN\) in row 2"):
        van_westendorp(missing)
    negative = SURVEY.assign(expensive=SURVEY["expensive"] * -1)
    with pytest.raises(
        ValueError,
        match=r"survey\['expensive'\] must be a number >= 0; got -\d+\.?\d* in row 0 and",
    ):
        van_westendorp(negative)


def test_vectorised_curves_match_a_direct_count() -> None:
    """The curves, counted respondent by respondent on a seeded survey of 300."""
    rng = np.random.default_rng(7)
    base = rng.uniform(5, 40, 300)
    survey = pd.DataFrame(
        {
            "too_cheap": np.round(base * 0.5),
            "cheap": np.round(base * 0.8),
            "expensive": np.round(base * 1.3),
            "too_expensive": np.round(base * 1.8),
        }
    )
    curves = price_sensitivity_curves(survey)
    for row in curves.sample(25, random_state=1).itertuples():
        p = row.price
        assert row.too_cheap == pytest.approx((survey["too_cheap"] >= p).mean())
        assert row.cheap == pytest.approx((survey["cheap"] >= p).mean())
        assert row.expensive == pytest.approx((survey["expensive"] <= p).mean())
        assert row.too_expensive == pytest.approx((survey["too_expensive"] <= p).mean())
    meter = van_westendorp(survey)
    assert meter.marginal_cheapness < meter.optimal_price < meter.marginal_expensiveness

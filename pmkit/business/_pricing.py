"""Van Westendorp's price sensitivity meter (1976), with the convention for its range named.

Each respondent gives four prices: too cheap (the quality is doubted), cheap (a bargain),
expensive (getting expensive, still considered) and too expensive (not considered). At each
price the meter takes the share of respondents who would call it so: "too cheap" and "cheap"
inverted (the share whose answer is at or above the price), "expensive" and "too expensive"
cumulative (the share whose answer is at or below it). Where the curves cross:

* optimal price point (OPP) = too cheap x too expensive;
* indifference price point (IPP) = cheap x expensive;
* the range of acceptable prices, from the point of marginal cheapness (PMC) to the point of
  marginal expensiveness (PME), in one of two conventions (the course's content reference):
  ``"common"`` practice takes PMC = too cheap x expensive and PME = too expensive x cheap;
  the ``"original"`` paper uses "not cheap" (1 - cheap) and "not expensive" (1 - expensive):
  PMC = too cheap x not cheap, PME = too expensive x not expensive.

The curves are evaluated at every price a respondent gave and joined by straight lines; a
crossing is where those lines first cross, from the lowest price up. Respondents whose four
answers are not in order (too cheap <= cheap <= expensive <= too expensive) are left out by
default, and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from pmkit._validation import NON_NEGATIVE, column, require_columns

if TYPE_CHECKING:
    import pandas as pd

Convention = Literal["common", "original"]
CONVENTIONS: tuple[Convention, ...] = ("common", "original")
QUESTIONS = ("too_cheap", "cheap", "expensive", "too_expensive")


@dataclass(frozen=True)
class VanWestendorpResult:
    """The meter's four price points, the curves behind them and who was counted.

    A point is None when its curves do not cross within the prices respondents gave.
    """

    optimal_price: float | None
    indifference_price: float | None
    marginal_cheapness: float | None
    marginal_expensiveness: float | None
    convention: Convention
    respondents: int
    dropped: int
    """Respondents left out because their answers were not in order."""
    curves: pd.DataFrame
    """One row per price answered: ``price`` and the share for each curve (0 to 1)."""

    def summary(self) -> str:
        """Return a plain-text readout naming the convention of the range."""

        def show(value: float | None) -> str:
            return "no crossing within the prices given" if value is None else f"{value:,.2f}"

        bounds = (
            "too cheap x expensive, too expensive x cheap"
            if self.convention == "common"
            else "too cheap x not cheap, too expensive x not expensive"
        )
        return "\n".join(
            [
                f"Van Westendorp price sensitivity meter ({self.respondents} respondents"
                + (f", {self.dropped} left out for answers out of order)" if self.dropped else ")"),
                f"  optimal price point (too cheap x too expensive)  {show(self.optimal_price)}",
                f"  indifference price point (cheap x expensive)      "
                f"{show(self.indifference_price)}",
                f"  acceptable range, {self.convention} convention ({bounds}): "
                f"{show(self.marginal_cheapness)} to {show(self.marginal_expensiveness)}",
            ]
        )

    def __str__(self) -> str:
        return self.summary()


def price_sensitivity_curves(prices: pd.DataFrame) -> pd.DataFrame:
    """Return the meter's curves at every price answered, from four columns of answers.

    ``prices`` has the columns ``too_cheap``, ``cheap``, ``expensive`` and ``too_expensive``
    (one row per respondent, already checked). Columns of the result: ``price``,
    ``too_cheap`` and ``cheap`` (share at or above the price), ``expensive`` and
    ``too_expensive`` (share at or below it), ``not_cheap`` and ``not_expensive``.
    """
    import pandas as pd

    grid = np.unique(prices[list(QUESTIONS)].to_numpy(dtype=np.float64))
    curves = pd.DataFrame({"price": grid})
    for name in ("too_cheap", "cheap"):
        answers = np.sort(prices[name].to_numpy(dtype=np.float64))
        at_or_above = len(answers) - np.searchsorted(answers, grid, side="left")
        curves[name] = at_or_above / len(answers)
    for name in ("expensive", "too_expensive"):
        answers = np.sort(prices[name].to_numpy(dtype=np.float64))
        curves[name] = np.searchsorted(answers, grid, side="right") / len(answers)
    curves["not_cheap"] = 1 - curves["cheap"]
    curves["not_expensive"] = 1 - curves["expensive"]
    return curves


def _crossing(price: np.ndarray, falling: np.ndarray, rising: np.ndarray) -> float | None:
    """Return the price where the falling curve first meets the rising one (linear between)."""
    gap = falling - rising
    below = np.nonzero(gap <= 0)[0]
    if len(below) == 0:
        return None
    k = int(below[0])
    if k == 0:
        return float(price[0])
    before, after = gap[k - 1], gap[k]
    return float(price[k - 1] + (price[k] - price[k - 1]) * before / (before - after))


def van_westendorp(
    survey: pd.DataFrame,
    *,
    convention: Convention = "common",
    drop_inconsistent: bool = True,
) -> VanWestendorpResult:
    """Run the price sensitivity meter on a survey with one row per respondent.

    ``survey`` has the columns ``too_cheap``, ``cheap``, ``expensive`` and ``too_expensive``
    (prices, in one currency). ``convention`` picks how the acceptable range is bounded
    (``"common"`` or ``"original"``; see the module's docstring). Respondents with answers out
    of order are left out unless ``drop_inconsistent`` is False; a missing or negative price is
    a ValueError naming the column and the row.

    >>> import pandas as pd
    >>> survey = pd.DataFrame({"too_cheap": [5, 10, 10, 15], "cheap": [10, 15, 20, 25],
    ...                        "expensive": [20, 25, 30, 35], "too_expensive": [30, 35, 40, 50]})
    >>> meter = van_westendorp(survey)
    >>> meter.optimal_price, meter.indifference_price
    (20.0, 22.5)
    >>> meter.marginal_cheapness, meter.marginal_expensiveness
    (17.5, 27.5)
    >>> original = van_westendorp(survey, convention="original")
    >>> original.marginal_cheapness, original.marginal_expensiveness
    (15.0, 30.0)
    """
    import pandas as pd

    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be 'common' or 'original'; got {convention!r}")
    table = require_columns(survey, list(QUESTIONS), "survey")
    prices = pd.DataFrame(
        {name: column(table, name, NON_NEGATIVE, "survey") for name in QUESTIONS},
        index=table.index,
    )
    ordered = (
        (prices["too_cheap"] <= prices["cheap"])
        & (prices["cheap"] <= prices["expensive"])
        & (prices["expensive"] <= prices["too_expensive"])
    )
    kept = prices[ordered] if drop_inconsistent else prices
    if kept.empty:
        raise ValueError(
            f"survey has no respondent whose answers are in order (too_cheap <= cheap <= "
            f"expensive <= too_expensive) out of {len(prices)}"
        )
    curves = price_sensitivity_curves(kept)
    p = curves["price"].to_numpy()

    def cross(falling: str, rising: str) -> float | None:
        return _crossing(p, curves[falling].to_numpy(), curves[rising].to_numpy())

    if convention == "common":
        low, high = cross("too_cheap", "expensive"), cross("cheap", "too_expensive")
    else:
        low, high = cross("too_cheap", "not_cheap"), cross("not_expensive", "too_expensive")
    return VanWestendorpResult(
        optimal_price=cross("too_cheap", "too_expensive"),
        indifference_price=cross("cheap", "expensive"),
        marginal_cheapness=low,
        marginal_expensiveness=high,
        convention=convention,
        respondents=len(kept),
        dropped=len(prices) - len(kept),
        curves=curves,
    )

"""Welch's t-test on per-user values (revenue, sessions, time on task), with a relative-lift CI.

Welch's test does not assume equal variances; its degrees of freedom come from the
Welch-Satterthwaite equation. The relative lift mB/mA - 1 gets GrowthBook's delta-method
variance varB/(nB mA²) + mB² varA/(nA mA⁴) and, as in GrowthBook's frequentist engine, the
Student t critical value with the Welch degrees of freedom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy.typing as npt
from scipy import stats  # type: ignore[import-untyped]

from pmkit.experiments import _inputs as inp, _results as fmt
from pmkit.experiments._inputs import Alternative
from pmkit.experiments._proportions import bounds, ratio, relative_lift_se


@dataclass(frozen=True)
class MeanTestResult(fmt.Readout):
    """Welch's t-test of B against A: means, difference, relative lift, CIs, t, df, p-value.

    Intervals follow ``alternative`` as in :func:`two_proportion_test`: two-sided at 1 - alpha,
    or a one-sided (1 - alpha) bound with an infinite other end. ``print(result)`` shows
    :meth:`summary`.
    """

    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    std_a: float
    """Sample standard deviation of A (n - 1 in the denominator)."""
    std_b: float
    diff: float
    """mean_b - mean_a."""
    diff_se: float
    diff_ci: tuple[float, float]
    relative_lift: float
    """(mean_b - mean_a) / mean_a; NaN when mean_a is 0."""
    relative_lift_se: float
    relative_lift_ci: tuple[float, float]
    t: float
    df: float
    """Welch-Satterthwaite degrees of freedom."""
    p_value: float
    alpha: float
    alternative: Alternative

    @property
    def significant(self) -> bool:
        """True when p_value < alpha."""
        return self.p_value < self.alpha

    def summary(self) -> str:
        """Return a plain-text readout: means, lift with CIs, p-value and verdict."""
        ci = fmt.interval(self.diff_ci, self.alpha, self.alternative, _signed)
        if math.isnan(self.relative_lift):
            relative = "relative lift undefined (A's mean is 0)"
        else:
            lift_ci = fmt.interval(
                self.relative_lift_ci, self.alpha, self.alternative, fmt.signed_pct
            )
            relative = f"{fmt.signed_pct(self.relative_lift)} relative ({lift_ci})"
        return (
            f"B averages {fmt.num(self.mean_b)} vs {fmt.num(self.mean_a)} for A: "
            f"{_signed(self.diff)} ({ci}), {relative}, {fmt.p_value(self.p_value)}; "
            f"{fmt.verdict(self.p_value, self.alpha, self.alternative)}.\n"
            f"{fmt.direction(self.alternative)} Welch's t-test: t = {fmt.stat(self.t)}, "
            f"df = {fmt.stat(self.df)}; n = {fmt.count(self.n_a)} (A) and "
            f"{fmt.count(self.n_b)} (B)."
        )

    def _rows(self) -> list[tuple[str, str]]:
        ci = fmt.interval(self.diff_ci, self.alpha, self.alternative, _signed)
        lift_ci = fmt.interval(self.relative_lift_ci, self.alpha, self.alternative, fmt.signed_pct)
        return [
            (
                "A",
                f"mean {fmt.num(self.mean_a)}, sd {fmt.num(self.std_a)}, n {fmt.count(self.n_a)}",
            ),
            (
                "B",
                f"mean {fmt.num(self.mean_b)}, sd {fmt.num(self.std_b)}, n {fmt.count(self.n_b)}",
            ),
            ("Difference (B - A)", f"{_signed(self.diff)} ({ci})"),
            ("Relative lift", f"{fmt.signed_pct(self.relative_lift)} ({lift_ci})"),
            ("t (df)", f"{fmt.stat(self.t)} ({fmt.stat(self.df)})"),
            ("p-value", fmt.p_value(self.p_value).removeprefix("p = ")),
            ("Verdict", fmt.verdict(self.p_value, self.alpha, self.alternative)),
        ]


def _signed(x: float) -> str:
    return fmt.num(x, signed=True)


def mean_test(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    alpha: float = 0.05,
    alternative: Alternative = "two-sided",
) -> MeanTestResult:
    """Compare the means of two arms with Welch's t-test; ``a`` is control, ``b`` the variant.

    ``a`` and ``b`` hold one value per user (a list, NumPy array or pandas Series; booleans
    count as 0/1), at least two per arm. With sample variances sA², sB² (n - 1 denominators):

    * SE = sqrt(sA²/nA + sB²/nB); t = (mB - mA) / SE;
    * df = SE⁴ / ((sA²/nA)²/(nA - 1) + (sB²/nB)²/(nB - 1)) (Welch-Satterthwaite);
    * the difference CI is (mB - mA) ± t(df) × SE (scipy's ``ttest_ind(equal_var=False)``);
    * the relative lift (mB - mA)/mA has the delta-method variance
      sB²/(nB mA²) + mB² sA²/(nA mA⁴) (GrowthBook) and the same t(df) critical value.

    ``alternative`` is ``"two-sided"``, ``"greater"`` (H1: B's mean is higher) or ``"less"``;
    one-sided tests get one-sided (1 - alpha) bounds with an infinite other end. When both arms
    have no variation at all, ``t``, ``df`` and ``p_value`` are NaN.

    >>> result = mean_test([12.0, 15.5, 9.0, 14.0, 11.5], [16.0, 18.5, 13.0, 17.5, 15.0])
    >>> round(result.diff, 2), round(result.t, 3), round(result.df, 2), round(result.p_value, 4)
    (3.6, 2.449, 7.84, 0.0406)
    """
    xa = inp.sample("a", a)
    xb = inp.sample("b", b)
    level = inp.alpha(alpha)
    side = inp.alternative(alternative)

    n_a, n_b = xa.size, xb.size
    mean_a, mean_b = float(xa.mean()), float(xb.mean())
    var_a, var_b = float(xa.var(ddof=1)), float(xb.var(ddof=1))
    diff = mean_b - mean_a
    share_a, share_b = var_a / n_a, var_b / n_b
    se = math.sqrt(share_a + share_b)
    df = ratio((share_a + share_b) ** 2, share_a**2 / (n_a - 1) + share_b**2 / (n_b - 1))
    t = ratio(diff, se)
    if math.isnan(df):
        p_value = critical = math.nan
    else:
        tail = level / 2 if side == "two-sided" else level
        critical = float(stats.t.isf(tail, df))
        p_value = _p_from_t(t, df, side)
    lift = ratio(diff, mean_a) if mean_a != 0 else math.nan
    lift_se = relative_lift_se(mean_a, var_a, n_a, mean_b, var_b, n_b)
    return MeanTestResult(
        n_a=n_a,
        n_b=n_b,
        mean_a=mean_a,
        mean_b=mean_b,
        std_a=math.sqrt(var_a),
        std_b=math.sqrt(var_b),
        diff=diff,
        diff_se=se,
        diff_ci=bounds(diff, se, critical, side),
        relative_lift=lift,
        relative_lift_se=lift_se,
        relative_lift_ci=bounds(lift, lift_se, critical, side),
        t=t,
        df=df,
        p_value=p_value,
        alpha=level,
        alternative=side,
    )


def _p_from_t(t: float, df: float, alternative: Alternative) -> float:
    if math.isnan(t):
        return math.nan
    if alternative == "greater":
        return float(stats.t.sf(t, df))
    if alternative == "less":
        return float(stats.t.cdf(t, df))
    return float(2 * stats.t.sf(abs(t), df))

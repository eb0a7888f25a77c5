"""Two-proportion z-test for conversion rates, with CIs for the difference and the relative lift.

Formulas (course content reference, "Experimentation"):

* pooled z = (pB - pA) / sqrt(p(1-p)(1/nA + 1/nB)), p = (xA + xB) / (nA + nB);
* unpooled standard error sqrt(pA(1-pA)/nA + pB(1-pB)/nB) (Statsig), used for the CI of the
  absolute difference, and for z when ``pooled=False``;
* relative lift (pB - pA) / pA with a delta-method variance
  sB²/(mA² nB) + sA² mB²/(mA⁴ nA), sX² = pX(1-pX) (GrowthBook's frequentist engine).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats  # type: ignore[import-untyped]

from pmkit.experiments import _inputs as inp, _results as fmt
from pmkit.experiments._inputs import Alternative


def quantile(alpha: float, alternative: Alternative) -> float:
    """Return the normal critical value: z(1 - alpha/2) two-sided, z(1 - alpha) one-sided."""
    tail = alpha / 2 if alternative == "two-sided" else alpha
    return float(stats.norm.isf(tail))


def bounds(
    estimate: float, se: float, critical: float, alternative: Alternative
) -> tuple[float, float]:
    """Return estimate ± critical × se; one-sided tests get an infinite other end."""
    if math.isnan(estimate) or math.isnan(se) or math.isnan(critical):
        return (math.nan, math.nan)
    width = critical * se
    if alternative == "greater":
        return (estimate - width, math.inf)
    if alternative == "less":
        return (-math.inf, estimate + width)
    return (estimate - width, estimate + width)


def p_from_z(z: float, alternative: Alternative) -> float:
    """Return the normal p-value of ``z`` for the alternative (``"greater"``: B > A)."""
    if math.isnan(z):
        return math.nan
    if alternative == "greater":
        return float(stats.norm.sf(z))
    if alternative == "less":
        return float(stats.norm.cdf(z))
    return float(2 * stats.norm.sf(abs(z)))


def ratio(numerator: float, denominator: float) -> float:
    """Return numerator / denominator; 0/0 is NaN and x/0 is ±inf (no warning, no error)."""
    if denominator == 0:
        return math.nan if numerator == 0 else math.copysign(math.inf, numerator)
    return numerator / denominator


def relative_lift_se(
    mean_a: float, var_a: float, n_a: int, mean_b: float, var_b: float, n_b: int
) -> float:
    """Delta-method standard error of (mB - mA) / mA (GrowthBook's frequentist engine).

    Var = var_b / (mean_a² n_b) + var_a mean_b² / (mean_a⁴ n_a); NaN when mean_a is 0.
    """
    if mean_a == 0:
        return math.nan
    variance = var_b / (mean_a**2 * n_b) + var_a * mean_b**2 / (mean_a**4 * n_a)
    return math.sqrt(variance)


@dataclass(frozen=True)
class ProportionTestResult(fmt.Readout):
    """A two-proportion z-test: rates, difference, relative lift, their CIs, z and p-value.

    ``diff`` is B minus A. For a two-sided test the intervals are two-sided at 1 - alpha; for a
    one-sided test they are one-sided (1 - alpha) bounds with an infinite other end, so that an
    interval excludes 0 exactly when the matching test is significant (with ``pooled=False``;
    nearly always with the pooled z too). ``print(result)`` shows :meth:`summary`.
    """

    successes_a: int
    n_a: int
    successes_b: int
    n_b: int
    p_a: float
    p_b: float
    diff: float
    """p_b - p_a, in absolute terms (0.012 is 1.2 percentage points)."""
    diff_se: float
    """Unpooled standard error of the difference."""
    diff_ci: tuple[float, float]
    relative_lift: float
    """(p_b - p_a) / p_a; NaN when A has no successes."""
    relative_lift_se: float
    relative_lift_ci: tuple[float, float]
    z: float
    """Pooled z when ``pooled`` is True, unpooled otherwise; NaN when both SEs are 0."""
    p_value: float
    alpha: float
    alternative: Alternative
    pooled: bool

    @property
    def significant(self) -> bool:
        """True when p_value < alpha."""
        return self.p_value < self.alpha

    def summary(self) -> str:
        """Return a plain-text readout: rates, lift with CIs, p-value and verdict."""
        diff_ci = fmt.interval(self.diff_ci, self.alpha, self.alternative, fmt.pp)
        if math.isnan(self.relative_lift):
            relative = "relative lift undefined (A has no successes)"
        else:
            lift_ci = fmt.interval(
                self.relative_lift_ci, self.alpha, self.alternative, fmt.signed_pct
            )
            relative = f"{fmt.signed_pct(self.relative_lift)} relative ({lift_ci})"
        verdict = fmt.verdict(self.p_value, self.alpha, self.alternative)
        se_kind = "pooled" if self.pooled else "unpooled"
        return (
            f"B converts at {fmt.pct(self.p_b)} vs {fmt.pct(self.p_a)} for A: "
            f"{fmt.pp(self.diff)} ({diff_ci}), {relative}, {fmt.p_value(self.p_value)}; "
            f"{verdict}.\n"
            f"A: {fmt.count(self.successes_a)} of {fmt.count(self.n_a)} users; "
            f"B: {fmt.count(self.successes_b)} of {fmt.count(self.n_b)} users. "
            f"{fmt.direction(self.alternative)} two-proportion z-test ({se_kind} SE), "
            f"z = {fmt.stat(self.z)}."
        )

    def _rows(self) -> list[tuple[str, str]]:
        ci = fmt.interval(self.diff_ci, self.alpha, self.alternative, fmt.pp)
        lift_ci = fmt.interval(self.relative_lift_ci, self.alpha, self.alternative, fmt.signed_pct)
        return [
            ("A", f"{fmt.pct(self.p_a)} ({fmt.count(self.successes_a)} / {fmt.count(self.n_a)})"),
            ("B", f"{fmt.pct(self.p_b)} ({fmt.count(self.successes_b)} / {fmt.count(self.n_b)})"),
            ("Difference (B - A)", f"{fmt.pp(self.diff)} ({ci})"),
            ("Relative lift", f"{fmt.signed_pct(self.relative_lift)} ({lift_ci})"),
            ("z", fmt.stat(self.z)),
            ("p-value", fmt.p_value(self.p_value).removeprefix("p = ")),
            ("Verdict", fmt.verdict(self.p_value, self.alpha, self.alternative)),
        ]


def two_proportion_test(
    successes_a: int,
    n_a: int,
    successes_b: int,
    n_b: int,
    alpha: float = 0.05,
    pooled: bool = True,
    alternative: Alternative = "two-sided",
) -> ProportionTestResult:
    """Compare two conversion rates with a z-test; A is the control, B the variant.

    ``z`` uses the pooled standard error sqrt(p(1-p)(1/nA + 1/nB)) with p = (xA + xB)/(nA + nB)
    when ``pooled`` is True (the classic test, statsmodels' ``proportions_ztest``), and the
    unpooled sqrt(pA(1-pA)/nA + pB(1-pB)/nB) otherwise (Statsig). The CI of the difference
    always uses the unpooled SE (a Wald interval); the CI of the relative lift (pB - pA)/pA uses
    GrowthBook's delta-method variance sB²/(mA² nB) + sA² mB²/(mA⁴ nA), sX² = pX(1 - pX).
    Both intervals use the normal critical value.

    ``alternative`` is ``"two-sided"`` (default), ``"greater"`` (H1: B converts better than A)
    or ``"less"`` (H1: B converts worse). One-sided tests get one-sided confidence bounds at
    1 - alpha, with the other end infinite: ``"greater"`` gives (lower, inf), ``"less"`` gives
    (-inf, upper).

    Edge cases: when both arms have no successes (or both convert every user) the pooled SE is
    0 and ``z`` and ``p_value`` are NaN (nothing to test); when A has no successes the relative
    lift and its CI are NaN.

    >>> result = two_proportion_test(1_000, 10_000, 1_120, 10_000)
    >>> round(result.diff, 4), round(result.p_value, 4), result.significant
    (0.012, 0.0058, True)
    >>> print(result)  # doctest: +NORMALIZE_WHITESPACE
    B converts at 11.20% vs 10.00% for A: +1.20 pp (95% CI +0.35 to +2.05 pp),
    +12.0% relative (95% CI +3.0% to +21.0%), p = 0.0058; significant at alpha 0.05.
    A: 1,000 of 10,000 users; B: 1,120 of 10,000 users.
    Two-sided two-proportion z-test (pooled SE), z = 2.76.
    """
    sa, na = inp.arm("successes_a", successes_a, "n_a", n_a)
    sb, nb = inp.arm("successes_b", successes_b, "n_b", n_b)
    level = inp.alpha(alpha)
    use_pooled = inp.flag("pooled", pooled)
    side = inp.alternative(alternative)

    p_a, p_b = sa / na, sb / nb
    diff = p_b - p_a
    var_a, var_b = p_a * (1 - p_a), p_b * (1 - p_b)
    se_unpooled = math.sqrt(var_a / na + var_b / nb)
    if use_pooled:
        p = (sa + sb) / (na + nb)
        z = ratio(diff, math.sqrt(p * (1 - p) * (1 / na + 1 / nb)))
    else:
        z = ratio(diff, se_unpooled)
    critical = quantile(level, side)
    lift = ratio(diff, p_a) if p_a > 0 else math.nan
    lift_se = relative_lift_se(p_a, var_a, na, p_b, var_b, nb)
    return ProportionTestResult(
        successes_a=sa,
        n_a=na,
        successes_b=sb,
        n_b=nb,
        p_a=p_a,
        p_b=p_b,
        diff=diff,
        diff_se=se_unpooled,
        diff_ci=bounds(diff, se_unpooled, critical, side),
        relative_lift=lift,
        relative_lift_se=lift_se,
        relative_lift_ci=bounds(lift, lift_se, critical, side),
        z=z,
        p_value=p_from_z(z, side),
        alpha=level,
        alternative=side,
        pooled=use_pooled,
    )

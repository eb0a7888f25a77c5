"""Guardrail metrics: a non-inferiority check with a margin.

A guardrail is a metric that must not get worse (checkout completion, crash-free sessions) even
when the primary metric wins. "Not worse" is tested as non-inferiority: B passes when the
one-sided (1 - alpha) confidence bound of its difference from A stays on the good side of a
margin the team agreed on before the test. A non-significant drop is not enough: the data must
rule out a drop as large as the margin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats  # type: ignore[import-untyped]

from pmkit import _validation as v
from pmkit.experiments import _inputs as inp, _results as fmt
from pmkit.experiments._proportions import ratio, relative_lift_se

_MARGIN_ABSOLUTE = v.Rule(
    "an absolute margin in (0, 1) (0.01 means 1 percentage point)",
    low=0,
    high=1,
    low_open=True,
    high_open=True,
)
_MARGIN_RELATIVE = v.Rule("a relative margin > 0 (0.02 means 2% of A's rate)", low=0, low_open=True)


@dataclass(frozen=True)
class GuardrailResult(fmt.Readout):
    """A non-inferiority check of B against A on a guardrail rate. ``print(result)`` reads it.

    ``estimate`` is p_b - p_a (or (p_b - p_a)/p_a when ``relative``); ``bound`` is its one-sided
    (1 - alpha) confidence bound on the bad side: the lower bound when higher is better, the
    upper bound when lower is better. ``non_inferior`` is ``bound > -margin`` (higher is better)
    or ``bound < margin`` (lower is better); ``p_value`` is the matching one-sided z-test of
    "B is worse by the margin or more", so ``non_inferior`` is ``p_value < alpha``.
    """

    successes_a: int
    n_a: int
    successes_b: int
    n_b: int
    p_a: float
    p_b: float
    estimate: float
    se: float
    """Unpooled SE of the difference, or the delta-method SE of the relative lift."""
    bound: float
    margin: float
    relative: bool
    higher_is_better: bool
    z: float
    p_value: float
    alpha: float

    @property
    def non_inferior(self) -> bool:
        """True when the confidence bound stays on the good side of the margin."""
        if self.higher_is_better:
            return self.bound > -self.margin
        return self.bound < self.margin

    def summary(self) -> str:
        """Return a plain-text readout: verdict, the bound against the margin, the p-value."""
        show = fmt.signed_pct if self.relative else fmt.pp
        if math.isnan(self.estimate):
            return (
                "Guardrail cannot be checked: a relative margin needs A to have successes "
                f"(A: 0 of {fmt.count(self.n_a)})."
            )
        side, limit = ("lower", -self.margin) if self.higher_is_better else ("upper", self.margin)
        place = "above" if self.higher_is_better else "below"
        if not self.non_inferior:
            place = f"not {place}"
        kind = "relative change" if self.relative else "change"
        if self.non_inferior:
            head = "Guardrail holds: B is non-inferior to A within the margin."
        else:
            head = "Guardrail at risk: the data cannot rule out that B is worse by the margin."
        direction = "higher is better" if self.higher_is_better else "lower is better"
        return (
            f"{head}\nB {fmt.pct(self.p_b)} vs A {fmt.pct(self.p_a)} ({direction}): "
            f"{kind} {show(self.estimate)}; the {fmt.level(self.alpha)} one-sided {side} bound "
            f"{show(self.bound)} is {place} the margin {show(limit)} "
            f"({fmt.p_value(self.p_value)} for non-inferiority)."
        )

    def _rows(self) -> list[tuple[str, str]]:
        show = fmt.signed_pct if self.relative else fmt.pp
        limit = -self.margin if self.higher_is_better else self.margin
        side = "lower" if self.higher_is_better else "upper"
        return [
            ("A", f"{fmt.pct(self.p_a)} ({fmt.count(self.successes_a)} / {fmt.count(self.n_a)})"),
            ("B", f"{fmt.pct(self.p_b)} ({fmt.count(self.successes_b)} / {fmt.count(self.n_b)})"),
            ("Change (B - A)" + (", relative" if self.relative else ""), show(self.estimate)),
            (f"{fmt.level(self.alpha)} one-sided {side} bound", show(self.bound)),
            ("Margin", show(limit)),
            ("p-value (non-inferiority)", fmt.p_value(self.p_value).removeprefix("p = ")),
            ("Non-inferior", "yes" if self.non_inferior else "no"),
        ]


def guardrail_check(
    successes_a: int,
    n_a: int,
    successes_b: int,
    n_b: int,
    margin: float,
    alpha: float = 0.05,
    higher_is_better: bool = True,
    relative: bool = False,
) -> GuardrailResult:
    """Check that B is not worse than A on a guardrail rate by ``margin`` or more.

    With d = p_b - p_a and its unpooled standard error se (as for the CI in
    :func:`two_proportion_test`), and z(1 - alpha) the one-sided normal critical value:

    * ``higher_is_better=True`` (conversion, retention): non-inferior when the lower bound
      d - z(1 - alpha) se > -margin; p-value = P(Z > (d + margin) / se);
    * ``higher_is_better=False`` (error rate, refunds): non-inferior when the upper bound
      d + z(1 - alpha) se < +margin; p-value = P(Z < (d - margin) / se).

    ``margin`` is a positive number: absolute (0.01 = 1 percentage point) by default, or with
    ``relative=True`` a fraction of A's rate (0.02 = 2%), in which case d is the relative lift
    (p_b - p_a)/p_a with GrowthBook's delta-method SE. The margin must be set before the test.

    >>> check = guardrail_check(4_000, 100_000, 3_950, 100_000, margin=0.002)
    >>> round(check.bound, 5), check.non_inferior
    (-0.00194, True)
    """
    sa, na = inp.arm("successes_a", successes_a, "n_a", n_a)
    sb, nb = inp.arm("successes_b", successes_b, "n_b", n_b)
    is_relative = inp.flag("relative", relative)
    limit = v.number("margin", margin, _MARGIN_RELATIVE if is_relative else _MARGIN_ABSOLUTE)
    level = inp.alpha(alpha)
    higher = inp.flag("higher_is_better", higher_is_better)

    p_a, p_b = sa / na, sb / nb
    var_a, var_b = p_a * (1 - p_a), p_b * (1 - p_b)
    if is_relative:
        estimate = (p_b - p_a) / p_a if p_a > 0 else math.nan
        se = relative_lift_se(p_a, var_a, na, p_b, var_b, nb)
    else:
        estimate = p_b - p_a
        se = math.sqrt(var_a / na + var_b / nb)
    critical = float(stats.norm.isf(level))
    if higher:
        bound = estimate - critical * se
        z = ratio(estimate + limit, se)
        p_value = float(stats.norm.sf(z)) if not math.isnan(z) else math.nan
    else:
        bound = estimate + critical * se
        z = ratio(estimate - limit, se)
        p_value = float(stats.norm.cdf(z)) if not math.isnan(z) else math.nan
    return GuardrailResult(
        successes_a=sa,
        n_a=na,
        successes_b=sb,
        n_b=nb,
        p_a=p_a,
        p_b=p_b,
        estimate=estimate,
        se=se,
        bound=bound,
        margin=limit,
        relative=is_relative,
        higher_is_better=higher,
        z=z,
        p_value=p_value,
        alpha=level,
    )

"""Sample size, power and minimum detectable effect for a two-proportion test.

One formula, the one behind Evan Miller's sample-size calculator
(https://www.evanmiller.org/ab-testing/sample-size.html), with baseline rate p, absolute minimum
detectable effect (MDE) d, two-sided significance level a and power 1 - b:

    n = [z(1 - a/2) sqrt(2p(1-p)) + z(1 - b) sqrt(p(1-p) + (p+d)(1-p-d))]² / d²  users per arm.

:func:`power_proportions` solves the same equation for the power and :func:`mde_proportions`
for d (numerically), so the three functions agree with each other. Only the upper tail
(an increase of d) counts towards power, as in the calculator.
"""

from __future__ import annotations

import math

from scipy import optimize, stats  # type: ignore[import-untyped]

from pmkit import _validation as v
from pmkit.experiments import _inputs as inp

_MDE = v.Rule("a positive effect size (> 0)", low=0, low_open=True)


def _sds(p: float, d: float) -> tuple[float, float]:
    """Return the standard deviations (times sqrt(n)) under the null and under the alternative."""
    return math.sqrt(2 * p * (1 - p)), math.sqrt(p * (1 - p) + (p + d) * (1 - p - d))


def _exact_n(p: float, d: float, alpha: float, power: float) -> float:
    """Users per arm before rounding up (Evan Miller's formula)."""
    sd_null, sd_alt = _sds(p, d)
    z_alpha = float(stats.norm.isf(alpha / 2))
    z_power = float(stats.norm.ppf(power))
    return ((z_alpha * sd_null + z_power * sd_alt) / d) ** 2


def _effect(baseline: object, mde: object, relative: object) -> tuple[float, float]:
    """Validate inputs and return (p, d) with d the absolute effect; p + d must be in (0, 1)."""
    p = inp.fraction("baseline", baseline, inp.RATE)
    size = v.number("mde", mde, _MDE)
    if inp.flag("relative", relative):
        d = p * size
        if p + d >= 1:
            raise ValueError(
                f"baseline × (1 + mde) must be below 1; got {p:g} × (1 + {size:g}) = {p + d:g}"
            )
    else:
        d = size
        if p + d >= 1:
            hint = (
                " (mde is absolute: 0.05 means 5 percentage points; pass relative=True for a "
                "relative MDE)"
            )
            raise ValueError(
                f"baseline + mde must be below 1; got {p:g} + {size:g} = {p + d:g}{hint}"
            )
    return p, d


def sample_size_proportions(
    baseline: float,
    mde: float,
    alpha: float = 0.05,
    power: float = 0.8,
    relative: bool = False,
) -> int:
    """Return the users needed per arm to detect a change of ``mde`` from ``baseline``.

    The formula behind Evan Miller's calculator (two-sided test at ``alpha``, equal arms),
    rounded up to a whole user:
    n = [z(1-a/2) sqrt(2p(1-p)) + z(power) sqrt(p(1-p) + (p+d)(1-p-d))]² / d².
    ``mde`` is absolute by default (0.05 = 5 percentage points); with ``relative=True`` it is a
    fraction of the baseline (0.1 = +10%, so d = baseline × mde). For a one-sided test pass
    ``alpha=2 * alpha``. ``power`` must be in [0.5, 1).

    >>> sample_size_proportions(0.20, 0.05)
    1031
    >>> sample_size_proportions(0.10, 0.10, relative=True)
    14313
    """
    p, d = _effect(baseline, mde, relative)
    return math.ceil(_exact_n(p, d, inp.alpha(alpha), inp.power(power)))


def power_proportions(
    baseline: float,
    mde: float,
    n_per_arm: int,
    alpha: float = 0.05,
    relative: bool = False,
) -> float:
    """Return the power a test with ``n_per_arm`` users per arm has to detect ``mde``.

    Evan Miller's sample-size formula solved for the power:
    power = Phi((sqrt(n) d - z(1-a/2) sqrt(2p(1-p))) / sqrt(p(1-p) + (p+d)(1-p-d))),
    so ``power_proportions(p, d, sample_size_proportions(p, d, power=x)) >= x``. Like the
    formula it counts only the upper tail (detecting an increase).

    >>> round(power_proportions(0.20, 0.05, 1_031), 4)
    0.8003
    """
    p, d = _effect(baseline, mde, relative)
    n = inp.users("n_per_arm", n_per_arm)
    return _power(p, d, n, inp.alpha(alpha))


def _power(p: float, d: float, n: int, alpha: float) -> float:
    sd_null, sd_alt = _sds(p, d)
    z_alpha = float(stats.norm.isf(alpha / 2))
    return float(stats.norm.cdf((math.sqrt(n) * d - z_alpha * sd_null) / sd_alt))


def mde_proportions(
    baseline: float,
    n_per_arm: int,
    alpha: float = 0.05,
    power: float = 0.8,
    relative: bool = False,
) -> float:
    """Return the smallest effect ``n_per_arm`` users per arm can detect (absolute or relative).

    Solves Evan Miller's sample-size formula for d with :func:`scipy.optimize.brentq` (the
    users needed fall steadily as d grows). The answer is absolute (0.012 = 1.2 percentage
    points) or, with ``relative=True``, a fraction of the baseline (0.1 = +10%). It is rounded
    up in the last digits, so ``sample_size_proportions(baseline, mde) == n_per_arm`` and the
    power at that MDE is at least ``power``. Raises a ValueError when even a jump to a 100%
    rate needs more users.

    >>> round(mde_proportions(0.20, 1_031), 4)
    0.05
    >>> round(mde_proportions(0.10, 14_313, relative=True), 3)
    0.1
    """
    p = inp.fraction("baseline", baseline, inp.RATE)
    n = inp.users("n_per_arm", n_per_arm)
    level = inp.alpha(alpha)
    target = inp.power(power)
    is_relative = inp.flag("relative", relative)

    def excess(d: float) -> float:
        return _exact_n(p, d, level, target) - n

    low, high = 1e-12, 1 - p
    if excess(high) > 0:
        raise ValueError(
            f"n_per_arm ({n:,}) is too small: even a jump from {p:.2%} to 100% needs "
            f"{math.ceil(_exact_n(p, high, level, target)):,} users per arm at alpha {level:g} "
            f"and power {target:g}"
        )
    if excess(low) < 0:  # pragma: no cover - needs more than 1e20 users per arm
        raise ValueError(f"n_per_arm ({n:,}) is too large to solve for the MDE")
    d = float(optimize.brentq(excess, low, high, xtol=1e-15, rtol=1e-15, maxiter=500))

    def answer(effect: float) -> float:
        return effect / p if is_relative else effect

    # Nudge the root up until the returned value, fed back exactly as the other two functions
    # would receive it, needs at most n users and reaches the target power (float noise can
    # leave the root a hair short, and rounding up would then ask for one user more).
    result = answer(d)
    for _ in range(100):
        d_as_given = p * result if is_relative else result
        enough = _exact_n(p, d_as_given, level, target) <= n
        if (enough and _power(p, d_as_given, n, level) >= target) or d >= high:
            break
        d = min(high, d * (1 + 1e-12) + 1e-16)
        result = answer(d)
    return result

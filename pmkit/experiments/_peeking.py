"""Why peeking breaks a fixed-horizon test, shown by simulating A/A tests.

In an A/A test both arms share the same true rate, so every "significant" result is a false
positive. Checking the two-proportion z-test at several interim looks and stopping at the first
p < alpha inflates the false-positive rate well above alpha (Armitage, McPherson and Rowe,
1969, "Repeated significance tests on accumulating data", J. R. Stat. Soc. A 132(2), give
about 19% for 10 equally spaced looks at alpha 0.05). Sequential methods (GrowthBook's
confidence sequences, Optimizely's always-valid p-values) are built to allow looking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats  # type: ignore[import-untyped]

from pmkit import _validation as v
from pmkit.experiments import _inputs as inp, _results as fmt

_SEED = v.Rule("a whole number >= 0 (or None for a fresh random seed)", low=0, integer=True)


@dataclass(frozen=True)
class PeekingResult(fmt.Readout):
    """False-positive rates of simulated A/A tests with and without peeking.

    ``print(result)`` shows :meth:`summary`.
    """

    n_per_arm: int
    looks: int
    p: float
    alpha: float
    simulations: int
    seed: int | None
    look_sizes: tuple[int, ...]
    """Users per arm at each look; the last is ``n_per_arm``."""
    false_positive_rate_peeking: float
    """Share of A/A tests with p < alpha at any look (stopping at the first one)."""
    false_positive_rate_fixed: float
    """Share of A/A tests with p < alpha at the planned end only."""
    significant_at_look: tuple[float, ...]
    """Share of tests with p < alpha at each look on its own (each is about alpha)."""
    stopped_by_look: tuple[float, ...]
    """Share of tests that had hit p < alpha at some look up to and including each look."""

    @property
    def inflation(self) -> float:
        """How many times more false positives peeking gives than the fixed horizon."""
        if self.false_positive_rate_fixed == 0:
            return float("nan")
        return self.false_positive_rate_peeking / self.false_positive_rate_fixed

    def summary(self) -> str:
        """Return a plain-text readout of both false-positive rates."""
        return (
            f"In {fmt.count(self.simulations)} simulated A/A tests ({fmt.pct(self.p, 1)} "
            f"conversion in both arms, {fmt.count(self.n_per_arm)} users per arm), stopping at "
            f"the first of {self.looks} looks with p < {self.alpha:g} declared a false winner "
            f"in {fmt.pct(self.false_positive_rate_peeking, 1)} of tests; checking only at the "
            f"planned end: {fmt.pct(self.false_positive_rate_fixed, 1)}.\n"
            "Decide the sample size up front and look once, or use a sequential method "
            "(confidence sequences, always-valid p-values) if you need to look early."
        )

    def _rows(self) -> list[tuple[str, str]]:
        return [
            ("Simulated A/A tests", fmt.count(self.simulations)),
            ("Users per arm (looks)", f"{fmt.count(self.n_per_arm)} ({self.looks})"),
            (
                "False positives, stop at first p < alpha",
                fmt.pct(self.false_positive_rate_peeking, 1),
            ),
            ("False positives, fixed horizon", fmt.pct(self.false_positive_rate_fixed, 1)),
            ("Nominal alpha", f"{self.alpha:g}"),
        ]


def simulate_peeking(
    n_per_arm: int,
    looks: int,
    p: float = 0.1,
    alpha: float = 0.05,
    simulations: int = 2000,
    seed: int | None = None,
) -> PeekingResult:
    """Simulate A/A tests checked at ``looks`` evenly spaced points; compare false positives.

    Each simulation draws the conversions of both arms (true rate ``p`` in both) between looks
    from binomial distributions and accumulates them, then runs the pooled two-proportion
    z-test (as :func:`two_proportion_test`) at every look, at n_per_arm × k // looks users per
    arm for k = 1..looks. ``false_positive_rate_peeking`` is the share of simulations with
    p < alpha at any look (what stopping at the first significant look declares);
    ``false_positive_rate_fixed`` the share with p < alpha at the last look only. A look where
    neither arm has a conversion counts as not significant. Same ``seed``, same result.

    >>> result = simulate_peeking(n_per_arm=5_000, looks=10, seed=1)
    >>> result.false_positive_rate_peeking > 2 * result.false_positive_rate_fixed
    True
    """
    n = inp.users("n_per_arm", n_per_arm)
    k = inp.looks("looks", looks)
    if k > n:
        raise ValueError(
            f"looks must be at most n_per_arm ({n:,}) so every look adds users; got {k:,}"
        )
    rate = inp.fraction("p", p, inp.RATE)
    level = inp.alpha(alpha)
    sims = inp.users("simulations", simulations)
    chosen_seed = None if seed is None else int(v.number("seed", seed, _SEED))

    sizes = np.array([n * i // k for i in range(1, k + 1)], dtype=np.int64)
    steps = np.diff(sizes, prepend=0)
    rng = np.random.default_rng(chosen_seed)
    conversions_a = rng.binomial(steps, rate, size=(sims, k)).cumsum(axis=1)
    conversions_b = rng.binomial(steps, rate, size=(sims, k)).cumsum(axis=1)

    pooled = (conversions_a + conversions_b) / (2 * sizes)
    se = np.sqrt(pooled * (1 - pooled) * (2 / sizes))
    diff = (conversions_b - conversions_a) / sizes
    z = np.divide(diff, se, out=np.zeros_like(diff), where=se > 0)
    significant = 2 * stats.norm.sf(np.abs(z)) < level
    ever = np.logical_or.accumulate(significant, axis=1)
    return PeekingResult(
        n_per_arm=n,
        looks=k,
        p=rate,
        alpha=level,
        simulations=sims,
        seed=chosen_seed,
        look_sizes=tuple(int(s) for s in sizes),
        false_positive_rate_peeking=float(ever[:, -1].mean()),
        false_positive_rate_fixed=float(significant[:, -1].mean()),
        significant_at_look=tuple(float(r) for r in significant.mean(axis=0)),
        stopped_by_look=tuple(float(r) for r in ever.mean(axis=0)),
    )

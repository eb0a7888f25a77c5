"""Sample ratio mismatch (SRM): a check that arm sizes match the split the test planned.

A chi-square goodness-of-fit test of the observed users per arm against the planned shares,
with k - 1 degrees of freedom for k arms. GrowthBook flags an SRM at p < 0.001 by default,
which keeps false alarms rare; a real SRM means assignment or logging is broken, and the
experiment's results cannot be trusted until the cause is found.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy import stats  # type: ignore[import-untyped]

from pmkit import _validation as v
from pmkit.experiments import _inputs as inp, _results as fmt


@dataclass(frozen=True)
class SrmResult(fmt.Readout):
    """A chi-square test of arm sizes against the planned split. ``print(result)`` reads it."""

    arms: tuple[str, ...]
    """Arm names: the keys when ``counts`` was a mapping, otherwise "A", "B", "C", ..."""
    observed: tuple[int, ...]
    expected: tuple[float, ...]
    """Users each arm should have under the planned split: total × planned share."""
    observed_shares: tuple[float, ...]
    planned_shares: tuple[float, ...]
    chi2: float
    df: int
    p_value: float
    threshold: float

    @property
    def mismatch(self) -> bool:
        """True when p_value < threshold: the split is off by more than chance explains."""
        return self.p_value < self.threshold

    def summary(self) -> str:
        """Return a plain-text readout: verdict, observed vs planned split, chi-square."""
        observed = " / ".join(
            f"{arm} {fmt.pct(s)}" for arm, s in zip(self.arms, self.observed_shares, strict=True)
        )
        planned = " / ".join(fmt.pct(s) for s in self.planned_shares)
        if self.mismatch:
            head = (
                f"Sample ratio mismatch: {fmt.p_value(self.p_value)}, below the threshold "
                f"{self.threshold:g}. Do not trust this experiment's results until the cause "
                "(assignment, redirects, bot filtering, logging) is found."
            )
        else:
            head = (
                f"No sample ratio mismatch: {fmt.p_value(self.p_value)}, not below the threshold "
                f"{self.threshold:g}."
            )
        return (
            f"{head}\nObserved split {observed} of {fmt.count(sum(self.observed))} users vs "
            f"planned {planned} (chi-square = {fmt.stat(self.chi2)}, {self.df} df)."
        )

    def _rows(self) -> list[tuple[str, str]]:
        rows = [
            (
                arm,
                f"{fmt.count(o)} users ({fmt.pct(s)}); expected {fmt.count(e)} ({fmt.pct(w)})",
            )
            for arm, o, s, e, w in zip(
                self.arms,
                self.observed,
                self.observed_shares,
                self.expected,
                self.planned_shares,
                strict=True,
            )
        ]
        rows += [
            ("Chi-square (df)", f"{fmt.stat(self.chi2)} ({self.df})"),
            ("p-value", fmt.p_value(self.p_value).removeprefix("p = ")),
            ("Mismatch", f"{'yes' if self.mismatch else 'no'} (threshold {self.threshold:g})"),
        ]
        return rows


def srm_test(
    counts: Sequence[int] | Mapping[str, int],
    weights: Sequence[float] | Mapping[str, float] | None = None,
    threshold: float = 0.001,
) -> SrmResult:
    """Test whether observed arm sizes match the planned split (chi-square goodness of fit).

    ``counts`` holds the users in each of two or more arms, as a list (arms "A", "B", "C", ...)
    or a mapping from arm name to count. ``weights`` is the planned split in the same order (or
    with the same keys); it is normalised, so ``[50, 50]``, ``[1, 1]`` and ``[0.5, 0.5]`` all
    mean an even split. None means equal arms. With total N and planned shares w_i, the expected
    counts are E_i = N w_i, chi2 = sum((O_i - E_i)² / E_i) with k - 1 degrees of freedom, and
    ``mismatch`` is p_value < ``threshold`` (0.001, GrowthBook's default).

    >>> srm_test([5_000, 5_210]).mismatch
    False
    >>> result = srm_test({"control": 5_000, "treatment": 5_400})
    >>> round(result.chi2, 2), result.mismatch
    (15.38, True)
    """
    arms, observed = _counts(counts)
    planned = _weights(weights, arms, isinstance(counts, Mapping))
    limit = inp.fraction("threshold", threshold, inp.THRESHOLD)
    total = sum(observed)
    if total == 0:
        raise ValueError(f"counts must include at least one user; got {list(observed)}")
    shares = tuple(w / sum(planned) for w in planned)
    expected = tuple(total * s for s in shares)
    chi2 = sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))
    df = len(observed) - 1
    return SrmResult(
        arms=arms,
        observed=observed,
        expected=expected,
        observed_shares=tuple(o / total for o in observed),
        planned_shares=shares,
        chi2=chi2,
        df=df,
        p_value=float(stats.chi2.sf(chi2, df)),
        threshold=limit,
    )


def _counts(counts: object) -> tuple[tuple[str, ...], tuple[int, ...]]:
    if isinstance(counts, Mapping):
        arms = tuple(str(key) for key in counts)
        values = [v.count(f"counts[{key!r}]", value) for key, value in counts.items()]
    elif isinstance(counts, (str, bytes)) or not isinstance(counts, Sequence):
        raise ValueError(
            f"counts must be a list of users per arm or a mapping from arm name to users; "
            f"got {counts!r}"
        )
    else:
        values = [v.count(f"counts[{i}]", value) for i, value in enumerate(counts)]
        arms = tuple(
            string.ascii_uppercase[i] if len(values) <= 26 else f"arm {i + 1}"
            for i in range(len(values))
        )
    if len(values) < 2:
        raise ValueError(f"counts must have at least 2 arms; got {len(values)}")
    return arms, tuple(values)


def _weights(weights: object, arms: tuple[str, ...], by_name: bool) -> list[float]:
    if weights is None:
        return [1.0] * len(arms)
    if isinstance(weights, Mapping):
        if not by_name:
            raise ValueError(
                "weights can be a mapping only when counts is a mapping with the same arm names; "
                f"got weights {dict(weights)!r}"
            )
        names = [str(k) for k in weights]
        if sorted(names) != sorted(arms):
            raise ValueError(
                f"weights must name the same arms as counts ({', '.join(arms)}); "
                f"got {', '.join(names)}"
            )
        by_arm = {str(k): val for k, val in weights.items()}
        return [v.number(f"weights[{arm!r}]", by_arm[arm], inp.WEIGHT) for arm in arms]
    checked = v.numbers_list("weights", weights, inp.WEIGHT)
    v.same_length("counts", arms, "weights", checked)
    return checked

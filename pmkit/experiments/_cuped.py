"""CUPED: use each user's pre-experiment metric to take noise out of the experiment metric.

Deng, Xu, Kohavi and Walker (2013), "Improving the Sensitivity of Online Controlled Experiments
by Utilizing Pre-Experiment Data" (WSDM '13): Y_adj = Y - theta (X - mean(X)) with
theta = cov(Y, X) / var(X), computed over all users of all arms together, where X is the same
metric measured before exposure. Because X cannot be affected by the treatment, the difference
in mean Y_adj between arms estimates the same effect as the difference in mean Y, with variance
smaller by the factor 1 - corr(Y, X)².
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmkit import _validation as v
from pmkit.experiments import _inputs as inp, _results as fmt
from pmkit.experiments._inputs import Alternative
from pmkit.experiments._means import MeanTestResult, mean_test
from pmkit.experiments._proportions import ratio


@dataclass(frozen=True, eq=False)
class CupedResult(fmt.Readout):
    """CUPED-adjusted values, theta and how much variance the adjustment removed.

    ``adjusted`` is aligned with the input ``y``: a pandas Series with y's index when y was a
    Series, otherwise a read-only NumPy array. ``variance_reduction`` is overall:
    1 - var(Y_adj) / var(Y) over all users; ``variance_reduction_by_group`` is the same ratio
    within each arm (what makes each arm's mean more precise). Use :meth:`test` (or
    :meth:`group` with :func:`mean_test`) to compare arms on the adjusted values.
    """

    adjusted: npt.NDArray[np.float64] | pd.Series[float]
    theta: float
    """cov(Y, X) / var(X) over all users of all arms."""
    correlation: float
    """Pearson correlation of Y and X over all users."""
    variance_reduction: float
    """1 - var(Y_adj) / var(Y) over all users (= correlation²)."""
    variance_reduction_by_group: Mapping[Hashable, float]
    """1 - var(Y_adj) / var(Y) within each arm, keyed by group label."""
    groups: tuple[Hashable, ...]
    """The distinct group labels, in order of first appearance."""
    codes: npt.NDArray[np.intp]
    """Each row's position in :attr:`groups`."""

    def group(self, label: Hashable) -> npt.NDArray[np.float64]:
        """Return the adjusted values of one arm as a NumPy array."""
        values: npt.NDArray[np.float64] = np.asarray(self.adjusted, dtype=np.float64)
        selected: npt.NDArray[np.float64] = values[self.codes == self._index("label", label)]
        return selected

    def test(
        self,
        control: Hashable,
        treatment: Hashable,
        alpha: float = 0.05,
        alternative: Alternative = "two-sided",
    ) -> MeanTestResult:
        """Run :func:`mean_test` (Welch) on the adjusted values, ``control`` as A.

        theta is treated as known, as in Deng et al. (2013); with thousands of users per arm
        the extra uncertainty from estimating it is negligible.
        """
        self._index("control", control)
        self._index("treatment", treatment)
        return mean_test(self.group(control), self.group(treatment), alpha, alternative)

    def _index(self, field: str, label: Hashable) -> int:
        for i, known in enumerate(self.groups):
            if known == label:
                return i
        raise ValueError(
            f"{field} must be one of the groups ({', '.join(map(repr, self.groups))}); "
            f"got {label!r}"
        )

    def summary(self) -> str:
        """Return a plain-text readout: theta and the variance removed, overall and per arm."""
        per_group = ", ".join(
            f"{label}: {fmt.pct(self.variance_reduction_by_group[label], 1)}"
            for label in self.groups
        )
        return (
            f"CUPED removed {fmt.pct(self.variance_reduction, 1)} of the variance of the metric "
            f"overall ({per_group}); theta = {fmt.num(self.theta)}, correlation with the "
            f"pre-experiment metric {self.correlation:.2f}.\n"
            "Compare arms on the adjusted values with result.test(control, treatment)."
        )

    def _rows(self) -> list[tuple[str, str]]:
        rows = [
            ("theta", fmt.num(self.theta)),
            ("Correlation (Y, X)", f"{self.correlation:.3f}"),
            ("Variance reduction, overall", fmt.pct(self.variance_reduction, 1)),
        ]
        rows += [
            (f"Variance reduction, {label}", fmt.pct(self.variance_reduction_by_group[label], 1))
            for label in self.groups
        ]
        return rows


def cuped(y: npt.ArrayLike, x: npt.ArrayLike, groups: npt.ArrayLike) -> CupedResult:
    """Adjust an experiment metric with its pre-experiment value (CUPED, Deng et al. 2013).

    ``y`` is the metric during the experiment, ``x`` the same metric for the same users before
    exposure, ``groups`` each user's arm label; all three run in parallel (lists, arrays or
    DataFrame columns). Over all users of all arms together:
    theta = cov(Y, X) / var(X) and Y_adj = Y - theta (X - mean(X)). Every arm needs at least two
    users and X must vary.

    >>> result = cuped(
    ...     y=[12.0, 15.0, 9.0, 14.0, 13.0, 17.0, 10.0, 16.0],
    ...     x=[10.0, 14.0, 8.0, 12.0, 10.0, 14.0, 8.0, 12.0],
    ...     groups=["A", "A", "A", "A", "B", "B", "B", "B"],
    ... )
    >>> round(result.theta, 3), round(result.variance_reduction, 3)
    (1.1, 0.872)
    >>> round(result.test("A", "B").diff, 2)
    1.5
    """
    ys = inp.sample("y", y)
    xs = inp.sample("x", x)
    v.same_length("y", ys, "x", xs)
    codes, labels = _groups(groups, ys.size)
    var_x = float(xs.var(ddof=1))
    if var_x == 0:
        raise ValueError(
            f"x must vary across users (every value is {xs[0]!r}); CUPED needs the metric's "
            "pre-experiment values"
        )
    theta = float(np.cov(ys, xs, ddof=1)[0, 1]) / var_x
    adjusted = ys - theta * (xs - xs.mean())
    var_y = float(ys.var(ddof=1))
    by_group = {
        label: 1 - ratio(float(adjusted[codes == i].var(ddof=1)), float(ys[codes == i].var(ddof=1)))
        for i, label in enumerate(labels)
    }
    aligned: npt.NDArray[np.float64] | pd.Series[float]
    if isinstance(y, pd.Series):
        aligned = pd.Series(adjusted, index=y.index, name=y.name, dtype=np.float64)
    else:
        adjusted.setflags(write=False)
        aligned = adjusted
    std_product = math.sqrt(var_x * var_y)
    return CupedResult(
        adjusted=aligned,
        theta=theta,
        correlation=ratio(theta * var_x, std_product),
        variance_reduction=1 - ratio(float(adjusted.var(ddof=1)), var_y),
        variance_reduction_by_group=by_group,
        groups=labels,
        codes=codes,
    )


def _groups(groups: object, size: int) -> tuple[npt.NDArray[np.intp], tuple[Hashable, ...]]:
    if isinstance(groups, (str, bytes, Mapping)) or not isinstance(
        groups, (list, tuple, np.ndarray, pd.Series, pd.Index, pd.Categorical)
    ):
        raise ValueError(
            f"groups must be a list, array or Series with each user's arm label; got {groups!r}"
        )
    values = np.asarray(groups, dtype=object)
    if values.ndim != 1:
        raise ValueError(f"groups must be one-dimensional; got shape {values.shape}")
    v.same_length("y", range(size), "groups", values)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        position = int(np.flatnonzero(codes < 0)[0])
        raise ValueError(f"groups[{position}] is missing; every user needs an arm label")
    labels = tuple(u.item() if isinstance(u, np.generic) else u for u in uniques)
    counts = np.bincount(codes, minlength=len(labels))
    for label, n in zip(labels, counts, strict=True):
        if n < 2:
            raise ValueError(
                f"groups must have at least 2 users per arm; arm {label!r} has {int(n)}"
            )
    return codes.astype(np.intp), labels

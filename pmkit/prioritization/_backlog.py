"""Every prioritization framework applied to a backlog DataFrame.

Each function returns a new frame with the score (and a rank: 1 is the best, ties share the
better rank) added; the input is never modified. Column names default to those of the bundled
backlog (see ``datasets/README.md``) and can be changed with keyword arguments.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from pmkit import _validation as v
from pmkit.prioritization._capacity import greedy_within_capacity, select_within_capacity
from pmkit.prioritization._scores import (
    ICE_METHODS,
    IceMethod,
    _ice_formula,
    _opportunity_formula,
    _quadrant,
    _rice_formula,
    _wsjf_formula,
)


def _with_score(backlog: pd.DataFrame, column: str, scores: v.FloatArray) -> pd.DataFrame:
    result = backlog.copy()
    result[column] = scores
    # Ranked on scores rounded to 9 decimals, so that equal scores reached by different
    # arithmetic (0.3 / 3 and 0.1 / 1) share a rank instead of being split by float noise.
    rounded = result[column].round(9)
    result[f"{column}_rank"] = rounded.rank(method="min", ascending=False).astype("int64")
    return result


def add_rice(
    backlog: pd.DataFrame,
    *,
    reach: str = "reach",
    impact: str = "impact",
    confidence: str = "confidence",
    effort: str = "effort",
    column: str = "rice",
) -> pd.DataFrame:
    """Return a copy of ``backlog`` with the RICE score in ``column`` and its rank.

    See :func:`pmkit.prioritization.rice_score` for the formula and the scales.

    >>> from pmkit.datasets import load_backlog
    >>> ranked = add_rice(load_backlog()).sort_values("rice_rank")
    >>> list(ranked.columns[-2:])
    ['rice', 'rice_rank']
    """
    return _with_score(
        backlog,
        column,
        _rice_formula(
            v.column(backlog, reach, v.REACH),
            v.column(backlog, impact, v.RICE_IMPACT),
            v.column(backlog, confidence, v.CONFIDENCE),
            v.column(backlog, effort, v.EFFORT),
        ),
    )


def add_ice(
    backlog: pd.DataFrame,
    *,
    method: IceMethod = "product",
    impact: str = "ice_impact",
    confidence: str = "ice_confidence",
    ease: str = "ice_ease",
    column: str | None = None,
) -> pd.DataFrame:
    """Return a copy of ``backlog`` with the ICE score and its rank.

    ``method`` is "product" (I × C × E) or "mean" ((I + C + E) / 3); see
    :func:`pmkit.prioritization.ice_score`. The score goes in ``column``, by default
    ``ice_product`` or ``ice_mean``, so both aggregations can sit side by side.
    """
    chosen = v.choice("method", method, ICE_METHODS)
    return _with_score(
        backlog,
        column or f"ice_{chosen}",
        _ice_formula(
            v.column(backlog, impact, v.ONE_TO_TEN),
            v.column(backlog, confidence, v.ONE_TO_TEN),
            v.column(backlog, ease, v.ONE_TO_TEN),
            method,
        ),
    )


def add_wsjf(
    backlog: pd.DataFrame,
    *,
    business_value: str = "business_value",
    time_criticality: str = "time_criticality",
    risk_reduction: str = "risk_reduction",
    job_size: str = "job_size",
    column: str = "wsjf",
) -> pd.DataFrame:
    """Return a copy of ``backlog`` with ``cost_of_delay``, the WSJF score and its rank.

    See :func:`pmkit.prioritization.wsjf_score`; all inputs are on the modified Fibonacci scale.
    """
    bv = v.column(backlog, business_value, v.FIBONACCI)
    tc = v.column(backlog, time_criticality, v.FIBONACCI)
    rr = v.column(backlog, risk_reduction, v.FIBONACCI)
    result = _with_score(
        backlog, column, _wsjf_formula(bv, tc, rr, v.column(backlog, job_size, v.FIBONACCI))
    )
    result = result.drop(columns=["cost_of_delay"], errors="ignore")  # re-running replaces it
    cost = pd.Series(bv + tc + rr, index=result.index, dtype="float64")
    result.insert(len(result.columns) - 2, "cost_of_delay", cost)
    return result


def add_cd3(
    backlog: pd.DataFrame,
    *,
    cost_of_delay: str = "cost_of_delay_per_week",
    duration: str = "duration_weeks",
    column: str = "cd3",
) -> pd.DataFrame:
    """Return a copy of ``backlog`` with CD3 (cost of delay ÷ duration) and its rank.

    See :func:`pmkit.prioritization.cd3_score`.
    """
    return _with_score(
        backlog,
        column,
        v.column(backlog, cost_of_delay, v.NON_NEGATIVE) / v.column(backlog, duration, v.POSITIVE),
    )


def add_weighted_score(
    backlog: pd.DataFrame, weights: Mapping[str, float], *, column: str = "weighted_score"
) -> pd.DataFrame:
    """Return a copy of ``backlog`` with the weighted score of the columns named in ``weights``.

    ``weights`` maps column names to weights (>= 0, not all zero); the score is
    sum(w × column) / sum(w), as in :func:`pmkit.prioritization.weighted_score`.
    """
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(
            f"weights must be a non-empty mapping of column -> weight; got {weights!r}"
        )
    weight_values = {k: v.number(f"weights[{k!r}]", w, v.NON_NEGATIVE) for k, w in weights.items()}
    total = sum(weight_values.values())
    if total <= 0:
        raise ValueError(f"weights must not all be zero; got {dict(weights)!r}")
    v.require_columns(backlog, list(weights), "backlog")
    scores = sum(
        (w * v.column(backlog, name, v.ANY_NUMBER) for name, w in weight_values.items()),
        start=np.zeros(len(backlog)),
    )
    return _with_score(backlog, column, scores / total)


def add_opportunity(
    backlog: pd.DataFrame,
    *,
    importance: str = "importance",
    satisfaction: str = "satisfaction",
    column: str = "opportunity",
) -> pd.DataFrame:
    """Return a copy with Ulwick's opportunity score and its rank.

    See :func:`pmkit.prioritization.opportunity_score`; inputs are on 0-10.
    """
    return _with_score(
        backlog,
        column,
        _opportunity_formula(
            v.column(backlog, importance, v.ZERO_TO_TEN),
            v.column(backlog, satisfaction, v.ZERO_TO_TEN),
        ),
    )


def add_value_effort_quadrant(
    backlog: pd.DataFrame,
    *,
    value: str = "value",
    effort: str = "effort",
    value_threshold: float | None = None,
    effort_threshold: float | None = None,
    column: str = "quadrant",
) -> pd.DataFrame:
    """Return a copy with each item's value-vs-effort quadrant in ``column``.

    Thresholds default to the medians of the two columns; "high" means at or above the
    threshold. See :func:`pmkit.prioritization.value_effort_quadrant`. The bundled backlog has
    no ``value`` column: add one first, for example reach × impact × confidence.
    """
    values = v.column(backlog, value, v.ANY_NUMBER)
    efforts = v.column(backlog, effort, v.EFFORT)
    vt = (
        float(np.median(values))
        if value_threshold is None
        else v.number("value_threshold", value_threshold)
    )
    et = (
        float(np.median(efforts))
        if effort_threshold is None
        else v.number("effort_threshold", effort_threshold, v.POSITIVE)
    )
    result = backlog.copy()
    result[column] = pd.Series(
        [_quadrant(bool(hv), bool(he)) for hv, he in zip(values >= vt, efforts >= et, strict=True)],
        index=backlog.index,
        dtype="str",
    )
    return result


def add_roadmap(
    backlog: pd.DataFrame,
    capacity: float,
    *,
    value: str = "value",
    effort: str = "effort",
    method: str = "optimal",
    column: str = "in_roadmap",
) -> pd.DataFrame:
    """Return a copy with a boolean ``column`` marking the items chosen within ``capacity``.

    ``method="optimal"`` uses :func:`pmkit.prioritization.select_within_capacity` (the best total
    value); ``method="greedy"`` uses :func:`pmkit.prioritization.greedy_within_capacity` (best
    value per effort first). ``value`` should be an item's total value, not a score already
    divided by effort: RICE's reach × impact × confidence, not the RICE score itself. The
    bundled backlog has no ``value`` column: add one first, or name yours with ``value=``.
    """
    chosen_method = v.choice("method", method, ("optimal", "greedy"))
    values = list(v.column(backlog, value, v.ANY_NUMBER))
    efforts = list(v.column(backlog, effort, v.EFFORT))
    select = select_within_capacity if chosen_method == "optimal" else greedy_within_capacity
    chosen = set(select(values, efforts, capacity))
    result = backlog.copy()
    result[column] = [i in chosen for i in range(len(backlog))]
    return result

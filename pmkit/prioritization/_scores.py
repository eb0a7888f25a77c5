"""Scoring frameworks on scalars: RICE, ICE, WSJF, CD3, weighted scoring, opportunity, value/effort.

Every formula lives in one private ``_*_formula`` function that works on floats and NumPy arrays
alike; the public scalar functions validate and call it, and so do the DataFrame functions in
:mod:`pmkit.prioritization._backlog`. One formula, one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, TypeVar

import numpy as np

from pmkit import _validation as v

IceMethod = Literal["product", "mean"]
ICE_METHODS: tuple[IceMethod, ...] = ("product", "mean")
Quadrant = Literal["quick win", "big bet", "fill-in", "money pit"]

_N = TypeVar("_N", float, v.FloatArray)


def _rice_formula(reach: _N, impact: _N, confidence: _N, effort: _N) -> _N:
    return reach * impact * confidence / effort


def _ice_formula(impact: _N, confidence: _N, ease: _N, method: IceMethod) -> _N:
    if method == "product":
        return impact * confidence * ease
    return (impact + confidence + ease) / 3


def _wsjf_formula(value: _N, time_criticality: _N, risk_reduction: _N, job_size: _N) -> _N:
    return (value + time_criticality + risk_reduction) / job_size


def _opportunity_formula(importance: _N, satisfaction: _N) -> _N:
    # Rounded to 12 decimals so that 8.1 + (8.1 - 3.2) reads 13.0, not 12.999999999999998.
    rounded: _N = np.round(importance + np.maximum(importance - satisfaction, 0), 12)
    return rounded


def rice_score(reach: float, impact: float, confidence: float, effort: float) -> float:
    """Return the RICE score: reach × impact × confidence ÷ effort.

    RICE comes from Intercom (Sean McBride, 2016). *Reach* is people or events per period (for
    example customers per quarter); *impact* is on Intercom's scale, 3 massive, 2 high,
    1 medium, 0.5 low, 0.25 minimal; *confidence* is a fraction (1.0 high, 0.8 medium, 0.5 low;
    below 0.5 is a moonshot); *effort* is in person-months and must be positive.

    >>> rice_score(reach=2000, impact=2, confidence=0.8, effort=4)
    800.0
    >>> rice_score(reach=2000, impact=2, confidence=80, effort=4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: confidence must be a fraction in [0, 1] ...; got 80 (... write 0.8 for 80%)
    """
    return _rice_formula(
        v.number("reach", reach, v.REACH),
        v.number("impact", impact, v.RICE_IMPACT),
        v.number("confidence", confidence, v.CONFIDENCE),
        v.number("effort", effort, v.EFFORT),
    )


def ice_score(
    impact: float, confidence: float, ease: float, method: IceMethod = "product"
) -> float:
    """Return the ICE score of impact, confidence and ease, each on a 1-10 scale.

    ICE is Sean Ellis's growth-experiment score. Sources disagree on how to combine the three
    numbers, so the choice is explicit: ``method="product"`` gives I × C × E (1 to 1000;
    a low score on any one factor drags the total down) and ``method="mean"`` gives
    (I + C + E) / 3 (1 to 10; factors compensate for each other). Rankings can differ.

    >>> ice_score(8, 5, 6)
    240.0
    >>> round(ice_score(8, 5, 6, method="mean"), 3)
    6.333
    """
    chosen = v.choice("method", method, ICE_METHODS)
    return _ice_formula(
        v.number("impact", impact, v.ONE_TO_TEN),
        v.number("confidence", confidence, v.ONE_TO_TEN),
        v.number("ease", ease, v.ONE_TO_TEN),
        chosen,  # type: ignore[arg-type]
    )


def cost_of_delay(business_value: float, time_criticality: float, risk_reduction: float) -> float:
    """Return SAFe's relative Cost of Delay: user-business value + time criticality + RR|OE.

    Each component is scored relative to the other items on the modified Fibonacci scale
    (1, 2, 3, 5, 8, 13, 20). RR|OE is "risk reduction and/or opportunity enablement".

    >>> cost_of_delay(8, 13, 3)
    24.0
    """
    return (
        v.number("business_value", business_value, v.FIBONACCI)
        + v.number("time_criticality", time_criticality, v.FIBONACCI)
        + v.number("risk_reduction", risk_reduction, v.FIBONACCI)
    )


def wsjf_score(
    business_value: float, time_criticality: float, risk_reduction: float, job_size: float
) -> float:
    """Return SAFe's Weighted Shortest Job First: Cost of Delay ÷ job size.

    Cost of Delay = user-business value + time criticality + risk reduction | opportunity
    enablement (see :func:`cost_of_delay`). All four inputs are relative estimates on the modified
    Fibonacci scale 1, 2, 3, 5, 8, 13, 20; anything else is rejected, because WSJF only makes
    sense when the items are sized against each other on the same scale.

    >>> wsjf_score(business_value=8, time_criticality=13, risk_reduction=3, job_size=5)
    4.8
    """
    return _wsjf_formula(
        v.number("business_value", business_value, v.FIBONACCI),
        v.number("time_criticality", time_criticality, v.FIBONACCI),
        v.number("risk_reduction", risk_reduction, v.FIBONACCI),
        v.number("job_size", job_size, v.FIBONACCI),
    )


def cd3_score(cost_of_delay: float, duration: float) -> float:
    """Return CD3, Cost of Delay Divided by Duration (Reinertsen; Joshua Arnold).

    ``cost_of_delay`` is money (or value) lost per unit of time while the item is not delivered,
    for example dollars per week; ``duration`` is how long the item takes, in the same time unit.
    Scheduling items by descending CD3 minimizes the total cost of delay. The denominator is
    duration, not cost: a cheap item that takes long still blocks the queue.

    >>> cd3_score(cost_of_delay=12_000, duration=3)
    4000.0
    """
    return v.number("cost_of_delay", cost_of_delay, v.NON_NEGATIVE) / v.number(
        "duration", duration, v.POSITIVE
    )


def weighted_score(
    scores: Sequence[float] | Mapping[str, float], weights: Sequence[float] | Mapping[str, float]
) -> float:
    """Return the weighted score sum(w_j × s_j) / sum(w_j).

    ``scores`` and ``weights`` are either two sequences of the same length or two mappings with
    the same keys (criterion names). Weights must be >= 0 and not all zero; dividing by their sum
    keeps the result on the scale of the scores.

    >>> weighted_score([4, 2, 5], [0.5, 0.3, 0.2])
    3.6
    >>> weighted_score({"revenue": 4, "retention": 2}, {"revenue": 3, "retention": 1})
    3.5
    """
    score_values, weight_values = _aligned(scores, weights)
    total_weight = sum(weight_values)
    if total_weight <= 0:
        raise ValueError(f"weights must not all be zero; got {weights!r}")
    return sum(w * s for w, s in zip(weight_values, score_values, strict=True)) / total_weight


def _aligned(
    scores: Sequence[float] | Mapping[str, float], weights: Sequence[float] | Mapping[str, float]
) -> tuple[list[float], list[float]]:
    if isinstance(scores, Mapping) != isinstance(weights, Mapping):
        raise ValueError(
            "scores and weights must both be mappings (criterion -> number) or both be lists; "
            f"got {type(scores).__name__} and {type(weights).__name__}"
        )
    if isinstance(scores, Mapping) and isinstance(weights, Mapping):
        missing = [k for k in weights if k not in scores]
        extra = [k for k in scores if k not in weights]
        if missing or extra:
            raise ValueError(
                f"scores and weights must name the same criteria; scores lack {missing!r}, "
                f"weights lack {extra!r}"
            )
        keys = list(weights)
        return (
            [v.number(f"scores[{k!r}]", scores[k]) for k in keys],
            [v.number(f"weights[{k!r}]", weights[k], v.NON_NEGATIVE) for k in keys],
        )
    score_list = v.numbers_list("scores", scores)
    weight_list = v.numbers_list("weights", weights, v.NON_NEGATIVE)
    v.same_length("scores", score_list, "weights", weight_list)
    if not score_list:
        raise ValueError("scores must not be empty")
    return score_list, weight_list


def top_two_box(ratings: Sequence[int]) -> float:
    """Return the share of 4s and 5s among 1-5 ratings, on a 0-10 scale.

    This is how Ulwick's Outcome-Driven Innovation turns survey answers into the importance and
    satisfaction inputs of :func:`opportunity_score`: the percentage of respondents who rate an
    outcome 4 or 5, divided by 10. Averaging the raw ratings instead is a common error.

    >>> top_two_box([5, 4, 4, 3, 1])
    6.0
    """
    values = v.numbers_list("ratings", ratings, v.ONE_TO_FIVE)
    if not values:
        raise ValueError("ratings must not be empty")
    return 10 * sum(1 for r in values if r >= 4) / len(values)


def opportunity_score(importance: float, satisfaction: float) -> float:
    """Return Ulwick's opportunity score: importance + max(importance - satisfaction, 0).

    Both inputs are on 0-10: the share of respondents rating the outcome's importance (or their
    satisfaction with today's solutions) 4 or 5 on a 1-5 scale, divided by 10 (see
    :func:`top_two_box`). Scores above 10 mark underserved outcomes, above 15 extremely so.
    Over-served outcomes (satisfaction above importance) score their importance alone.

    >>> opportunity_score(importance=8.1, satisfaction=3.2)
    13.0
    >>> opportunity_score(importance=4.0, satisfaction=7.5)
    4.0
    """
    return float(
        _opportunity_formula(
            v.number("importance", importance, v.ZERO_TO_TEN),
            v.number("satisfaction", satisfaction, v.ZERO_TO_TEN),
        )
    )


def value_effort_quadrant(
    value: float, effort: float, *, value_threshold: float, effort_threshold: float
) -> Quadrant:
    """Place an item in the value-vs-effort 2×2.

    High value means ``value >= value_threshold``; high effort means ``effort >=
    effort_threshold``. Quick wins are high value and low effort, big bets high and high,
    fill-ins low and low, and money pits low value and high effort.

    >>> value_effort_quadrant(900, 1, value_threshold=500, effort_threshold=3)
    'quick win'
    >>> value_effort_quadrant(100, 6, value_threshold=500, effort_threshold=3)
    'money pit'
    """
    value_f = v.number("value", value)
    effort_f = v.number("effort", effort, v.POSITIVE)
    return _quadrant(
        value_f >= v.number("value_threshold", value_threshold),
        effort_f >= v.number("effort_threshold", effort_threshold, v.POSITIVE),
    )


def _quadrant(high_value: bool, high_effort: bool) -> Quadrant:
    if high_value:
        return "big bet" if high_effort else "quick win"
    return "money pit" if high_effort else "fill-in"

"""A weighted decision matrix for your route, and which single weight change would flip it.

The score is the course's weighted score (:func:`pmkit.prioritization.weighted_score`):
sum(w_j x s_ij) / sum(w_j), the same on every option's row.

**Sensitivity: what one weight change flips the decision.** For each criterion k, only w_k
changes, by a signed amount ``change``; the other weights keep their values. Because the score
divides by the sum of the weights, keeping the other *raw* weights fixed is the same as
renormalising their *shares* proportionally: after the change, every other criterion keeps its
share relative to the others. (The two readings of "others fixed or renormalised" coincide for
this formula.)

The winner a beats option b by N_ab = sum_j w_j (s_aj - s_bj) >= 0 (the numerator of the score
difference; the common denominator is positive). Changing w_k by delta adds delta x
(s_ak - s_bk), so b draws level at delta = -N_ab / (s_ak - s_bk): a *raise* of w_k when b
scores higher on k, a *cut* when a does. A cut is possible only while the weight stays above
zero (w_k + delta > 0), so that going a little further, which puts b ahead, is still a valid
weight. The **flip point** of criterion k is the smallest such change, in either direction,
over all the other options: at exactly that change the two options tie; any change beyond it
makes the other option win. When several options draw level at the same change, the one whose
score grows fastest from there (the largest score difference on k) is reported; when a raise
and a cut are equally small, the raise. A criterion
on which every option scores the same, or whose possible changes never close the gap, has no
flip point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from pmkit import _validation as v
from pmkit.prioritization import add_weighted_score


def _checked(
    scores: pd.DataFrame, weights: Mapping[str, float], option: str
) -> tuple[pd.DataFrame, dict[str, float]]:
    v.require_columns(scores, [option], "scores")
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(
            f"weights must be a non-empty mapping of criterion -> weight; got {weights!r}"
        )
    checked = {str(k): v.number(f"weights[{k!r}]", w, v.NON_NEGATIVE) for k, w in weights.items()}
    if sum(checked.values()) <= 0:
        raise ValueError(f"weights must not all be zero; got {dict(weights)!r}")
    if option in checked:
        raise ValueError(f"weights must not weigh the option column {option!r}")
    v.require_columns(scores, list(checked), "scores")
    if len(scores) < 2:
        raise ValueError(f"scores must hold at least two options to compare; got {len(scores)}")
    names = scores[option]
    if names.isna().any() or names.duplicated().any():
        repeated = names[names.duplicated()].tolist() or ["a missing name"]
        raise ValueError(f"scores[{option!r}] must name each option once; repeated {repeated!r}")
    for criterion in checked:
        v.column(scores, criterion, v.ANY_NUMBER, "scores")
    return scores.reset_index(drop=True), checked


def decision_matrix(
    scores: pd.DataFrame, weights: Mapping[str, float], *, option: str = "option"
) -> pd.DataFrame:
    """Return the options ranked by weighted score, best first.

    ``scores`` has a column naming each option (``option``) and one numeric column per
    criterion (for example your 1-5 rating of each route); ``weights`` maps the criteria to
    weights >= 0, not all zero. The result is a copy with ``score`` (sum(w x s) / sum(w), as
    in :func:`pmkit.prioritization.weighted_score`) and ``rank`` (1 is best; equal scores
    share a rank), sorted by rank and then by the options' order in ``scores``. Its first row
    is the winner.

    >>> routes = pd.DataFrame({"option": ["internal", "apm"], "money": [5, 2], "learning": [2, 5]})
    >>> decision_matrix(routes, {"money": 2, "learning": 1})[["option", "score", "rank"]]
         option  score  rank
    0  internal    4.0     1
    1       apm    3.0     2
    """
    frame, checked = _checked(scores, weights, option)
    ranked = add_weighted_score(frame, checked, column="score").rename(
        columns={"score_rank": "rank"}
    )
    return ranked.sort_values("rank", kind="stable").reset_index(drop=True)


def weight_sensitivity(
    scores: pd.DataFrame, weights: Mapping[str, float], *, option: str = "option"
) -> pd.DataFrame:
    """Return, for each criterion, the smallest change of its weight that flips the winner.

    Only that criterion's weight changes; the others keep their values (equivalently, their
    shares are renormalised proportionally: see the module docstring for the derivation). At
    exactly ``change`` the winner and ``new_winner`` tie; any change beyond it makes
    ``new_winner`` win. The winner is the first row of :func:`decision_matrix` (on a tie at the
    top, the option listed first, and the flip point is 0).

    Columns, one row per criterion in the order of ``weights``: ``criterion``, ``weight``,
    ``share`` (weight / sum of weights), ``flips`` (bool), ``direction`` ("raise" or "lower";
    missing when nothing flips), ``change`` (signed, in the weights' units; NaN when nothing
    flips), ``relative_change`` (change / weight; NaN for a zero weight or no flip),
    ``new_weight``, ``new_share`` (its share after the change) and ``new_winner``.

    >>> routes = pd.DataFrame({"option": ["internal", "apm"], "money": [5, 1], "learning": [1, 5]})
    >>> table = weight_sensitivity(routes, {"money": 2, "learning": 1})
    >>> table[["criterion", "direction", "change", "new_weight", "new_winner"]]
      criterion direction  change  new_weight new_winner
    0     money     lower    -1.0         1.0        apm
    1  learning     raise     1.0         2.0        apm
    """
    frame, checked = _checked(scores, weights, option)
    ranked = decision_matrix(frame, checked, option=option)
    winner = ranked[option].iloc[0]
    criteria = list(checked)
    matrix = frame[criteria].to_numpy(dtype=np.float64)
    w = np.array([checked[c] for c in criteria], dtype=np.float64)
    total = float(w.sum())
    names = frame[option].tolist()
    a = names.index(winner)
    others = [b for b in range(len(names)) if b != a]
    lead = {b: float(np.dot(w, matrix[a] - matrix[b])) for b in others}
    rows = []
    for k, criterion in enumerate(criteria):
        candidates: list[tuple[float, float, int]] = []  # (|change|, change, option)
        for b in others:
            difference = matrix[a, k] - matrix[b, k]
            if difference == 0:
                continue
            change = -max(lead[b], 0.0) / difference
            if change < 0 and not w[k] + change > 1e-9 * total:
                continue  # the weight would have to reach zero or go below it
            candidates.append((abs(change), change, b))
        row: dict[str, object] = {
            "criterion": criterion,
            "weight": w[k],
            "share": w[k] / total,
            "flips": bool(candidates),
            "direction": None,
            "change": math.nan,
            "relative_change": math.nan,
            "new_weight": math.nan,
            "new_share": math.nan,
            "new_winner": None,
        }
        if candidates:
            smallest = min(c[0] for c in candidates)
            tolerance = 1e-9 * max(1.0, smallest)
            raises = [c for c in candidates if c[0] <= smallest + tolerance and c[1] >= 0]
            tied = raises or [c for c in candidates if c[0] <= smallest + tolerance]
            # among options drawing level at the same change, the fastest-growing one wins
            _, change, b = max(tied, key=lambda c: (abs(matrix[a, k] - matrix[c[2], k]), -c[2]))
            new_weight = w[k] + change
            row |= {
                "direction": "raise" if change >= 0 and matrix[b, k] > matrix[a, k] else "lower",
                "change": change,
                "relative_change": change / w[k] if w[k] > 0 else math.nan,
                "new_weight": new_weight,
                "new_share": new_weight / (total + change),
                "new_winner": names[b],
            }
        rows.append(row)
    result = pd.DataFrame(rows)
    return result.astype(
        {
            "weight": "float64",
            "share": "float64",
            "flips": "bool",
            "direction": "str",
            "change": "float64",
            "relative_change": "float64",
            "new_weight": "float64",
            "new_share": "float64",
            "new_winner": "str",
        }
    )

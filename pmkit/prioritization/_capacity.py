"""Choosing what fits in a fixed capacity: the optimal 0/1 selection and the greedy heuristic.

Ranking by value per effort (what RICE, WSJF and CD3 orderings do) and filling the quarter from
the top is a heuristic. Under a hard budget it can leave value on the table; the optimal choice
is a 0/1 knapsack, solved here exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmkit import _validation as v

_EPS = 1e-9  # float slack when comparing summed efforts to the capacity


def _inputs(
    values: Sequence[float], efforts: Sequence[float], capacity: float
) -> tuple[list[float], list[float], float]:
    value_list = v.numbers_list("values", values)
    effort_list = v.numbers_list("efforts", efforts, v.POSITIVE)
    v.same_length("values", value_list, "efforts", effort_list)
    return value_list, effort_list, v.number("capacity", capacity, v.NON_NEGATIVE)


def select_within_capacity(
    values: Sequence[float], efforts: Sequence[float], capacity: float
) -> list[int]:
    """Return the indices (sorted) of the items that maximize total value within ``capacity``.

    Each item is taken whole or not at all (a 0/1 knapsack) and the total effort of the chosen
    items must not exceed ``capacity``. Efforts must be positive; they may be fractional
    (person-months such as 1.5). Items with negative value are never chosen. When several
    selections reach the same value, the one with the least total effort wins, then the one
    whose sorted indices come first.

    The solver keeps, item by item, only the selections that no other selection beats on both
    effort and value (a Pareto frontier), which is exact and fast for backlogs of hundreds of
    items.

    >>> select_within_capacity(values=[60, 100, 120], efforts=[1, 2, 3], capacity=5)
    [1, 2]
    >>> greedy_within_capacity(values=[60, 100, 120], efforts=[1, 2, 3], capacity=5)
    [0, 1]
    """
    value_list, effort_list, cap = _inputs(values, efforts, capacity)
    # Each state: (total effort, total value, chosen indices); start with the empty selection.
    frontier: list[tuple[float, float, tuple[int, ...]]] = [(0.0, 0.0, ())]
    for i, (value, effort) in enumerate(zip(value_list, effort_list, strict=True)):
        if value <= 0:
            continue
        extended = [
            (e + effort, val + value, (*chosen, i))
            for e, val, chosen in frontier
            if e + effort <= cap + _EPS
        ]
        frontier = _pareto(frontier + extended)
    best = max(frontier, key=lambda s: (round(s[1], 9), -round(s[0], 9), _neg_lex(s[2])))
    return list(best[2])


def _neg_lex(chosen: tuple[int, ...]) -> tuple[int, ...]:
    # max() picks the largest key; negating indices makes the lexicographically first tuple win.
    return (*(-i for i in chosen), 1)


def _pareto(
    states: list[tuple[float, float, tuple[int, ...]]],
) -> list[tuple[float, float, tuple[int, ...]]]:
    """Keep the states not dominated by one with no more effort and no less value."""
    states.sort(key=lambda s: (round(s[0], 9), -round(s[1], 9), s[2]))
    kept: list[tuple[float, float, tuple[int, ...]]] = []
    best_value = -1.0
    for state in states:
        if round(state[1], 9) > round(best_value, 9):
            kept.append(state)
            best_value = state[1]
    return kept


def greedy_within_capacity(
    values: Sequence[float], efforts: Sequence[float], capacity: float
) -> list[int]:
    """Return the indices (sorted) a greedy planner picks: best value per effort first.

    Items are visited in descending value/effort (ties: lower index first); each is taken if it
    still fits, and the scan goes on past items that do not fit. This is what filling a quarter
    from the top of a RICE, WSJF or CD3 ranking does. Compare with
    :func:`select_within_capacity` to see what it leaves on the table.

    >>> greedy_within_capacity(values=[10, 9, 9], efforts=[3, 2, 2], capacity=4)
    [1, 2]
    """
    value_list, effort_list, cap = _inputs(values, efforts, capacity)
    order = sorted(range(len(value_list)), key=lambda i: (-value_list[i] / effort_list[i], i))
    chosen: list[int] = []
    used = 0.0
    for i in order:
        if value_list[i] > 0 and used + effort_list[i] <= cap + _EPS:
            chosen.append(i)
            used += effort_list[i]
    return sorted(chosen)


@dataclass(frozen=True)
class RoadmapComparison:
    """The optimal and the greedy selection under one capacity, with their totals."""

    capacity: float
    optimal: list[int]
    greedy: list[int]
    optimal_value: float
    greedy_value: float
    optimal_effort: float
    greedy_effort: float

    @property
    def value_lost_by_greedy(self) -> float:
        """Total value the greedy plan leaves on the table (0 when greedy is optimal)."""
        return self.optimal_value - self.greedy_value

    def summary(self) -> str:
        """Return a two-line readout of both plans."""
        return (
            f"Optimal: items {self.optimal}, value {self.optimal_value:,.1f}, effort "
            f"{self.optimal_effort:g} of {self.capacity:g}\n"
            f"Greedy:  items {self.greedy}, value {self.greedy_value:,.1f}, effort "
            f"{self.greedy_effort:g} of {self.capacity:g} "
            f"(leaves {self.value_lost_by_greedy:,.1f} on the table)"
        )


def compare_roadmaps(
    values: Sequence[float], efforts: Sequence[float], capacity: float
) -> RoadmapComparison:
    """Return the optimal and greedy selections side by side.

    >>> compare_roadmaps([60, 100, 120], [1, 2, 3], capacity=5).value_lost_by_greedy
    60.0
    """
    optimal = select_within_capacity(values, efforts, capacity)
    greedy = greedy_within_capacity(values, efforts, capacity)
    value_list, effort_list, cap = _inputs(values, efforts, capacity)
    return RoadmapComparison(
        capacity=cap,
        optimal=optimal,
        greedy=greedy,
        optimal_value=sum(value_list[i] for i in optimal),
        greedy_value=sum(value_list[i] for i in greedy),
        optimal_effort=sum(effort_list[i] for i in optimal),
        greedy_effort=sum(effort_list[i] for i in greedy),
    )

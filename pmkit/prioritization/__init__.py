"""Prioritization frameworks as pure functions, on scalars and on backlog DataFrames.

Definitions follow the course's content reference: RICE (Intercom), ICE (Sean Ellis, with an
explicit aggregation), WSJF (SAFe), CD3 (Reinertsen; Arnold), weighted scoring, Ulwick's
opportunity score, the value-vs-effort 2×2, MoSCoW (DSDM), the Kano model (evaluation table,
Matzler et al.'s tie-break, Berger et al.'s coefficients) and capacity-constrained selection
(0/1 knapsack against its greedy heuristic). :class:`RiceExplorer` is the lesson's control for
watching a RICE ranking re-order as one feature's confidence or effort changes.

Scalar functions validate their inputs and raise a ValueError that names the field and value;
the ``add_*`` functions apply the same rules to every row of a backlog and return a new frame.
"""

from pmkit.prioritization._backlog import (
    add_cd3,
    add_ice,
    add_opportunity,
    add_rice,
    add_roadmap,
    add_value_effort_quadrant,
    add_weighted_score,
    add_wsjf,
)
from pmkit.prioritization._capacity import (
    RoadmapComparison,
    compare_roadmaps,
    greedy_within_capacity,
    select_within_capacity,
)
from pmkit.prioritization._kano import (
    KANO_ANSWERS,
    KANO_CATEGORIES,
    KANO_TIE_BREAK,
    KanoCoefficients,
    add_kano_category,
    kano_category,
    kano_coefficients,
    kano_table,
)
from pmkit.prioritization._moscow import MOSCOW_CATEGORIES, MoscowCheck, moscow_check
from pmkit.prioritization._scores import (
    cd3_score,
    cost_of_delay,
    ice_score,
    opportunity_score,
    rice_score,
    top_two_box,
    value_effort_quadrant,
    weighted_score,
    wsjf_score,
)
from pmkit.prioritization._widgets import RiceExplorer

__all__ = [
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_TIE_BREAK",
    "MOSCOW_CATEGORIES",
    "KanoCoefficients",
    "MoscowCheck",
    "RiceExplorer",
    "RoadmapComparison",
    "add_cd3",
    "add_ice",
    "add_kano_category",
    "add_opportunity",
    "add_rice",
    "add_roadmap",
    "add_value_effort_quadrant",
    "add_weighted_score",
    "add_wsjf",
    "cd3_score",
    "compare_roadmaps",
    "cost_of_delay",
    "greedy_within_capacity",
    "ice_score",
    "kano_category",
    "kano_coefficients",
    "kano_table",
    "moscow_check",
    "opportunity_score",
    "rice_score",
    "select_within_capacity",
    "top_two_box",
    "value_effort_quadrant",
    "weighted_score",
    "wsjf_score",
]

"""pmkit: practice product management with real frameworks, data and feedback.

The library behind the course notebooks. The most used names are re-exported here::

    from pmkit import rice_score, add_rice, load_backlog

Subpackages: :mod:`pmkit.prioritization` (frameworks), :mod:`pmkit.datasets` (bundled data),
:mod:`pmkit.checks` (exercise checks), :mod:`pmkit.grading` (nbgrader automation) and
:mod:`pmkit.widgets` (interactive controls for the lessons).
"""

from pmkit.checks import CheckFailed, Question
from pmkit.datasets import load_backlog, load_kano_survey
from pmkit.prioritization import (
    KanoCoefficients,
    MoscowCheck,
    RoadmapComparison,
    add_cd3,
    add_ice,
    add_kano_category,
    add_opportunity,
    add_rice,
    add_roadmap,
    add_value_effort_quadrant,
    add_weighted_score,
    add_wsjf,
    cd3_score,
    compare_roadmaps,
    cost_of_delay,
    greedy_within_capacity,
    ice_score,
    kano_category,
    kano_coefficients,
    kano_table,
    moscow_check,
    opportunity_score,
    rice_score,
    select_within_capacity,
    top_two_box,
    value_effort_quadrant,
    weighted_score,
    wsjf_score,
)

__version__ = "0.1.0"

__all__ = [
    "CheckFailed",
    "KanoCoefficients",
    "MoscowCheck",
    "Question",
    "RoadmapComparison",
    "__version__",
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
    "load_backlog",
    "load_kano_survey",
    "moscow_check",
    "opportunity_score",
    "rice_score",
    "select_within_capacity",
    "top_two_box",
    "value_effort_quadrant",
    "weighted_score",
    "wsjf_score",
]

"""pmkit: practice product management with real frameworks, data and feedback.

The library behind the course notebooks. The most used names are re-exported here::

    from pmkit import rice_score, add_rice, load_backlog

Subpackages: :mod:`pmkit.prioritization` (frameworks), :mod:`pmkit.datasets` (bundled data and
the product-world generator), :mod:`pmkit.metrics` (product metrics as DuckDB SQL),
:mod:`pmkit.experiments` (A/B statistics), :mod:`pmkit.interview` (prompt bank and practice),
:mod:`pmkit.resume` (impact-bullet analyzer), :mod:`pmkit.checks` (exercise checks) and
:mod:`pmkit.grading` (nbgrader automation). Each subpackage keeps its lesson controls beside it
(``pmkit.prioritization.RiceExplorer``).
"""

from typing import TYPE_CHECKING

from pmkit._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from pmkit.checks import CheckFailed, Question
    from pmkit.datasets import connect, load_backlog, load_kano_survey, load_product_table
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

# Names are imported on first use (PEP 562), so `import pmkit` and the `pmkit` command stay fast:
# importing the whole library pulls in pandas, which a self-check's own process never needs.
_LAZY: dict[str, str] = {
    "CheckFailed": "pmkit.checks",
    "KanoCoefficients": "pmkit.prioritization",
    "MoscowCheck": "pmkit.prioritization",
    "Question": "pmkit.checks",
    "RoadmapComparison": "pmkit.prioritization",
    "add_cd3": "pmkit.prioritization",
    "add_ice": "pmkit.prioritization",
    "add_kano_category": "pmkit.prioritization",
    "add_opportunity": "pmkit.prioritization",
    "add_rice": "pmkit.prioritization",
    "add_roadmap": "pmkit.prioritization",
    "add_value_effort_quadrant": "pmkit.prioritization",
    "add_weighted_score": "pmkit.prioritization",
    "add_wsjf": "pmkit.prioritization",
    "cd3_score": "pmkit.prioritization",
    "compare_roadmaps": "pmkit.prioritization",
    "cost_of_delay": "pmkit.prioritization",
    "greedy_within_capacity": "pmkit.prioritization",
    "ice_score": "pmkit.prioritization",
    "kano_category": "pmkit.prioritization",
    "kano_coefficients": "pmkit.prioritization",
    "kano_table": "pmkit.prioritization",
    "connect": "pmkit.datasets",
    "load_backlog": "pmkit.datasets",
    "load_kano_survey": "pmkit.datasets",
    "load_product_table": "pmkit.datasets",
    "moscow_check": "pmkit.prioritization",
    "opportunity_score": "pmkit.prioritization",
    "rice_score": "pmkit.prioritization",
    "select_within_capacity": "pmkit.prioritization",
    "top_two_box": "pmkit.prioritization",
    "value_effort_quadrant": "pmkit.prioritization",
    "weighted_score": "pmkit.prioritization",
    "wsjf_score": "pmkit.prioritization",
}


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
    "connect",
    "cost_of_delay",
    "greedy_within_capacity",
    "ice_score",
    "kano_category",
    "kano_coefficients",
    "kano_table",
    "load_backlog",
    "load_kano_survey",
    "load_product_table",
    "moscow_check",
    "opportunity_score",
    "rice_score",
    "select_within_capacity",
    "top_two_box",
    "value_effort_quadrant",
    "weighted_score",
    "wsjf_score",
]

__getattr__, __dir__ = _lazy_exports("pmkit", _LAZY, globals(), __all__)

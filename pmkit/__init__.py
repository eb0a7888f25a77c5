"""pmkit: practice product management with real frameworks, data and feedback.

The library behind the course notebooks. The most used names are re-exported here::

    from pmkit import rice_score, add_rice, load_backlog

Subpackages: :mod:`pmkit.prioritization` (frameworks), :mod:`pmkit.datasets` (bundled data and
the product-world generator), :mod:`pmkit.metrics` (product metrics as DuckDB SQL),
:mod:`pmkit.experiments` (A/B statistics), :mod:`pmkit.discovery` (interview synthesis,
stories, acceptance criteria, specs), :mod:`pmkit.business` (market sizing, unit
economics, price sensitivity), :mod:`pmkit.interview` (prompt bank and practice),
:mod:`pmkit.resume` (impact-bullet analyzer), :mod:`pmkit.checks` (exercise checks) and
:mod:`pmkit.grading` (nbgrader automation). Each subpackage keeps its lesson controls beside it
(``pmkit.prioritization.RiceExplorer``).
"""

from typing import TYPE_CHECKING

from pmkit._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from pmkit.checks import CheckFailed as CheckFailed, Question as Question
    from pmkit.datasets import (
        connect as connect,
        load_backlog as load_backlog,
        load_kano_survey as load_kano_survey,
        load_product_table as load_product_table,
    )
    from pmkit.prioritization import (
        KanoCoefficients as KanoCoefficients,
        MoscowCheck as MoscowCheck,
        RoadmapComparison as RoadmapComparison,
        add_cd3 as add_cd3,
        add_ice as add_ice,
        add_kano_category as add_kano_category,
        add_opportunity as add_opportunity,
        add_rice as add_rice,
        add_roadmap as add_roadmap,
        add_value_effort_quadrant as add_value_effort_quadrant,
        add_weighted_score as add_weighted_score,
        add_wsjf as add_wsjf,
        cd3_score as cd3_score,
        compare_roadmaps as compare_roadmaps,
        cost_of_delay as cost_of_delay,
        greedy_within_capacity as greedy_within_capacity,
        ice_score as ice_score,
        kano_category as kano_category,
        kano_coefficients as kano_coefficients,
        kano_table as kano_table,
        moscow_check as moscow_check,
        opportunity_score as opportunity_score,
        rice_score as rice_score,
        select_within_capacity as select_within_capacity,
        top_two_box as top_two_box,
        value_effort_quadrant as value_effort_quadrant,
        weighted_score as weighted_score,
        wsjf_score as wsjf_score,
    )

# Names are imported on first use (PEP 562), so `import pmkit` and the `pmkit` command stay fast:
# importing the whole library pulls in pandas, which a self-check's own process never needs.


__version__ = "0.1.0"


__getattr__, __dir__, __all__ = _lazy_exports(__name__, __file__, globals(), also=("__version__",))

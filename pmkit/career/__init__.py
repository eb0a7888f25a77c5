"""Choosing your route into product management (module 07), with tools to act on it.

* **Routes** (:data:`ROUTES`, :func:`route_questions`): internal transfer, associate PM
  programs, direct applications, startups or your own product, each with the questions that
  decide whether it fits your situation. Trade-offs are questions, never odds: the kit quotes no
  success rates.
* **Decision matrix** (:func:`decision_matrix`, :func:`weight_sensitivity`,
  :class:`WeightExplorer`): score the routes on your own criteria with the course's weighted
  score, find which single weight change would flip the decision, and move weights live.
* **Outreach pipeline** (:class:`OutreachTracker`, :func:`outreach_funnel`,
  :func:`sample_outreach`): contacts and their stages (contacted -> replied -> conversation ->
  referral -> interview) in a DuckDB file in your data folder, read as a funnel with
  :func:`pmkit.metrics.funnel`, overall and per channel.
* **Portfolio case study** (:class:`CaseStudy`, :class:`CaseStudyBuilder`,
  :func:`case_study_markdown`, :func:`case_study_html`, :func:`check_case_study`,
  :func:`example_case_studies`): eight prompts in, Markdown and escaped HTML out, with worked
  examples from an operations project and an IT project (illustrative numbers);
  ``sections=OUTLINE_SECTIONS`` gives module 01's five-part outline with the same functions.

Everything you record is kept in your data folder (an explicit ``path``, then
``PMKIT_DATA_DIR``, then the user data folder), never in the course repository.
"""

from pmkit.career._case_study import (
    CASE_STUDY_SECTIONS,
    MIN_WORDS,
    OUTLINE_SECTIONS,
    CaseStudy,
    CaseStudyCheck,
    case_study_html,
    case_study_markdown,
    check_case_study,
    save_case_study,
)
from pmkit.career._decision import decision_matrix, weight_sensitivity
from pmkit.career._examples import example_case_studies
from pmkit.career._outreach import (
    CHANNELS,
    OUTREACH_WINDOW_DAYS,
    STAGES,
    OutreachSample,
    OutreachTracker,
    outreach_db_path,
    outreach_funnel,
    sample_outreach,
    stage_counts,
)
from pmkit.career._routes import (
    ROUTE_NAMES,
    ROUTES,
    SUGGESTED_CRITERIA,
    Route,
    RouteQuestion,
    route_questions,
)
from pmkit.career._widgets import CaseStudyBuilder, WeightExplorer

__all__ = [
    "CASE_STUDY_SECTIONS",
    "CHANNELS",
    "MIN_WORDS",
    "OUTLINE_SECTIONS",
    "OUTREACH_WINDOW_DAYS",
    "ROUTES",
    "ROUTE_NAMES",
    "STAGES",
    "SUGGESTED_CRITERIA",
    "CaseStudy",
    "CaseStudyBuilder",
    "CaseStudyCheck",
    "OutreachSample",
    "OutreachTracker",
    "Route",
    "RouteQuestion",
    "WeightExplorer",
    "case_study_html",
    "case_study_markdown",
    "check_case_study",
    "decision_matrix",
    "example_case_studies",
    "outreach_db_path",
    "outreach_funnel",
    "route_questions",
    "sample_outreach",
    "save_case_study",
    "stage_counts",
    "weight_sensitivity",
]

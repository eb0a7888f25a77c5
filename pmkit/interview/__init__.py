"""Interview practice: a prompt bank, mock interviews, timers, self-scoring and progress.

The bank (``prompts.json``, validated on load) holds prompts written for this kit in seven
categories (product sense, metrics and analytics, execution and prioritization, estimation,
strategy, behavioral, technical), many aimed at people moving from IT or operations roles, each
with a framework, 4-6 rubric points, pitfalls, follow-ups and sometimes a model answer outline::

    from pmkit.interview import find_prompts, mock_interview, RubricScorer, CountdownTimer

    mock = mock_interview(5, background="ops", seed=1)
    CountdownTimer(8 * 60)                  # a timer widget
    RubricScorer(mock[0])                   # score yourself 1-5 per rubric point, logged
    progress_summary(load_practice_log())   # your progress per category over time

The practice log is a SQLite file in your user data folder (``PMKIT_DATA_DIR`` overrides it),
never in the course repository. The structure checkers (:func:`check_star`,
:func:`check_metric_drop`, :func:`check_estimate`) are keyword heuristics: learning aids that
point at gaps, not grades.
"""

from pmkit.interview._bank import (
    BACKGROUNDS,
    CATEGORIES,
    CATEGORY_FRAMEWORKS,
    DIFFICULTIES,
    EXPERIENCE_AREAS,
    FRAMEWORKS,
    Framework,
    ModelAnswer,
    ModelAnswerStep,
    Prompt,
    bank_path,
    find_prompts,
    get_prompt,
    load_prompts,
    normalize_text,
    prompts_frame,
    validate_bank,
)
from pmkit.interview._checkers import (
    ESTIMATE_ITEMS,
    LEARNING_AID,
    METRIC_DROP_ITEMS,
    STAR_ITEMS,
    CheckResult,
    EstimateCheck,
    check_answer,
    check_estimate,
    check_metric_drop,
    check_star,
)
from pmkit.interview._log import (
    RUBRIC_SCALE,
    ScoreRecord,
    load_practice_log,
    plot_progress,
    practice_log_path,
    progress_summary,
    record_practice,
)
from pmkit.interview._mock import MockInterview, mock_interview
from pmkit.interview._widgets import CountdownTimer, RubricScorer

__all__ = [
    "BACKGROUNDS",
    "CATEGORIES",
    "CATEGORY_FRAMEWORKS",
    "DIFFICULTIES",
    "ESTIMATE_ITEMS",
    "EXPERIENCE_AREAS",
    "FRAMEWORKS",
    "LEARNING_AID",
    "METRIC_DROP_ITEMS",
    "RUBRIC_SCALE",
    "STAR_ITEMS",
    "CheckResult",
    "CountdownTimer",
    "EstimateCheck",
    "Framework",
    "MockInterview",
    "ModelAnswer",
    "ModelAnswerStep",
    "Prompt",
    "RubricScorer",
    "ScoreRecord",
    "bank_path",
    "check_answer",
    "check_estimate",
    "check_metric_drop",
    "check_star",
    "find_prompts",
    "get_prompt",
    "load_practice_log",
    "load_prompts",
    "mock_interview",
    "normalize_text",
    "plot_progress",
    "practice_log_path",
    "progress_summary",
    "prompts_frame",
    "record_practice",
    "validate_bank",
]

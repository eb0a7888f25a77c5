"""Interview practice: a prompt bank, the switcher's pitch, mock interviews, scoring and progress.

The bank (``prompts.json``, validated on load) holds prompts written for this kit in seven
categories (product sense, metrics and analytics, execution and prioritization, estimation,
strategy, behavioral, technical), many aimed at people moving from IT or operations roles, each
with a framework, 4-6 rubric points, pitfalls, at least two follow-ups and, for over a third of
them, a model answer outline::

    from pmkit.interview import find_prompts, mock_interview, RubricScorer, CountdownTimer

    mock = mock_interview(5, background="ops", seed=1)
    CountdownTimer(8 * 60)                  # a timer widget
    RubricScorer(mock[0])                   # score yourself 1-5 per rubric point, logged
    progress_summary(load_practice_log())   # your progress per category over time

The opening questions a career switcher meets ("Tell me about yourself", "Why product
management?", "Why leave IT or operations?") have their own structure, mistakes and model
answers (:data:`PITCH_PARTS`, :data:`PITCH_MISTAKES`, :data:`MODEL_PITCHES`, :func:`time_pitch`).
:func:`mock_protocol` builds a timed 30-45 minute interview script for two people, with a
follow-up ladder (:data:`FOLLOW_UP_LADDERS`) after every answer::

    protocol = mock_protocol("it", seed=4)
    protocol.frame()                         # the timetable
    protocol.to_markdown()                   # the interviewer's script

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
from pmkit.interview._pitch import (
    MODEL_PITCHES,
    PITCH_LISTEN_FOR,
    PITCH_MISTAKES,
    PITCH_PARTS,
    PITCH_SECONDS,
    SPEAKING_RATE_WPM,
    ModelPitch,
    PitchMistake,
    PitchPart,
    time_pitch,
)
from pmkit.interview._protocol import (
    FOLLOW_UP_LADDERS,
    LADDER_LEVELS,
    PROTOCOL_MINUTES,
    FollowUpLadder,
    LadderRung,
    MockProtocol,
    ProtocolStep,
    mock_protocol,
)
from pmkit.interview._widgets import CountdownTimer, RubricScorer

__all__ = [
    "BACKGROUNDS",
    "CATEGORIES",
    "CATEGORY_FRAMEWORKS",
    "DIFFICULTIES",
    "ESTIMATE_ITEMS",
    "EXPERIENCE_AREAS",
    "FOLLOW_UP_LADDERS",
    "FRAMEWORKS",
    "LADDER_LEVELS",
    "LEARNING_AID",
    "METRIC_DROP_ITEMS",
    "MODEL_PITCHES",
    "PITCH_LISTEN_FOR",
    "PITCH_MISTAKES",
    "PITCH_PARTS",
    "PITCH_SECONDS",
    "PROTOCOL_MINUTES",
    "RUBRIC_SCALE",
    "SPEAKING_RATE_WPM",
    "STAR_ITEMS",
    "CheckResult",
    "CountdownTimer",
    "EstimateCheck",
    "FollowUpLadder",
    "Framework",
    "LadderRung",
    "MockInterview",
    "MockProtocol",
    "ModelAnswer",
    "ModelAnswerStep",
    "ModelPitch",
    "PitchMistake",
    "PitchPart",
    "Prompt",
    "ProtocolStep",
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
    "mock_protocol",
    "normalize_text",
    "plot_progress",
    "practice_log_path",
    "progress_summary",
    "prompts_frame",
    "record_practice",
    "time_pitch",
    "validate_bank",
]

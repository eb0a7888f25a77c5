"""Loaders for the bundled files in ``datasets/`` and the seeded generators behind them."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from pmkit.prioritization import KANO_ANSWERS, kano_category

BACKLOG_SCHEMA: dict[str, str] = {
    "feature_id": "str",
    "feature": "str",
    "theme": "str",
    "description": "str",
    "reach": "int64",
    "impact": "float64",
    "confidence": "float64",
    "effort": "float64",
    "ice_impact": "int64",
    "ice_confidence": "int64",
    "ice_ease": "int64",
    "business_value": "int64",
    "time_criticality": "int64",
    "risk_reduction": "int64",
    "job_size": "int64",
    "cost_of_delay_per_week": "float64",
    "duration_weeks": "float64",
    "moscow": "str",
    "importance": "float64",
    "satisfaction": "float64",
}
"""Columns and dtypes of ``datasets/backlog.csv`` (described in ``datasets/README.md``)."""

KANO_SURVEY_SCHEMA: dict[str, str] = {
    "respondent_id": "str",
    "role": "str",
    "feature_id": "str",
    "functional": "str",
    "dysfunctional": "str",
}
"""Columns and dtypes of ``datasets/kano_survey.csv``."""

INTERVIEWS_SCHEMA: dict[str, str] = {
    "interview_id": "str",
    "interviewed_on": "str",
    "role": "str",
    "company": "str",
    "segment": "str",
    "agents": "int64",
}
"""Columns and dtypes of ``datasets/interviews.csv``: one row per discovery interview."""

INTERVIEW_NOTES_SCHEMA: dict[str, str] = {
    "note_id": "str",
    "interview_id": "str",
    "note": "str",
    "kind": "str",
    "opportunity": "str",
}
"""Columns and dtypes of ``datasets/interview_notes.csv``: one row per interview note."""

KANO_SURVEY_SEED = 2026

# Class counts per surveyed feature (48 respondents each). Two features tie on purpose so that
# the M > O > A > I tie-break matters, and each tie goes against the alphabetical order (what
# pandas' mode() and a crosstab's idxmax() pick): F13 (O = A: O, not A) and F25 (M = I: M, not
# I). instructors/PLANTED_FACTS.md lists them.
_KANO_CLASS_COUNTS: dict[str, dict[str, int]] = {
    "F02": {"M": 20, "O": 12, "A": 4, "I": 9, "R": 1, "Q": 2},
    "F08": {"A": 19, "O": 8, "M": 2, "I": 15, "R": 3, "Q": 1},
    "F12": {"I": 27, "A": 12, "O": 3, "M": 1, "R": 4, "Q": 1},
    "F13": {"A": 15, "O": 15, "M": 5, "I": 11, "R": 1, "Q": 1},
    "F20": {"O": 21, "M": 10, "A": 7, "I": 9, "R": 0, "Q": 1},
    "F25": {"I": 16, "M": 16, "A": 8, "O": 5, "R": 2, "Q": 1},
}
_KANO_ROLES = ("agent", "agent", "agent", "team lead", "admin")
_ANSWER_LABELS = {a: a.capitalize() for a in KANO_ANSWERS}


def datasets_dir() -> Path:
    """Return the folder holding the bundled data files.

    ``PMKIT_DATASETS`` overrides the default, the ``datasets/`` folder next to the ``pmkit``
    package in a checkout of the course.
    """
    override = os.environ.get("PMKIT_DATASETS")
    folder = Path(override) if override else Path(__file__).resolve().parents[2] / "datasets"
    if not folder.is_dir():
        raise FileNotFoundError(
            f"pmkit's datasets folder {folder} does not exist; run from a checkout of the course "
            "or set PMKIT_DATASETS to the folder holding backlog.csv"
        )
    return folder


def _load_csv(name: str, schema: dict[str, str]) -> pd.DataFrame:
    path = datasets_dir() / name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in schema if c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema]
    if missing or extra:
        raise ValueError(
            f"{path} does not match its schema: missing columns {missing}, unexpected {extra}"
        )
    for column, dtype in schema.items():
        if dtype == "str":
            continue
        try:
            frame[column] = frame[column].astype(dtype)  # type: ignore[call-overload]
        except ValueError as err:
            raise ValueError(
                f"{path}: column {column!r} must hold {dtype} values ({err})"
            ) from None
    return frame.astype({c: "str" for c, t in schema.items() if t == "str"})[list(schema)]


def load_backlog() -> pd.DataFrame:
    """Return the bundled product backlog: 30 features of a B2B service-desk SaaS.

    One row per feature with the inputs every framework in the course needs (RICE, ICE, WSJF,
    CD3, MoSCoW, opportunity). ``datasets/README.md`` describes each column and its units.

    >>> backlog = load_backlog()
    >>> backlog.shape
    (30, 20)
    >>> backlog.loc[0, ["feature_id", "feature"]].tolist()
    ['F01', 'Slack and Teams ticket notifications']
    """
    return _load_csv("backlog.csv", BACKLOG_SCHEMA)


def load_kano_survey() -> pd.DataFrame:
    """Return the bundled Kano survey: one row per respondent and surveyed feature.

    ``functional`` answers "How do you feel if the product has this feature?" and
    ``dysfunctional`` "How do you feel if it does not?", each Like, Expect, Neutral, Live with
    or Dislike.

    >>> survey = load_kano_survey()
    >>> survey["feature_id"].nunique(), survey["respondent_id"].nunique()
    (6, 48)
    """
    return _load_csv("kano_survey.csv", KANO_SURVEY_SCHEMA)


def load_interviews() -> pd.DataFrame:
    """Return the 24 HelpHarbor customer discovery interviews of module 08 (fictional).

    One row per interview: who was interviewed (role, an invented company), the customer's
    ``segment`` (``small``: under 10 agents, ``mid``: 10 to 49, ``large``: 50 or more) and its
    number of service-desk ``agents``. ``interviewed_on`` is an ISO date.

    >>> interviews = load_interviews()
    >>> len(interviews), interviews["segment"].value_counts().to_dict()
    (24, {'small': 9, 'mid': 9, 'large': 6})
    """
    return _load_csv("interviews.csv", INTERVIEWS_SCHEMA)


def load_interview_notes() -> pd.DataFrame:
    """Return the notes of the module 08 interviews, one row per note, already tagged.

    ``kind`` says what a note records (``pmkit.discovery.NOTE_KINDS``: past behaviour,
    commitment, opinion, hypothetical, compliment) and ``opportunity`` the problem it bears on
    (``none`` for background). ``datasets/README.md`` describes the tags.

    >>> notes = load_interview_notes()
    >>> sorted(notes["kind"].unique())
    ['commitment', 'compliment', 'hypothetical', 'opinion', 'past behaviour']
    """
    return _load_csv("interview_notes.csv", INTERVIEW_NOTES_SCHEMA)


def generate_kano_survey(seed: int = KANO_SURVEY_SEED) -> pd.DataFrame:
    """Generate the Kano survey that ``datasets/kano_survey.csv`` holds (same seed, same rows).

    For each surveyed feature a fixed number of respondents fall in each Kano class; each is
    given an answer pair drawn at random from the evaluation-table cells of that class.
    """
    rng = np.random.default_rng(seed)
    cells: dict[str, list[tuple[str, str]]] = {}
    for functional in KANO_ANSWERS:
        for dysfunctional in KANO_ANSWERS:
            category = kano_category(functional, dysfunctional)
            cells.setdefault(category, []).append((functional, dysfunctional))
    n_respondents = sum(next(iter(_KANO_CLASS_COUNTS.values())).values())
    respondents = [f"R{i:03d}" for i in range(1, n_respondents + 1)]
    roles = {r: _KANO_ROLES[int(rng.integers(len(_KANO_ROLES)))] for r in respondents}
    answers: dict[tuple[str, str], tuple[str, str]] = {}
    for feature, counts in _KANO_CLASS_COUNTS.items():
        letters = [letter for letter, n in counts.items() for _ in range(n)]
        for respondent, letter in zip(rng.permutation(respondents), letters, strict=True):
            options = cells[letter]
            answers[(str(respondent), feature)] = options[int(rng.integers(len(options)))]
    rows = [
        {
            "respondent_id": r,
            "role": roles[r],
            "feature_id": f,
            "functional": _ANSWER_LABELS[answers[(r, f)][0]],
            "dysfunctional": _ANSWER_LABELS[answers[(r, f)][1]],
        }
        for r in respondents
        for f in _KANO_CLASS_COUNTS
    ]
    return pd.DataFrame(rows).astype("str")

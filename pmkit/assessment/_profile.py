"""An assessment, the profile and gaps it gives, the recommended path, and the gap chart.

The path rules (documented in :func:`recommend_path`):

1. A competency's **gap** is how many levels the rating sits below the target (4,
   "independent", by default): ``max(target - rating, 0)``.
2. A module's **priority** is the sum, over the competencies it builds, of weight x gap
   (weight 1.0 where the module is mainly about the competency, 0.5 where it practises it
   along the way; see :data:`pmkit.assessment.SYLLABUS`).
3. Modules are ordered by priority, highest first, but never before their prerequisites (at
   each step, the highest-priority module whose prerequisites are already on the path; ties by
   module number). Module 07 always comes last: it is the capstone that turns the rest into a
   route and a portfolio.
4. Each module is marked **focus** (priority 2 or more: two levels below target on its main
   competency, or the like), **practise** (some gap) or **review** (no gap: skim the lesson, do
   the exercise to confirm), and carries the note for the learner's background.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import pandas as pd

from pmkit.assessment._competencies import (
    COMPETENCIES,
    COMPETENCY_KEYS,
    DEFAULT_TARGET,
    LEVELS,
    get_competency,
)
from pmkit.assessment._fit import FitFinding, fit_answers, fit_summary
from pmkit.assessment._syllabus import BACKGROUNDS, SYLLABUS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Background = Literal["it", "ops"]
CAPSTONE = "07"
FOCUS_PRIORITY = 2.0
"""A module with at least this priority is marked "focus"."""


def _level(field_name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise ValueError(f"{field_name} must be a whole number from 1 to 5; got {value!r}")
    return value


@dataclass(frozen=True)
class Assessment:
    """One self-assessment: a 1-5 rating per competency, a background and a target level.

    ``ratings`` maps every key of :data:`COMPETENCY_KEYS` to a whole number from 1 to 5;
    ``background`` is ``"it"`` or ``"ops"``; ``target`` (1-5, default 4) is the level the
    recommended path aims for; ``assessed_at`` is a timezone-aware time (now, by default).
    ``fit`` holds the optional fit and motivation answers: statement key (any of
    :data:`FIT_KEYS`, none required) to 1-5 agreement; empty when the part was skipped.

    >>> a = Assessment({k: 3 for k in COMPETENCY_KEYS}, "ops", fit={"saying_no": 2})
    >>> a.gaps()["data_sql"]
    1
    >>> [f.key for f in a.fit_summary()]
    ['saying_no']
    """

    ratings: Mapping[str, int]
    background: Background
    target: int = DEFAULT_TARGET
    assessed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    note: str = ""
    fit: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.ratings, Mapping):
            raise ValueError(
                f"ratings must be a mapping of competency -> 1-5; got {type(self.ratings).__name__}"
            )
        missing = [k for k in COMPETENCY_KEYS if k not in self.ratings]
        unknown = [k for k in self.ratings if k not in COMPETENCY_KEYS]
        if missing or unknown:
            raise ValueError(
                f"ratings must rate exactly the competencies {', '.join(COMPETENCY_KEYS)}; "
                f"missing {missing!r}, unknown {unknown!r}"
            )
        ordered = {k: _level(f"ratings[{k!r}]", self.ratings[k]) for k in COMPETENCY_KEYS}
        object.__setattr__(self, "ratings", MappingProxyType(ordered))
        if self.background not in BACKGROUNDS:
            raise ValueError(f"background must be 'it' or 'ops'; got {self.background!r}")
        _level("target", self.target)
        if not isinstance(self.assessed_at, datetime) or self.assessed_at.tzinfo is None:
            raise ValueError(
                f"assessed_at must be a timezone-aware datetime; got {self.assessed_at!r}"
            )
        if not isinstance(self.note, str):
            raise ValueError(f"note must be text; got {self.note!r}")
        object.__setattr__(self, "fit", fit_answers(self.fit))

    def gaps(self) -> dict[str, int]:
        """Return each competency's gap: levels below the target, 0 at or above it."""
        return {k: max(self.target - r, 0) for k, r in self.ratings.items()}

    def fit_summary(self) -> tuple[FitFinding, ...]:
        """Return the fit answers that suggest something to explore (see :func:`fit_summary`)."""
        return fit_summary(self.fit)

    def profile(self) -> pd.DataFrame:
        """Return the competency profile (see :func:`competency_profile`)."""
        return competency_profile(self)

    def path(self) -> pd.DataFrame:
        """Return the recommended path (see :func:`recommend_path`)."""
        return recommend_path(self)


def competency_profile(assessment: Assessment) -> pd.DataFrame:
    """Return one row per competency: rating, its level word and description, target and gap.

    Columns: ``competency`` (key), ``name``, ``rating`` (int), ``level`` (the scale's word),
    ``target`` (int), ``gap`` (int, levels below target, 0 at or above) and ``anchor`` (the
    description of the rated level). Rows follow :data:`COMPETENCIES`.

    >>> ratings = {k: 4 for k in COMPETENCY_KEYS} | {"data_sql": 2}
    >>> profile = competency_profile(Assessment(ratings, "ops"))
    >>> profile.loc[profile["gap"] > 0, ["competency", "rating", "gap"]].to_dict("records")
    [{'competency': 'data_sql', 'rating': 2, 'gap': 2}]
    """
    if not isinstance(assessment, Assessment):
        raise ValueError(f"assessment must be an Assessment; got {type(assessment).__name__}")
    gaps = assessment.gaps()
    rows = [
        {
            "competency": c.key,
            "name": c.name,
            "rating": assessment.ratings[c.key],
            "level": LEVELS[assessment.ratings[c.key]],
            "target": assessment.target,
            "gap": gaps[c.key],
            "anchor": c.anchor(assessment.ratings[c.key]),
        }
        for c in COMPETENCIES
    ]
    return pd.DataFrame(rows).astype({"rating": "int64", "target": "int64", "gap": "int64"})


def recommend_path(assessment: Assessment) -> pd.DataFrame:
    """Return the recommended order through the modules after 00 for this assessment.

    Rules: a competency's gap is ``max(target - rating, 0)``; a module's ``priority`` is the sum
    of weight x gap over the competencies it builds (:attr:`CourseModule.builds`: 1.0 main,
    0.5 along the way). Modules go highest priority first, never before their prerequisites,
    ties by number, and 07 (the capstone) last. ``focus`` is "focus" at priority >= 2,
    "practise" above 0, "review" at 0. ``addresses`` lists the module's competencies with a gap,
    largest first; ``note`` is the module's note for the assessment's background.

    Columns: ``step`` (1-based), ``module``, ``title``, ``priority`` (float), ``focus``,
    ``hours`` (estimated), ``addresses``, ``note``.

    >>> ratings = {k: 4 for k in COMPETENCY_KEYS} | {"data_sql": 2, "metrics_experiments": 3}
    >>> recommend_path(Assessment(ratings, "ops"))["module"].tolist()
    ['03', '04', '05', '09', '01', '02', '06', '08', '07']
    """
    if not isinstance(assessment, Assessment):
        raise ValueError(f"assessment must be an Assessment; got {type(assessment).__name__}")
    gaps = assessment.gaps()
    modules = [m for m in SYLLABUS if m.number != "00"]
    priority = {m.number: sum(w * gaps[k] for k, w in m.builds.items()) for m in modules}
    placed: list[str] = ["00"]
    remaining = [m for m in modules if m.number != CAPSTONE]
    ordered = []
    while remaining:
        ready = [m for m in remaining if all(p in placed for p in m.prerequisites)]
        if not ready:  # pragma: no cover - the syllabus has no cycles (tested)
            raise RuntimeError("the syllabus prerequisites form a cycle")
        best = max(ready, key=lambda m: (priority[m.number], -int(m.number)))
        ordered.append(best)
        placed.append(best.number)
        remaining.remove(best)
    ordered += [m for m in modules if m.number == CAPSTONE]
    rows = []
    for step, m in enumerate(ordered, start=1):
        score = priority[m.number]
        with_gap = sorted(
            (k for k in m.builds if gaps[k] > 0), key=lambda k: (-m.builds[k] * gaps[k], k)
        )
        rows.append(
            {
                "step": step,
                "module": m.number,
                "title": m.title,
                "priority": float(score),
                "focus": "focus"
                if score >= FOCUS_PRIORITY
                else "practise"
                if score > 0
                else "review",
                "hours": m.hours,
                "addresses": ", ".join(
                    f"{get_competency(k).name} (gap {gaps[k]})" for k in with_gap
                )
                or "-",
                "note": m.notes[assessment.background],
            }
        )
    return pd.DataFrame(rows).astype({"step": "int64", "priority": "float64", "hours": "float64"})


def plot_gaps(assessment: Assessment, *, first: Assessment | None = None) -> Figure:
    """Draw the profile and gap chart: one bar per competency, the target, and the gaps.

    Bars show the ratings, a dashed line the target, hatched bars the gap up to the target.
    With ``first`` (an earlier assessment, usually your first), hollow circles show its ratings
    so progress is visible. Returns a matplotlib ``Figure`` built without pyplot; display it as
    the last expression of a notebook cell.
    """
    from matplotlib.figure import Figure

    if not isinstance(assessment, Assessment):
        raise ValueError(f"assessment must be an Assessment; got {type(assessment).__name__}")
    if first is not None and not isinstance(first, Assessment):
        raise ValueError(f"first must be an Assessment or None; got {type(first).__name__}")
    names = [
        c.name.replace(" and influence without authority", "\nand influence") for c in COMPETENCIES
    ]
    ratings = [assessment.ratings[c.key] for c in COMPETENCIES]
    gaps = [max(assessment.target - r, 0) for r in ratings]
    figure = Figure(figsize=(8, 5.2), layout="constrained")
    axes = figure.subplots()
    positions = list(range(len(COMPETENCIES)))
    axes.barh(positions, ratings, color="#3182bd", label="your rating")
    axes.barh(
        positions,
        gaps,
        left=ratings,
        color="none",
        edgecolor="#e6550d",
        hatch="///",
        label="gap to target",
    )
    axes.axvline(
        assessment.target,
        color="#e6550d",
        linestyle="--",
        linewidth=1,
        label=f"target ({assessment.target} {LEVELS[assessment.target]})",
    )
    if first is not None:
        axes.scatter(
            [first.ratings[c.key] for c in COMPETENCIES],
            positions,
            s=70,
            facecolors="none",
            edgecolors="black",
            zorder=3,
            label=f"first assessment ({first.assessed_at:%Y-%m-%d})",
        )
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set_xlim(0, 5.3)
    axes.set_xticks(list(LEVELS), [f"{k}\n{w}" for k, w in LEVELS.items()])
    when = f"{assessment.assessed_at:%Y-%m-%d}"
    axes.set_title(f"Competency profile ({assessment.background.upper()}, {when})")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize="small")
    axes.grid(axis="x", alpha=0.3)
    return figure

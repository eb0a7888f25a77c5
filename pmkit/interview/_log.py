"""The practice log: self-scored attempts stored in SQLite in the learner's data folder.

The log lives outside the repository, in the user's data directory (``platformdirs``), so a
``git pull`` of the course never touches it. ``PMKIT_DATA_DIR`` overrides the folder and every
function takes an explicit ``path`` too (tests and shared machines use either).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd

from pmkit import _validation as v
from pmkit._userdata import (
    DATA_DIR_ENV as DATA_DIR_ENV,  # the one setting for all user data
    data_file,
)
from pmkit.interview._bank import CATEGORIES, Prompt

if TYPE_CHECKING:
    from matplotlib.figure import Figure

RUBRIC_SCALE: Mapping[int, str] = MappingProxyType(
    {1: "very weak", 2: "weak", 3: "mixed", 4: "strong", 5: "very strong"}
)
"""The 5-point rubric scale, from very weak to very strong."""

LOG_FILENAME = "practice.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS practice (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practiced_at TEXT NOT NULL,
    prompt_id TEXT NOT NULL,
    category TEXT NOT NULL,
    background TEXT NOT NULL,
    framework TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    scores TEXT NOT NULL,
    mean_score REAL NOT NULL,
    duration_seconds REAL,
    notes TEXT NOT NULL
)
"""

LOG_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "id": "int64",
        "practiced_at": "datetime64[ns, UTC]",
        "prompt_id": "str",
        "category": "str",
        "background": "str",
        "framework": "str",
        "difficulty": "str",
        "scores": "object",
        "mean_score": "float64",
        "duration_seconds": "float64",
        "notes": "str",
    }
)
"""Columns and dtypes of :func:`load_practice_log`; ``scores`` holds a tuple per attempt."""


@dataclass(frozen=True)
class ScoreRecord:
    """One self-scored practice attempt: a 1-5 score per rubric point of one prompt."""

    prompt_id: str
    category: str
    background: str
    framework: str
    difficulty: str
    scores: tuple[int, ...]
    practiced_at: datetime
    duration_seconds: float | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        v.choice("category", self.category, CATEGORIES)
        if not self.scores:
            raise ValueError("scores must hold one score per rubric point; got none")
        for i, score in enumerate(self.scores):
            if isinstance(score, bool) or score not in RUBRIC_SCALE:
                raise ValueError(
                    f"scores[{i}] must be a rating from 1 (very weak) to 5 (very strong); "
                    f"got {score!r}"
                )
        if not isinstance(self.practiced_at, datetime) or self.practiced_at.tzinfo is None:
            raise ValueError(
                f"practiced_at must be a timezone-aware datetime; got {self.practiced_at!r}"
            )
        if self.duration_seconds is not None:
            v.number("duration_seconds", self.duration_seconds, v.NON_NEGATIVE)
        if not isinstance(self.notes, str):
            raise ValueError(f"notes must be text; got {self.notes!r}")

    @classmethod
    def for_prompt(
        cls,
        prompt: Prompt,
        scores: Sequence[int],
        *,
        practiced_at: datetime | None = None,
        duration_seconds: float | None = None,
        notes: str = "",
    ) -> ScoreRecord:
        """Build a record for ``prompt`` with one score per rubric point (now, by default).

        >>> from pmkit.interview import get_prompt
        >>> record = ScoreRecord.for_prompt(get_prompt("BE-001"), [4, 3, 5, 4, 2, 3])
        >>> record.mean_score, record.label
        (3.5, 'mixed')
        """
        if len(scores) != len(prompt.rubric):
            raise ValueError(
                f"scores must have one score per rubric point of {prompt.id} "
                f"({len(prompt.rubric)}); got {len(scores)}"
            )
        return cls(
            prompt_id=prompt.id,
            category=prompt.category,
            background=prompt.background,
            framework=prompt.framework,
            difficulty=prompt.difficulty,
            scores=tuple(scores),
            practiced_at=practiced_at or datetime.now(UTC),
            duration_seconds=duration_seconds,
            notes=notes,
        )

    @property
    def mean_score(self) -> float:
        """The mean of the rubric scores, on the 1-5 scale."""
        return sum(self.scores) / len(self.scores)

    @property
    def label(self) -> str:
        """The rubric scale's word for the mean score, halves rounded down (3.5 is "mixed")."""
        return RUBRIC_SCALE[_round_half_down(self.mean_score)]


def _round_half_down(value: float) -> int:
    """Round to the nearest whole score, halves down: a 3.5 mean has not reached 'strong'."""
    return max(1, min(5, math.ceil(value - 0.5)))


def practice_log_path(path: str | Path | None = None) -> Path:
    """Return where the practice log lives.

    In order: ``path`` if given (a ``.sqlite3`` file, or a folder to hold ``practice.sqlite3``);
    else ``$PMKIT_DATA_DIR/practice.sqlite3``; else ``practice.sqlite3`` in the user's data
    directory from ``platformdirs`` (for example ``~/.local/share/pmkit`` on Linux): the rule
    of :func:`pmkit._userdata.data_file`, shared by everything pmkit keeps for a learner.
    Nothing is created here.

    >>> practice_log_path("/tmp/my-pmkit").name
    'practice.sqlite3'
    """
    return data_file(LOG_FILENAME, path)


def _connect(file: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(file)
    connection.execute(_SCHEMA)
    return connection


def record_practice(record: ScoreRecord, *, path: str | Path | None = None) -> int:
    """Append ``record`` to the practice log (created on first use) and return its row id."""
    if not isinstance(record, ScoreRecord):
        raise ValueError(f"record must be a ScoreRecord; got {type(record).__name__}")
    file = practice_log_path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    with closing(_connect(file)) as connection, connection:
        cursor = connection.execute(
            "INSERT INTO practice (practiced_at, prompt_id, category, background, framework, "
            "difficulty, scores, mean_score, duration_seconds, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.practiced_at.astimezone(UTC).isoformat(),
                record.prompt_id,
                record.category,
                record.background,
                record.framework,
                record.difficulty,
                json.dumps(list(record.scores)),
                record.mean_score,
                record.duration_seconds,
                record.notes,
            ),
        )
        row_id = cursor.lastrowid
    assert row_id is not None
    return row_id


def load_practice_log(*, path: str | Path | None = None) -> pd.DataFrame:
    """Return every logged attempt, oldest first (an empty frame if nothing is logged yet).

    Columns and dtypes are those of :data:`LOG_COLUMNS`; ``practiced_at`` is in UTC. Reading
    never creates the log file.
    """
    file = practice_log_path(path)
    rows: list[tuple[Any, ...]] = []
    if file.exists():
        with closing(_connect(file)) as connection:
            rows = connection.execute(
                f"SELECT {', '.join(LOG_COLUMNS)} FROM practice ORDER BY practiced_at, id"
            ).fetchall()
    frame = pd.DataFrame(rows, columns=list(LOG_COLUMNS))
    when = pd.to_datetime(frame["practiced_at"], utc=True, format="ISO8601")
    frame["practiced_at"] = when.astype("datetime64[ns, UTC]")
    frame["scores"] = frame["scores"].map(lambda text: tuple(json.loads(text))).astype(object)
    frame["duration_seconds"] = pd.to_numeric(frame["duration_seconds"]).astype("float64")
    return frame.astype(
        {k: t for k, t in LOG_COLUMNS.items() if k not in ("practiced_at", "scores")}
    )


_FREQUENCIES = {"day": "D", "week": "W", "month": "M"}


def progress_summary(log: pd.DataFrame, *, period: str = "week") -> pd.DataFrame:
    """Summarize practice per category and period: attempts and mean and best scores.

    ``log`` is a frame like :func:`load_practice_log`'s (``practiced_at``, ``category``,
    ``mean_score`` are used). ``period`` is ``"day"``, ``"week"`` (weeks start on Monday) or
    ``"month"``. Returns one row per category and period with practice, sorted by category
    (in :data:`CATEGORIES` order) and period: ``category``, ``period_start`` (UTC date as a
    naive timestamp), ``attempts``, ``mean_score``, ``best_score``, ``cumulative_attempts``.

    >>> log = pd.DataFrame({
    ...     "practiced_at": pd.to_datetime(["2025-03-03", "2025-03-05", "2025-03-12"], utc=True),
    ...     "category": ["behavioral"] * 3,
    ...     "mean_score": [2.0, 3.0, 4.0],
    ... })
    >>> summary = progress_summary(log)
    >>> summary["period_start"].dt.strftime("%Y-%m-%d").tolist(), summary["attempts"].tolist()
    (['2025-03-03', '2025-03-10'], [2, 1])
    >>> summary["mean_score"].tolist()
    [2.5, 4.0]
    """
    v.require_columns(log, ["practiced_at", "category", "mean_score"], "log")
    frequency = _FREQUENCIES.get(v.choice("period", period, tuple(_FREQUENCIES)), "W")
    scores = v.column(log, "mean_score", v.Rule("a mean score from 1 to 5", low=1, high=5), "log")
    for i, category in enumerate(log["category"]):
        v.choice(f"log['category'] row {i}", category, CATEGORIES)
    when = pd.to_datetime(log["practiced_at"], utc=True).dt.tz_convert(None)
    if frequency == "W":
        starts = when.dt.normalize() - pd.to_timedelta(when.dt.day_of_week, unit="D")
    else:
        starts = when.dt.to_period(frequency).dt.start_time
    data = pd.DataFrame(
        {
            "category": log["category"].astype(str).to_numpy(),
            "period_start": starts.dt.normalize().to_numpy(),
            "mean_score": scores,
        }
    )
    summary = (
        data.groupby(["category", "period_start"], as_index=False)
        .agg(
            attempts=("mean_score", "size"),
            mean_score=("mean_score", "mean"),
            best_score=("mean_score", "max"),
        )
        .astype({"attempts": "int64", "period_start": "datetime64[ns]"})
    )
    summary["order"] = summary["category"].map(CATEGORIES.index)
    summary = summary.sort_values(["order", "period_start"]).drop(columns="order")
    summary["cumulative_attempts"] = summary.groupby("category")["attempts"].cumsum()
    return summary.reset_index(drop=True)


def plot_progress(summary: pd.DataFrame, *, title: str = "Interview practice") -> Figure:
    """Plot each category's mean self-score over time; return a matplotlib ``Figure``.

    ``summary`` is :func:`progress_summary`'s output. The figure is built without pyplot, so
    nothing global changes; display it as the last expression of a notebook cell.
    """
    from matplotlib.figure import Figure

    v.require_columns(summary, ["category", "period_start", "mean_score", "attempts"], "summary")
    figure = Figure(figsize=(8, 4.5), layout="constrained")
    axes = figure.subplots()
    for category in [c for c in CATEGORIES if c in set(summary["category"])]:
        rows = summary[summary["category"] == category].sort_values("period_start")
        axes.plot(rows["period_start"], rows["mean_score"], marker="o", label=f"{category}")
    axes.set_ylim(0.8, 5.2)
    axes.set_yticks(list(RUBRIC_SCALE), [f"{k} {w}" for k, w in RUBRIC_SCALE.items()])
    axes.set_xlabel("period")
    axes.set_ylabel("mean self-score")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    if len(summary):
        axes.legend(loc="lower right", fontsize="small")
    else:
        axes.text(0.5, 0.5, "No practice logged yet", ha="center", transform=axes.transAxes)
    figure.autofmt_xdate()
    return figure

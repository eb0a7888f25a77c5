"""Saved self-assessments: a JSON file of timestamped entries in the learner's data folder.

The file (``self_assessment.json``) lives outside the course repository, in the folder
:func:`pmkit._userdata.data_dir` chooses (an explicit ``path``, then ``PMKIT_DATA_DIR``, then
the user data folder), so updating the course never touches it. It is plain JSON, readable and
easy to back up::

    {"format": "pmkit self-assessment", "version": 2,
     "entries": [{"assessed_at": "2025-03-03T09:00:00+00:00", "background": "ops",
                  "target": 4, "ratings": {"product_sense": 2, ...}, "note": "",
                  "fit": {"saying_no": 3, ...}}, ...]}

Version 2 added ``fit``, the optional fit and motivation answers (``{}`` when skipped). Files
written before it (version 1, entries without ``fit``) load as they are, with no fit answers,
and saving into such a file keeps its earlier entries unchanged.

Writes go to a temporary file that then replaces the old one, so an interrupted save never
leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pmkit._userdata import data_file
from pmkit.assessment._competencies import COMPETENCIES
from pmkit.assessment._profile import Assessment

ASSESSMENT_FILENAME = "self_assessment.json"
_FORMAT = "pmkit self-assessment"
_VERSION = 2
"""Version 1 had no ``fit`` answers; version 2 adds them."""


def assessment_path(path: str | Path | None = None) -> Path:
    """Return where saved assessments live (nothing is created).

    ``path`` is a ``.json`` file or a folder to hold ``self_assessment.json``; without it, the
    file is in ``$PMKIT_DATA_DIR`` or the user data folder.

    >>> assessment_path("/tmp/my-pmkit").name
    'self_assessment.json'
    """
    return data_file(ASSESSMENT_FILENAME, path)


def _entry(assessment: Assessment) -> dict[str, Any]:
    return {
        "assessed_at": assessment.assessed_at.isoformat(),
        "background": assessment.background,
        "target": assessment.target,
        "ratings": dict(assessment.ratings),
        "note": assessment.note,
        "fit": dict(assessment.fit),
    }


def _read(file: Path) -> list[dict[str, Any]]:
    if not file.exists():
        return []
    try:
        content = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{file} is not a pmkit self-assessment file: {error}") from None
    if not isinstance(content, dict) or content.get("format") != _FORMAT:
        raise ValueError(f"{file} is not a pmkit self-assessment file (no format {_FORMAT!r})")
    entries = content.get("entries")
    if not isinstance(entries, list):
        raise ValueError(f"{file} has no list of entries")
    return entries


def save_assessment(assessment: Assessment, *, path: str | Path | None = None) -> Path:
    """Append ``assessment`` to the saved assessments (the file is created on first use).

    Returns the file's path. Earlier entries are kept as they were.
    """
    if not isinstance(assessment, Assessment):
        raise ValueError(f"assessment must be an Assessment; got {type(assessment).__name__}")
    file = assessment_path(path)
    entries = _read(file)
    entries.append(_entry(assessment))
    file.parent.mkdir(parents=True, exist_ok=True)
    content = {"format": _FORMAT, "version": _VERSION, "entries": entries}
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".self_assessment-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(content, out, indent=1)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return file


def load_assessments(*, path: str | Path | None = None) -> list[Assessment]:
    """Return every saved assessment, oldest first (an empty list when none is saved).

    Reading never creates the file. Entries saved before fit answers existed load with none
    (an empty ``fit``). An entry that does not validate raises a ValueError naming its position
    in the file.
    """
    file = assessment_path(path)
    assessments = []
    for i, entry in enumerate(_read(file)):
        try:
            assessments.append(
                Assessment(
                    ratings=entry["ratings"],
                    background=entry["background"],
                    target=entry["target"],
                    assessed_at=datetime.fromisoformat(entry["assessed_at"]),
                    note=entry.get("note", ""),
                    fit=entry.get("fit", {}),  # entries saved before version 2 have none
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{file}: entry {i} is not a valid assessment: {error}") from None
    return sorted(assessments, key=lambda a: a.assessed_at)


def progress_table(assessments: Sequence[Assessment]) -> pd.DataFrame:
    """Compare the first and the latest assessment, competency by competency.

    ``assessments`` is a list like :func:`load_assessments` returns (at least one; with one,
    first and latest are the same). The earliest and latest by ``assessed_at`` are compared.
    Columns: ``competency``, ``name``, ``first``, ``latest``, ``change`` (latest - first),
    ``target`` (the latest's) and ``gap`` (levels the latest is below target).

    >>> from datetime import UTC, datetime
    >>> from pmkit.assessment import COMPETENCY_KEYS
    >>> start = Assessment({k: 2 for k in COMPETENCY_KEYS}, "it",
    ...                    assessed_at=datetime(2025, 3, 1, tzinfo=UTC))
    >>> later = Assessment({k: 2 for k in COMPETENCY_KEYS} | {"data_sql": 4}, "it",
    ...                    assessed_at=datetime(2025, 4, 1, tzinfo=UTC))
    >>> table = progress_table([later, start])
    >>> moved = table[table["change"] != 0]
    >>> moved[["competency", "first", "latest", "change"]].to_dict("records")
    [{'competency': 'data_sql', 'first': 2, 'latest': 4, 'change': 2}]
    """
    if isinstance(assessments, Assessment) or not isinstance(assessments, Sequence):
        raise ValueError(f"assessments must be a list of Assessment; got {assessments!r}")
    for i, item in enumerate(assessments):
        if not isinstance(item, Assessment):
            raise ValueError(f"assessments[{i}] must be an Assessment; got {type(item).__name__}")
    if not assessments:
        raise ValueError("assessments must hold at least one assessment; got an empty list")
    ordered = sorted(assessments, key=lambda a: a.assessed_at)
    first, latest = ordered[0], ordered[-1]
    rows = [
        {
            "competency": c.key,
            "name": c.name,
            "first": first.ratings[c.key],
            "latest": latest.ratings[c.key],
            "change": latest.ratings[c.key] - first.ratings[c.key],
            "target": latest.target,
            "gap": max(latest.target - latest.ratings[c.key], 0),
        }
        for c in COMPETENCIES
    ]
    return pd.DataFrame(rows).astype(
        {"first": "int64", "latest": "int64", "change": "int64", "target": "int64", "gap": "int64"}
    )

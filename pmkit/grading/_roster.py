"""The class roster: read a CSV of students, check it, and put it in nbgrader's gradebook.

Student ids become folder names (``submitted/<id>/``, ``feedback/<id>/``), so an id with a path
separator, ``..`` or a leading dot could make grading read or write outside its folder. Every
id is checked here, and the whole file is refused with the row and the reason when one is bad:
a roster is imported completely or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmkit.grading._nbgrader import open_gradebook

if TYPE_CHECKING:
    import pandas as pd

ROSTER_COLUMNS = ("id", "first_name", "last_name", "email", "lms_user_id")
_SAFE_ID = re.compile(r"^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,127}$")


def check_student_id(student_id: object) -> str:
    """Return ``student_id`` if it is safe as a folder name; otherwise raise a ValueError.

    Allowed: letters, digits and ``. _ @ + -``, at most 128 characters, not starting with a dot
    (so no ``..``, no hidden folders, no path separators or spaces).

    >>> check_student_id("ada.lovelace")
    'ada.lovelace'
    >>> check_student_id("../gradebook")
    Traceback (most recent call last):
    ...
    ValueError: student id '../gradebook' is not allowed: use letters, digits and . _ @ + - (no path separators, no leading dot, at most 128 characters)
    """  # noqa: E501
    if not isinstance(student_id, str) or not _SAFE_ID.match(student_id) or ".." in student_id:
        raise ValueError(
            f"student id {student_id!r} is not allowed: use letters, digits and . _ @ + - "
            "(no path separators, no leading dot, at most 128 characters)"
        )
    return student_id


def read_roster(path: Path) -> pd.DataFrame:
    """Read and check a roster CSV: an ``id`` column, optionally the other ROSTER_COLUMNS.

    Raises a ValueError naming the file, the row (as numbered in a spreadsheet, header = 1) and
    the problem: a missing ``id`` column, an unknown column, an unsafe or duplicate id.
    """
    import pandas as pd

    try:
        roster = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ValueError(f"{path}: cannot read the roster as CSV ({err})") from None
    roster.columns = [str(c).strip() for c in roster.columns]
    if "id" not in roster.columns:
        raise ValueError(f"{path}: the roster needs an 'id' column; it has {list(roster.columns)}")
    unknown = [c for c in roster.columns if c not in ROSTER_COLUMNS]
    if unknown:
        raise ValueError(
            f"{path}: unknown column(s) {unknown}; a roster may have {list(ROSTER_COLUMNS)}"
        )
    roster["id"] = roster["id"].str.strip()
    for position, student_id in enumerate(roster["id"]):
        try:
            check_student_id(student_id)
        except ValueError as err:
            raise ValueError(f"{path}, row {position + 2}: {err}") from None
    duplicated = roster["id"].duplicated(keep=False)
    if duplicated.any():
        rows = [str(i + 2) for i in duplicated[duplicated].index]
        first = roster.loc[duplicated, "id"].iloc[0]
        raise ValueError(
            f"{path}: student id {first!r} appears more than once (rows {', '.join(rows)})"
        )
    return roster


@dataclass(frozen=True)
class RosterImport:
    """What :func:`import_roster` changed in the gradebook."""

    created: list[str]
    updated: list[str]


def import_roster(db_url: str, roster: pd.DataFrame) -> RosterImport:
    """Create or update every student of a checked roster in the gradebook at ``db_url``."""
    created: list[str] = []
    updated: list[str] = []
    with open_gradebook(db_url) as gradebook:
        existing = {student.id for student in gradebook.students}
        for record in roster.to_dict("records"):
            student_id = check_student_id(record["id"])
            details = {k: (record.get(k) or None) for k in ROSTER_COLUMNS[1:] if k in record}
            gradebook.update_or_create_student(student_id, **details)
            (updated if student_id in existing else created).append(student_id)
    return RosterImport(created=created, updated=updated)

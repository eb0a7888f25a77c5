"""Submissions that could not be graded, kept with their reason for the cohort report.

``pmkit cohort grade`` prints a failed submission's reason (a broken file, a dead kernel, a
notebook over its time limit, an unsafe student id), and the gradebook cannot hold it: nbgrader
records only what it graded. The grader keeps each failure in ``autograded/.pmkit-failures.json``
(written under the course's gradebook lock) until the submission grades, or is skipped as
graded before and unchanged, so the cohort report lists every submission that still needs the
instructor, with what to do about it. A damaged file is a CourseError naming it, never an empty
record.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.grading._course import Course, CourseError

if TYPE_CHECKING:
    import pandas as pd

FAILURES_FILE = ".pmkit-failures.json"
FAILURE_COLUMNS = ["student_id", "assignment", "reason", "failed_at"]


def _path(course: Course) -> Path:
    return course.root / "autograded" / FAILURES_FILE


def _read(course: Course) -> dict[str, dict[str, dict[str, str]]]:
    path = _path(course)
    if not path.is_file():
        return {}
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise _damaged(path, f"it is not valid JSON ({err})") from None
    if not isinstance(data, dict):
        raise _damaged(path, f"it holds a {type(data).__name__}, not an object")
    for assignment, students in data.items():
        if not isinstance(students, dict) or not all(
            isinstance(failure, dict) and isinstance(failure.get("reason"), str)
            for failure in students.values()
        ):
            raise _damaged(
                path, f"the entry for {assignment!r} is not {{student: {{reason, failed_at}}}}"
            )
    return data


def _damaged(path: Path, problem: str) -> CourseError:
    return CourseError(
        f"{path}, the record of submissions that failed to grade, is damaged: {problem}. Delete "
        "it and run pmkit cohort grade again: failed submissions are retried and recorded anew"
    )


def check_failures_record(course: Course) -> None:
    """Raise a CourseError naming the failures file if it is damaged (grading checks first)."""
    _read(course)


def _write(course: Course, failures: dict[str, dict[str, dict[str, str]]]) -> None:
    path = _path(course)
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = {name: students for name, students in sorted(failures.items()) if students}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)


def record_failure(course: Course, assignment: str, student: str, reason: str) -> None:
    """Keep the reason ``student``'s submission of ``assignment`` failed to grade, with the time."""
    failures = _read(course)
    failures.setdefault(assignment, {})[student] = {
        "reason": reason,
        "failed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    _write(course, failures)


def clear_failure(course: Course, assignment: str, student: str) -> None:
    """Forget a failure once the submission has graded (or is graded and unchanged)."""
    failures = _read(course)
    if failures.get(assignment, {}).pop(student, None) is not None:
        _write(course, failures)


def grading_failures(course: Course) -> pd.DataFrame:
    """Return the submissions that failed to grade and have not graded since.

    Columns: ``student_id``, ``assignment``, ``reason``, ``failed_at`` (UTC, ISO 8601), sorted
    by assignment and student. A damaged record is a CourseError naming the file.
    """
    import pandas as pd

    rows = [
        {"student_id": student, "assignment": assignment, **failure}
        for assignment, students in _read(course).items()
        for student, failure in students.items()
    ]
    frame = pd.DataFrame(rows, columns=FAILURE_COLUMNS)
    return frame.sort_values(["assignment", "student_id"]).reset_index(drop=True)

"""Due dates, per-student extensions and late penalties, applied by the one gradebook writer.

nbgrader knows an assignment's due date, a submission's extension and a notebook's late
penalty, and computes the penalty while it autogrades, from the lateness its gradebook sees.
pmkit's parallel grading autogrades in scratch courses that know no due date, so the parent
process, the only writer to the course gradebook, applies lateness after recording each
submission (:func:`apply_lateness`): the extension from the course's ``extensions.csv``, the
lateness nbgrader computes from it (:attr:`SubmittedAssignment.total_seconds_late`), and the
penalty from the course's policy, the plugin in ``c.AssignLatePenalties.plugin_class``.
``nbgrader autograde`` run directly uses the same plugin, so both paths give the same penalty.

The policy pmkit adds, :class:`LatePenalty`, takes a percentage of the notebook's score per
started day late (after an optional grace period), up to a cap::

    c.AssignLatePenalties.plugin_class = "pmkit.grading.LatePenalty"
    c.LatePenalty.percent_per_day = 10    # 10 % of the score for each started day late
    c.LatePenalty.max_percent = 50        # never more than half
    c.LatePenalty.grace_minutes = 15      # up to 15 minutes late is on time

Extensions live in ``extensions.csv`` beside ``nbgrader_config.py`` (``student_id``,
``assignment``, ``extra_time`` such as ``2d``, ``36h`` or ``1d 6h``, and an optional
``reason``), so they can be granted before a student hands in and kept under version control;
``pmkit cohort extend`` writes that file and updates a submission already in the gradebook.
"""

from __future__ import annotations

import csv
import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from pmkit.grading._course import Course, CourseError
from pmkit.grading._nbgrader import open_gradebook
from pmkit.grading._roster import check_student_id

EXTENSIONS_FILE = "extensions.csv"
EXTENSION_COLUMNS = ("student_id", "assignment", "extra_time", "reason")
_DAY = 86_400.0
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


class LatePenalty(LateSubmissionPlugin):  # type: ignore[misc]
    """A percentage of the notebook's score per started day late, capped (nbgrader plugin).

    With ``percent_per_day = 0`` (the default) it behaves as nbgrader's own plugin, so
    ``c.LateSubmissionPlugin.penalty_method = "zero"`` still means "late scores 0".
    """

    percent_per_day = Float(
        0.0, min=0.0, max=100.0, help="Percent of the notebook's score taken per started day late."
    ).tag(config=True)
    max_percent = Float(100.0, min=0.0, max=100.0, help="The largest penalty, in percent.").tag(
        config=True
    )
    grace_minutes = Float(0.0, min=0.0, help="Lateness up to this many minutes costs nothing.").tag(
        config=True
    )

    def late_submission_penalty(
        self, student_id: str, score: float, total_seconds_late: float
    ) -> float | None:
        """Return the points taken from ``score`` for a notebook ``total_seconds_late`` late.

        >>> policy = LatePenalty(percent_per_day=10, max_percent=25, grace_minutes=15)
        >>> [policy.late_submission_penalty("ada", 8.0, s) for s in (600, 1200, 90_000, 10**6)]
        [0.0, 0.8, 1.6, 2.0]
        """
        if not self.percent_per_day:
            penalty: float | None = super().late_submission_penalty(
                student_id, score, total_seconds_late
            )
            return penalty
        late = total_seconds_late - 60.0 * self.grace_minutes
        if late <= 0:
            return 0.0
        percent = min(self.max_percent, self.percent_per_day * math.ceil(late / _DAY))
        return round(score * percent / 100.0, 6)


def parse_extra_time(text: str) -> timedelta:
    """Return the time in ``text``: weeks, days, hours and minutes, e.g. ``"1d 6h"``.

    ``"0"`` is no extension. Anything else is a ValueError naming the text.

    >>> parse_extra_time("2d"), parse_extra_time("1d 6h"), parse_extra_time("90m")
    (datetime.timedelta(days=2), datetime.timedelta(days=1, seconds=21600), datetime.timedelta(seconds=5400))
    """  # noqa: E501
    cleaned = str(text).strip().lower()
    if cleaned in ("0", ""):
        return timedelta(0)
    parts = _PART.findall(cleaned)
    if not parts or _PART.sub("", cleaned).strip():
        raise ValueError(
            f"extra_time {text!r} is not a length of time: write it as weeks, days, hours and "
            "minutes, for example 2d, 36h, 1d 6h or 90m (0 removes an extension)"
        )
    extra = timedelta(0)
    for amount, unit in parts:
        extra += timedelta(**{_UNITS[unit]: float(amount)})
    return extra


def format_extra_time(extra: timedelta) -> str:
    """Return ``extra`` as :func:`parse_extra_time` reads it (``timedelta(hours=30)`` -> ``1d 6h``).

    >>> format_extra_time(timedelta(days=1, hours=6)), format_extra_time(timedelta(0))
    ('1d 6h', '0')
    """
    minutes = round(extra.total_seconds() / 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    text = " ".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m")) if n)
    return text or "0"


def read_extensions(course: Course) -> dict[tuple[str, str], tuple[timedelta, str]]:
    """Return ``{(assignment, student): (extra time, reason)}`` from the course's extensions.csv.

    No file means no extensions. A bad row is a CourseError naming the file, the row (as a
    spreadsheet numbers it, header = 1) and the problem; a pair listed twice is one too.
    """
    path = course.root / EXTENSIONS_FILE
    if not path.is_file():
        return {}
    extensions: dict[tuple[str, str], tuple[timedelta, str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"student_id", "assignment", "extra_time"} - set(reader.fieldnames or [])
        if missing:
            raise CourseError(
                f"{path}: the extensions file needs the columns {', '.join(EXTENSION_COLUMNS)} "
                f"(reason is optional); it lacks {', '.join(sorted(missing))}"
            )
        for row_number, row in enumerate(reader, start=2):
            try:
                student = check_student_id((row.get("student_id") or "").strip())
                assignment = (row.get("assignment") or "").strip()
                if not assignment:
                    raise ValueError("assignment is empty")
                extra = parse_extra_time(row.get("extra_time") or "")
            except ValueError as err:
                raise CourseError(f"{path}, row {row_number}: {err}") from None
            if (assignment, student) in extensions:
                raise CourseError(
                    f"{path}, row {row_number}: {student} already has an extension for "
                    f"{assignment}; keep one row per student and assignment"
                )
            extensions[(assignment, student)] = (extra, (row.get("reason") or "").strip())
    return extensions


def write_extension(
    course: Course, assignment: str, student: str, extra: timedelta, reason: str = ""
) -> Path:
    """Set (or, with no time, remove) one extension in the course's extensions.csv; return it."""
    check_student_id(student)
    course.check_assignment(assignment)
    extensions = read_extensions(course)
    if extra > timedelta(0):
        extensions[(assignment, student)] = (extra, reason)
    else:
        extensions.pop((assignment, student), None)
    path = course.root / EXTENSIONS_FILE
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXTENSION_COLUMNS)
        for (name, who), (time, why) in sorted(
            extensions.items(), key=lambda i: (i[0][1], i[0][0])
        ):
            writer.writerow([who, name, format_extra_time(time), why])
    return path


def late_policy(course: Course) -> LateSubmissionPlugin:
    """Return the course's late-penalty plugin, configured from its nbgrader_config.py."""
    from nbgrader.preprocessors import AssignLatePenalties

    config = course.nbgrader_config()
    return AssignLatePenalties(config=config).plugin_class(config=config)


def apply_lateness(
    db_url: str,
    assignment: str,
    student: str,
    *,
    extra: timedelta | None,
    policy: LateSubmissionPlugin,
) -> dict[str, Any]:
    """Set a graded submission's extension and recompute its notebooks' late penalties.

    The penalty is the policy's, clamped to ``[0, the notebook's score]`` as nbgrader's
    autograde clamps it; a submission on time (extension included) has none. Returns the
    submission's ``seconds_late`` and total ``late_penalty``.
    """
    with open_gradebook(db_url) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        submission.extension = extra if extra else None
        gradebook.db.commit()
        late = float(submission.total_seconds_late or 0.0)
        total = 0.0
        for notebook in submission.notebooks:
            penalty = None
            if late > 0:
                penalty = policy.late_submission_penalty(student, float(notebook.score), late)
                if penalty is not None:
                    penalty = min(max(float(penalty), 0.0), float(notebook.score))
            notebook.late_submission_penalty = penalty
            total += penalty or 0.0
        gradebook.db.commit()
    return {"seconds_late": late, "late_penalty": total}


def set_due_date(db_url: str, assignment: str, due: datetime) -> datetime:
    """Set an assignment's due date in the gradebook; return it in UTC (as nbgrader stores it).

    A due date without a time zone is taken to be UTC.
    """
    from nbgrader.api import MissingEntry

    utc = due.astimezone(UTC) if due.tzinfo else due.replace(tzinfo=UTC)
    with open_gradebook(db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            known = ", ".join(a.name for a in gradebook.assignments)
            raise CourseError(
                f"no assignment {assignment!r} in the gradebook; it has {known or 'none'} "
                "(make exercises puts the course's assignments there)"
            ) from None
        gradebook.update_or_create_assignment(assignment, duedate=utc.replace(tzinfo=None))
    return utc

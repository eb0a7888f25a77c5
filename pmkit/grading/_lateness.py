"""Due dates, per-student extensions and late penalties, kept in step by every writer.

nbgrader knows an assignment's due date, a submission's extension and a notebook's late
penalty, and computes the penalty while it autogrades, from the lateness its gradebook sees.
pmkit's parallel grading autogrades in scratch courses that know no due date, so its parent
process applies lateness after recording each submission (:func:`apply_lateness`): the
extension from the course's ``extensions.csv``, the lateness nbgrader computes from it
(:attr:`SubmittedAssignment.total_seconds_late`), and the penalty from the course's policy, the
plugin in ``c.AssignLatePenalties.plugin_class``. ``nbgrader autograde`` run directly uses the
same plugin, so both paths give the same penalty. A submission graded before and unchanged gets
the same update when grading skips it, so an edit of ``extensions.csv`` or a new due date
reaches it without ``--force``; ``pmkit cohort due`` (:func:`set_due_date`) and ``pmkit cohort
extend`` recompute the submissions already graded at once (:func:`update_lateness`).

Several processes write this state: ``pmkit cohort grade``'s parent, ``cohort extend`` and
``cohort due``. Each holds the course's gradebook lock (:func:`gradebook_lock`, an exclusive
``flock`` on ``.nbgrader/gradebook.lock``) while it reads ``extensions.csv`` and writes it or the
gradebook, so an extension granted or a due date moved during a grading run is never
overwritten by the run's older view. nbgrader's own tools (formgrader, ``nbgrader autograde``)
do not take the lock.

The policy pmkit adds, :class:`LatePenalty`, takes a percentage of the notebook's score per
started day late (after an optional grace period), up to a cap::

    c.AssignLatePenalties.plugin_class = "pmkit.grading.LatePenalty"
    c.LatePenalty.percent_per_day = 10    # 10 % of the score for each started day late
    c.LatePenalty.max_percent = 50        # never more than half
    c.LatePenalty.grace_minutes = 15      # up to 15 minutes late is on time

Extensions live in ``extensions.csv`` beside ``nbgrader_config.py`` (``student_id``,
``assignment``, ``extra_time`` such as ``2d``, ``36h`` or ``1d 6h``, in whole minutes, and an
optional ``reason``), so they can be granted before a student hands in and kept under version
control; ``pmkit cohort extend`` writes that file and updates a submission already in the
gradebook.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import math
import re
from collections.abc import Collection, Iterator
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
LOCK_FILE = Path(".nbgrader") / "gradebook.lock"
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

    ``"0"`` (or ``"0d"``, ...) is no extension. Extensions count in whole minutes, as
    extensions.csv keeps them: a fraction of a minute is rounded to the nearest minute, and a
    time of half a minute or less (``"0.2m"``) is refused rather than read as none. Empty or
    anything else is a ValueError naming the text.

    >>> parse_extra_time("2d"), parse_extra_time("1d 6h"), parse_extra_time("90m")
    (datetime.timedelta(days=2), datetime.timedelta(days=1, seconds=21600), datetime.timedelta(seconds=5400))
    >>> parse_extra_time("0.01h")  # 36 seconds: one minute
    datetime.timedelta(seconds=60)
    """  # noqa: E501
    cleaned = str(text).strip().lower()
    if not cleaned:
        raise ValueError(
            "extra_time is empty: write a length of time such as 2d, 36h, 1d 6h or 90m "
            "(0 removes an extension)"
        )
    if cleaned == "0":
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
    return _whole_minutes(extra, f"extra_time {text!r}")


def _whole_minutes(extra: timedelta, what: str) -> timedelta:
    """Return ``extra`` rounded to whole minutes; a ValueError naming ``what`` if that is none."""
    minutes = round(extra.total_seconds() / 60)
    if minutes == 0 and extra > timedelta(0):
        raise ValueError(
            f"{what} is under a minute; extensions count in whole minutes (1m or more, or 0 to "
            "remove one)"
        )
    return timedelta(minutes=minutes)


def format_extra_time(extra: timedelta) -> str:
    """Return ``extra`` as :func:`parse_extra_time` reads it (``timedelta(hours=30)`` -> ``1d 6h``).

    Whole minutes, rounded as :func:`parse_extra_time` rounds, so writing and reading back
    give the same time.

    >>> format_extra_time(timedelta(days=1, hours=6)), format_extra_time(timedelta(0))
    ('1d 6h', '0')
    """
    minutes = round(extra.total_seconds() / 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    text = " ".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m")) if n)
    return text or "0"


def hours(seconds: float) -> float:
    """Return ``seconds`` in hours, rounded to 0.01 h: how exports and reports show lateness.

    >>> hours(99_000), hours(30)
    (27.5, 0.01)
    """
    return round(seconds / 3600, 2)


def extension_hours(extension: timedelta | None) -> float:
    """Return a submission's extension in hours, rounded as :func:`hours` (0 without one)."""
    return hours(extension.total_seconds()) if extension else 0.0


@contextlib.contextmanager
def gradebook_lock(course: Course) -> Iterator[None]:
    """Hold the course's gradebook lock (an exclusive ``flock`` on ``.nbgrader/gradebook.lock``).

    pmkit's writers of grading state hold it while they read ``extensions.csv`` and write it,
    the gradebook or the failures record: ``pmkit cohort grade``'s parent process for each
    submission it records, ``cohort extend`` and ``cohort due``. Another holder waits. It is not
    re-entrant: a process that holds it must not take it again.
    """
    path = course.root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_extensions(course: Course) -> dict[tuple[str, str], tuple[timedelta, str]]:
    """Return ``{(assignment, student): (extra time, reason)}`` from the course's extensions.csv.

    No file means no extensions. A bad row is a CourseError naming the file, the row (as a
    spreadsheet numbers it, header = 1) and the problem: an unsafe student id, an assignment
    the course does not have, an empty or unreadable ``extra_time``; a pair listed twice is one
    too.
    """
    path = course.root / EXTENSIONS_FILE
    if not path.is_file():
        return {}
    known = course.assignments()
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
                if assignment not in known:
                    raise ValueError(
                        f"assignment {assignment!r} is not one of the course's: "
                        f"{', '.join(known) or 'none'} (folders of {course.solutions_dir})"
                    )
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
    """Set (or, with no time, remove) one extension in the course's extensions.csv; return it.

    ``extra`` counts in whole minutes (rounded; a ValueError for half a minute or less, as
    :func:`parse_extra_time`). Written under the course's :func:`gradebook_lock`; the gradebook
    is not touched (:func:`update_lateness` applies it to a graded submission).
    """
    check_student_id(student)
    course.check_assignment(assignment)
    if extra > timedelta(0):
        extra = _whole_minutes(extra, f"extra_time {extra}")
    with gradebook_lock(course):
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


def set_lateness(
    gradebook: Any,
    assignment: str,
    student: str,
    *,
    extra: timedelta | None,
    policy: LateSubmissionPlugin,
) -> dict[str, Any]:
    """Set a submission's extension and penalties in an open ``gradebook``, without committing.

    The caller commits, so the extension and the penalties land in one transaction. Raises
    nbgrader's MissingEntry when the student has no submission of ``assignment`` there.
    """
    submission = gradebook.find_submission(assignment, student)
    submission.extension = extra if extra else None
    late = float(submission.total_seconds_late or 0.0)  # from the extension just set
    total = 0.0
    for notebook in submission.notebooks:
        penalty = None
        if late > 0:
            penalty = policy.late_submission_penalty(student, float(notebook.score), late)
            if penalty is not None:
                penalty = min(max(float(penalty), 0.0), float(notebook.score))
        notebook.late_submission_penalty = penalty
        total += penalty or 0.0
    return {"seconds_late": late, "late_penalty": total}


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
    autograde clamps it; a submission on time (extension included) has none. One transaction.
    Returns the submission's ``seconds_late`` and total ``late_penalty``. It takes no lock:
    :func:`update_lateness` reads the extension from extensions.csv under the course's
    :func:`gradebook_lock`.
    """
    with open_gradebook(db_url) as gradebook:
        lateness = set_lateness(gradebook, assignment, student, extra=extra, policy=policy)
        gradebook.db.commit()
    return lateness


def _update_submissions(
    course: Course,
    gradebook: Any,
    assignment: str,
    students: Collection[str] | None,
    policy: LateSubmissionPlugin,
) -> dict[str, dict[str, Any]]:
    """Apply extensions.csv and ``policy`` to graded submissions; one transaction each."""
    from nbgrader.api import MissingEntry

    extensions = read_extensions(course)
    if students is None:
        students = sorted(s.student_id for s in gradebook.assignment_submissions(assignment))
    found = {}
    for student in students:
        extra = extensions.get((assignment, student), (None, ""))[0]
        try:
            found[student] = set_lateness(
                gradebook, assignment, student, extra=extra, policy=policy
            )
        except MissingEntry:
            continue  # not graded yet: grading applies it
        gradebook.db.commit()
    return found


def update_lateness(
    course: Course,
    assignment: str,
    *,
    students: Collection[str] | None = None,
    db_url: str | None = None,
    policy: LateSubmissionPlugin | None = None,
) -> dict[str, dict[str, Any]]:
    """Recompute the extension and late penalty of ``assignment``'s graded submissions.

    Every submission in the gradebook (``db_url``, by default the course's), or only the
    ``students`` named, gets its extension from extensions.csv and its penalty from ``policy``
    (by default the course's), under the course's :func:`gradebook_lock`, one transaction per
    submission. Returns ``{student: {"seconds_late": ..., "late_penalty": ...}}`` for the
    submissions found; a named student without a graded submission is left out.
    """
    url = db_url or str(course.nbgrader_config().CourseDirectory.db_url)
    policy = policy if policy is not None else late_policy(course)
    with gradebook_lock(course), open_gradebook(url) as gradebook:
        return _update_submissions(course, gradebook, assignment, students, policy)


def set_due_date(db_url: str, assignment: str, due: datetime, *, course: Course | None) -> datetime:
    """Set an assignment's due date in the gradebook; return it in UTC (as nbgrader stores it).

    A due date without a time zone is taken to be UTC. With ``course``, every graded submission
    of the assignment gets its lateness and late penalty recomputed at once from the new date
    (the course's policy and extensions.csv), all under the course's :func:`gradebook_lock`.
    ``course=None`` (a gradebook outside any course) sets the date alone: penalties keep their
    old values until the course grades the assignment again.
    """
    from nbgrader.api import MissingEntry

    utc = due.astimezone(UTC) if due.tzinfo else due.replace(tzinfo=UTC)
    with contextlib.ExitStack() as stack:
        if course is not None:
            stack.enter_context(gradebook_lock(course))
        gradebook = stack.enter_context(open_gradebook(db_url))
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            known = ", ".join(a.name for a in gradebook.assignments)
            raise CourseError(
                f"no assignment {assignment!r} in the gradebook; it has {known or 'none'} "
                "(make exercises puts the course's assignments there)"
            ) from None
        gradebook.update_or_create_assignment(assignment, duedate=utc.replace(tzinfo=None))
        if course is not None:
            _update_submissions(course, gradebook, assignment, None, late_policy(course))
    return utc

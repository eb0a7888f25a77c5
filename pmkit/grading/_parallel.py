"""Grade an assignment's submissions in parallel with nbgrader, losing nothing.

Plain ``nbgrader autograde`` grades one notebook at a time. Here each worker process keeps its
own scratch course (a private SQLite gradebook holding the assignment, generated once and
copied for each worker) and autogrades one student per task with nbgrader itself, through the
course's configuration (so with pmkit's trusted checker, one kept warm per worker); the
autograded notebooks are copied into the student's own folder of ``autograded/``. Of the
grading processes, only the parent writes to the course gradebook: it copies exactly what
nbgrader's autograde records (the submission's timestamp, each grade's automatic score and
whether it needs manual grading, each automatic comment), so the gradebook ends up as a serial
run would leave it, with no "database is locked" among the workers. ``pmkit cohort extend`` and
``cohort due`` write from their own processes; every one of these writers holds the course's
gradebook lock (:func:`._lateness.gradebook_lock`) while it writes.

Every submission is accounted for: graded, skipped (already graded and unchanged), or failed
with the reason, which is also kept for the cohort report (:mod:`._failures`) until the
submission grades or is skipped as graded and unchanged. Each graded submission, and each one
skipped, gets its extension from extensions.csv as it stands then and its late penalty from the
gradebook's due date (:mod:`._lateness`), so an extension or a due date changed since the last
run applies without regrading. A marker next to each autograded submission records what was
graded, so a re-run skips unchanged submissions unless forced.

Student code is untrusted: every kernel and checker runs in the sandbox of
:mod:`pmkit.grading._sandbox` (hidden solutions, gradebook and other submissions; writable
working folder only; no network; memory and wall-time limits), and no test runs where student
code ran (:mod:`pmkit.grading._trusted`). A kernel that dies costs the rest of its notebook; a
notebook over its time limit costs its submission, which fails with that reason; a worker
process that dies (which the sandbox should prevent) is replaced, the submissions it held are
retried one at a time, and the one that kills a worker again fails with that reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pmkit.grading._course import Course, CourseError
from pmkit.grading._failures import clear_failure, record_failure
from pmkit.grading._nbgrader import ScratchCourse, open_gradebook
from pmkit.grading._roster import check_student_id
from pmkit.grading._sandbox import (
    DEFAULT_MEMORY_BYTES,
    DEFAULT_WALL_SECONDS,
    SandboxPolicy,
    SandboxUnavailable,
    sandbox_problem,
)

MARKER = ".pmkit-graded.json"
Status = Literal["graded", "skipped", "failed"]


@dataclass(frozen=True)
class SubmissionResult:
    """What happened to one student's submission."""

    student: str
    status: Status
    reason: str = ""
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0
    sandboxed: bool = True
    """False when the submission's code ran without the sandbox (explicitly allowed)."""
    seconds_late: float = 0.0
    """How late the submission was, after its extension (0 when on time)."""
    late_penalty: float = 0.0
    """Points the course's late policy took from ``score`` (see :mod:`._lateness`)."""


def submission_digest(folder: Path) -> str:
    """Return a digest of every file in a submission folder (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def find_submissions(course: Course, assignment: str) -> list[tuple[str, Path]]:
    """Return (student id, submission folder) for every ``submitted/<id>/<assignment>/``."""
    root = course.root / "submitted"
    if not root.is_dir():
        return []
    return sorted(
        (student.name, student / assignment)
        for student in root.iterdir()
        if student.is_dir() and (student / assignment).is_dir()
    )


# ------------------------------------------------------------------ worker side
_WORKER: dict[str, Any] = {}


def _start_worker(course_root: str, assignment: str, scratch_root: str, sandboxed: bool) -> None:
    course = Course(Path(course_root))
    workdir = Path(tempfile.mkdtemp(prefix=f"worker-{os.getpid()}-", dir=scratch_root))
    policy_file = Path(scratch_root, "sandbox", "policy.json")
    scratch = ScratchCourse(
        course,
        assignment,
        workdir / "course",
        sandbox=sandboxed,
        policy_file=policy_file,
        template=Path(scratch_root, "template"),
    )
    # The trusted checker starts now, while the worker waits for its first submission; it
    # stays warm for every submission this worker grades (reset between them).
    from pmkit.grading._preprocessor import warm_checker

    warm_checker(policy_file).start()
    _WORKER.update(course=course, scratch=scratch, scratch_root=scratch_root)


def _grade_one(student: str, folder: str) -> dict[str, Any]:
    """Autograde one submission in this worker's scratch course; return what nbgrader recorded.

    A marker file says the submission is in this worker's hands until it returns, so if the
    worker process dies, the parent knows which submission it was grading.
    """
    marker = Path(_WORKER["scratch_root"], "started", student)
    marker.parent.mkdir(exist_ok=True)
    marker.touch()
    try:
        return _autograde(student, Path(folder))
    finally:
        marker.unlink(missing_ok=True)


def _autograde(student: str, folder: Path) -> dict[str, Any]:
    scratch: ScratchCourse = _WORKER["scratch"]
    course: Course = _WORKER["course"]
    started = time.monotonic()
    target = scratch.root / "submitted" / student / scratch.assignment
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder, target)
    try:
        scratch.autograde(student)
    except CourseError as err:
        return {"student": student, "error": failure_reason(str(err))}
    record = _read_submission(scratch.db_url, scratch.assignment, student)
    graded = scratch.root / "autograded" / student / scratch.assignment
    destination = course.root / "autograded" / student / scratch.assignment
    shutil.rmtree(destination, ignore_errors=True)
    shutil.copytree(graded, destination)
    record["seconds"] = time.monotonic() - started
    return record


_ERROR_LINE = re.compile(
    r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception|Exit|Interrupt|Stopped|Unavailable))\b:?\s*(.*)$"
)
_SELF_EXPLAINED = ("NotebookStopped", "SandboxUnavailable")
"""pmkit's own reasons, whose message already says what happened in the instructor's words."""


def failure_reason(log: str) -> str:
    """Return the most telling error line of nbgrader's log, e.g. "DeadKernelError: Kernel died".

    nbgrader ends every failure with a generic NbGraderException; the cause is the last other
    exception line before it. pmkit's own stops (a notebook's time limit, a sandbox that cannot
    start) give their message alone.
    """
    for line in reversed(log.splitlines()):
        match = _ERROR_LINE.match(line)
        if match and match.group(1) != "NbGraderException":
            if match.group(1) in _SELF_EXPLAINED:
                return match.group(2)
            return f"{match.group(1)}: {match.group(2)}".rstrip(": ")
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else "nbgrader failed without a message"


def _read_submission(db_url: str, assignment: str, student: str) -> dict[str, Any]:
    with open_gradebook(db_url) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {
            "student": student,
            "timestamp": submission.timestamp.isoformat() if submission.timestamp else None,
            "notebooks": [
                {
                    "name": notebook.name,
                    "grades": [
                        (g.name, g.auto_score, g.needs_manual_grade) for g in notebook.grades
                    ],
                    "comments": [(c.name, c.auto_comment) for c in notebook.comments],
                }
                for notebook in submission.notebooks
            ],
            "score": float(submission.score or 0.0),
            "max_score": float(submission.max_score or 0.0),
        }


def default_workers() -> int:
    """One worker more than the machine has cores.

    Each worker waits idle while its kernel starts and between cells, so one extra keeps every
    core busy: measured on 2 cores with 100 submissions of 02_prioritization, 3 workers grade
    2.55x as fast as plain serial nbgrader, tests in the trusted checker included, and 4 workers
    no faster (benchmarks/parallel_grading.py).
    """
    return (os.cpu_count() or 1) + 1


# ------------------------------------------------------------------ parent side
def _record(
    course: Course, db_url: str, assignment: str, record: dict[str, Any], policy: Any
) -> dict[str, Any]:
    """Write one worker's result into the course gradebook, as nbgrader's autograde would.

    Under the course's gradebook lock, with the submission's extension read from extensions.csv
    then (one granted during the run counts) and its late penalty computed from it; the
    lateness is committed with the grades. Returns the submission's lateness.
    """
    from datetime import datetime

    from pmkit.grading._lateness import gradebook_lock, read_extensions, set_lateness

    student = record["student"]
    with gradebook_lock(course), open_gradebook(db_url) as gradebook:
        extra = read_extensions(course).get((assignment, student), (None, ""))[0]
        gradebook.update_or_create_student(student)
        details = {}
        if record["timestamp"]:
            details["timestamp"] = datetime.fromisoformat(record["timestamp"])
        gradebook.update_or_create_submission(assignment, student, **details)
        for entry in record["notebooks"]:
            for name, auto_score, needs_manual in entry["grades"]:
                grade = gradebook.find_grade(name, entry["name"], assignment, student)
                grade.auto_score = auto_score
                grade.needs_manual_grade = needs_manual
            for name, auto_comment in entry["comments"]:
                comment = gradebook.find_comment(name, entry["name"], assignment, student)
                comment.auto_comment = auto_comment
        lateness = set_lateness(gradebook, assignment, student, extra=extra, policy=policy)
        gradebook.db.commit()
    return lateness


def grade_assignment(
    course: Course,
    assignment: str,
    *,
    workers: int | None = None,
    force: bool = False,
    on_result: Callable[[SubmissionResult], None] | None = None,
    memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
    wall_seconds: float | None = DEFAULT_WALL_SECONDS,
    sandbox: bool = True,
    students: Collection[str] | None = None,
) -> list[SubmissionResult]:
    """Autograde every submission of ``assignment`` with ``workers`` processes, sandboxed.

    ``students`` grades only those students' submissions, and regrades them even when they are
    unchanged (a student named on purpose, after a fix to their file or an extension); a named
    student without a submission is a CourseError naming them.

    ``workers`` defaults to :func:`default_workers`, one more than the number of cores.
    ``memory_bytes`` (address space per kernel) and ``wall_seconds`` (per notebook) limit each
    submission's kernels; ``None`` lifts a limit. nbgrader's ``Execute.timeout`` limits each cell.

    Returns one result per folder in ``submitted/``: graded (with score), skipped (graded
    before and unchanged; ``force`` regrades) or failed (with the reason: an unsafe student id,
    the notebook's time limit, a worker that died, or nbgrader's error). Graded and skipped
    submissions both get their extension (extensions.csv) and late penalty (the gradebook's due
    date) applied, and say how late they are. ``on_result`` is called as each submission
    finishes.

    Raises :class:`SandboxUnavailable` when bubblewrap cannot run here. ``sandbox=False``
    grades without the sandbox, on purpose: student code then runs with the grader's
    permissions (the limits still apply) and every result says ``sandboxed=False``.
    """
    course.check_assignment(assignment)
    if sandbox and (problem := sandbox_problem()) is not None:
        raise SandboxUnavailable(
            f"cannot sandbox student code: {problem}. Without the sandbox, student code runs "
            "with your permissions and can read solutions/, the gradebook and other students' "
            "work. Install bubblewrap, or grade without the sandbox on purpose "
            "(`pmkit cohort grade --no-sandbox`)."
        )
    from pmkit.grading._failures import check_failures_record
    from pmkit.grading._lateness import (
        gradebook_lock,
        late_policy,
        read_extensions,
        update_lateness,
    )

    sandboxed = sandbox
    db_url = str(course.nbgrader_config().CourseDirectory.db_url)
    # A bad extensions.csv or failures record stops grading before it starts.
    read_extensions(course)
    check_failures_record(course)
    policy = late_policy(course)
    with open_gradebook(db_url) as gradebook:
        if assignment not in {a.name for a in gradebook.assignments}:
            raise CourseError(
                f"{assignment!r} is not in the gradebook yet: run `make exercises` (nbgrader's "
                "generate_assignment) before grading"
            )
    results: list[SubmissionResult] = []

    def done(result: SubmissionResult) -> None:
        result = dataclasses.replace(result, sandboxed=sandboxed)
        with gradebook_lock(course):
            if result.status == "failed":
                record_failure(course, assignment, result.student, result.reason)
            else:  # graded, or graded before and unchanged: no longer a failure
                clear_failure(course, assignment, result.student)
        results.append(result)
        if on_result is not None:
            on_result(result)

    submissions = find_submissions(course, assignment)
    if students is not None:
        missing = sorted(set(students) - {student for student, _ in submissions})
        if missing:
            raise CourseError(
                f"no submission of {assignment!r} from {', '.join(map(repr, missing))} in "
                f"{course.root / 'submitted'}"
            )
        submissions = [(s, folder) for s, folder in submissions if s in set(students)]
        force = True
    todo: list[tuple[str, Path, str]] = []
    unchanged: list[tuple[str, Path, str]] = []
    for student, folder in submissions:
        try:
            check_student_id(student)
        except ValueError as err:
            done(SubmissionResult(student, "failed", str(err)))
            continue
        digest = submission_digest(folder)
        marker = course.root / "autograded" / student / assignment / MARKER
        if not force and marker.is_file() and _marker_digest(marker) == digest:
            unchanged.append((student, folder, digest))
        else:
            todo.append((student, folder, digest))
    if unchanged:
        # Not regraded, but brought up to date: extensions.csv and the due date may have moved.
        now_late = update_lateness(
            course,
            assignment,
            students=[student for student, _, _ in unchanged],
            db_url=db_url,
            policy=policy,
        )
        for item in unchanged:
            if item[0] not in now_late:  # marked graded, yet not in this gradebook: grade it
                todo.append(item)
                continue
            done(
                SubmissionResult(
                    item[0],
                    "skipped",
                    "already graded and unchanged",
                    seconds_late=now_late[item[0]]["seconds_late"],
                    late_penalty=now_late[item[0]]["late_penalty"],
                )
            )
    if todo:
        limits = {"memory_bytes": memory_bytes, "wall_seconds": wall_seconds}
        gradebook = (
            Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite:///") else None
        )
        for record, digest in _run_workers(
            course, assignment, todo, workers, sandboxed, gradebook, limits
        ):
            student = record["student"]
            if "error" in record:
                done(SubmissionResult(student, "failed", record["error"]))
                continue
            lateness = _record(course, db_url, assignment, record, policy)
            marker = course.root / "autograded" / student / assignment / MARKER
            marker.write_text(json.dumps({"digest": digest}))
            done(
                SubmissionResult(
                    student,
                    "graded",
                    score=record["score"],
                    max_score=record["max_score"],
                    seconds=record["seconds"],
                    seconds_late=lateness["seconds_late"],
                    late_penalty=lateness["late_penalty"],
                )
            )
    return sorted(results, key=lambda r: r.student)


def _marker_digest(marker: Path) -> str | None:
    try:
        value = json.loads(marker.read_text()).get("digest")
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value else None


def _run_workers(
    course: Course,
    assignment: str,
    todo: list[tuple[str, Path, str]],
    workers: int | None,
    sandboxed: bool,
    gradebook: Path | None,
    limits: dict[str, Any],
) -> Iterator[tuple[dict[str, Any], str]]:
    """Grade ``todo`` in worker pools; yield (record, digest) for every submission.

    If a worker process dies, every submission it may have held is a suspect: the others go on
    in a fresh pool, and each suspect is then graded alone in its own one-worker pool, so only
    the submission that kills a worker again fails for it.
    """
    count = max(1, min(workers or default_workers(), len(todo)))
    with tempfile.TemporaryDirectory(prefix="pmkit-grade-") as scratch_root:
        policy = SandboxPolicy.for_course(
            course, scratch=Path(scratch_root), gradebook=gradebook, sandbox=sandboxed, **limits
        )
        # Written once for every worker: the sandbox policy, and the scratch course each worker
        # copies (the assignment generated, with a gradebook of its own).
        policy.install(Path(scratch_root, "sandbox"))
        ScratchCourse(course, assignment, Path(scratch_root, "template")).generate()
        queue = list(todo)
        suspects: list[tuple[str, Path, str]] = []
        while queue:
            broken = yield from _pool_round(course, assignment, queue, count, scratch_root, policy)
            queue = [item for item in queue if item[0] not in broken.done]
            suspects += [item for item in queue if item[0] in broken.in_flight]
            queue = [item for item in queue if item[0] not in broken.in_flight]
        for item in suspects:
            alone = yield from _pool_round(course, assignment, [item], 1, scratch_root, policy)
            if item[0] not in alone.done:
                reason = "the grading worker process died while grading this submission (twice)"
                yield {"student": item[0], "error": reason}, item[2]


@dataclass
class _Round:
    done: set[str]
    in_flight: set[str]


def _pool_round(
    course: Course,
    assignment: str,
    items: list[tuple[str, Path, str]],
    count: int,
    scratch_root: str,
    policy: SandboxPolicy,
) -> Generator[tuple[dict[str, Any], str], None, _Round]:
    """Grade ``items`` in one pool until done or until a worker dies; return what finished."""
    result = _Round(done=set(), in_flight=set())
    with ProcessPoolExecutor(
        max_workers=count,
        initializer=_start_worker,
        initargs=(str(course.root), assignment, scratch_root, policy.sandbox),
    ) as pool:
        futures: dict[Future[dict[str, Any]], tuple[str, str]] = {
            pool.submit(_grade_one, student, str(folder)): (student, digest)
            for student, folder, digest in items
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when="FIRST_COMPLETED")
            for future in finished:
                student, digest = futures[future]
                try:
                    record = future.result()
                except BrokenProcessPool:
                    # Only the submissions a worker had started are suspects; the rest were
                    # still queued when the pool broke.
                    started = Path(scratch_root, "started", student)
                    if started.exists():
                        result.in_flight.add(student)
                        started.unlink()
                    continue
                except Exception as err:  # nbgrader raised in the worker: this submission fails
                    record = {"student": student, "error": f"grading failed: {err!r}"}
                result.done.add(student)
                yield record, digest
    # Submissions never started when the pool broke are neither done nor suspects: retried.
    return result

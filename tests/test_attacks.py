"""Learner code can never change a verdict: the attack corpus, on every exercise, on every path.

Every attack of tests/attack_corpus.py replaces every answer cell of every exercise, and the
submissions are graded three ways at once: `pmkit check` (the learner's self-check, its engine
with one warm checker per process; tests/test_selfcheck.py runs the command itself), `pmkit
cohort grade` (parallel, sandboxed) and the `nbgrader autograde` command with the course's
configuration (serial). Each attack must score exactly what an honest blank scores, 0 autograded
points, while the solution scores full marks; and the parallel grading must record exactly what
the serial one does, field for field. One grading of the corpus per path is shared by the tests.

The grading's results (scores, failures, both gradebooks) are recorded in
tests/proofs/attacks.json with a digest of everything they depend on (every assignment's files,
the data, nbgrader_config.py, pmkit's source, the grading packages' versions, this file and the
corpus); the tests reuse the record while the digest holds and grade afresh otherwise. A grading
with a failure is never recorded, so it is always graded again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest
from attack_corpus import (
    ATTACKS,
    auto_points,
    check_points,
    slug,
    start_checker,
    submitted_notebooks,
    write_submissions,
)
from nbfactory import ROOT

from pmkit.grading import (
    Course,
    generate_exercises,
    grade_assignment,
    grading_digest,
    read_record,
    write_record,
)
from pmkit.grading._course import cell_kind, read_notebook
from pmkit.grading._nbgrader import open_gradebook

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
REAL = Course(ROOT)
ASSIGNMENTS = REAL.assignments()
PATHS = ("pmkit check", "pmkit cohort grade", "nbgrader autograde")
Scores = dict[tuple[str, str], float]
"""Autograded points per (student, assignment)."""


Twins = dict[str, Course]
"""Per assignment, an identical copy of the course for serial nbgrader (each its own gradebook,
so the assignments' serial runs can go side by side)."""


RECORD = ROOT / "tests" / "proofs" / "attacks.json"
HERE = Path(__file__).resolve().parent


def _digest() -> str:
    return grading_digest(REAL, ASSIGNMENTS, [HERE / "test_attacks.py", HERE / "attack_corpus.py"])


def _corpus(root: Path) -> tuple[Course, Twins]:
    """Identical courses holding every attack's submissions: one per grading engine."""
    course = Course(root / "cohort")
    (course.root).mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course.root)
    shutil.copytree(REAL.solutions_dir, course.solutions_dir)
    generate_exercises(course)
    write_submissions(course, ATTACKS)
    twins = {}
    for assignment in ASSIGNMENTS:
        twins[assignment] = Course(root / f"serial-{assignment}")
        shutil.copytree(course.root, twins[assignment].root)
    return course, twins


def _snapshot(course: Course, only: str | None = None) -> dict[tuple[str, str, str], Any]:
    found = {}
    with open_gradebook(str(course.nbgrader_config().CourseDirectory.db_url)) as gradebook:
        for assignment in [only] if only else course.assignments():
            for submission in gradebook.assignment_submissions(assignment):
                for notebook in submission.notebooks:
                    found[(submission.student_id, assignment, notebook.name)] = {
                        "grades": sorted(
                            (g.name, g.auto_score, g.needs_manual_grade) for g in notebook.grades
                        ),
                        "comments": sorted((c.name, c.auto_comment) for c in notebook.comments),
                    }
    return found


def _serial(twin: Course, assignment: str) -> str:
    """Grade an assignment with the `nbgrader autograde` command, one notebook at a time."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run(
        [str(BIN / "nbgrader"), "autograde", assignment],
        cwd=twin.root,
        env=env,
        capture_output=True,
        text=True,
    )
    return "" if done.returncode == 0 else (done.stdout + done.stderr)[-2000:]


def _grade(course: Course, twins: Twins) -> dict[str, Any]:
    """Grade the corpus on all three paths at once (each waits on its own processes)."""
    jobs = [
        (student, assignment, path)
        for student in ["blank", "solution", *(slug(a) for a in ATTACKS)]
        for assignment, path in submitted_notebooks(course, student)
    ]
    checked: Scores = {}
    root = str(course.root)
    with (
        ProcessPoolExecutor(
            2, mp_context=get_context("spawn"), initializer=start_checker, initargs=(root,)
        ) as check_pool,
        ThreadPoolExecutor(max_workers=2) as serial_pool,
    ):
        points = check_pool.map(check_points, [root] * len(jobs), [str(j[2]) for j in jobs])
        serial = {a: serial_pool.submit(_serial, twins[a], a) for a in ASSIGNMENTS}
        cohort_failures: dict[str, list[str]] = {}
        for assignment in ASSIGNMENTS:
            for result in grade_assignment(course, assignment, workers=3):
                if result.status != "graded":
                    cohort_failures.setdefault(assignment, []).append(
                        f"{result.student}: {result.reason}"
                    )
        for (student, assignment, _), earned in zip(jobs, points, strict=True):
            checked[(student, assignment)] = checked.get((student, assignment), 0.0) + earned
        serial_failures = {a: f.result() for a, f in serial.items() if f.result()}
    scores = {
        PATHS[0]: checked,
        PATHS[1]: auto_points(course),
        PATHS[2]: {k: v for a in ASSIGNMENTS for k, v in auto_points(twins[a], a).items()},
    }
    return {
        "scores": {
            path: sorted([*k, v] for k, v in found.items()) for path, found in scores.items()
        },
        "failures": {PATHS[1]: cohort_failures, PATHS[2]: serial_failures},
        "gradebooks": {
            "parallel": sorted([*k, v] for k, v in _snapshot(course).items()),
            "serial": sorted(
                [*k, v] for a in ASSIGNMENTS for k, v in _snapshot(twins[a], a).items()
            ),
        },
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The corpus graded on every path: recalled from the record, or graded now."""
    digest = _digest()
    found = read_record(RECORD, digest)
    if found is None:
        found = json.loads(json.dumps(_grade(*_corpus(tmp_path_factory.mktemp("attacks")))))
        no_failure = found["failures"] == {PATHS[1]: {}, PATHS[2]: {}}
        if no_failure and _digest() == digest:
            write_record(RECORD, digest, found)
    found["scores"] = {
        path: {(student, assignment): points for student, assignment, points in rows}
        for path, rows in found["scores"].items()
    }
    return dict(found)


@pytest.fixture(scope="module")
def scores(graded: dict[str, Any]) -> dict[str, Scores]:
    return dict(graded["scores"])


def test_every_submission_is_graded(graded: dict[str, Any]) -> None:
    assert graded["failures"] == {PATHS[1]: {}, PATHS[2]: {}}


@pytest.mark.parametrize("path", PATHS)
def test_the_solution_gets_full_marks_and_the_blank_none(
    path: str, scores: dict[str, Scores]
) -> None:
    possible = {
        a: sum(
            float(cell["metadata"]["nbgrader"]["points"])
            for p in REAL.source_notebooks(a)
            for cell in read_notebook(p)["cells"]
            if cell_kind(cell) == "auto_test"
        )
        for a in ASSIGNMENTS
    }
    assert {a: scores[path][("solution", a)] for a in ASSIGNMENTS} == possible
    assert {a: scores[path][("blank", a)] for a in ASSIGNMENTS} == dict.fromkeys(ASSIGNMENTS, 0)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
@pytest.mark.parametrize("path", PATHS)
def test_an_attack_scores_what_an_honest_blank_scores(
    path: str, attack: str, scores: dict[str, Scores]
) -> None:
    got = {a: scores[path][(slug(attack), a)] for a in ASSIGNMENTS}
    blank = {a: scores[path][("blank", a)] for a in ASSIGNMENTS}
    assert got == blank == dict.fromkeys(ASSIGNMENTS, 0)


def test_parallel_grading_records_what_serial_grading_does(graded: dict[str, Any]) -> None:
    parallel, serial = graded["gradebooks"]["parallel"], graded["gradebooks"]["serial"]
    assert parallel, "the parallel gradebook holds no submission"
    assert parallel == serial

"""Parallel grading must leave the gradebook exactly as plain serial `nbgrader autograde` does.

A scratch course with one small assignment and a batch of varied submissions (right, wrong,
blank, late, an infinite loop in a cell and an answer that loops when read, a kernel exit, an
output flood, edited locked tests, a broken file) is graded twice from identical copies: serially
by plain `nbgrader autograde` with the course's configuration (so with pmkit's trusted checker),
and in parallel by pmkit. Every recorded field must match.
"""

from __future__ import annotations

import csv
import html
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from nbfactory import add_assignment, make_notebook

from pmkit.cli import main
from pmkit.grading import Course, CourseError, generate_exercises, grading_failures
from pmkit.grading._nbgrader import _api, _quietly, open_gradebook
from pmkit.grading._parallel import MARKER, grade_assignment
from pmkit.grading._report import gradebook_frame, student_scores

pytestmark = pytest.mark.slow

ANSWERS = {
    "ana": "answer = 42",
    "ben": "answer = 41",
    "cy": None,  # the blank student version
    "dee": "answer = 42",  # handed in late
    "eli": "while True:\n    pass",
    "fay": "import os\nos._exit(1)",
    # an answer whose own method loops forever: it is not data, so the checker never reads it
    "gil": "class Trap(int):\n    def __float__(self):\n        while True:\n            pass\n"
    "\n\nanswer = Trap(42)",
    "hal": "while True:\n    print('x' * 100)",  # an output flood
    "ivy": "answer = 41",  # ... with its locked test cell edited to pass (see TAMPERED)
}
TAMPERED = {"ivy": "pass  # the student replaced the tests"}


def _submissions(course: Course) -> None:
    release = json.loads((course.exercises_dir / "hw" / "hw.ipynb").read_text())
    for student, answer in ANSWERS.items():
        notebook = json.loads(json.dumps(release))
        if answer is not None:
            notebook["cells"][1]["source"] = answer
        if student in TAMPERED:
            notebook["cells"][2]["source"] = TAMPERED[student]
        folder = course.root / "submitted" / student / "hw"
        folder.mkdir(parents=True)
        (folder / "hw.ipynb").write_text(json.dumps(notebook))
        when = "2026-03-02 12:00:00" if student == "dee" else "2026-02-27 09:30:00"
        (folder / "timestamp.txt").write_text(when)


@pytest.fixture(scope="module")
def twin_courses(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Course]:
    from datetime import datetime

    root = tmp_path_factory.mktemp("twins")
    base = Course(root / "serial")
    (base.root / "solutions").mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[1] / "nbgrader_config.py", base.root)
    config = (base.root / "nbgrader_config.py").read_text()
    # a late policy, so the twins must also agree on dee's penalty (10 % per started day)
    (base.root / "nbgrader_config.py").write_text(
        config.replace("c.Execute.timeout = 60", "c.Execute.timeout = 5").replace(
            "c.LatePenalty.percent_per_day = 0", "c.LatePenalty.percent_per_day = 10"
        )
    )
    add_assignment(base, "hw", make_notebook())
    generate_exercises(base)
    with open_gradebook(str(base.nbgrader_config().CourseDirectory.db_url)) as gradebook:
        gradebook.update_or_create_assignment("hw", duedate=datetime(2026, 3, 1))
    _submissions(base)
    twin = Course(root / "parallel")
    shutil.copytree(base.root, twin.root)
    api = _api(base.nbgrader_config())
    for student in ANSWERS:  # the baseline: plain nbgrader, one submission after another
        result = _quietly(api.autograde, "hw", student, force=True, create=True)
        # a kernel that dies (fay calls os._exit) costs the rest of its notebook, not the run
        assert result["success"], (student, result.get("log"))
    return base, twin


def _snapshot(course: Course) -> dict[str, Any]:
    found: dict[str, Any] = {}
    with open_gradebook(str(course.nbgrader_config().CourseDirectory.db_url)) as gradebook:
        for submission in gradebook.assignment_submissions("hw"):
            for notebook in submission.notebooks:
                found[submission.student_id] = {
                    "timestamp": submission.timestamp,
                    "late_penalty": notebook.late_submission_penalty,
                    "grades": sorted(
                        (g.name, g.auto_score, g.manual_score, g.needs_manual_grade, g.score)
                        for g in notebook.grades
                    ),
                    "comments": sorted((c.name, c.auto_comment) for c in notebook.comments),
                    "seconds_late": submission.total_seconds_late,
                }
    return found


def test_parallel_grading_matches_serial_nbgrader(twin_courses: tuple[Course, Course]) -> None:
    serial, parallel = twin_courses
    results = grade_assignment(parallel, "hw", workers=2)
    statuses = {r.student: r.status for r in results}
    assert statuses == dict.fromkeys(ANSWERS, "graded")
    expected, actual = _snapshot(serial), _snapshot(parallel)
    assert actual == expected
    scores = {r.student: r.score for r in results}
    assert scores["ana"] == 2 and scores["ben"] == 0 and scores["cy"] == 0 and scores["eli"] == 0
    assert scores["fay"] == 0 and scores["gil"] == 0 and scores["hal"] == 0
    assert scores["ivy"] == 0
    assert actual["dee"]["seconds_late"] == 36 * 3600
    # 1.5 days late: two started days, 20 % of dee's 2 points, as nbgrader's own autograde gave
    assert actual["dee"]["late_penalty"] == pytest.approx(0.4)
    assert {r.student: r.late_penalty for r in results}["dee"] == pytest.approx(0.4)
    for student in ANSWERS:
        assert (parallel.root / "autograded" / student / "hw" / "hw.ipynb").is_file()
    fay = json.loads((parallel.root / "autograded" / "fay" / "hw" / "hw.ipynb").read_text())
    assert [o["ename"] for o in fay["cells"][1]["outputs"]] == ["DeadKernelError"]
    test_outputs = fay["cells"][2]["outputs"]
    assert "kernel had stopped" in test_outputs[-1]["evalue"]
    gil = json.loads((parallel.root / "autograded" / "gil" / "hw" / "hw.ipynb").read_text())
    assert "answer is a Trap; an answer must be data" in gil["cells"][2]["outputs"][-1]["evalue"]


def test_rerun_skips_unchanged_and_regrades_changed_or_forced(
    twin_courses: tuple[Course, Course],
) -> None:
    _, parallel = twin_courses
    again = grade_assignment(parallel, "hw", workers=2)
    assert {r.student: r.status for r in again} == dict.fromkeys(ANSWERS, "skipped")
    changed = parallel.root / "submitted" / "ben" / "hw" / "hw.ipynb"
    notebook = json.loads(changed.read_text())
    notebook["cells"][1]["source"] = "answer = 42"
    changed.write_text(json.dumps(notebook))
    partly = {r.student: r.status for r in grade_assignment(parallel, "hw", workers=2)}
    assert partly == {s: "graded" if s == "ben" else "skipped" for s in ANSWERS}
    assert _snapshot(parallel)["ben"]["grades"][0][4] == 2.0
    assert (parallel.root / "autograded" / "ben" / "hw" / MARKER).is_file()
    forced = grade_assignment(parallel, "hw", workers=2, force=True)
    assert {r.student: r.status for r in forced} == dict.fromkeys(ANSWERS, "graded")


def test_grading_one_student_regrades_that_student_only(
    twin_courses: tuple[Course, Course], tmp_path: Path
) -> None:
    _, parallel = twin_courses
    course = Course(tmp_path / "course")
    shutil.copytree(parallel.root, course.root)
    # every submission is graded and unchanged: naming a student regrades theirs, no other
    results = grade_assignment(course, "hw", workers=1, students=["ben"])
    assert [(r.student, r.status) for r in results] == [("ben", "graded")]
    result = CliRunner().invoke(
        main, ["cohort", "grade", "hw", "--student", "ana", "--course", str(course.root)]
    )
    assert result.exit_code == 0, result.output
    assert "1 submission(s): 1 graded, 0 skipped (unchanged), 0 failed" in result.output
    with pytest.raises(CourseError, match="no submission of 'hw' from 'zed'"):
        grade_assignment(course, "hw", students=["ana", "zed"])
    result = CliRunner().invoke(
        main, ["cohort", "grade", "hw", "--student", "zed", "--course", str(course.root)]
    )
    assert result.exit_code == 2 and "no submission of 'hw' from 'zed'" in result.output


def test_bad_submissions_fail_with_a_reason_and_the_batch_goes_on(
    twin_courses: tuple[Course, Course], tmp_path: Path
) -> None:
    _, parallel = twin_courses
    course = Course(tmp_path / "course")
    shutil.copytree(parallel.root, course.root)
    broken = course.root / "submitted" / "gus" / "hw"
    broken.mkdir(parents=True)
    (broken / "hw.ipynb").write_text("{not json")
    unsafe = course.root / "submitted" / "has space" / "hw"
    unsafe.mkdir(parents=True)
    shutil.copy(course.root / "submitted" / "ana" / "hw" / "hw.ipynb", unsafe)
    result = CliRunner().invoke(main, ["cohort", "grade", "hw", "--course", str(course.root)])
    assert result.exit_code == 1, result.output
    # the nine graded before are unchanged; gus's file is not JSON; "has space" is not an id
    assert "11 submission(s): 0 graded, 9 skipped (unchanged), 2 failed" in result.output
    assert "is not allowed" in result.output
    # the failures stay on record for the cohort report, with their reason, until they grade
    failures = grading_failures(course)
    assert list(failures["student_id"]) == ["gus", "has space"]
    reasons = dict(zip(failures["student_id"], failures["reason"], strict=True))
    assert "is not allowed" in reasons["has space"] and reasons["gus"]
    out = tmp_path / "report"
    report = CliRunner().invoke(
        main, ["cohort", "report", "--course", str(course.root), "--out", str(out)]
    )
    assert report.exit_code == 0, report.output
    failed = (out / "cohort_report.html").read_text().split("could not be graded")[1]
    failed = failed.split("<h2>")[0]
    assert "gus" in failed and "pmkit cohort grade hw --student gus" in failed
    assert "NotJSONError: Notebook does not appear to be JSON" in failed
    assert "rename submitted/has space/ to the student's id" in html.unescape(failed)
    shutil.copy(course.root / "submitted" / "ana" / "hw" / "hw.ipynb", broken)
    assert grade_assignment(course, "hw", workers=1, students=["gus"])[0].status == "graded"
    assert list(grading_failures(course)["student_id"]) == ["has space"]


def test_a_submission_skipped_as_graded_is_no_longer_a_failure(
    twin_courses: tuple[Course, Course], tmp_path: Path
) -> None:
    """A failure on record (say a forced regrade that failed) goes once the grading is current.

    And a submission marked graded that the gradebook does not hold is graded, not skipped.
    """
    from pmkit.grading._failures import record_failure

    _, parallel = twin_courses
    course = Course(tmp_path / "course")
    shutil.copytree(parallel.root, course.root)
    grade_assignment(course, "hw", workers=2)  # skips what an earlier test graded already
    record_failure(course, "hw", "ana", "NotebookStopped: over its time limit")
    with open_gradebook(str(course.nbgrader_config().CourseDirectory.db_url)) as gradebook:
        gradebook.remove_submission("hw", "ben")
    statuses = {r.student: r.status for r in grade_assignment(course, "hw", workers=1)}
    assert statuses == {s: "graded" if s == "ben" else "skipped" for s in ANSWERS}
    assert grading_failures(course).empty
    assert "ben" in _snapshot(course)


def test_extensions_and_due_dates_move_lateness_and_penalties(
    twin_courses: tuple[Course, Course], tmp_path: Path
) -> None:
    """dee handed in 36 hours late under 10 % per started day; an extension undoes it."""
    _, parallel = twin_courses
    course = Course(tmp_path / "course")
    shutil.copytree(parallel.root, course.root)

    def cli(*args: str) -> Any:
        return CliRunner().invoke(main, ["cohort", *args, "--course", str(course.root)])

    def exported() -> dict[str, dict[str, str]]:
        assert cli("export", "--out", str(tmp_path / "grades.csv")).exit_code == 0
        with (tmp_path / "grades.csv").open() as handle:
            return {row["student_id"]: row for row in csv.DictReader(handle)}

    grade_assignment(course, "hw", workers=2)  # skips what an earlier test graded already
    before = exported()["dee"]
    assert (before["hours_late"], before["late_submission_penalty"]) == ("36.0", "0.4")
    assert (before["score"], before["extension_hours"]) == ("1.6", "0.0")
    # an extension granted after grading applies at once, without regrading
    done = cli("extend", "hw", "dee", "1d", "--reason", "illness")
    assert done.exit_code == 0, done.output
    assert "12.0 h late, penalty 0.2" in done.output
    row = exported()["dee"]
    assert (row["hours_late"], row["extension_hours"], row["score"]) == ("12.0", "24.0", "1.8")
    assert (course.root / "extensions.csv").read_text().splitlines() == [
        "student_id,assignment,extra_time,reason",
        "dee,hw,1d,illness",
    ]
    # extensions.csv edited by hand: a plain grading run applies it to dee's submission, which
    # it skips as graded and unchanged (no regrading, no --force, the marker left in place)
    (course.root / "extensions.csv").write_text(
        "student_id,assignment,extra_time,reason\ndee,hw,2d,illness\n"
    )
    assert exported()["dee"]["hours_late"] == "12.0"  # not applied until grading runs
    results = {r.student: r for r in grade_assignment(course, "hw", workers=1)}
    assert (results["dee"].status, results["dee"].seconds_late) == ("skipped", 0.0)
    assert results["dee"].late_penalty == 0.0
    row = exported()["dee"]
    assert (row["hours_late"], row["late_submission_penalty"], row["score"]) == (
        "0.0",
        "0.0",
        "2.0",
    )
    scores = student_scores(gradebook_frame(str(course.nbgrader_config().CourseDirectory.db_url)))
    dee = scores.set_index("student_id").loc["dee"]
    assert (dee["status"], dee["extension_hours"], dee["late_penalty"]) == ("graded", 48.0, 0.0)
    # a new due date moves every graded submission's lateness and penalty at once: ana handed
    # in 1 h after it (one started day, 10 % of 2 points); dee 27.5 h after it plus her 2 days
    # (two started days, 20 %)
    due = cli("due", "hw", "2026-02-27 09:30:00+01:00")
    assert due.exit_code == 0 and "hw is due 2026-02-27 08:30 UTC" in due.output
    assert "late penalties recomputed for every graded submission" in due.output
    rows = exported()
    assert (rows["ana"]["hours_late"], rows["ana"]["late_submission_penalty"]) == ("1.0", "0.2")
    assert (rows["dee"]["hours_late"], rows["dee"]["late_submission_penalty"]) == ("27.5", "0.4")
    assert (rows["dee"]["extension_hours"], rows["dee"]["score"]) == ("48.0", "1.6")
    # ... and a plain grading run, skipping both as unchanged, reports the same lateness
    results = {r.student: r for r in grade_assignment(course, "hw", workers=2)}
    assert (results["ana"].status, results["dee"].status) == ("skipped", "skipped")
    assert results["ana"].seconds_late == 3600
    assert results["ana"].late_penalty == pytest.approx(0.2)
    assert results["dee"].seconds_late == 27.5 * 3600
    assert results["dee"].late_penalty == pytest.approx(0.4)
    # removing an extension says so, and dee's lateness counts from the due date alone again
    removed = cli("extend", "hw", "dee", "0")
    assert removed.exit_code == 0, removed.output
    assert "dee has no extension on hw now" in removed.output and "0 more" not in removed.output
    assert "75.5 h late, penalty 0.8" in removed.output
    # what cannot be applied is refused with the field and the value
    bad = cli("extend", "hw", "dee", "two days")
    assert bad.exit_code == 2 and "extra_time 'two days' is not a length of time" in bad.output
    bad = cli("due", "hw", "next friday")
    assert bad.exit_code == 2 and "'next friday' is not an ISO date and time" in bad.output
    bad = cli("due", "nope", "2026-03-01")
    assert bad.exit_code == 2 and "no assignment 'nope' in the gradebook" in bad.output
    (course.root / "extensions.csv").write_text(
        "student_id,assignment,extra_time\ndee,hw,2d\n../x,hw,1d\n"
    )
    with pytest.raises(CourseError, match=r"extensions.csv, row 3: student id '../x' is not"):
        grade_assignment(course, "hw", workers=1)


def test_grading_an_assignment_missing_from_the_gradebook_is_refused(
    course: Course,
) -> None:
    add_assignment(course, "hw", make_notebook())
    with pytest.raises(CourseError, match="'hw' is not in the gradebook yet"):
        grade_assignment(course, "hw")

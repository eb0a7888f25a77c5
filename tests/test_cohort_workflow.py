"""The instructor's cohort workflow end to end: roster, collect an LMS zip, grade, feedback, export.

Runs the `pmkit cohort` commands, as the README tells an instructor to, on a scratch course.
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbfactory import ROOT, add_assignment, make_notebook

from pmkit.cli import main
from pmkit.grading import Course, CourseError, generate_exercises
from pmkit.grading._collect import collect_submissions

pytestmark = pytest.mark.slow

ROSTER = (
    "id,first_name,last_name,email\n"
    'ana,Ana,"Lopez, Jr.",ana@example.org\n'
    'ben,Ben,"O""Neil",ben@example.org\n'
    "cy,Cy,Young,cy@example.org\n"
)


def _answer(course: Course, source: str) -> str:
    notebook = json.loads((course.exercises_dir / "hw" / "hw.ipynb").read_text())
    notebook["cells"][1]["source"] = source
    return json.dumps(notebook)


def _new_course(root: Path) -> Course:
    course = Course(root)
    (root / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    add_assignment(course, "hw", make_notebook())
    generate_exercises(course)
    return course


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, dict[str, tuple[int, str]]]:
    root = tmp_path_factory.mktemp("cohort")
    course = _new_course(root / "course")
    (root / "roster.csv").write_text(ROSTER)
    download = root / "lms-download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("ana__hw.ipynb", _answer(course, "answer = 42"))
        archive.writestr("ben__2026-02-27T09-00-00__hw.ipynb", _answer(course, "answer = 1"))
        archive.writestr("ben__2026-02-28T10-00-00__hw.ipynb", _answer(course, "answer = 42"))
        archive.writestr("..__hw.ipynb", _answer(course, "answer = 42"))
        archive.writestr("eve__other.ipynb", _answer(course, "answer = 42"))
        archive.writestr("notes.txt", "not a notebook")
    at = ("--course", str(course.root))
    runs = {
        "roster": _invoke("cohort", "roster", str(root / "roster.csv"), *at),
        "collect": _invoke("cohort", "collect", "hw", str(download), *at),
        "grade": _invoke("cohort", "grade", "hw", "--workers", "2", *at),
        "feedback": _invoke("cohort", "feedback", "hw", "--release", *at),
        "export": _invoke("cohort", "export", "--out", str(root / "grades.csv"), *at),
    }
    return course, runs


def test_collect_accounts_for_every_file(cohort: tuple[Course, dict[str, tuple[int, str]]]) -> None:
    course, runs = cohort
    code, output = runs["collect"]
    assert code == 1  # some files were skipped
    assert "2 student(s) collected into submitted/, 3 file(s) skipped" in output
    assert "skipped ..__hw.ipynb: student id '..' is not allowed" in output
    assert "skipped eve__other.ipynb: other.ipynb is not a notebook of it" in output
    assert "skipped notes.txt: not a notebook" in output
    assert "ben: hw.ipynb handed in 2 times; collected the newest" in output
    assert sorted(p.name for p in (course.root / "submitted").iterdir()) == ["ana", "ben"]
    assert not (course.root / "hw.ipynb").exists()


def test_a_duplicate_keeps_the_newest_copy(
    cohort: tuple[Course, dict[str, tuple[int, str]]],
) -> None:
    course, runs = cohort
    code, output = runs["grade"]
    assert code == 0, output
    assert "2 submission(s): 2 graded" in output
    timestamp = (course.root / "submitted" / "ben" / "hw" / "timestamp.txt").read_text()
    assert timestamp.startswith("2026-02-28 10:00:00")


def test_feedback_is_released_without_hidden_tests(
    cohort: tuple[Course, dict[str, tuple[int, str]]],
) -> None:
    course, runs = cohort
    code, output = runs["feedback"]
    assert code == 0, output
    assert "feedback for 2 student(s), 2 file(s)" in output
    # collected from an LMS, not through the exchange: nbgrader cannot release it there
    assert "released to the exchange for 0 student(s); 2 collected from an LMS" in output
    for student in ("ana", "ben"):
        page = (course.root / "feedback" / student / "hw" / "hw.html").read_text()
        assert "q1.is_close(answer, 42" not in page
        assert "Q1 the answer" in page  # the visible test's question is there


def test_feedback_with_hidden_tests_is_withheld(tmp_path: Path) -> None:
    """With nbgrader's default preprocessors the hidden tests leak; pmkit withholds the file."""
    course = _new_course(tmp_path / "course")
    config = (course.root / "nbgrader_config.py").read_text()
    start = config.index("c.GenerateFeedback.preprocessors")
    end = config.index("]", start) + 1
    (course.root / "nbgrader_config.py").write_text(config[:start] + config[end:])
    folder = course.root / "submitted" / "ana" / "hw"
    folder.mkdir(parents=True)
    (folder / "hw.ipynb").write_text(_answer(course, "answer = 42"))
    from pmkit.grading._nbgrader import _api, _quietly

    api = _api(course.nbgrader_config())
    assert _quietly(api.autograde, "hw", "ana", force=True, create=True)["success"]
    code, output = _invoke("cohort", "feedback", "hw", "--course", str(course.root))
    assert code == 1
    assert "WITHHELD" in output and "q1.is_close(answer, 42" in output
    assert not (course.root / "feedback" / "ana" / "hw" / "hw.html").exists()


def test_export_has_a_row_per_student_and_quotes_names(
    cohort: tuple[Course, dict[str, tuple[int, str]]], tmp_path: Path
) -> None:
    course, runs = cohort
    assert runs["export"][0] == 0, runs["export"][1]
    out = course.root.parent / "grades.csv"
    with out.open() as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"ana", "ben", "cy"}
    assert rows["ana"]["last_name"] == "Lopez, Jr." and rows["ben"]["last_name"] == 'O"Neil'
    assert float(rows["ana"]["score"]) == 2.0 and float(rows["ben"]["score"]) == 2.0
    assert rows["cy"]["timestamp"] == "" and float(rows["cy"]["score"]) == 0.0
    assert float(rows["ana"]["max_score"]) == 3.0
    # any SQLAlchemy URL: a copy of the gradebook elsewhere exports the same rows
    copy = tmp_path / "elsewhere.db"
    shutil.copy(course.root / ".nbgrader" / "gradebook.db", copy)
    code, _ = _invoke(
        "cohort", "export", "--db", f"sqlite:///{copy}", "--out", str(tmp_path / "g.csv")
    )
    assert code == 0 and (tmp_path / "g.csv").read_text() == out.read_text()
    code, output = _invoke(
        "cohort", "export", "--db", f"sqlite:///{copy}", "--assignment", "nope", "--out", str(out)
    )
    # an unknown assignment: the command cannot run (exit 2, the CLI's one rule)
    assert code == 2 and "no assignment 'nope' in the gradebook; it has hw" in output


def test_two_copies_without_timestamps_stop_the_collection(tmp_path: Path) -> None:
    course = _new_course(tmp_path / "course")
    first, second = tmp_path / "a" / "ana__hw.ipynb", tmp_path / "b" / "ana__hw.ipynb"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(_answer(course, "answer = 42"))
    with zipfile.ZipFile(tmp_path / "both.zip", "w") as archive:
        archive.write(first, "first/ana__hw.ipynb")
        archive.write(second, "second/ana__hw.ipynb")
    with pytest.raises(CourseError, match=r"two copies of hw\.ipynb from ana and no timestamp"):
        collect_submissions(course, "hw", [tmp_path / "both.zip"])
    assert not (course.root / "submitted").exists()


def test_collect_rejects_a_bad_naming_pattern(tmp_path: Path) -> None:
    course = _new_course(tmp_path / "course")
    (tmp_path / "x.ipynb").write_text("{}")
    with pytest.raises(CourseError, match=r"lacks the named group\(s\) \['file_id'\]"):
        collect_submissions(course, "hw", [tmp_path / "x.ipynb"], naming=r"(?P<student_id>\w+)")
    with pytest.raises(CourseError, match="not a valid regular expression"):
        collect_submissions(course, "hw", [tmp_path / "x.ipynb"], naming="(")


def test_canvas_names_are_understood(tmp_path: Path) -> None:
    course = _new_course(tmp_path / "course")
    names = ["lopezana_1234_5678_hw.ipynb", "oneilben_LATE_2345_6789_hw-1.ipynb"]
    for name in names:
        (tmp_path / name).write_text(_answer(course, "answer = 42"))
    result = collect_submissions(course, "hw", [tmp_path / n for n in names], naming="canvas")
    assert result.collected == {"lopezana": ["hw.ipynb"], "oneilben": ["hw.ipynb"]}
    assert result.skipped == []

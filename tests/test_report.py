"""The cohort report, from a real gradebook filled by nbgrader's autograder.

Two assignments and four students: alice answers both (a1 right, with a written answer that
awaits grading), bob answers a1 wrongly and late, carol hands in a1 blank, dave never submits.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbfactory import add_assignment, make_notebook

from pmkit.cli import main
from pmkit.grading import Course, ScratchCourse
from pmkit.grading._report import (
    completion_funnel,
    gradebook_frame,
    question_pass_rates,
    student_scores,
    write_cohort_report,
)

pytestmark = pytest.mark.slow


def _submit(scratch: ScratchCourse, student: str, notebook: dict, when: str) -> None:
    folder = scratch.root / "submitted" / student / scratch.assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{scratch.assignment}.ipynb").write_text(json.dumps(notebook))
    (folder / "timestamp.txt").write_text(when)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from nbgrader.api import Gradebook

    root = tmp_path_factory.mktemp("cohort")
    (root / "course" / "solutions").mkdir(parents=True)
    (root / "course" / "nbgrader_config.py").write_text(
        (Path(__file__).resolve().parents[1] / "nbgrader_config.py").read_text()
    )
    course = Course(root / "course")
    work = root / "grading"
    for name in ("a1", "a2"):
        add_assignment(course, name, make_notebook())
    a1, a2 = (ScratchCourse(course, name, work) for name in ("a1", "a2"))
    for scratch in (a1, a2):
        scratch.generate()
    with Gradebook(a1.db_url) as gradebook:
        gradebook.update_or_create_assignment("a1", duedate=datetime(2026, 1, 1))
        gradebook.update_or_create_assignment("a2", duedate=datetime(2026, 2, 1))
        gradebook.update_or_create_student("dave")

    def answered(scratch: ScratchCourse, answer: str, memo: str | None = None) -> dict:
        notebook = json.loads(
            scratch.release_dir.joinpath(f"{scratch.assignment}.ipynb").read_text()
        )
        notebook["cells"][1]["source"] = answer
        if memo:
            notebook["cells"][4]["source"] = memo
        return notebook

    _submit(a1, "alice", answered(a1, "answer = 42", memo="Six sevens."), "2025-12-30 10:00:00")
    _submit(a1, "bob", answered(a1, "answer = 41"), "2026-01-03 09:00:00")
    blank = json.loads(a1.release_dir.joinpath("a1.ipynb").read_text())
    _submit(a1, "carol", blank, "2025-12-31 23:00:00")
    _submit(a2, "alice", answered(a2, "answer = 42"), "2026-01-20 10:00:00")
    for student in ("alice", "bob", "carol"):
        a1.autograde(student)
    a2.autograde("alice")
    return a1.db_url


def test_frame_has_every_cell_of_every_student_and_assignment(db_url: str) -> None:
    frame = gradebook_frame(db_url)
    assert sorted(frame["student_id"].unique()) == ["alice", "bob", "carol", "dave"]
    assert list(frame["assignment"].cat.categories) == ["a1", "a2"]
    assert len(frame) == 4 * 2 * 2  # students x assignments x graded cells
    dave = frame[frame["student_id"] == "dave"]
    assert not dave["submitted"].any() and dave["score"].isna().all()


def test_student_scores_and_statuses(db_url: str) -> None:
    table = student_scores(gradebook_frame(db_url)).set_index(["student_id", "assignment"])
    assert table.loc[("alice", "a1"), "status"] == "needs grading"
    assert table.loc[("alice", "a1"), "score"] == 2.0
    assert table.loc[("bob", "a1"), "status"] == "late"
    assert table.loc[("bob", "a1"), "percent"] == 0.0
    assert table.loc[("carol", "a1"), "status"] == "graded"
    assert table.loc[("dave", "a1"), "status"] == "missing"
    assert table.loc[("bob", "a2"), "status"] == "missing"
    assert table.loc[("alice", "a2"), "percent"] == pytest.approx(100 * 2 / 3)


def test_pass_rates_put_the_hardest_question_first(db_url: str) -> None:
    rates = question_pass_rates(gradebook_frame(db_url))
    assert list(rates[["assignment", "grade_id"]].itertuples(index=False, name=None)) == [
        ("a1", "q1_tests"),
        ("a2", "q1_tests"),
    ]
    assert list(rates["submissions"]) == [3, 1]
    assert list(rates["pass_rate"]) == pytest.approx([1 / 3, 1.0])


def test_completion_funnel_across_assignments(db_url: str) -> None:
    funnel = completion_funnel(gradebook_frame(db_url))
    assert funnel.to_dict("records") == [
        {"assignment": "a1", "submitted": 3, "all_so_far": 3, "students": 4},
        {"assignment": "a2", "submitted": 1, "all_so_far": 1, "students": 4},
    ]


def test_html_and_csv_report(db_url: str, tmp_path: Path) -> None:
    report = write_cohort_report(db_url, tmp_path / "out", title="Spring cohort")
    page = report.html.read_text()
    assert page.count("data:image/png;base64,") == 3
    for heading in (
        "Questions, hardest first",
        "Completion across assignments",
        "Progress per student",
        "Late and missing submissions",
        "Submissions that could not be graded",
    ):
        assert heading in page
    attention = page.split("Late and missing submissions")[1]
    # dave misses both; bob and carol miss a2; bob was late for a1
    assert attention.count("missing") == 4 and attention.count(">late<") == 1
    csv = report.csv.read_text().splitlines()
    assert csv[0] == (
        "student_id,assignment,raw_score,late_penalty,score,max_score,percent,hours_late,"
        "extension_hours,status"
    )
    assert len(csv) == 1 + 8


def test_cli_writes_the_report(db_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "cohort",
            "report",
            "--db",
            db_url,
            "--out",
            str(tmp_path),
            "--course",
            str(Path(__file__).resolve().parents[1]),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cohort_report.html").is_file()
    # rich wraps long paths at the console's width: read the output unwrapped
    assert "cohort_report.html" in result.output.replace("\n", "")

"""The `pmkit` command's exit-code rule, for every command.

0: done, nothing wrong. 1: it ran and found problems in its input. 2: it cannot run (no course,
an unknown assignment, not a notebook, an empty gradebook, no sandbox) or was called wrongly.
The 0 and 1 paths that need nbgrader or a kernel are tested beside their feature
(test_selfcheck, test_parallel_grading, test_grading, test_roster, test_report,
test_cohort_workflow); this file covers every command's 2 path and the rule itself.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from nbfactory import add_assignment, make_notebook

from pmkit.cli import main
from pmkit.cli._common import CANNOT_RUN, CannotRun, ProblemsFound, exit_codes
from pmkit.grading import Course


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_the_rule_maps_every_cannot_run_error_to_2_and_problems_to_1() -> None:
    for error in CANNOT_RUN:

        @click.command()
        @exit_codes
        def failing(error: type[Exception] = error) -> None:
            raise error("the reason")

        result = CliRunner().invoke(failing, [])
        assert result.exit_code == 2, error
        assert "the reason" in result.output

    @click.command()
    @exit_codes
    def finds_problems() -> None:
        click.echo("question 2 fails")
        raise ProblemsFound()

    result = CliRunner().invoke(finds_problems, [])
    assert result.exit_code == 1
    assert result.output == "question 2 fails\n"  # nothing more: the command said it
    assert ProblemsFound("why").exit_code == 1 and CannotRun("why").exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["exercises", "list"],
        ["exercises", "generate"],
        ["exercises", "prove"],
        ["cohort", "grade", "hw"],
        ["cohort", "feedback", "hw"],
        ["cohort", "export"],
        ["cohort", "report"],
    ],
    ids=lambda args: " ".join(args),
)
def test_outside_a_course_every_command_exits_2(args: list[str], tmp_path: Path) -> None:
    result = run(*args, "--course", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "no pmkit course" in result.output


def test_collect_and_roster_outside_a_course_exit_2(tmp_path: Path) -> None:
    archive = tmp_path / "ada__hw.ipynb"
    archive.write_text("{}", encoding="utf-8")
    collected = run("cohort", "collect", "hw", str(archive), "--course", str(tmp_path))
    assert collected.exit_code == 2 and "no pmkit course" in collected.output
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nada\n", encoding="utf-8")
    imported = run("cohort", "roster", str(roster), "--course", str(tmp_path))
    assert imported.exit_code == 2 and "no pmkit course" in imported.output


@pytest.mark.parametrize(
    "args",
    [
        ["exercises", "generate", "nope"],
        ["exercises", "prove", "nope"],
        ["cohort", "grade", "nope"],
        ["cohort", "feedback", "nope"],
    ],
    ids=lambda args: " ".join(args),
)
def test_an_unknown_assignment_exits_2_naming_the_known_ones(
    args: list[str], course: Course
) -> None:
    add_assignment(course, "hw", make_notebook())
    result = run(*args, "--course", str(course.root))
    assert result.exit_code == 2, result.output
    assert "nope" in result.output


def test_check_exits_2_for_a_file_that_is_not_a_notebook(tmp_path: Path) -> None:
    missing = run("check", str(tmp_path / "missing.ipynb"))
    assert missing.exit_code == 2
    text = tmp_path / "notes.ipynb"
    text.write_text("not json", encoding="utf-8")
    assert run("check", str(text)).exit_code == 2


def test_report_on_an_empty_gradebook_exits_2(course: Course, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run("cohort", "report", "--db", db, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "no students or no assignments" in result.output


def test_a_refused_roster_row_exits_1(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nok\na/b\n", encoding="utf-8")
    result = run("cohort", "roster", str(roster), "--db", f"sqlite:///{tmp_path / 'gb.db'}")
    assert result.exit_code == 1
    assert "row 3" in result.output


def test_data_generate_out_of_range_exits_2(tmp_path: Path) -> None:
    result = run("data", "generate", "--events", "10", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "events must be between" in result.output


def test_a_usage_mistake_exits_2() -> None:
    assert run("cohort", "grade").exit_code == 2  # the assignment is missing
    assert run("exercises", "nonsense").exit_code == 2

"""Roster import: unsafe, duplicate or malformed rows are refused whole, with row and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pmkit.cli import main
from pmkit.grading import Course
from pmkit.grading._roster import check_student_id, import_roster, read_roster


@pytest.mark.parametrize(
    "bad",
    ["../gradebook", "a/b", "a\\b", ".hidden", "..", "", "has space", "x" * 129, "a..b", None],
)
def test_unsafe_student_ids_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="is not allowed"):
        check_student_id(bad)


@pytest.mark.parametrize("good", ["ada", "ada.lovelace", "s-042", "a_b+c@uni.edu", "X" * 128])
def test_ordinary_student_ids_pass(good: str) -> None:
    assert check_student_id(good) == good


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("name\nada\n", "needs an 'id' column"),
        ("id,team\nada,red\n", "unknown column(s) ['team']"),
        ("id\nada\n../etc\n", "row 3: student id '../etc' is not allowed"),
        ("id\nada\nbob\nada\n", "student id 'ada' appears more than once (rows 2, 4)"),
        ("", "cannot read the roster as CSV"),
    ],
)
def test_bad_rosters_name_the_row_and_the_reason(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=r"roster\.csv") as err:
        read_roster(write(tmp_path, text))
    assert reason in str(err.value)


def test_import_creates_then_updates(course: Course, tmp_path: Path) -> None:
    from nbgrader.api import Gradebook

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    first = read_roster(write(tmp_path, "id,first_name,email\nada,Ada,ada@example.org\nbob,,\n"))
    result = import_roster(url, first)
    assert (result.created, result.updated) == (["ada", "bob"], [])
    again = import_roster(url, read_roster(write(tmp_path, "id,last_name\nada,Lovelace\n")))
    assert (again.created, again.updated) == ([], ["ada"])
    with Gradebook(url) as gradebook:
        ada = gradebook.find_student("ada")
        assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada@example.org")
        assert gradebook.find_student("bob").email is None


def test_cli_refuses_a_bad_roster_and_writes_nothing(course: Course, tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'gb.db'}"
    bad = runner.invoke(
        main, ["cohort", "roster", str(write(tmp_path, "id\nok\na/b\n")), "--db", db]
    )
    assert bad.exit_code == 1
    assert "row 3" in bad.output and not (tmp_path / "gb.db").exists()
    good = runner.invoke(main, ["cohort", "roster", str(write(tmp_path, "id\nok\n")), "--db", db])
    assert good.exit_code == 0, good.output
    assert "1 student(s) added, 0 updated" in good.output

"""`pmkit cohort` gives the same grades on SQLite and on PostgreSQL, command for command.

Two copies of one small course, one with the default SQLite gradebook and one with a PostgreSQL
gradebook (a private cluster on a free loopback port, as a cohort hub runs it), go through the
same commands: roster, generate, due date, grade (a right answer, a wrong one handed in late,
a broken file), an extension, export and report. The exports and the report's scores must be
identical, and right.

PostgreSQL runs as Debian's postgres account, which root starts it as: CI runs as root and
.ci/run installs PostgreSQL; elsewhere the PostgreSQL half is skipped, saying why.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hubfactory import free_ports
from nbfactory import ROOT, add_assignment, make_notebook

from pmkit.cli import main
from pmkit.grading import Course

pytestmark = pytest.mark.slow

ROSTER = "id,first_name,last_name\nana,Ana,Lee\nben,Ben,Okafor\ncy,Cy,Novak\ndee,Dee,Moss\n"
ANSWERS = {"ana": "answer = 42", "ben": "answer = 42", "cy": None}
WHEN = {"ana": "2026-02-27 09:30:00", "ben": "2026-03-02 12:00:00", "cy": "2026-02-28 10:00:00"}


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if os.geteuid() != 0:
        pytest.skip(
            "the PostgreSQL gradebook runs as Debian's postgres account, which only root can "
            "start a cluster as (CI runs as root)"
        )
    from pmkit.hub._postgres import Cluster

    folder = Path(tempfile.mkdtemp(prefix="pmkit-pg-", dir="/tmp"))
    folder.chmod(0o755)  # the postgres account must reach its data folder
    cluster = Cluster(folder / "postgres" / "data", free_ports(1)[0])
    password = secrets.token_hex(16)
    cluster.initialise({"jupyterhub": secrets.token_hex(16), "gradebook": password})
    cluster.start()
    try:
        yield cluster.url("gradebook", password)
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _run(course: Course, *args: str) -> Any:
    return CliRunner().invoke(main, [*args, "--course", str(course.root)])


def _cohort(folder: Path, db_url: str | None) -> dict[str, Any]:
    """Run one cohort through the CLI; return its export and report scores as rows."""
    course = Course(folder)
    (folder / "solutions").mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    config = config.replace(
        "c.LatePenalty.percent_per_day = 0", "c.LatePenalty.percent_per_day = 10"
    )
    if db_url:
        config += f"\nc.CourseDirectory.db_url = {db_url!r}\n"
    (folder / "nbgrader_config.py").write_text(config)
    add_assignment(course, "hw", make_notebook())
    (folder / "roster.csv").write_text(ROSTER)
    outputs: dict[str, Any] = {"printed": []}  # printed: every command's output
    for args in (
        ("cohort", "roster", str(folder / "roster.csv")),
        ("exercises", "generate"),
        ("cohort", "due", "hw", "2026-03-01 00:00"),
    ):
        result = _run(course, *args)
        assert result.exit_code == 0, (args, result.output)
        outputs["printed"].append(result.output)
    release = json.loads((course.exercises_dir / "hw" / "hw.ipynb").read_text())
    for student, answer in ANSWERS.items():
        target = folder / "submitted" / student / "hw"
        target.mkdir(parents=True)
        notebook = json.loads(json.dumps(release))
        if answer is not None:
            notebook["cells"][1]["source"] = answer
        text = json.dumps(notebook) if student != "cy" else "{not json"
        (target / "hw.ipynb").write_text(text)
        (target / "timestamp.txt").write_text(WHEN[student])
    graded = _run(course, "cohort", "grade", "hw", "--workers", "2")
    assert graded.exit_code == 1, graded.output  # cy's file is broken
    outputs["grade"] = graded.output
    extended = _run(course, "cohort", "extend", "hw", "ben", "12h")
    assert extended.exit_code == 0, extended.output
    outputs["printed"] += [graded.output, extended.output]
    for args in (
        ("cohort", "export", "--out", str(folder / "grades.csv")),
        ("cohort", "report", "--out", str(folder / "report")),
    ):
        result = _run(course, *args)
        assert result.exit_code == 0, (args, result.output)
        outputs["printed"].append(result.output)
    for name, path in (("export", "grades.csv"), ("scores", "report/cohort_scores.csv")):
        with (folder / path).open() as handle:
            outputs[name] = list(csv.DictReader(handle))
    outputs["report"] = (folder / "report" / "cohort_report.html").read_text()
    return outputs


@pytest.fixture(scope="module")
def sqlite_cohort(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _cohort(tmp_path_factory.mktemp("sqlite") / "course", None)


def test_the_cohort_commands_grade_right_on_sqlite(sqlite_cohort: dict[str, Any]) -> None:
    rows = {row["student_id"]: row for row in sqlite_cohort["export"]}
    assert sorted(rows) == ["ana", "ben", "cy", "dee"]
    assert (rows["ana"]["raw_score"], rows["ana"]["score"], rows["ana"]["hours_late"]) == (
        "2.0",
        "2.0",
        "0.0",
    )
    # ben: 36 h late, 12 h extension: 24 h late, one started day, 10 % of his 2 points
    assert (rows["ben"]["hours_late"], rows["ben"]["extension_hours"]) == ("24.0", "12.0")
    assert (rows["ben"]["late_submission_penalty"], rows["ben"]["score"]) == ("0.2", "1.8")
    # cy's broken file is not graded: no submission in the gradebook, listed in the report
    assert (rows["cy"]["timestamp"], rows["cy"]["score"]) == ("", "0.0")
    failed = sqlite_cohort["report"].split("could not be graded")[1].split("<h2>")[0]
    assert "cy" in failed and "NotJSONError" in failed
    scores = {row["student_id"]: row["status"] for row in sqlite_cohort["scores"]}
    # ana on time; ben late even with his extension; written answers left blank need no grader
    assert scores == {"ana": "graded", "ben": "late", "cy": "missing", "dee": "missing"}


def test_postgresql_gives_the_same_grades_as_sqlite(
    sqlite_cohort: dict[str, Any], postgres_url: str, tmp_path: Path
) -> None:
    from sqlalchemy.engine import make_url

    on_postgres = _cohort(tmp_path / "course", postgres_url)
    password = make_url(postgres_url).password
    assert password and password in postgres_url
    # the gradebook's password is never printed, by any command (roster names the gradebook
    # with the password masked); grading does not print the URL at all. Lines are joined first:
    # the console wraps long ones, which could split a printed password.
    printed = ["".join(output.splitlines()) for output in on_postgres["printed"]]
    assert not [output for output in printed if password in output]
    assert "gradebook:***@127.0.0.1" in printed[0]
    assert "postgresql" not in on_postgres["grade"]
    # ... nor written into the exports or the report
    assert password not in json.dumps(on_postgres["export"]) + on_postgres["report"]
    assert not (tmp_path / "course" / ".nbgrader" / "gradebook.db").exists()
    assert on_postgres["export"] == sqlite_cohort["export"]
    assert on_postgres["scores"] == sqlite_cohort["scores"]

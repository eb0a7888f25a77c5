"""The ``pmkit`` command: course authoring and grading from the terminal.

``pmkit exercises generate`` regenerates the student versions, ``pmkit exercises prove`` proves
an exercise sound (the same check the test suite runs), ``pmkit exercises list`` shows what the
course holds. Exit status: 0 on success, 1 when a check finds problems, 2 on bad usage.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from pmkit.grading import Course, CourseError, generate_exercises, prove_exercise

_console = Console()


def _course(root: Path | None) -> Course:
    try:
        return Course.find(root)
    except CourseError as err:
        raise click.UsageError(str(err)) from None


_root_option = click.option(
    "--course",
    "root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The course folder (default: the one containing the working directory).",
)


@click.group()
@click.version_option(package_name="pmkit")
def main() -> None:
    """pmkit: a product-management course kit built on JupyterLab and nbgrader."""


@main.group()
def exercises() -> None:
    """Generate student versions of exercises and prove them sound."""


@exercises.command("list")
@_root_option
def list_exercises(root: Path | None) -> None:
    """List the assignments in solutions/ and their notebooks."""
    course = _course(root)
    table = Table("assignment", "notebooks", "student version")
    for name in course.assignments():
        notebooks = ", ".join(p.name for p in course.source_notebooks(name))
        released = "yes" if (course.exercises_dir / name).is_dir() else "missing"
        table.add_row(name, notebooks, released)
    _console.print(table)


@exercises.command("generate")
@click.argument("assignments", nargs=-1)
@_root_option
def generate(assignments: tuple[str, ...], root: Path | None) -> None:
    """Regenerate exercises/ from solutions/ (all assignments, or those named)."""
    course = _course(root)
    try:
        written = generate_exercises(course, list(assignments) or None)
    except CourseError as err:
        raise click.ClickException(str(err)) from None
    for path in written:
        _console.print(f"generated {path.relative_to(course.root)}")


@exercises.command("prove")
@click.argument("assignments", nargs=-1)
@_root_option
def prove(assignments: tuple[str, ...], root: Path | None) -> None:
    """Prove exercises sound: fresh, leak-free, full marks for the solution, zero when blank."""
    course = _course(root)
    names = list(assignments) or course.assignments()
    failed = False
    for name in names:
        with _console.status(f"proving {name} (generates, autogrades, runs each question)..."):
            try:
                proof = prove_exercise(course, name)
            except CourseError as err:
                raise click.ClickException(str(err)) from None
        auto = [s for s in proof.solution_scores if s.kind == "auto_test"]
        earned = sum(s.score for s in auto)
        possible = sum(s.max_score for s in auto)
        if proof.sound:
            _console.print(
                f"[green]{name}: sound[/green] (solution {earned:g}/{possible:g} autograded "
                f"points, blank version 0, every test fails with its answer blank)"
            )
        else:
            failed = True
            _console.print(f"[red]{name}: {len(proof.problems)} problem(s)[/red]")
            for problem in proof.problems:
                _console.print(f"  - {problem}", markup=False)
    if failed:
        raise SystemExit(1)

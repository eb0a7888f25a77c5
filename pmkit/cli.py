"""The ``pmkit`` command: self-checks for learners, cohort tools for instructors, exercise tools.

``pmkit check NOTEBOOK`` self-grades a learner's notebook against the full tests;
``pmkit cohort roster|grade|report`` imports a roster, grades submissions in parallel and writes
the cohort report; ``pmkit exercises generate`` regenerates the student versions,
``pmkit exercises prove`` proves an exercise sound (the same check the test suite runs) and
``pmkit exercises list`` shows what the course holds. Exit status: 0 on success, 1 when a check
finds problems, 2 when the input cannot be checked (bad usage, not a notebook of this course).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from pmkit.grading import (
    CheckReport,
    Course,
    CourseError,
    NotebookError,
    check_notebook,
    generate_exercises,
    prove_exercise,
)
from pmkit.grading._sandbox import DEFAULT_MEMORY_BYTES, DEFAULT_WALL_SECONDS, SandboxUnavailable

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


@main.command()
@click.argument("notebook", type=click.Path(path_type=Path))
@_root_option
@click.option(
    "--timeout", default=60, show_default=True, help="Seconds allowed for each cell to run."
)
def check(notebook: Path, root: Path | None, timeout: int) -> None:
    """Self-check NOTEBOOK, your working copy of an exercise, against the full tests.

    Runs a copy of the notebook (never the file itself) with the exercise's visible and hidden
    tests and prints, per question, the points, whether it passes, what is wrong and a hint. It
    never shows test code or expected values. Exit status 0 when every autograded question
    passes, 1 when one fails, 2 when the file cannot be checked.
    """
    try:
        course = _course(root) if root else None
        with _console.status(f"Running a copy of {notebook.name} with the full tests..."):
            report = check_notebook(notebook, course, timeout=timeout)
    except (NotebookError, CourseError) as err:
        raise click.UsageError(str(err)) from None
    _print_report(report)
    if not report.passed:
        raise SystemExit(1)


def _print_report(report: CheckReport) -> None:
    table = Table(title=f"Self-check of {report.notebook.name} (exercise {report.assignment})")
    table.add_column("Question")
    table.add_column("Points", justify="right")
    table.add_column("Result")
    for q in report.questions:
        if q.kind == "manual":
            table.add_row(q.label, f"-/{q.points:g}", "[cyan]awaiting review[/cyan]")
        elif q.passed:
            table.add_row(q.label, f"{q.earned:g}/{q.points:g}", "[green]passed[/green]")
        else:
            table.add_row(q.label, f"0/{q.points:g}", "[red]failed[/red]")
    _console.print(table)
    failed = [q for q in report.auto if not q.passed]
    if failed:
        _console.print("\n[bold]What to fix[/bold]")
        for q in failed:
            _console.print(f"[red]{q.label}[/red]: ", end="")
            _console.print(q.message, markup=False, highlight=False)
            if q.hint:
                _console.print("  Hint: ", end="", style="bold")
                _console.print(q.hint, markup=False, highlight=False)
    waiting = [q for q in report.questions if q.kind == "manual"]
    if waiting:
        _console.print("\n[bold]Written answers awaiting review[/bold]")
        for q in waiting:
            _console.print(f"[cyan]{q.label}[/cyan] ({q.points:g} points). ", end="")
            _console.print(q.rubric or "No rubric given.", markup=False, highlight=False)
    summary = f"\nAutograded: {report.earned:g} of {report.possible:g} points"
    summary += (
        ", every question passes." if report.passed else f"; {len(failed)} question(s) to fix."
    )
    _console.print(summary, highlight=False)


@main.group()
def cohort() -> None:
    """Instructor tools over nbgrader's gradebook."""


@cohort.command("grade")
@click.argument("assignment")
@_root_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes (default: one more than the number of cores).",
)
@click.option("--force", is_flag=True, help="Regrade submissions already graded and unchanged.")
@click.option(
    "--memory",
    "memory_mib",
    type=click.IntRange(min=256),
    default=DEFAULT_MEMORY_BYTES // 2**20,
    show_default=True,
    help="Address space per kernel, in MiB.",
)
@click.option(
    "--notebook-timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_WALL_SECONDS,
    show_default=True,
    help="Seconds a notebook may run in all (each cell: the course's Execute.timeout).",
)
@click.option(
    "--no-sandbox",
    is_flag=True,
    help="Run student code WITHOUT the bubblewrap sandbox, with your permissions.",
)
def cohort_grade(
    assignment: str,
    root: Path | None,
    workers: int | None,
    force: bool,
    memory_mib: int,
    notebook_timeout: float,
    no_sandbox: bool,
) -> None:
    """Autograde every submission of ASSIGNMENT in parallel with nbgrader, sandboxed.

    Each kernel runs in a bubblewrap sandbox: it cannot read solutions/, the gradebook or other
    submissions, and can write only in its own working folder. Every folder in submitted/ is
    accounted for: graded, skipped (graded before and unchanged) or failed with the reason.
    Exit status 1 when any submission failed, 2 when grading cannot start (no sandbox).
    """
    from rich.progress import Progress

    from pmkit.grading._parallel import find_submissions, grade_assignment

    course = _course(root)
    total = len(find_submissions(course, assignment))
    if no_sandbox:
        _console.print(_UNSANDBOXED, style="bold red", highlight=False)
    with Progress(console=_console, transient=True) as progress:
        task = progress.add_task(f"grading {assignment}", total=total)
        try:
            results = grade_assignment(
                course,
                assignment,
                workers=workers,
                force=force,
                on_result=lambda _: progress.advance(task),
                memory_bytes=memory_mib * 2**20,
                wall_seconds=notebook_timeout,
                sandbox=not no_sandbox,
            )
        except SandboxUnavailable as err:
            _console.print(f"NOT GRADING: {err}", style="bold red", highlight=False)
            raise SystemExit(2) from None
        except CourseError as err:
            raise click.ClickException(str(err)) from None
    table = Table("student", "status", "score", "detail")
    for r in results:
        score = f"{r.score:g}/{r.max_score:g}" if r.score is not None and r.max_score else ""
        table.add_row(r.student, r.status, score, r.reason)
    _console.print(table)
    counts = {s: sum(1 for r in results if r.status == s) for s in ("graded", "skipped", "failed")}
    _console.print(
        f"{len(results)} submission(s): {counts['graded']} graded, {counts['skipped']} skipped "
        f"(unchanged), {counts['failed']} failed",
        highlight=False,
    )
    if no_sandbox:
        _console.print(_UNSANDBOXED, style="bold red", highlight=False)
    if counts["failed"]:
        raise SystemExit(1)


_UNSANDBOXED = (
    "WARNING: grading WITHOUT the sandbox (--no-sandbox). Student code runs with your "
    "permissions: it can read solutions/, the gradebook and other students' work, and write "
    "anywhere you can. Only the time and memory limits apply."
)


@cohort.command("roster")
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_root_option
@click.option("--db", "db_url", default=None, help="Gradebook URL (default: the course's).")
def cohort_roster(csv_file: Path, root: Path | None, db_url: str | None) -> None:
    """Import a roster CSV (columns: id, first_name, last_name, email, lms_user_id).

    The whole file is checked first: an unsafe or duplicate student id stops the import with
    the row and the reason, and nothing is written.
    """
    from pmkit.grading._roster import import_roster, read_roster

    try:
        roster = read_roster(csv_file)
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    url = db_url or str(_course(root).nbgrader_config().CourseDirectory.db_url)
    result = import_roster(url, roster)
    _console.print(
        f"{len(result.created)} student(s) added, {len(result.updated)} updated, in {url}",
        highlight=False,
    )


@cohort.command("report")
@_root_option
@click.option("--db", "db_url", default=None, help="Gradebook URL (default: the course's).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("cohort-report"),
    show_default=True,
    help="Folder for cohort_report.html and cohort_scores.csv.",
)
def cohort_report(root: Path | None, db_url: str | None, out: Path) -> None:
    """Write the cohort report: scores, hardest questions, completion, late and missing work."""
    from pmkit.grading._report import write_cohort_report

    url = db_url or str(_course(root).nbgrader_config().CourseDirectory.db_url)
    try:
        report = write_cohort_report(url, out)
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    _console.print(f"wrote {report.html} and {report.csv}")


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

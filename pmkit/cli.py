"""The ``pmkit`` command: self-checks for learners, cohort tools for instructors, exercise tools.

``pmkit data generate`` writes the product data at any size;
``pmkit check NOTEBOOK`` self-grades a learner's notebook against the full tests;
``pmkit cohort roster|collect|grade|feedback|export|report`` imports a roster, collects LMS
downloads, grades submissions in parallel in a sandbox, generates feedback without hidden tests,
exports grades and writes the cohort report; ``pmkit exercises generate`` regenerates the
student versions, ``pmkit exercises prove`` proves an exercise sound (the same check the test
suite runs) and ``pmkit exercises list`` shows what the course holds. Exit status: 0 on
success, 1 when a check finds problems, 2 when the input cannot be checked (bad usage, not a
notebook of this course).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from pmkit.datasets._cli import data
from pmkit.grading import (
    CheckReport,
    Course,
    CourseError,
    NotebookError,
    check_notebook,
    generate_exercises,
    proof_digest,
    prove_exercise,
    save_proof,
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
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the report as JSON (the same facts as the table: no test code, no answers).",
)
def check(notebook: Path, root: Path | None, timeout: int, as_json: bool) -> None:
    """Self-check NOTEBOOK, your working copy of an exercise, against the full tests.

    Runs a copy of the notebook (never the file itself) with the exercise's visible and hidden
    tests and prints, per question, the points, whether it passes, what is wrong and a hint (a
    course with ``c.PmkitCheck.visible_only = True`` runs the visible tests only, and says so). It
    never shows test code or expected values. Exit status 0 when every autograded question
    passes, 1 when one fails, 2 when the file cannot be checked.
    """
    from pmkit.grading._trusted import GradingError, NotebookStopped

    try:
        course = _course(root) if root else None
        status = _console.status(f"Running a copy of {notebook.name} with the full tests...")
        with contextlib.nullcontext() if as_json else status:
            report = check_notebook(notebook, course, timeout=timeout)
    except (NotebookError, CourseError) as err:
        raise click.UsageError(str(err)) from None
    except (NotebookStopped, GradingError) as err:
        _console.print(f"[red]Could not check {notebook.name}:[/red] ", end="")
        _console.print(str(err), markup=False, highlight=False)
        raise SystemExit(2) from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1))
    else:
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
    if report.visible_only:
        _console.print(
            "\n[cyan]Visible tests only[/cyan]: your course checks your work against the tests "
            "you can see; more tests run when it is graded, so passing here is not yet a score."
        )
    if not report.sandboxed:
        _console.print(
            "\n[yellow]Not sandboxed[/yellow]: bubblewrap is not available here, so your code ran "
            "with your own permissions (the tests still ran apart from it)."
        )
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


@cohort.command("collect")
@click.argument("assignment")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
@_root_option
@click.option(
    "--naming",
    default="plain",
    show_default=True,
    help="File-name pattern: 'plain' (STUDENT__NOTEBOOK.ipynb, optionally "
    "STUDENT__2026-03-01T12-00-00__NOTEBOOK.ipynb), 'canvas', or a regular expression with "
    "the groups student_id and file_id (and optionally timestamp).",
)
def cohort_collect(
    assignment: str, files: tuple[Path, ...], root: Path | None, naming: str
) -> None:
    """Collect LMS downloads (zip archives or notebooks) of ASSIGNMENT into submitted/.

    Uses nbgrader's zip_collect. Every file is accounted for: collected, a duplicate (the newest
    copy by timestamp is kept) or skipped with the reason (a name that does not match, an unsafe
    student id, a notebook that is not part of the assignment). Exit status 1 when any file was
    skipped, 2 when nothing could be collected.
    """
    from pmkit.grading._collect import collect_submissions

    course = _course(root)
    try:
        with _console.status(f"collecting {len(files)} file(s) with nbgrader's zip_collect..."):
            result = collect_submissions(course, assignment, list(files), naming=naming)
    except CourseError as err:
        _console.print(f"NOT COLLECTED: {err}", style="bold red", highlight=False)
        raise SystemExit(2) from None
    table = Table("student", "notebooks collected")
    for student, notebooks in result.collected.items():
        table.add_row(student, ", ".join(notebooks))
    _console.print(table)
    for note in result.duplicates:
        _console.print(f"duplicate: {note}", highlight=False)
    for name, reason in result.skipped:
        _console.print(f"skipped {name}: {reason}", style="yellow", highlight=False)
    _console.print(
        f"{len(result.collected)} student(s) collected into submitted/, "
        f"{len(result.skipped)} file(s) skipped",
        highlight=False,
    )
    if result.skipped:
        raise SystemExit(1)


@cohort.command("feedback")
@click.argument("assignment")
@_root_option
@click.option("--release", is_flag=True, help="Also release the feedback to the exchange.")
def cohort_feedback(assignment: str, root: Path | None, release: bool) -> None:
    """Generate feedback HTML for every graded submission of ASSIGNMENT.

    Feedback shows each student's answers, scores and the visible tests' messages; hidden tests,
    tracebacks and model answers are stripped, and any file still containing a hidden line is
    withheld (deleted and listed; exit status 1). --release puts the feedback in the exchange.
    """
    from pmkit.grading._deliver import generate_feedback

    course = _course(root)
    try:
        with _console.status(f"generating feedback for {assignment} with nbgrader..."):
            result = generate_feedback(course, assignment, release=release)
    except CourseError as err:
        raise click.ClickException(str(err)) from None
    count = sum(len(files) for files in result.files.values())
    _console.print(
        f"feedback for {len(result.files)} student(s), {count} file(s), in "
        f"{course.root / 'feedback'}",
        highlight=False,
    )
    if release:
        _console.print(
            f"released to the exchange for {len(result.released)} student(s); "
            f"{len(result.not_released)} collected from an LMS: hand their feedback back there",
            highlight=False,
        )
    for page, line in result.withheld:
        _console.print(f"WITHHELD {page}: contains hidden text {line!r}", style="bold red")
    if result.withheld:
        raise SystemExit(1)


@cohort.command("export")
@_root_option
@click.option("--db", "db_url", default=None, help="Gradebook URL (default: the course's).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("grades.csv"),
    show_default=True,
    help="The CSV file to write.",
)
@click.option("--assignment", "assignments", multiple=True, help="Only this assignment (repeat).")
def cohort_export(
    root: Path | None, db_url: str | None, out: Path, assignments: tuple[str, ...]
) -> None:
    """Export grades as CSV: one row per student and assignment (nbgrader's export columns).

    A missing submission scores 0; score = raw score - late penalty, never below 0.
    """
    from pmkit.grading._deliver import export_grades

    url = db_url or str(_course(root).nbgrader_config().CourseDirectory.db_url)
    try:
        export_grades(url, out, assignments=list(assignments) or None)
    except CourseError as err:
        raise click.ClickException(str(err)) from None
    _console.print(f"wrote {out}", highlight=False)


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


main.add_command(data)


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
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also list every known mistake and valid alternative with the message it got.",
)
@click.option(
    "--record",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Save each sound proof with a digest of what it depends on to DIR/<assignment>.json "
    "(the test suite reuses a record while its digest is current).",
)
def prove(
    assignments: tuple[str, ...], root: Path | None, verbose: bool, record: Path | None
) -> None:
    """Prove exercises sound and fair.

    Sound: fresh, leak-free, full marks for the solution, zero when blank, every test failing
    with its answer blank. Fair: every known mistake in the notebook's variants file fails its
    question and every valid alternative passes it. Prints, per question, how many mistakes
    were rejected and alternatives accepted. Always proves afresh; --record saves the results.
    """
    course = _course(root)
    names = list(assignments) or course.assignments()
    failed = False
    for name in names:
        with _console.status(f"proving {name} (generates, autogrades, runs each variant)..."):
            try:
                digest = proof_digest(course, name) if record is not None else ""
                proof = prove_exercise(course, name)
            except CourseError as err:
                raise click.ClickException(str(err)) from None
        if record is not None:
            if not proof.sound:
                _console.print(f"not recorded: {name} is not sound")
            elif proof_digest(course, name) != digest:
                _console.print(f"not recorded: {name}'s files changed while it was proved")
            else:
                written = save_proof(proof, record, digest)
                _console.print(f"recorded {written}", markup=False)
        auto = [s for s in proof.solution_scores if s.kind == "auto_test"]
        earned = sum(s.score for s in auto)
        possible = sum(s.max_score for s in auto)
        table = Table("notebook", "question", "mistakes rejected", "alternatives accepted")
        for (
            notebook,
            question,
            rejected,
            mistakes,
            accepted,
            alternatives,
        ) in proof.variant_summary():
            table.add_row(
                notebook,
                question,
                f"{rejected} of {mistakes}",
                f"{accepted} of {alternatives}",
            )
        _console.print(table)
        if verbose:
            for outcome in proof.variants:
                mark = "ok " if outcome.as_expected else "BAD"
                said = outcome.broken or outcome.reason or "passes"
                _console.print(
                    f"  {mark} {outcome.notebook} {outcome.question} {outcome.kind} "
                    f"{outcome.name!r}: {said}",
                    markup=False,
                )
        if proof.sound:
            _console.print(
                f"[green]{name}: sound[/green] (solution {earned:g}/{possible:g} autograded "
                f"points, blank version 0, every test fails with its answer blank, every "
                f"known mistake rejected and every valid alternative accepted)"
            )
        else:
            failed = True
            _console.print(f"[red]{name}: {len(proof.problems)} problem(s)[/red]")
            for problem in proof.problems:
                _console.print(f"  - {problem}", markup=False)
    if failed:
        raise SystemExit(1)

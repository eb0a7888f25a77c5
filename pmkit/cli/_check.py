"""``pmkit check``: a learner's self-check of one exercise notebook against the full tests."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click
from rich.table import Table

import pmkit.hub as hub
from pmkit.cli._common import (
    CannotRun,
    ProblemsFound,
    console,
    exit_codes,
    root_option,
)
from pmkit.grading import (
    CheckReport,
    GradingError,
    NotebookStopped,
    check_notebook,
    find_check_course,
)


@click.command()
@exit_codes
@click.argument("notebook", type=click.Path(path_type=Path))
@root_option
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
    never shows test code or expected values. On a cohort hub the notebook goes to the course's
    check service, which holds the tests (``PMKIT_CHECK_SERVICE``; ``--course`` checks here).
    Without ``solutions/`` (a learner's copy of ``exercises/`` only, or a notebook on its own)
    it runs the visible tests as released (or as saved, for a lone notebook) and says so; a
    notebook matching none of ``exercises/`` is refused. ``--course`` must name the course or a
    folder holding ``exercises/`` (or one inside them). Exit status 0 when every autograded
    question passes, 1 when one fails, 2 when the file cannot be checked.
    """
    service = hub.check_service_url() if root is None else None
    status = console.status(f"Running a copy of {notebook.name} with the full tests...")
    if service:  # on the hub: the tests live with the course's check service, not here
        with contextlib.nullcontext() if as_json else status:
            report = hub.check_remotely(notebook, service)
    else:
        course = find_check_course(notebook, root)
        try:
            with contextlib.nullcontext() if as_json else status:
                report = check_notebook(notebook, course, timeout=timeout)
        except (NotebookStopped, GradingError) as err:
            raise CannotRun(f"could not check {notebook.name}: {err}") from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1))
    else:
        _print_report(report)
    if not report.passed:
        raise ProblemsFound()


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
    console.print(table)
    failed = [q for q in report.auto if not q.passed]
    if failed:
        console.print("\n[bold]What to fix[/bold]")
        for q in failed:
            console.print(f"[red]{q.label}[/red]: ", end="")
            console.print(q.message, markup=False, highlight=False)
            if q.hint:
                console.print("  Hint: ", end="", style="bold")
                console.print(q.hint, markup=False, highlight=False)
    waiting = [q for q in report.questions if q.kind == "manual"]
    if waiting:
        console.print("\n[bold]Written answers awaiting review[/bold]")
        for q in waiting:
            console.print(f"[cyan]{q.label}[/cyan] ({q.points:g} points). ", end="")
            console.print(q.rubric or "No rubric given.", markup=False, highlight=False)
    if report.missing:
        console.print("\n[cyan]Visible tests only[/cyan]: ", end="")
        console.print(report.missing[0].upper() + report.missing[1:], markup=False, highlight=False)
    elif report.visible_only:
        console.print(
            "\n[cyan]Visible tests only[/cyan]: your course checks your work against the tests "
            "you can see; more tests run when it is graded, so passing here is not yet a score."
        )
    if not report.sandboxed:
        console.print(
            "\n[yellow]Not sandboxed[/yellow]: bubblewrap is not available here, so your code ran "
            "with your own permissions (the tests still ran apart from it)."
        )
    summary = f"\nAutograded: {report.earned:g} of {report.possible:g} points"
    summary += (
        ", every question passes." if report.passed else f"; {len(failed)} question(s) to fix."
    )
    console.print(summary, highlight=False)

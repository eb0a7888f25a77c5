"""``pmkit exercises``: the author's tools: list, generate the student versions, prove."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from pmkit.cli._common import ProblemsFound, console, exit_codes, find_course, root_option
from pmkit.grading import generate_exercises, proof_digest, prove_exercise, save_proof


@click.group()
def exercises() -> None:
    """Generate student versions of exercises and prove them sound."""


@exercises.command("list")
@exit_codes
@root_option
def list_exercises(root: Path | None) -> None:
    """List the assignments in solutions/ and their notebooks."""
    course = find_course(root)
    table = Table("assignment", "notebooks", "student version")
    for name in course.assignments():
        notebooks = ", ".join(p.name for p in course.source_notebooks(name))
        released = "yes" if (course.exercises_dir / name).is_dir() else "missing"
        table.add_row(name, notebooks, released)
    console.print(table)


@exercises.command("generate")
@exit_codes
@click.argument("assignments", nargs=-1)
@root_option
def generate(assignments: tuple[str, ...], root: Path | None) -> None:
    """Regenerate exercises/ from solutions/ (all assignments, or those named)."""
    course = find_course(root)
    written = generate_exercises(course, list(assignments) or None)
    for path in written:
        console.print(f"generated {path.relative_to(course.root)}")


@exercises.command("prove")
@exit_codes
@click.argument("assignments", nargs=-1)
@root_option
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
    course = find_course(root)
    names = list(assignments) or course.assignments()
    failed = False
    for name in names:
        with console.status(f"proving {name} (generates, autogrades, runs each variant)..."):
            digest = proof_digest(course, name) if record is not None else ""
            proof = prove_exercise(course, name)
        if record is not None:
            if not proof.sound:
                console.print(f"not recorded: {name} is not sound")
            elif proof_digest(course, name) != digest:
                console.print(f"not recorded: {name}'s files changed while it was proved")
            else:
                written = save_proof(proof, record, digest)
                console.print(f"recorded {written}", markup=False)
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
        console.print(table)
        if verbose:
            for outcome in proof.variants:
                mark = "ok " if outcome.as_expected else "BAD"
                said = outcome.broken or outcome.reason or "passes"
                console.print(
                    f"  {mark} {outcome.notebook} {outcome.question} {outcome.kind} "
                    f"{outcome.name!r}: {said}",
                    markup=False,
                )
        if proof.sound:
            console.print(
                f"[green]{name}: sound[/green] (solution {earned:g}/{possible:g} autograded "
                f"points, blank version 0, every test fails with its answer blank, every "
                f"known mistake rejected and every valid alternative accepted)"
            )
        else:
            failed = True
            console.print(f"[red]{name}: {len(proof.problems)} problem(s)[/red]")
            for problem in proof.problems:
                console.print(f"  - {problem}", markup=False)
    if failed:
        raise ProblemsFound()

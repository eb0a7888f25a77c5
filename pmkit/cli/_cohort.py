"""``pmkit cohort``: the instructor's tools over nbgrader's gradebook.

``roster`` imports students, ``collect`` files LMS downloads into submitted/, ``grade``
autogrades in parallel in a sandbox, ``feedback`` writes feedback without hidden tests,
``export`` writes grades as CSV, ``report`` writes the cohort report, ``due`` sets a due date,
``extend`` gives one student more time and ``similarity`` lists answers that look alike.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import Progress
from rich.table import Table

from pmkit.cli._common import (
    CannotRun,
    ProblemsFound,
    console,
    exit_codes,
    find_course,
    gradebook_url,
    root_option,
)
from pmkit.grading import (
    DEFAULT_MEMORY_BYTES,
    DEFAULT_WALL_SECONDS,
    CourseError,
    SandboxUnavailable,
    collect_submissions,
    export_grades,
    find_submissions,
    generate_feedback,
    grade_assignment,
    import_roster,
    read_roster,
)

_gradebook_option = click.option(
    "--db", "db_url", default=None, help="Gradebook URL (default: the course's)."
)


@click.group()
def cohort() -> None:
    """Instructor tools over nbgrader's gradebook."""


@cohort.command("grade")
@exit_codes
@click.argument("assignment")
@root_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes (default: one more than the number of cores).",
)
@click.option("--force", is_flag=True, help="Regrade submissions already graded and unchanged.")
@click.option(
    "--student",
    "students",
    multiple=True,
    help="Grade only this student's submission, even if unchanged (repeat for more).",
)
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
    students: tuple[str, ...],
    memory_mib: int,
    notebook_timeout: float,
    no_sandbox: bool,
) -> None:
    """Autograde every submission of ASSIGNMENT in parallel with nbgrader, sandboxed.

    Each kernel runs in a bubblewrap sandbox: it cannot read solutions/, the gradebook or other
    submissions, and can write only in its own working folder. Every folder in submitted/ is
    accounted for: graded, skipped (graded before and unchanged) or failed with the reason.
    Graded and skipped submissions alike get their extension from extensions.csv and their late
    penalty from the due date as they stand now. Exit status 1 when any submission failed, 2
    when grading cannot start (no sandbox, a bad extensions.csv).
    """
    course = find_course(root)
    total = len(students) or len(find_submissions(course, assignment))
    if no_sandbox:
        console.print(_UNSANDBOXED, style="bold red", highlight=False)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"grading {assignment}", total=total)
        try:
            results = grade_assignment(
                course,
                assignment,
                workers=workers,
                force=force,
                students=students or None,
                on_result=lambda _: progress.advance(task),
                memory_bytes=memory_mib * 2**20,
                wall_seconds=notebook_timeout,
                sandbox=not no_sandbox,
            )
        except SandboxUnavailable as err:
            raise CannotRun(f"NOT GRADING: {err}") from None
    table = Table("student", "status", "score", "detail")
    for r in results:
        score = f"{r.score:g}/{r.max_score:g}" if r.score is not None and r.max_score else ""
        detail = r.reason
        if r.seconds_late > 0:
            late = f"{r.seconds_late / 3600:.1f} h late, penalty {r.late_penalty:g}"
            detail = f"{detail}; {late}" if detail else late
        table.add_row(r.student, r.status, score, detail)
    console.print(table)
    counts = {s: sum(1 for r in results if r.status == s) for s in ("graded", "skipped", "failed")}
    console.print(
        f"{len(results)} submission(s): {counts['graded']} graded, {counts['skipped']} skipped "
        f"(unchanged), {counts['failed']} failed",
        highlight=False,
    )
    if no_sandbox:
        console.print(_UNSANDBOXED, style="bold red", highlight=False)
    if counts["failed"]:
        raise ProblemsFound()


_UNSANDBOXED = (
    "WARNING: grading WITHOUT the sandbox (--no-sandbox). Student code runs with your "
    "permissions: it can read solutions/, the gradebook and other students' work, and write "
    "anywhere you can. Only the time and memory limits apply."
)


@cohort.command("collect")
@exit_codes
@click.argument("assignment")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
@root_option
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
    course = find_course(root)
    try:
        with console.status(f"collecting {len(files)} file(s) with nbgrader's zip_collect..."):
            result = collect_submissions(course, assignment, list(files), naming=naming)
    except CourseError as err:
        raise CannotRun(f"NOT COLLECTED: {err}") from None
    table = Table("student", "notebooks collected")
    for student, notebooks in result.collected.items():
        table.add_row(student, ", ".join(notebooks))
    console.print(table)
    for note in result.duplicates:
        console.print(f"duplicate: {note}", highlight=False)
    for name, reason in result.skipped:
        console.print(f"skipped {name}: {reason}", style="yellow", highlight=False)
    console.print(
        f"{len(result.collected)} student(s) collected into submitted/, "
        f"{len(result.skipped)} file(s) skipped",
        highlight=False,
    )
    if result.skipped:
        raise ProblemsFound()


@cohort.command("feedback")
@exit_codes
@click.argument("assignment")
@root_option
@click.option("--release", is_flag=True, help="Also release the feedback to the exchange.")
def cohort_feedback(assignment: str, root: Path | None, release: bool) -> None:
    """Generate feedback HTML for every graded submission of ASSIGNMENT.

    Feedback shows each student's answers, scores and the visible tests' messages; hidden tests,
    tracebacks and model answers are stripped, and any file still containing a hidden line is
    withheld (deleted and listed; exit status 1). --release puts the feedback in the exchange.
    """
    course = find_course(root)
    with console.status(f"generating feedback for {assignment} with nbgrader..."):
        result = generate_feedback(course, assignment, release=release)
    count = sum(len(files) for files in result.files.values())
    console.print(
        f"feedback for {len(result.files)} student(s), {count} file(s), in "
        f"{course.root / 'feedback'}",
        highlight=False,
    )
    if release:
        console.print(
            f"released to the exchange for {len(result.released)} student(s); "
            f"{len(result.not_released)} collected from an LMS: hand their feedback back there",
            highlight=False,
        )
    for page, line in result.withheld:
        console.print(f"WITHHELD {page}: contains hidden text {line!r}", style="bold red")
    if result.withheld:
        raise ProblemsFound()


@cohort.command("export")
@exit_codes
@root_option
@_gradebook_option
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

    A missing submission scores 0; score = raw score - late penalty, never below 0. Two columns
    after nbgrader's say why: hours_late (after the extension) and extension_hours.
    """
    export_grades(gradebook_url(root, db_url), out, assignments=list(assignments) or None)
    console.print(f"wrote {out}", highlight=False)


@cohort.command("roster")
@exit_codes
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@root_option
@_gradebook_option
def cohort_roster(csv_file: Path, root: Path | None, db_url: str | None) -> None:
    """Import a roster CSV (columns: id, first_name, last_name, email, lms_user_id).

    The whole file is checked first: an unsafe or duplicate student id stops the import with
    the row and the reason, and nothing is written.
    """
    try:
        roster = read_roster(csv_file)
    except ValueError as err:  # a row refused: a problem found in the input
        raise ProblemsFound(str(err)) from None
    from pmkit.grading._nbgrader import shown_url

    url = gradebook_url(root, db_url)
    result = import_roster(url, roster)
    console.print(
        f"{len(result.created)} student(s) added, {len(result.updated)} updated, in "
        f"{shown_url(url)}",  # a server database's password never printed
        highlight=False,
    )


@cohort.command("report")
@exit_codes
@root_option
@_gradebook_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("cohort-report"),
    show_default=True,
    help="Folder for cohort_report.html and cohort_scores.csv.",
)
def cohort_report(root: Path | None, db_url: str | None, out: Path) -> None:
    """Write the cohort report: scores, hardest questions, completion, failed, late and missing.

    Submissions that ``pmkit cohort grade`` could not grade are listed with their reason until
    they grade; late ones with their hours late, extension and penalty.
    """
    from pmkit.grading import grading_failures, write_cohort_report  # pandas: only here

    url = gradebook_url(root, db_url)
    try:
        course = find_course(root)
    except CourseError:  # a gradebook named with --db, outside a course: no grading record
        failures = None
    else:
        failures = grading_failures(course)  # a damaged record: exit status 2, naming it
    try:
        report = write_cohort_report(url, out, failures=failures)
    except ValueError as err:  # an empty gradebook: nothing to report on
        raise CannotRun(str(err)) from None
    console.print(f"wrote {report.html} and {report.csv}")


@cohort.command("due")
@exit_codes
@click.argument("assignment")
@click.argument("when")
@root_option
@_gradebook_option
def cohort_due(assignment: str, when: str, root: Path | None, db_url: str | None) -> None:
    """Set ASSIGNMENT's due date to WHEN, an ISO date and time ("2027-01-15 17:00+01:00").

    Without a time zone WHEN is UTC. Lateness, and the late penalty of the course's policy
    (``c.AssignLatePenalties.plugin_class`` in nbgrader_config.py), count from it: every
    submission already graded gets its lateness and penalty recomputed at once, without
    regrading. With --db outside a course only the date is set (no policy to apply).
    """
    from datetime import datetime

    from pmkit.grading import set_due_date

    try:
        due = datetime.fromisoformat(when)
    except ValueError:
        raise click.BadParameter(
            f"{when!r} is not an ISO date and time, e.g. 2027-01-15 17:00 or "
            "2027-01-15T17:00+01:00",
            param_hint="WHEN",
        ) from None
    url = gradebook_url(root, db_url)
    try:
        course = find_course(root)
    except CourseError:  # a gradebook named with --db, outside a course
        course = None
    utc = set_due_date(url, assignment, due, course=course)
    console.print(f"{assignment} is due {utc:%Y-%m-%d %H:%M} UTC", highlight=False)
    if course is None:
        console.print(
            "no course here, so no late policy: penalties already recorded were NOT "
            "recomputed; run this in the course (or with --course) to recompute them",
            style="yellow",
            highlight=False,
        )
    else:
        console.print(
            "lateness and late penalties recomputed for every graded submission", highlight=False
        )


@cohort.command("extend")
@exit_codes
@click.argument("assignment")
@click.argument("student")
@click.argument("extra_time")
@root_option
@click.option("--reason", default="", help="Why (kept in extensions.csv for the record).")
def cohort_extend(
    assignment: str, student: str, extra_time: str, root: Path | None, reason: str
) -> None:
    """Give STUDENT EXTRA_TIME on ASSIGNMENT ("2d", "36h", "1d 6h"; "0" removes it).

    Kept in the course's extensions.csv (in whole minutes), which pmkit cohort grade applies to
    every submission it grades or skips; a submission already graded gets its extension and
    late penalty at once, without regrading. Extensions replace each other; they do not add up.
    """
    from pmkit.grading import (
        format_extra_time,
        parse_extra_time,
        update_lateness,
        write_extension,
    )

    course = find_course(root)
    try:
        extra = parse_extra_time(extra_time)
        path = write_extension(course, assignment, student, extra, reason)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="EXTRA_TIME or STUDENT") from None
    if extra:
        granted = f"{student} has {format_extra_time(extra)} more on {assignment}"
    else:
        granted = f"{student} has no extension on {assignment} now (any earlier one is removed)"
    console.print(f"{path}: {granted}", highlight=False)
    lateness = update_lateness(course, assignment, students=[student]).get(student)
    if lateness is None:
        console.print("no graded submission yet: grading will apply it", highlight=False)
        return
    console.print(
        f"graded submission updated: {lateness['seconds_late'] / 3600:.1f} h late, "
        f"penalty {lateness['late_penalty']:g}",
        highlight=False,
    )


@cohort.command("similarity")
@exit_codes
@click.argument("assignment")
@root_option
@click.option(
    "--threshold",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=0.8,
    show_default=True,
    help="List pairs of answers at least this alike (Jaccard similarity of token runs, 0 to 1).",
)
@click.option(
    "--min-tokens",
    type=click.IntRange(min=1),
    default=15,
    show_default=True,
    help="Leave out answers shorter than this (too short to tell copying from agreement).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("similarity"),
    show_default=True,
    help="Folder for similarity.html and similarity.csv.",
)
def cohort_similarity(
    assignment: str, root: Path | None, threshold: float, min_tokens: int, out: Path
) -> None:
    """List answers to ASSIGNMENT that look alike, question by question, for you to review.

    Code is compared without comments, layout or names (renaming variables changes nothing),
    text by its words; starter text is ignored. Each pair is shown side by side with how close
    each answer is to the model answer. Evidence for a conversation, never a penalty: nothing
    here changes a grade. Submissions are read, never run.
    """
    from pmkit.grading import similarity_report  # pandas: loaded only for this command

    course = find_course(root)
    report = similarity_report(course, assignment, out, threshold=threshold, min_tokens=min_tokens)
    per_question = report.pairs.groupby("question").size()
    for question, count in per_question.items():
        console.print(f"{question}: {count} pair(s) at or above {threshold:g}", highlight=False)
    console.print(
        f"{report.answers} answers compared, {len(report.pairs)} pair(s) to review; "
        f"wrote {report.html} and {report.csv}",
        highlight=False,
    )

"""The cohort report: what an instructor needs after grading, without opening a notebook.

:func:`gradebook_frame` reads nbgrader's gradebook (any SQLAlchemy URL) into one tidy frame,
one row per student, assignment and graded cell, missing submissions included. The summaries
are pure functions of that frame, and :func:`write_cohort_report` renders them as one HTML page
with embedded plots and a CSV of scores.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pmkit.grading._nbgrader import open_gradebook, shown_url

FRAME_COLUMNS = [
    "student_id",
    "assignment",
    "notebook",
    "grade_id",
    "kind",
    "score",
    "max_score",
    "submitted",
    "seconds_late",
    "extension_hours",
    "late_penalty",
    "needs_manual_grade",
]


def gradebook_frame(db_url: str) -> pd.DataFrame:
    """Return every graded cell of every student and assignment in the gradebook.

    Columns: ``student_id``, ``assignment``, ``notebook``, ``grade_id``, ``kind`` ("auto" for
    autograded tests, "manual" for answers graded by hand), ``score`` (NaN when not submitted),
    ``max_score``, ``submitted``, ``seconds_late`` (after the student's extension; 0 when on
    time or not submitted), ``extension_hours`` (0 without one; rounded to 0.01 h),
    ``late_penalty`` (the points the late policy took from the submission, repeated on each of
    its rows) and ``needs_manual_grade``. Assignments come in due-date order, then by name.
    """
    from nbgrader.api import MissingEntry

    from pmkit.grading._lateness import extension_hours

    rows: list[dict[str, Any]] = []
    with open_gradebook(db_url) as gradebook:
        assignments = sorted(
            gradebook.assignments,
            key=lambda a: (a.duedate is None, a.duedate or 0, a.name),
        )
        for assignment in assignments:
            cells = [
                (notebook.name, cell.name, cell.max_score, _kind(notebook, cell.name))
                for notebook in assignment.notebooks
                for cell in notebook.grade_cells
            ]
            for student in gradebook.students:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    rows += [
                        _row(student.id, assignment.name, nb, gid, kind, float("nan"), points)
                        for nb, gid, points, kind in cells
                    ]
                    continue
                late = float(submission.total_seconds_late or 0.0)
                extension = extension_hours(submission.extension)
                penalty = float(submission.late_submission_penalty or 0.0)
                for notebook in submission.notebooks:
                    kinds = {name: kind for nb, name, _, kind in cells if nb == notebook.name}
                    for grade in notebook.grades:
                        rows.append(
                            _row(
                                student.id,
                                assignment.name,
                                notebook.name,
                                grade.name,
                                kinds.get(grade.name, "auto"),
                                float(grade.score or 0.0),
                                float(grade.max_score),
                                submitted=True,
                                seconds_late=late,
                                extension_hours=extension,
                                late_penalty=penalty,
                                needs_manual_grade=bool(grade.needs_manual_grade),
                            )
                        )
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    order = list(dict.fromkeys(frame["assignment"]))
    frame["assignment"] = pd.Categorical(frame["assignment"], categories=order, ordered=True)
    return frame.astype(
        {
            "score": "float64",
            "max_score": "float64",
            "seconds_late": "float64",
            "extension_hours": "float64",
            "late_penalty": "float64",
        }
    )


def _kind(notebook: Any, cell_name: str) -> str:
    solutions = {cell.name for cell in notebook.solution_cells}
    return "manual" if cell_name in solutions else "auto"


def _row(
    student: str,
    assignment: str,
    notebook: str,
    grade_id: str,
    kind: str,
    score: float,
    max_score: float,
    *,
    submitted: bool = False,
    seconds_late: float = 0.0,
    extension_hours: float = 0.0,
    late_penalty: float = 0.0,
    needs_manual_grade: bool = False,
) -> dict[str, Any]:
    return dict(
        zip(
            FRAME_COLUMNS,
            [
                student,
                assignment,
                notebook,
                grade_id,
                kind,
                score,
                max_score,
                submitted,
                seconds_late,
                extension_hours,
                late_penalty,
                needs_manual_grade,
            ],
            strict=True,
        )
    )


SCORE_COLUMNS = [
    "student_id",
    "assignment",
    "raw_score",
    "late_penalty",
    "score",
    "max_score",
    "percent",
    "hours_late",
    "extension_hours",
    "status",
]


def student_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """Return one row per student and assignment: points, percent, lateness and a status.

    ``raw_score`` is the points earned, ``late_penalty`` what the late policy took, ``score``
    the difference (never below 0, as nbgrader's export computes it) and ``percent`` the score's
    share of ``max_score``; all NaN without a submission. ``hours_late`` counts after the
    student's extension (``extension_hours``), both in hours rounded to 0.01 h as the export
    rounds them (:func:`~pmkit.grading._lateness.hours`). ``status`` is "missing" (no
    submission), "needs grading" (a written answer awaits a grader), "late" (submitted after
    the due date and any extension) or "graded".
    """
    from pmkit.grading._lateness import hours

    grouped = frame.groupby(["student_id", "assignment"], observed=True)
    table = grouped.agg(
        raw_score=("score", "sum"),
        max_score=("max_score", "sum"),
        submitted=("submitted", "any"),
        seconds_late=("seconds_late", "max"),
        extension_hours=("extension_hours", "max"),
        late_penalty=("late_penalty", "max"),
        needs_manual_grade=("needs_manual_grade", "any"),
    ).reset_index()
    submitted = table["submitted"]
    table["score"] = (table["raw_score"] - table["late_penalty"]).clip(lower=0).where(submitted)
    table["raw_score"] = table["raw_score"].where(submitted)
    table["late_penalty"] = table["late_penalty"].where(submitted)
    table["percent"] = 100 * table["score"] / table["max_score"]
    table["hours_late"] = table["seconds_late"].map(hours)
    table["status"] = "graded"
    table.loc[table["seconds_late"] > 0, "status"] = "late"
    table.loc[table["needs_manual_grade"], "status"] = "needs grading"
    table.loc[~submitted, "status"] = "missing"
    return table[SCORE_COLUMNS]


def question_pass_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Return each autograded question's pass rate among submissions, hardest first.

    A question passes when it earns full points. Columns: ``assignment``, ``grade_id``,
    ``submissions``, ``passed``, ``pass_rate`` (0 to 1).
    """
    graded = frame[(frame["kind"] == "auto") & frame["submitted"]].copy()
    graded["passed"] = graded["score"] >= graded["max_score"]
    rates = (
        graded.groupby(["assignment", "grade_id"], observed=True)
        .agg(submissions=("passed", "size"), passed=("passed", "sum"))
        .reset_index()
    )
    rates["pass_rate"] = rates["passed"] / rates["submissions"]
    return rates.sort_values(["pass_rate", "assignment", "grade_id"]).reset_index(drop=True)


def completion_funnel(frame: pd.DataFrame) -> pd.DataFrame:
    """Return how many students submitted every assignment up to each one, in course order.

    Columns: ``assignment``, ``submitted`` (this assignment), ``all_so_far`` (this one and
    every earlier one) and ``students`` (the roster size).
    """
    per_student = student_scores(frame)
    submitted = per_student.pivot(index="student_id", columns="assignment", values="percent")
    done = submitted.notna()
    rows = []
    for position, assignment in enumerate(done.columns):
        rows.append(
            {
                "assignment": assignment,
                "submitted": int(done[assignment].sum()),
                "all_so_far": int(done.iloc[:, : position + 1].all(axis=1).sum()),
                "students": len(done),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CohortReport:
    """Where :func:`write_cohort_report` wrote its files."""

    html: Path
    csv: Path


def write_cohort_report(
    db_url: str,
    out_dir: Path,
    *,
    title: str = "Cohort report",
    failures: pd.DataFrame | None = None,
) -> CohortReport:
    """Write ``cohort_report.html`` (plots embedded) and ``cohort_scores.csv`` to ``out_dir``.

    ``failures`` (:func:`~pmkit.grading._failures.grading_failures`) lists the submissions
    that could not be graded, shown with their reason and how to regrade them.
    """
    frame = gradebook_frame(db_url)
    if frame.empty:
        raise ValueError(
            f"the gradebook at {shown_url(db_url)} has no students or no assignments to report"
        )
    scores = student_scores(frame)
    rates = question_pass_rates(frame)
    funnel = completion_funnel(frame)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "cohort_scores.csv"
    scores.to_csv(csv_path, index=False)
    progress = scores.pivot(index="student_id", columns="assignment", values="percent").round(1)
    attention = scores[scores["status"].isin(["missing", "late"])].sort_values(
        ["assignment", "status", "student_id"]
    )
    failed = _failed_table(failures)
    sections = [
        ("Scores per assignment", _plot_distribution(scores), None),
        (
            "Questions, hardest first",
            _plot_pass_rates(rates),
            _table(rates.assign(pass_rate=(100 * rates["pass_rate"]).round(1))),
        ),
        ("Completion across assignments", _plot_funnel(funnel), _table(funnel)),
        ("Progress per student (percent of points)", None, _table(progress.reset_index())),
        (
            "Submissions that could not be graded",
            None,
            _table(failed) if len(failed) else "<p>None.</p>",
        ),
        (
            "Late and missing submissions",
            None,
            _table(attention) if len(attention) else "<p>None.</p>",
        ),
    ]
    body = "".join(
        f"<h2>{html.escape(name)}</h2>"
        + (f'<img alt="{html.escape(name)}" src="data:image/png;base64,{image}">' if image else "")
        + (table or "")
        for name, image, table in sections
    )
    summary = (
        f"<p>{scores['student_id'].nunique()} students, {frame['assignment'].nunique()} "
        f"assignments. Scores: <code>{csv_path.name}</code>. Written answers count 0 until "
        "they are graded in formgrader (status <em>needs grading</em>).</p>"
    )
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}</style>"
        f"</head><body><h1>{html.escape(title)}</h1>{summary}{body}</body></html>"
    )
    html_path = out_dir / "cohort_report.html"
    html_path.write_text(page, encoding="utf-8")
    return CohortReport(html=html_path, csv=csv_path)


def _failed_table(failures: pd.DataFrame | None) -> pd.DataFrame:
    """Return the failures with what to do next: fix the cause, then regrade that student."""
    if failures is None or failures.empty:
        return pd.DataFrame(columns=["student_id", "assignment", "reason", "failed_at", "next"])
    from pmkit.grading._roster import check_student_id

    def next_step(assignment: str, student: str) -> str:
        try:
            check_student_id(student)
        except ValueError:
            return (
                f"rename submitted/{student}/ to the student's id, then pmkit cohort grade "
                f"{assignment}"
            )
        return f"fix the cause, then pmkit cohort grade {assignment} --student {student}"

    shown = failures.copy()
    shown["next"] = [
        next_step(a, s) for a, s in zip(shown["assignment"], shown["student_id"], strict=True)
    ]
    return shown


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, na_rep="-", border=0)


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float = 7, height: float = 3.5) -> tuple[Any, Any]:
    # A bare Figure renders to PNG without pyplot, so the report never changes the caller's
    # matplotlib backend or leaves figures open (it may be built from a notebook).
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    return figure, figure.subplots()


def _plot_distribution(scores: pd.DataFrame) -> str:
    figure, axes = _figure()
    submitted = scores.dropna(subset=["percent"])
    names = list(scores["assignment"].cat.categories)
    data = [submitted.loc[submitted["assignment"] == name, "percent"] for name in names]
    axes.boxplot(data, tick_labels=names, showmeans=True)
    axes.set_ylabel("percent of points")
    axes.set_ylim(-5, 105)
    return _png(figure)


def _plot_pass_rates(rates: pd.DataFrame) -> str:
    figure, axes = _figure(7, max(2.0, 0.35 * len(rates) + 1))
    labels = rates["assignment"].astype(str) + " · " + rates["grade_id"]
    axes.barh(labels[::-1], 100 * rates["pass_rate"][::-1], color="tab:orange")
    axes.set_xlabel("percent of submissions passing")
    axes.set_xlim(0, 100)
    return _png(figure)


def _plot_funnel(funnel: pd.DataFrame) -> str:
    figure, axes = _figure()
    names = funnel["assignment"].astype(str)
    axes.bar(names, funnel["all_so_far"], color="tab:blue", label="submitted this and all earlier")
    axes.plot(names, funnel["submitted"], "ko-", label="submitted this one")
    from matplotlib.ticker import MaxNLocator

    axes.set_ylim(0, max(1, int(funnel["students"].max())))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("students")
    axes.legend()
    return _png(figure)

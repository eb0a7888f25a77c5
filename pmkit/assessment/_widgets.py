"""The self-assessment form: sliders with anchored levels, a profile, a path, saving, progress.

An optional part, folded by default, asks the fit and motivation statements with 1-5 agreement
buttons; statements left unanswered are skipped.

The logic sits in plain methods (:meth:`AssessmentForm.assessment`, :meth:`~AssessmentForm.show`,
:meth:`~AssessmentForm.save`) that the buttons call, so tests drive the form without a browser:
set a slider's value, click a button, read the widgets' values.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from pmkit.assessment._competencies import COMPETENCIES, DEFAULT_TARGET, LEVELS
from pmkit.assessment._fit import AGREEMENT, FIT_STATEMENTS, fit_summary
from pmkit.assessment._profile import Assessment, _level, plot_gaps, recommend_path
from pmkit.assessment._store import load_assessments, progress_table, save_assessment

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def figure_png(figure: Figure) -> bytes:
    """Return a matplotlib figure as PNG bytes (for an ``ipywidgets.Image``)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fit_html(answers: Mapping[str, int]) -> str:
    """Return the fit summary as HTML: findings with their notes, then what was skipped."""
    if not answers:
        return ""
    findings = fit_summary(answers)
    parts = ["<p><b>Fit and motivation: things to find out about</b></p>"]
    if findings:
        items = "".join(
            f"<li><b>{html.escape(f.statement.theme)}</b> (you answered {f.answer}, "
            f"{html.escape(f.answer_word)}): {html.escape(f.note)}<br>"
            f"<i>Try this:</i> {html.escape(f.try_this)}</li>"
            for f in findings
        )
        parts.append(f"<ol>{items}</ol>")
    else:
        parts.append(
            "<p>No answer of 3 or lower: nothing on this list asks to be tested first.</p>"
        )
    skipped = [s.theme for s in FIT_STATEMENTS if s.key not in answers]
    if skipped:
        parts.append(f"<p>Not answered: {html.escape(', '.join(skipped))}.</p>")
    return "".join(parts)


class AssessmentForm:
    """Rate yourself 1-5 on each competency and get a profile, a gap chart and a path.

    Shows a background choice (IT or ops), one slider per competency with the description of
    the chosen level under it, and two buttons: **Show my profile and path** draws the gap chart
    and the recommended path, and **Save this assessment** also appends it to your saved
    assessments (unless ``save=False``; ``path`` or ``PMKIT_DATA_DIR`` choose where) and
    compares it with your first one. The sliders start at 3, or at ``start``'s ratings.

    Below the sliders, a folded part (open it to answer) asks the fit and motivation
    statements (:data:`FIT_STATEMENTS`) with 1-5 agreement buttons. It is optional: answer any,
    all or none; **Clear my fit answers** unselects them. The answers are part of the assessment
    (saved with it), and **Show my profile and path** also lists those of 3 or lower, each with
    what it may mean and how to test it (:func:`fit_summary`).

    >>> form = AssessmentForm(save=False)
    >>> form.sliders["data_sql"].value = 1
    >>> form.show_button.click()
    >>> form.last_path["module"].iloc[0]
    '03'
    """

    def __init__(
        self,
        *,
        save: bool = True,
        path: str | Path | None = None,
        start: Assessment | None = None,
        target: int = DEFAULT_TARGET,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        import ipywidgets as w

        if not isinstance(save, bool):
            raise ValueError(f"save must be True or False; got {save!r}")
        if start is not None and not isinstance(start, Assessment):
            raise ValueError(f"start must be an Assessment or None; got {type(start).__name__}")
        self._save = save
        self._path = path
        self._now = now or (lambda: datetime.now(UTC))
        self._target = _level("target", target)
        self.last_assessment: Assessment | None = None
        self.last_path: pd.DataFrame | None = None
        self.background = w.ToggleButtons(
            options=[("IT background", "it"), ("Operations background", "ops")],
            value=start.background if start is not None else "it",
            description="I come from",
        )
        options = [(f"{level} {word}", level) for level, word in LEVELS.items()]
        self.sliders = {}
        self.anchors = {}
        rows = []
        for competency in COMPETENCIES:
            value = start.ratings[competency.key] if start is not None else 3
            slider = w.SelectionSlider(
                options=options, value=value, continuous_update=False, layout={"width": "420px"}
            )
            anchor = w.HTML()
            self.sliders[competency.key] = slider
            self.anchors[competency.key] = anchor
            slider.observe(lambda _, key=competency.key: self._describe(key), names="value")
            self._describe(competency.key)
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<b>{html.escape(competency.name)}</b>: "
                            f"{html.escape(competency.description)}"
                        ),
                        slider,
                        anchor,
                    ]
                )
            )
        self.show_button = w.Button(description="Show my profile and path", icon="bar-chart")
        self.save_button = w.Button(
            description="Save this assessment", icon="check", button_style="primary"
        )
        self.chart = w.Image(format="png")
        self.path_table = w.HTML()
        self.status = w.HTML()
        self.progress = w.HTML()
        self.show_button.on_click(lambda _: self.show())
        self.save_button.on_click(lambda _: self.save())
        self.fit_buttons = {}
        fit_rows = []
        for statement in FIT_STATEMENTS:
            buttons = w.ToggleButtons(
                options=[(word, level) for level, word in AGREEMENT.items()],
                value=start.fit.get(statement.key) if start is not None else None,
                tooltips=[f"{level}: {word}" for level, word in AGREEMENT.items()],
                style={"button_width": "125px"},
            )
            self.fit_buttons[statement.key] = buttons
            fit_rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<b>{html.escape(statement.theme)}</b>: "
                            f"{html.escape(statement.statement)}"
                        ),
                        buttons,
                    ]
                )
            )
        self.clear_fit_button = w.Button(description="Clear my fit answers", icon="eraser")
        self.clear_fit_button.on_click(lambda _: self.clear_fit())
        self.fit_part = w.Accordion(
            children=[
                w.VBox(
                    [
                        w.HTML(
                            "<p>How far do you agree with each statement about the work "
                            "itself? There is no score: an answer of 3 or lower marks "
                            "something to find out about (an informational interview, a small "
                            "project, a module), not a reason to stop. Leave any statement, or "
                            "the whole part, unanswered.</p>"
                        ),
                        *fit_rows,
                        self.clear_fit_button,
                    ]
                )
            ],
            titles=(f"Optional: fit and motivation ({len(FIT_STATEMENTS)} statements)",),
            selected_index=0 if start is not None and start.fit else None,
        )
        self.fit_notes = w.HTML()
        self.widget = w.VBox(
            [
                self.background,
                *rows,
                self.fit_part,
                w.HBox([self.show_button, self.save_button]),
                self.status,
                self.chart,
                self.path_table,
                self.fit_notes,
                self.progress,
            ]
        )

    def _describe(self, key: str) -> None:
        level = int(self.sliders[key].value)
        competency = next(c for c in COMPETENCIES if c.key == key)
        self.anchors[
            key
        ].value = (
            f"<i>{level} {html.escape(LEVELS[level])}: {html.escape(competency.anchor(level))}</i>"
        )

    def ratings(self) -> dict[str, int]:
        """Return the sliders' current ratings, keyed by competency."""
        return {key: int(slider.value) for key, slider in self.sliders.items()}

    def fit_answers(self) -> dict[str, int]:
        """Return the answered fit statements (1-5), keyed by statement; skipped ones left out."""
        return {
            key: int(buttons.value)
            for key, buttons in self.fit_buttons.items()
            if buttons.value is not None
        }

    def clear_fit(self) -> None:
        """Unselect every fit answer (the **Clear my fit answers** button)."""
        for buttons in self.fit_buttons.values():
            buttons.value = None

    def assessment(self) -> Assessment:
        """Build the assessment for the current answers (timestamped now; not saved)."""
        return Assessment(
            self.ratings(),
            background=str(self.background.value),  # type: ignore[arg-type]
            target=self._target,
            assessed_at=self._now(),
            fit=self.fit_answers(),
        )

    def show(self, *, first: Assessment | None = None) -> Assessment:
        """Draw the profile chart and the recommended path (the first button); return them.

        ``first`` (an earlier assessment) adds its ratings to the chart for comparison.
        """
        assessment = self.assessment()
        self._render(assessment, first)
        return assessment

    def _render(self, assessment: Assessment, first: Assessment | None) -> None:
        self.last_assessment = assessment
        self.last_path = recommend_path(assessment)
        self.chart.value = figure_png(plot_gaps(assessment, first=first))
        shown = self.last_path[["step", "module", "title", "focus", "hours", "addresses", "note"]]
        self.path_table.value = "<p><b>Your recommended path</b></p>" + _table(shown)
        self.fit_notes.value = _fit_html(assessment.fit)

    def save(self) -> Assessment:
        """Save the current answers (the second button), show them, and compare with the first.

        With ``save=False`` nothing is written and the comparison uses this assessment alone.
        """
        assessment = self.assessment()
        history: list[Assessment] = []
        if self._save:
            file = save_assessment(assessment, path=self._path)
            history = load_assessments(path=self._path)
            status = f"Saved to {html.escape(str(file))}: {len(history)} assessment(s) so far."
        else:
            status = "Not saved (this form was made with save=False)."
        history = history or [assessment]
        first = history[0] if len(history) > 1 else None
        self._render(assessment, first)
        self.status.value = f"<p>{status}</p>"
        if first is None:
            self.progress.value = (
                "<p>This is your first saved assessment. Save again after a few modules to "
                "see how your ratings moved.</p>"
            )
        else:
            table = progress_table(history)[["name", "first", "latest", "change", "gap"]]
            self.progress.value = (
                f"<p><b>Since your first assessment ({first.assessed_at:%Y-%m-%d})</b></p>"
                + _table(table)
            )
        return assessment

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the widget."""
        return self.widget._repr_mimebundle_(**kwargs)

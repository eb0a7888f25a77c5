"""Widgets for module 07: live weights for a decision matrix, and the case-study builder.

As elsewhere in pmkit, each control keeps its logic in plain methods (``ranking()``,
``build()``) that its widgets call, so tests drive it without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pmkit.career._case_study import (
    CASE_STUDY_SECTIONS,
    CaseStudy,
    case_study_html,
    case_study_markdown,
    check_case_study,
    save_case_study,
)
from pmkit.career._decision import _checked, decision_matrix


class WeightExplorer:
    """Move the weight of each criterion and watch the decision matrix re-rank the options.

    ``WeightExplorer(scores, weights)`` shows one slider per criterion (0 to ``max_weight``)
    above the ranking (option, weighted score, rank). The option that wins with the weights you
    started from is marked, so you see the moment another one takes over. ``scores`` and
    ``weights`` are as for :func:`pmkit.career.decision_matrix`; neither is modified.

    >>> scores = pd.DataFrame({"option": ["A", "B"], "money": [5, 1], "learning": [1, 5]})
    >>> explorer = WeightExplorer(scores, {"money": 2, "learning": 1})
    >>> explorer.ranking()["option"].iloc[0]
    'A'
    >>> explorer.sliders["learning"].value = 3
    >>> explorer.ranking()["option"].iloc[0]
    'B'
    """

    def __init__(
        self,
        scores: pd.DataFrame,
        weights: Mapping[str, float],
        *,
        option: str = "option",
        max_weight: float | None = None,
        step: float = 0.5,
    ) -> None:
        import ipywidgets as w

        frame, checked = _checked(scores, weights, option)
        self._scores = frame.copy()
        self._option = option
        self._criteria = list(checked)
        self._start_winner = str(decision_matrix(frame, checked, option=option)[option].iloc[0])
        top = max_weight if max_weight is not None else max(10.0, 2 * max(checked.values()))
        if isinstance(top, bool) or not isinstance(top, (int, float)) or not top > 0:
            raise ValueError(f"max_weight must be a number > 0; got {max_weight!r}")
        if isinstance(step, bool) or not isinstance(step, (int, float)) or not step > 0:
            raise ValueError(f"step must be a number > 0; got {step!r}")
        if max(checked.values()) > top:
            raise ValueError(f"max_weight must be at least the largest weight; got {max_weight!r}")
        self.sliders = {
            name: w.FloatSlider(
                value=checked[name],
                min=0.0,
                max=float(top),
                step=float(step),
                description=name,
                continuous_update=False,
                style={"description_width": "initial"},
            )
            for name in self._criteria
        }
        self.table = w.HTML()
        for slider in self.sliders.values():
            slider.observe(lambda _: self._refresh(), names="value")
        self._refresh()
        self.widget = w.VBox([*self.sliders.values(), self.table])

    def weights(self) -> dict[str, float]:
        """Return the sliders' current weights."""
        return {name: float(slider.value) for name, slider in self.sliders.items()}

    def ranking(self) -> pd.DataFrame:
        """Return the ranking with the current weights: ``option``, ``score``, ``rank``.

        Empty when every weight is zero (there is no weighted score then).
        """
        weights = self.weights()
        if sum(weights.values()) <= 0:
            return pd.DataFrame({self._option: [], "score": [], "rank": []})
        ranked = decision_matrix(self._scores, weights, option=self._option)
        return ranked[[self._option, "score", "rank"]]

    def _refresh(self) -> None:
        table = self.ranking()
        if table.empty:
            self.table.value = "<p><b>Every weight is zero</b>: give at least one a weight.</p>"
            return
        rows = ""
        for name, score, rank in table.itertuples(index=False):
            first = name == self._start_winner
            style = ' style="font-weight:bold;background:#fff3c4"' if first else ""
            mark = " (your starting winner)" if first else ""
            rows += (
                f"<tr{style}><td>{int(rank)}</td><td>{html.escape(str(name))}{mark}</td>"
                f"<td>{float(score):.2f}</td></tr>"
            )
        self.table.value = (
            "<table><thead><tr><th>Rank</th><th>Option</th><th>Weighted score</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the widget."""
        return self.widget._repr_mimebundle_(**kwargs)


class CaseStudyBuilder:
    """Answer the case-study prompts in text boxes and get Markdown, HTML and a check.

    One box per section with its prompt, plus a title and your role. **Build** shows the page
    (escaped HTML), the Markdown to copy and what the completeness check finds; **Save** also
    writes ``.md`` and ``.html`` files to ``case_studies/`` in your data folder (or ``folder``).
    ``start`` fills the boxes, for example with a worked example to edit.

    >>> builder = CaseStudyBuilder()
    >>> builder.boxes["title"].value = "Dock booking"
    >>> builder.build_button.click()
    >>> builder.markdown.value.splitlines()[0]
    '# Dock booking'
    """

    def __init__(
        self,
        *,
        start: CaseStudy | Mapping[str, str] | None = None,
        folder: str | Path | None = None,
    ) -> None:
        import ipywidgets as w

        initial = (
            CaseStudy(title="")
            if start is None
            else start
            if isinstance(start, CaseStudy)
            else CaseStudy.from_mapping(start)
        )
        self._folder = folder
        self.last_case: CaseStudy | None = None
        layout = {"width": "95%"}
        self.boxes: dict[str, Any] = {
            "title": w.Text(value=initial.title, description="Title", layout=layout),
            "role": w.Text(value=initial.role, description="My role", layout=layout),
        }
        rows: list[Any] = [self.boxes["title"], self.boxes["role"]]
        for key, (heading, prompt) in CASE_STUDY_SECTIONS.items():
            box = w.Textarea(value=getattr(initial, key), placeholder=prompt, rows=3, layout=layout)
            self.boxes[key] = box
            rows += [w.HTML(f"<b>{html.escape(heading)}</b>: {html.escape(prompt)}"), box]
        self._note = initial.note
        self.build_button = w.Button(description="Build", icon="file-text", button_style="primary")
        self.save_button = w.Button(description="Save .md and .html", icon="save")
        self.status = w.HTML()
        self.preview = w.HTML()
        self.markdown = w.Textarea(rows=8, layout=layout, description="Markdown")
        self.build_button.on_click(lambda _: self.build())
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox(
            [
                *rows,
                w.HBox([self.build_button, self.save_button]),
                self.status,
                self.preview,
                self.markdown,
            ]
        )

    def case_study(self) -> CaseStudy:
        """Return the case study the boxes hold now."""
        values = {key: str(box.value) for key, box in self.boxes.items()}
        return CaseStudy(**values, note=self._note)

    def build(self) -> CaseStudy:
        """Render the preview and the Markdown, and show the completeness check (Build)."""
        case = self.case_study()
        self.last_case = case
        self.preview.value = case_study_html(case)
        self.markdown.value = case_study_markdown(case)
        self.status.value = f"<p>{html.escape(str(check_case_study(case)))}</p>"
        return case

    def save(self) -> tuple[Path, Path]:
        """Build, then write the Markdown and HTML files (Save); return their paths."""
        case = self.build()
        paths = save_case_study(case, folder=self._folder)
        self.status.value += f"<p>Saved {html.escape(str(paths[0]))} and .html beside it.</p>"
        return paths

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the widget."""
        return self.widget._repr_mimebundle_(**kwargs)

"""The RICE explorer: a lesson control built on ipywidgets, beside the scores it explores.

It keeps its logic in a plain method (``ranking()``) and renders into an ``HTML`` widget, so
what a learner sees can be tested without a browser: set a slider's value, then read
``ranking()`` or ``table.value``. ipywidgets is imported when the control is created, not when
pmkit is imported.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmkit import _validation as v
from pmkit.prioritization._backlog import add_rice


class RiceExplorer:
    """Change one feature's confidence or effort and watch the RICE ranking re-order live.

    ``RiceExplorer(backlog)`` shows a feature picker, a confidence slider (a fraction, 0 to 1)
    and an effort slider (person-months), above the top of the RICE ranking. The chosen feature
    is highlighted, and a column shows how many places each feature moved compared with the
    backlog as given. The backlog passed in is never modified.

    >>> from pmkit.datasets import load_backlog
    >>> explorer = RiceExplorer(load_backlog(), top=5)
    >>> explorer.feature.value = "F23"
    >>> explorer.effort.value = 0.5
    >>> explorer.ranking().loc[0, "feature_id"]
    'F23'
    """

    def __init__(self, backlog: pd.DataFrame, *, top: int = 10) -> None:
        import ipywidgets as w

        v.require_columns(backlog, ["feature_id", "feature"], "backlog")
        self._original = add_rice(backlog).reset_index(drop=True)
        self._top = int(v.number("top", top, v.POSITIVE))
        self._ids = [str(i) for i in self._original["feature_id"]]
        ids = self._ids
        names = dict(zip(ids, self._original["feature"], strict=True))
        self.feature = w.Dropdown(
            options=[(f"{i} · {names[i]}", i) for i in ids], value=ids[0], description="Feature"
        )
        self.confidence = w.FloatSlider(
            min=0.0, max=1.0, step=0.05, description="Confidence", readout_format=".0%"
        )
        max_effort = max(12.0, float(self._original["effort"].max()))
        # Quarter-month steps from 0.25, so every effort in the data sits on the slider (a
        # coarser slider would silently round a feature's effort before anyone touches it).
        self.effort = w.FloatSlider(
            min=0.25, max=max_effort, step=0.25, description="Effort (pm)", readout_format=".2f"
        )
        self.table = w.HTML()
        self._syncing = False
        self._load_feature()
        self.feature.observe(lambda _: self._load_feature(), names="value")
        self.confidence.observe(lambda _: self._refresh(), names="value")
        self.effort.observe(lambda _: self._refresh(), names="value")
        self.widget = w.VBox([self.feature, w.HBox([self.confidence, self.effort]), self.table])

    def _row(self) -> int:
        return self._ids.index(str(self.feature.value))

    def _load_feature(self) -> None:
        """Move the sliders to the chosen feature's values from the backlog."""
        row = self._row()
        self._syncing = True
        try:
            self.confidence.value = float(self._original["confidence"].iloc[row])
            self.effort.value = float(self._original["effort"].iloc[row])
        finally:
            self._syncing = False
        self._refresh()

    def ranking(self) -> pd.DataFrame:
        """Return the top of the ranking with the sliders' values applied to the chosen feature.

        Columns: ``feature_id``, ``feature``, ``rice``, ``rice_rank``, ``moved`` (places gained
        compared with the backlog as given; positive is up).
        """
        ranked = add_rice(self._adjusted_backlog())
        ranked["moved"] = self._original["rice_rank"] - ranked["rice_rank"]
        columns = ["feature_id", "feature", "rice", "rice_rank", "moved"]
        top = ranked.sort_values(["rice_rank", "feature_id"]).head(self._top)[columns]
        return top.reset_index(drop=True)

    def _refresh(self) -> None:
        if self._syncing:
            return
        table = self.ranking()
        chosen = str(self.feature.value)
        rows = ""
        for fid, name, rice, rank, moved in table.itertuples(index=False):
            style = ' style="font-weight:bold;background:#fff3c4"' if fid == chosen else ""
            shift = f"{int(moved):+d}" if moved else ""
            rows += (
                f"<tr{style}><td>{int(rank)}</td><td>{fid}</td><td>{name}</td>"
                f"<td>{float(rice):,.0f}</td><td>{shift}</td></tr>"
            )
        if chosen not in set(table["feature_id"]):
            rank = int(add_rice(self._adjusted_backlog())["rice_rank"].iloc[self._row()])
            rows += f"<tr><td colspan=5>… {chosen} is ranked {rank}</td></tr>"
        self.table.value = (
            "<table><thead><tr><th>Rank</th><th>ID</th><th>Feature</th><th>RICE</th>"
            f"<th>Moved</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def _adjusted_backlog(self) -> pd.DataFrame:
        """Return the backlog with the sliders' values in the chosen feature's row."""
        adjusted = self._original.drop(columns=["rice", "rice_rank"])
        adjusted.loc[self._row(), ["confidence", "effort"]] = [
            float(self.confidence.value),
            float(self.effort.value),
        ]
        return adjusted

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display as the widget (the last expression of a cell shows the whole control)."""
        return self.widget._repr_mimebundle_(**kwargs)

"""Dates and counts that lessons and model answers state about the product data, derived again.

A lesson or a model answer that quotes the data must agree with it: these tests find each quoted
fact in the notebook's text and compute it from the bundled data (all times UTC).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pmkit import connect, load_product_table

ROOT = Path(__file__).resolve().parents[1]


def text_of(relative: str) -> str:
    """The markdown text of a notebook, cells joined."""
    cells = json.loads((ROOT / relative).read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def day_month(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%B}"


@pytest.mark.parametrize(
    ("notebook", "experiment"),
    [
        ("notebooks/05_experimentation.ipynb", "ai_replies"),
        ("solutions/05_experimentation/experimentation.ipynb", "sla_alerts"),
    ],
)
def test_an_experiments_stated_period_is_its_first_and_last_utc_assignment_day(
    notebook: str, experiment: str
) -> None:
    found = re.search(
        r"Workspaces active (?:from|between) (\d+ \w+) (?:to|and) (\d+ \w+) \(UTC\)",
        text_of(notebook),
    )
    assert found, f"{notebook} no longer states the period of {experiment} (UTC)"
    times = load_product_table("experiment_assignments").query("experiment_id == @experiment")
    assert found.groups() == (
        day_month(times["assigned_time"].min()),
        day_month(times["assigned_time"].max()),
    )


def test_the_sla_alerts_memo_states_the_arm_sizes() -> None:
    memo = text_of("solutions/05_experimentation/experimentation.ipynb")
    found = re.search(r"\(([\d,]+)\s+control, ([\d,]+) treatment\)", memo)
    assert found, "the memo no longer states the arm sizes"
    sizes = (
        load_product_table("experiment_assignments")
        .query("experiment_id == 'sla_alerts'")["variant"]
        .value_counts()
    )
    assert found.groups() == (f"{sizes['control']:,}", f"{sizes['treatment']:,}")


def test_the_incident_note_states_androids_tickets_per_session() -> None:
    note = text_of("solutions/04_product_metrics/product_metrics.ipynb")
    found = re.search(
        r"create (\d+)% fewer tickets per session: (0\.\d+) `create_ticket` events per session in "
        r"the four weeks\s+before, (0\.\d+) in the four weeks after",
        note,
    )
    assert found, "the incident note no longer states the rates"
    rates = (
        connect()
        .sql("""
        SELECT event_time >= '2025-04-15' AS after,
               count(*) FILTER (WHERE event_name = 'create_ticket') / count(DISTINCT session_id)
        FROM events
        WHERE platform = 'android'
          AND event_time >= TIMESTAMP '2025-04-15' - INTERVAL 28 DAY
          AND event_time < TIMESTAMP '2025-04-15' + INTERVAL 28 DAY
        GROUP BY ALL ORDER BY after
    """)
        .fetchall()
    )
    before, after = rates[0][1], rates[1][1]
    assert found.groups() == (
        f"{round(100 * (1 - after / before))}",
        f"{before:.3f}",
        f"{after:.3f}",
    )

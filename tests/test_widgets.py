"""The lesson widgets: moving a control changes what it drives; the backlog is never modified;
the self-assessment form shows its optional fit part and returns what was answered."""

from __future__ import annotations

import pandas as pd
import pytest

from pmkit.assessment import COMPETENCY_KEYS, FIT_KEYS, AssessmentForm
from pmkit.datasets import load_backlog
from pmkit.prioritization import RiceExplorer, add_rice, rice_score


@pytest.fixture
def backlog() -> pd.DataFrame:
    return load_backlog()


def test_starts_on_the_first_feature_with_its_own_values(backlog: pd.DataFrame) -> None:
    explorer = RiceExplorer(backlog)
    assert explorer.feature.value == "F01"
    assert explorer.confidence.value == backlog.loc[0, "confidence"]
    assert explorer.effort.value == backlog.loc[0, "effort"]
    expected = add_rice(backlog).sort_values(["rice_rank", "feature_id"]).head(10)
    assert list(explorer.ranking()["feature_id"]) == list(expected["feature_id"])
    assert (explorer.ranking()["moved"] == 0).all()


def test_choosing_a_feature_moves_the_sliders_to_its_values(backlog: pd.DataFrame) -> None:
    explorer = RiceExplorer(backlog)
    explorer.feature.value = "F23"
    row = backlog.set_index("feature_id").loc["F23"]
    assert explorer.confidence.value == row["confidence"]
    assert explorer.effort.value == row["effort"]
    assert "F23 is ranked" in explorer.table.value  # outside the top 10: its rank is still shown


def test_moving_effort_re_ranks_and_updates_the_table(backlog: pd.DataFrame) -> None:
    explorer = RiceExplorer(backlog, top=5)
    explorer.feature.value = "F23"
    before = explorer.table.value
    explorer.effort.value = 0.5
    top = explorer.ranking()
    assert top.loc[0, "feature_id"] == "F23"
    assert top.loc[0, "rice"] == pytest.approx(rice_score(1500, 3, 0.8, 0.5))
    assert top.loc[0, "moved"] > 0
    assert explorer.table.value != before
    assert 'background:#fff3c4"><td>1</td><td>F23</td>' in explorer.table.value


def test_moving_confidence_lowers_a_leader(backlog: pd.DataFrame) -> None:
    explorer = RiceExplorer(backlog)
    explorer.feature.value = "F20"
    explorer.confidence.value = 0.1
    top = explorer.ranking()
    assert top.loc[0, "feature_id"] != "F20"
    assert "F20" not in list(top["feature_id"][:3])


def test_the_backlog_passed_in_is_not_modified(backlog: pd.DataFrame) -> None:
    original = backlog.copy(deep=True)
    explorer = RiceExplorer(backlog)
    explorer.feature.value = "F05"
    explorer.effort.value = 1.0
    explorer.confidence.value = 1.0
    pd.testing.assert_frame_equal(backlog, original)


def test_bad_input_is_named(backlog: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="missing the column"):
        RiceExplorer(backlog.drop(columns=["feature"]))
    with pytest.raises(ValueError, match=r"backlog\['effort'\] must be a positive effort"):
        RiceExplorer(backlog.assign(effort=0))
    with pytest.raises(ValueError, match="top must be"):
        RiceExplorer(backlog, top=0)


def test_displays_as_a_widget(backlog: pd.DataFrame) -> None:
    explorer = RiceExplorer(backlog)
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    # the view shows the explorer's whole control: its VBox, which holds the feature picker,
    # the two sliders and the ranking table
    assert view["model_id"] == explorer.widget.model_id
    assert view["version_major"] == 2
    assert explorer.widget.children[0] is explorer.feature
    assert list(explorer.widget.children[1].children) == [explorer.confidence, explorer.effort]
    assert explorer.widget.children[2] is explorer.table
    assert bundle["text/plain"].startswith("VBox(children=(Dropdown(description='Feature'")


def test_quarter_month_efforts_are_not_rounded_by_the_slider(backlog: pd.DataFrame) -> None:
    tiny = backlog.assign(effort=backlog["effort"].mask(backlog["feature_id"] == "F01", 0.25))
    explorer = RiceExplorer(tiny)
    assert explorer.effort.value == 0.25
    assert explorer.ranking().loc[0, "rice"] == pytest.approx(rice_score(5200, 1, 1.0, 0.25))


def test_the_assessment_form_displays_its_fit_part_between_sliders_and_buttons() -> None:
    form = AssessmentForm(save=False)
    bundle = form._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == form.widget.model_id
    children = list(form.widget.children)
    fit_at = children.index(form.fit_part)
    assert fit_at == 1 + len(COMPETENCY_KEYS)  # the background, one row per slider, then fit
    assert form.show_button in children[fit_at + 1].children
    assert form.fit_part.get_title(0).startswith("Optional: fit and motivation (8 statements)")
    (inside,) = form.fit_part.children
    rows = [c for c in inside.children if hasattr(c, "children")]
    assert [row.children[1] for row in rows] == [form.fit_buttons[k] for k in FIT_KEYS]
    assert inside.children[-1] is form.clear_fit_button
    assert form.fit_notes in children


def test_the_assessment_form_returns_only_the_fit_answers_given() -> None:
    form = AssessmentForm(save=False)
    assert form.fit_answers() == {}
    form.fit_buttons["slow_feedback"].value = 2
    form.fit_buttons["saying_no"].value = 4
    assert form.fit_answers() == {"saying_no": 4, "slow_feedback": 2}
    assert dict(form.assessment().fit) == {"saying_no": 4, "slow_feedback": 2}
    form.clear_fit()
    assert form.fit_answers() == {}

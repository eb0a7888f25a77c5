"""pmkit.datasets and the committed files in datasets/: schema, framework-valid values, loaders.

The backlog is hand-written, so its values are checked against each framework's scale; the Kano
survey is generated, so the committed CSV must equal the generator's output exactly. Loaders are
also tested against damaged copies in a temporary folder named by PMKIT_DATASETS.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmkit.datasets import (
    BACKLOG_SCHEMA,
    KANO_SURVEY_SCHEMA,
    datasets_dir,
    generate_kano_survey,
    load_backlog,
    load_kano_survey,
)
from pmkit.prioritization import kano_category

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"

FEATURE_IDS = [f"F{i:02d}" for i in range(1, 31)]
RESPONDENT_IDS = [f"R{i:03d}" for i in range(1, 49)]
KANO_ANSWER_LABELS = {"Like", "Expect", "Neutral", "Live with", "Dislike"}
WSJF_SCALE = {1, 2, 3, 5, 8, 13, 20}
WSJF_COLUMNS = ["business_value", "time_criticality", "risk_reduction", "job_size"]
ICE_COLUMNS = ["ice_impact", "ice_confidence", "ice_ease"]


@pytest.fixture(autouse=True)
def _bundled_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts on the committed files, whatever the caller's environment says."""
    monkeypatch.delenv("PMKIT_DATASETS", raising=False)


@pytest.fixture
def backlog() -> pd.DataFrame:
    return load_backlog()


@pytest.fixture
def survey() -> pd.DataFrame:
    return load_kano_survey()


@pytest.fixture
def copy_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled CSV files in a temporary folder that PMKIT_DATASETS points to."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    for name in ("backlog.csv", "kano_survey.csv"):
        shutil.copy(DATASETS / name, folder / name)
    monkeypatch.setenv("PMKIT_DATASETS", str(folder))
    return folder


def read_raw(path: Path) -> pd.DataFrame:
    """Read a CSV as text, exactly as written, so a test can edit and rewrite it."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_raw(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def assert_schema(frame: pd.DataFrame, schema: dict[str, str]) -> None:
    assert list(frame.columns) == list(schema)
    for column, dtype in schema.items():
        if dtype == "str":
            assert pd.api.types.is_string_dtype(frame[column].dtype), column
            assert frame[column].map(type).eq(str).all(), column
            assert (frame[column].str.strip() != "").all(), f"{column} has an empty value"
        else:
            assert frame[column].dtype == np.dtype(dtype), column


# ------------------------------------------------------------------------------ datasets_dir


def test_datasets_dir_defaults_to_the_repository_folder() -> None:
    assert datasets_dir() == DATASETS


def test_datasets_dir_follows_the_environment_variable(copy_dir: Path) -> None:
    assert datasets_dir() == copy_dir


# ------------------------------------------------------------------------------ backlog


def test_backlog_has_30_rows_and_the_schema_columns_in_order(backlog: pd.DataFrame) -> None:
    assert backlog.shape == (30, len(BACKLOG_SCHEMA))
    assert list(backlog.columns) == list(BACKLOG_SCHEMA)


def test_backlog_dtypes_follow_the_schema(backlog: pd.DataFrame) -> None:
    assert_schema(backlog, BACKLOG_SCHEMA)


def test_backlog_has_a_default_index(backlog: pd.DataFrame) -> None:
    assert backlog.index.equals(pd.RangeIndex(30))


def test_backlog_feature_ids_are_unique_and_run_from_f01_to_f30(backlog: pd.DataFrame) -> None:
    assert backlog["feature_id"].is_unique
    assert backlog["feature_id"].tolist() == FEATURE_IDS


def test_backlog_feature_names_are_unique(backlog: pd.DataFrame) -> None:
    assert backlog["feature"].is_unique


def test_backlog_rice_inputs_are_valid(backlog: pd.DataFrame) -> None:
    assert (backlog["reach"] > 0).all()
    assert backlog["impact"].isin([0.25, 0.5, 1.0, 2.0, 3.0]).all()
    assert backlog["confidence"].between(0, 1).all()
    assert (backlog["effort"] > 0).all()


@pytest.mark.parametrize("column", ICE_COLUMNS)
def test_backlog_ice_columns_are_on_1_to_10(backlog: pd.DataFrame, column: str) -> None:
    assert backlog[column].between(1, 10).all(), backlog.loc[~backlog[column].between(1, 10)]


@pytest.mark.parametrize("column", WSJF_COLUMNS)
def test_backlog_wsjf_columns_are_on_the_modified_fibonacci_scale(
    backlog: pd.DataFrame, column: str
) -> None:
    assert set(backlog[column]) <= WSJF_SCALE, set(backlog[column]) - WSJF_SCALE


def test_backlog_cd3_inputs_are_positive(backlog: pd.DataFrame) -> None:
    assert (backlog["cost_of_delay_per_week"] > 0).all()
    assert (backlog["duration_weeks"] > 0).all()


@pytest.mark.parametrize("column", ["importance", "satisfaction"])
def test_backlog_opportunity_inputs_are_on_0_to_10(backlog: pd.DataFrame, column: str) -> None:
    assert backlog[column].notna().all()
    assert backlog[column].between(0, 10).all()


def test_backlog_moscow_categories_are_valid(backlog: pd.DataFrame) -> None:
    assert set(backlog["moscow"]) <= {"Must", "Should", "Could", "Won't"}


def test_backlog_has_no_missing_numbers(backlog: pd.DataFrame) -> None:
    numeric = [c for c, t in BACKLOG_SCHEMA.items() if t != "str"]
    assert backlog[numeric].notna().all().all()
    assert np.isfinite(backlog[numeric].to_numpy(dtype=float)).all()


def test_load_backlog_returns_a_fresh_frame_each_time() -> None:
    first = load_backlog()
    first.loc[0, "reach"] = 1
    assert load_backlog().loc[0, "reach"] != 1


# ------------------------------------------------------------------------------ Kano survey


def test_survey_dtypes_follow_the_schema(survey: pd.DataFrame) -> None:
    assert_schema(survey, KANO_SURVEY_SCHEMA)


def test_survey_has_48_respondents_times_6_features(survey: pd.DataFrame) -> None:
    assert len(survey) == 48 * 6
    assert sorted(survey["respondent_id"].unique()) == RESPONDENT_IDS
    assert survey["feature_id"].nunique() == 6


def test_survey_has_one_row_per_respondent_and_feature(survey: pd.DataFrame) -> None:
    pairs = survey[["respondent_id", "feature_id"]]
    assert not pairs.duplicated().any()
    counts = pd.crosstab(survey["respondent_id"], survey["feature_id"])
    assert counts.shape == (48, 6)
    assert (counts == 1).all().all()


@pytest.mark.parametrize("column", ["functional", "dysfunctional"])
def test_survey_answers_are_the_five_kano_answers(survey: pd.DataFrame, column: str) -> None:
    assert set(survey[column]) <= KANO_ANSWER_LABELS, set(survey[column]) - KANO_ANSWER_LABELS


def test_survey_roles_are_known_and_fixed_per_respondent(survey: pd.DataFrame) -> None:
    assert set(survey["role"]) <= {"agent", "team lead", "admin"}
    assert (survey.groupby("respondent_id")["role"].nunique() == 1).all()


def test_every_surveyed_feature_is_in_the_backlog(
    survey: pd.DataFrame, backlog: pd.DataFrame
) -> None:
    assert set(survey["feature_id"]) <= set(backlog["feature_id"])


def test_the_committed_survey_is_the_generators_output(survey: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(generate_kano_survey(), survey)


def test_the_generator_is_deterministic_for_a_seed() -> None:
    pd.testing.assert_frame_equal(generate_kano_survey(7), generate_kano_survey(7))


def test_a_different_seed_gives_different_answers(survey: pd.DataFrame) -> None:
    other = generate_kano_survey(7)
    assert list(other.columns) == list(survey.columns)
    key = ["respondent_id", "feature_id"]
    assert other[key].equals(survey[key])
    answers = ["functional", "dysfunctional"]
    assert not other[answers].equals(survey[answers])


def test_a_different_seed_keeps_each_features_class_counts(survey: pd.DataFrame) -> None:
    def class_counts(frame: pd.DataFrame) -> pd.DataFrame:
        classes = [
            kano_category(f, d)
            for f, d in zip(frame["functional"], frame["dysfunctional"], strict=True)
        ]
        return pd.crosstab(frame["feature_id"], pd.Series(classes, index=frame.index))

    pd.testing.assert_frame_equal(class_counts(generate_kano_survey(7)), class_counts(survey))


# ------------------------------------------------------------------------------ PMKIT_DATASETS


def test_loaders_read_from_the_environment_folder(copy_dir: Path) -> None:
    raw = read_raw(copy_dir / "backlog.csv")
    raw.loc[raw["feature_id"] == "F29", "reach"] = "98765"
    write_raw(raw, copy_dir / "backlog.csv")
    survey = read_raw(copy_dir / "kano_survey.csv")
    survey.loc[0, "role"] = "instructor"
    write_raw(survey, copy_dir / "kano_survey.csv")

    backlog = load_backlog()
    assert backlog.set_index("feature_id").loc["F29", "reach"] == 98765
    assert backlog["reach"].dtype == np.dtype("int64")
    assert load_kano_survey().loc[0, "role"] == "instructor"
    # the committed files are untouched
    committed = read_raw(DATASETS / "backlog.csv")
    assert "98765" not in set(committed["reach"])


@pytest.mark.parametrize("loader", [load_backlog, load_kano_survey])
def test_a_missing_folder_raises_file_not_found_naming_it(
    loader: Callable[[], pd.DataFrame], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-folder"
    monkeypatch.setenv("PMKIT_DATASETS", str(missing))
    with pytest.raises(FileNotFoundError) as info:
        loader()
    assert str(missing) in str(info.value)
    assert "PMKIT_DATASETS" in str(info.value)


def test_a_missing_file_in_the_folder_raises_file_not_found(copy_dir: Path) -> None:
    (copy_dir / "kano_survey.csv").unlink()
    with pytest.raises(FileNotFoundError, match=re.escape("kano_survey.csv")):
        load_kano_survey()
    assert len(load_backlog()) == 30


@pytest.mark.parametrize(
    ("file", "column"),
    [
        ("backlog.csv", "effort"),
        ("backlog.csv", "feature_id"),
        ("backlog.csv", "satisfaction"),
        ("kano_survey.csv", "functional"),
        ("kano_survey.csv", "respondent_id"),
    ],
)
def test_a_missing_column_raises_value_error_naming_it(
    copy_dir: Path, file: str, column: str
) -> None:
    path = copy_dir / file
    write_raw(read_raw(path).drop(columns=[column]), path)
    loader = load_backlog if file == "backlog.csv" else load_kano_survey
    with pytest.raises(ValueError, match=re.escape(f"'{column}'")):
        loader()


def test_an_unexpected_column_raises_value_error_naming_it(copy_dir: Path) -> None:
    path = copy_dir / "backlog.csv"
    raw = read_raw(path)
    raw["owner"] = "pm"
    write_raw(raw, path)
    with pytest.raises(ValueError, match="'owner'"):
        load_backlog()


@pytest.mark.parametrize(
    ("column", "bad"),
    [
        ("reach", "lots"),
        ("reach", "1200.5"),
        ("reach", ""),
        ("confidence", "high"),
        ("effort", "two"),
        ("job_size", "XL"),
        ("satisfaction", ""),
    ],
)
def test_a_non_numeric_value_raises_value_error_naming_the_column(
    copy_dir: Path, column: str, bad: str
) -> None:
    path = copy_dir / "backlog.csv"
    raw = read_raw(path)
    raw.loc[raw["feature_id"] == "F17", column] = bad
    write_raw(raw, path)
    with pytest.raises(ValueError, match=re.escape(f"column '{column}'")) as info:
        load_backlog()
    assert BACKLOG_SCHEMA[column] in str(info.value)


# ------------------------------------------------------------------------------ datasheet


def test_the_datasheet_describes_every_column() -> None:
    readme = DATASETS / "README.md"
    assert readme.is_file(), f"{readme} (the datasheet) does not exist"
    text = readme.read_text(encoding="utf-8")
    for column in [*BACKLOG_SCHEMA, *KANO_SURVEY_SCHEMA]:
        assert re.search(rf"(?<![\w-]){re.escape(column)}(?![\w-])", text), (
            f"datasets/README.md does not mention the column {column!r}"
        )


def test_the_portal_searches_hold_lesson_04s_planted_facts() -> None:
    from pmkit.datasets import PORTAL_SEED, generate_portal_searches

    portal, releases = generate_portal_searches()
    again, _ = generate_portal_searches(PORTAL_SEED)
    pd.testing.assert_frame_equal(portal, again)
    assert not generate_portal_searches(PORTAL_SEED + 1)[0].equals(portal)
    assert list(releases["day"].dt.strftime("%Y-%m-%d")) == ["2024-09-19", "2024-10-08"]
    daily = portal.groupby("day")[["sessions", "searches"]].sum()
    # the last day is half loaded: about half the sessions of the same weekday a week earlier
    last, week_before = daily.iloc[-1], daily.iloc[-8]
    assert 0.4 < last["sessions"] / week_before["sessions"] < 0.6
    # German Unity Day: German sessions dip to about a third of the Thursday before
    de = portal[portal["country"] == "DE"].groupby("day")["sessions"].sum()
    assert de[pd.Timestamp("2024-10-03")] / de[pd.Timestamp("2024-09-26")] < 0.45
    # search v2 cuts German searches per session to about 60%, and no one else's
    rate = portal.groupby(["country", portal["day"] >= "2024-10-08"])[
        ["searches", "sessions"]
    ].sum()
    per_session = rate["searches"] / rate["sessions"]
    assert per_session[("DE", True)] / per_session[("DE", False)] == pytest.approx(0.6, abs=0.03)
    assert per_session[("US", True)] / per_session[("US", False)] == pytest.approx(1, abs=0.03)

"""pmkit.interview: loading, search, mock interviews, the practice log, widgets and checkers.

The practice log is always redirected to a temporary folder (``PMKIT_DATA_DIR`` or an explicit
path): no test touches the real user data directory.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import shutil
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pmkit.interview import (
    CATEGORIES,
    FOLLOW_UP_LADDERS,
    LADDER_LEVELS,
    LEARNING_AID,
    MODEL_PITCHES,
    PITCH_LISTEN_FOR,
    PITCH_MISTAKES,
    PITCH_PARTS,
    PITCH_SECONDS,
    PROTOCOL_MINUTES,
    SPEAKING_RATE_WPM,
    CountdownTimer,
    EstimateCheck,
    MockInterview,
    MockProtocol,
    Prompt,
    RubricScorer,
    ScoreRecord,
    bank_path,
    check_answer,
    check_estimate,
    check_metric_drop,
    check_star,
    find_prompts,
    get_prompt,
    load_practice_log,
    load_prompts,
    mock_interview,
    mock_protocol,
    plot_progress,
    practice_log_path,
    progress_summary,
    prompts_frame,
    record_practice,
    time_pitch,
)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "pmkit-data"
    monkeypatch.setenv("PMKIT_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def raw_prompts() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(bank_path().read_text(encoding="utf-8"))["prompts"]
    return data


# ----------------------------------------------------------------------------- loading


def test_prompts_load_as_frozen_dataclasses_and_are_cached() -> None:
    prompts = load_prompts()
    assert all(isinstance(p, Prompt) for p in prompts)
    assert load_prompts() is prompts
    with pytest.raises(dataclasses.FrozenInstanceError):
        prompts[0].prompt = "changed"  # type: ignore[misc]
    assert isinstance(prompts[0].rubric, tuple)


def test_loading_matches_the_raw_file(raw_prompts: list[dict[str, Any]]) -> None:
    prompts = load_prompts()
    assert [p.id for p in prompts] == [r["id"] for r in raw_prompts]
    first = raw_prompts[0]
    assert prompts[0].rubric == tuple(first["rubric"])
    assert prompts[0].framework_steps[0] == "Comprehend"
    with_answer = {r["id"] for r in raw_prompts if "model_answer" in r}
    assert {p.id for p in prompts if p.model_answer is not None} == with_answer


def test_an_edited_copy_is_reloaded_and_bad_files_are_rejected(tmp_path: Path) -> None:
    copy = tmp_path / "bank.json"
    shutil.copy(bank_path(), copy)
    assert len(load_prompts(copy)) == len(load_prompts())
    data = json.loads(copy.read_text())
    data["prompts"] = data["prompts"][:3]
    copy.write_text(json.dumps(data))
    assert len(load_prompts(copy)) == 3
    copy.write_text("{not json")
    with pytest.raises(ValueError, match="is not valid JSON"):
        load_prompts(copy)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_prompts(tmp_path / "missing.json")


def test_prompts_frame(raw_prompts: list[dict[str, Any]]) -> None:
    frame = prompts_frame()
    assert len(frame) == len(raw_prompts)
    assert list(frame["id"]) == [r["id"] for r in raw_prompts]
    assert frame["has_model_answer"].dtype == bool
    assert int(frame["has_model_answer"].sum()) == sum("model_answer" in r for r in raw_prompts)
    assert frame.loc[0, "rubric"] == tuple(raw_prompts[0]["rubric"])


def test_prompt_card_hides_the_answer_unless_asked() -> None:
    prompt = get_prompt("ES-001")
    assert prompt.model_answer is not None
    card = prompt.to_markdown()
    assert prompt.prompt in card and "Model answer" not in card
    full = prompt.to_markdown(with_answer=True)
    assert "**Write the equation**" in full and prompt.model_answer.assumptions[0] in full


# ----------------------------------------------------------------------------- search


def test_filters_match_an_independent_count(raw_prompts: list[dict[str, Any]]) -> None:
    for category in CATEGORIES:
        found = find_prompts(category=category)
        assert len(found) == sum(r["category"] == category for r in raw_prompts)
        assert {p.category for p in found} == {category}
    ops_hard = find_prompts(background="ops", difficulty="hard")
    expected = [
        r["id"] for r in raw_prompts if r["background"] == "ops" and r["difficulty"] == "hard"
    ]
    assert [p.id for p in ops_hard] == expected
    several = find_prompts(category=["estimation", "behavioral"], background=("it", "any"))
    assert {p.category for p in several} == {"estimation", "behavioral"}
    assert {p.background for p in several} == {"it", "any"}


def test_framework_experience_and_model_answer_filters(raw_prompts: list[dict[str, Any]]) -> None:
    drops = find_prompts(framework="metric-drop checklist")
    assert drops and all(p.category == "metrics and analytics" for p in drops)
    vendors = find_prompts(experience="vendor and SLA management")
    assert [p.id for p in vendors] == [
        r["id"] for r in raw_prompts if "vendor and SLA management" in r["experience"]
    ]
    answered = find_prompts(with_model_answer=True, category="behavioral")
    assert answered and all(p.model_answer is not None for p in answered)
    unanswered = find_prompts(with_model_answer=False, category="behavioral")
    assert len(answered) + len(unanswered) == len(find_prompts(category="behavioral"))


def test_free_text_search_is_case_insensitive_prefix_and_all_words() -> None:
    hits = find_prompts(text="SLA")
    assert "PS-012" in [p.id for p in hits]
    assert all(
        "sla" in " ".join([p.prompt, *p.rubric, *p.pitfalls, *p.follow_ups, *p.experience]).lower()
        for p in hits
    )
    assert "ES-004" in [p.id for p in find_prompts(text="laptop")]  # prefix of "laptops"
    both = {p.id for p in find_prompts(text="incident review")}
    assert both == {p.id for p in find_prompts(text="incident")} & {
        p.id for p in find_prompts(text="review")
    }
    assert find_prompts(text="zzzqqq") == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"category": "design"}, "category must be one of .*got 'design'"),
        ({"background": "devops"}, "background must be one of 'it', 'ops', 'any'; got 'devops'"),
        ({"difficulty": "expert"}, "difficulty must be one of .*got 'expert'"),
        ({"framework": "SWOT"}, "framework must be one of .*got 'SWOT'"),
        ({"category": []}, "category must name at least one"),
        ({"text": "  ?! "}, "text must contain at least one letter or digit"),
        ({"with_model_answer": "yes"}, "with_model_answer must be True, False or None"),
    ],
)
def test_search_rejects_bad_filters(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        find_prompts(**kwargs)


def test_get_prompt() -> None:
    assert get_prompt("BE-001").category == "behavioral"
    with pytest.raises(ValueError, match=r"prompt_id must be the id of a prompt .*got 'BE-999'"):
        get_prompt("BE-999")


# ----------------------------------------------------------------------------- mock


def test_mock_is_deterministic_for_a_seed() -> None:
    first = mock_interview(5, background="ops", seed=11)
    again = mock_interview(5, background="ops", seed=11)
    assert [p.id for p in first] == [p.id for p in again]
    others = {tuple(p.id for p in mock_interview(5, background="ops", seed=s)) for s in range(8)}
    assert len(others) > 1


@pytest.mark.parametrize("seed", range(10))
def test_mock_covers_distinct_categories(seed: int) -> None:
    mock = mock_interview(7, seed=seed)
    assert sorted(mock.categories) == sorted(CATEGORIES)
    five = mock_interview(5, seed=seed)
    assert len(set(five.categories)) == 5
    assert len({p.id for p in five}) == 5


def test_larger_mocks_stay_balanced_without_repeats() -> None:
    for n in (10, 14, 30):
        mock = mock_interview(n, seed=n)
        counts = Counter(mock.categories)
        assert max(counts.values()) - min(counts.values()) <= 1
        assert len(counts) == len(CATEGORIES)
        assert len({p.id for p in mock}) == n


@pytest.mark.parametrize("background", ["it", "ops"])
def test_background_mocks_are_mostly_tailored(background: str) -> None:
    for seed in range(10):
        for n in (3, 5, 7):
            mock = mock_interview(n, background=background, seed=seed)
            assert {p.background for p in mock} <= {background, "any"}
            tailored = sum(p.background == background for p in mock)
            assert tailored >= math.ceil(n / 2)


def test_mock_restrictions() -> None:
    general = mock_interview(4, background="any", seed=3)
    assert {p.background for p in general} == {"any"}
    only = mock_interview(4, categories=["estimation", "behavioral"], seed=1)
    assert Counter(only.categories) == {"estimation": 2, "behavioral": 2}
    hard = mock_interview(3, difficulty="hard", seed=2)
    assert {p.difficulty for p in hard} == {"hard"}
    assert isinstance(hard, MockInterview) and hard.total_minutes == 24
    assert list(hard.frame()["id"]) == [p.id for p in hard]
    assert hard[0].id in hard.to_markdown()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be a whole number of prompts >= 1; got 0"),
        ({"n": 2.5}, "n must be a whole number"),
        ({"n": 10_000}, "n must be at most"),
        ({"seed": "abc"}, "seed must be an integer or None; got 'abc'"),
        ({"background": "devops"}, "background must be one of"),
        ({"categories": ["design"]}, "categories must be one of .*got 'design'"),
        ({"minutes_per_prompt": 0}, "minutes_per_prompt must be a number > 0"),
    ],
)
def test_mock_rejects_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mock_interview(**kwargs)


def test_mock_reports_categories_without_prompts() -> None:
    with pytest.raises(ValueError, match=r"categories \['estimation'\] have no prompts"):
        mock_interview(
            1, categories=["estimation", "behavioral"], prompts=find_prompts(category="behavioral")
        )


# ----------------------------------------------------------------------------- log


def _record(prompt_id: str, scores: list[int], when: datetime, **kw: Any) -> ScoreRecord:
    return ScoreRecord.for_prompt(get_prompt(prompt_id), scores, practiced_at=when, **kw)


def test_log_path_precedence(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert practice_log_path() == data_dir / "practice.sqlite3"
    assert practice_log_path(tmp_path / "mine.sqlite3") == tmp_path / "mine.sqlite3"
    assert practice_log_path(tmp_path) == tmp_path / "practice.sqlite3"
    monkeypatch.delenv("PMKIT_DATA_DIR")
    import platformdirs

    default = practice_log_path()
    assert default == platformdirs.user_data_path("pmkit", appauthor=False) / "practice.sqlite3"
    assert Path(__file__).resolve().parents[1] not in default.parents  # never in the repo


def test_log_round_trip(data_dir: Path) -> None:
    start = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
    records = [
        _record("BE-001", [4, 3, 5, 4, 2, 3], start, notes="too much 'we'", duration_seconds=412.5),
        _record("ES-001", [2, 2, 3, 3, 2], start + timedelta(days=1)),
        _record("PS-001", [5, 4, 4, 4, 3, 4], start - timedelta(days=2)),
    ]
    ids = [record_practice(r) for r in records]
    assert ids == [1, 2, 3]
    assert (data_dir / "practice.sqlite3").is_file()
    log = load_practice_log()
    assert list(log["prompt_id"]) == ["PS-001", "BE-001", "ES-001"]  # oldest first
    be = log[log["prompt_id"] == "BE-001"].iloc[0]
    assert be["scores"] == (4, 3, 5, 4, 2, 3)
    assert be["mean_score"] == pytest.approx(3.5)
    assert be["notes"] == "too much 'we'"
    assert be["duration_seconds"] == 412.5
    assert be["practiced_at"] == pd.Timestamp("2025-03-03 09:30", tz="UTC")
    assert be["category"] == "behavioral" and be["framework"] == "STAR"
    assert math.isnan(log[log["prompt_id"] == "ES-001"].iloc[0]["duration_seconds"])
    assert str(log["practiced_at"].dtype) == "datetime64[ns, UTC]"


def test_explicit_path_wins_and_reading_never_creates(tmp_path: Path, data_dir: Path) -> None:
    file = tmp_path / "elsewhere" / "log.sqlite3"
    empty = load_practice_log(path=file)
    assert empty.empty and "mean_score" in empty.columns
    assert not file.exists()
    record_practice(_record("TE-001", [3, 3, 3, 3, 3], datetime.now(UTC)), path=file)
    assert len(load_practice_log(path=file)) == 1
    assert load_practice_log().empty  # the env-var log was not touched
    assert not data_dir.exists()


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([6, 3, 3, 3, 3, 3], r"scores\[0\] must be a rating from 1 .* got 6"),
        ([3, 0, 3, 3, 3, 3], r"scores\[1\] must be a rating from 1 .* got 0"),
        ([True, 3, 3, 3, 3, 3], r"scores\[0\] must be a rating"),
        ([3, 3], r"scores must have one score per rubric point of BE-001 \(6\); got 2"),
    ],
)
def test_score_records_validate_scores(scores: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ScoreRecord.for_prompt(get_prompt("BE-001"), scores)


def test_score_records_need_aware_times() -> None:
    with pytest.raises(ValueError, match="practiced_at must be a timezone-aware datetime"):
        ScoreRecord.for_prompt(get_prompt("BE-001"), [3] * 6, practiced_at=datetime(2025, 1, 1))


def test_progress_summary_per_category_and_week() -> None:
    log = pd.DataFrame(
        {
            "practiced_at": pd.to_datetime(
                [
                    "2025-03-03 08:00",  # Monday, week of 3 March
                    "2025-03-09 23:00",  # Sunday, same week
                    "2025-03-10 07:00",  # Monday, next week
                    "2025-03-04 12:00",
                    "2025-03-18 12:00",
                ],
                utc=True,
            ),
            "category": ["behavioral", "behavioral", "behavioral", "estimation", "estimation"],
            "mean_score": [2.0, 3.0, 4.5, 1.5, 3.5],
        }
    )
    summary = progress_summary(log)
    expected = pd.DataFrame(
        {
            "category": ["estimation", "estimation", "behavioral", "behavioral"],
            "period_start": pd.to_datetime(
                ["2025-03-03", "2025-03-17", "2025-03-03", "2025-03-10"]
            ),
            "attempts": [1, 1, 2, 1],
            "mean_score": [1.5, 3.5, 2.5, 4.5],
            "best_score": [1.5, 3.5, 3.0, 4.5],
            "cumulative_attempts": [1, 2, 2, 3],
        }
    )
    pd.testing.assert_frame_equal(summary, expected, check_dtype=False)
    assert list(progress_summary(log, period="month")["attempts"]) == [2, 3]
    assert len(progress_summary(log, period="day")) == 5


def test_progress_summary_rejects_bad_input() -> None:
    log = pd.DataFrame(
        {
            "practiced_at": pd.to_datetime(["2025-03-03"], utc=True),
            "category": ["design"],
            "mean_score": [3.0],
        }
    )
    with pytest.raises(ValueError, match=r"log\['category'\] row 0 must be one of .*got 'design'"):
        progress_summary(log)
    with pytest.raises(
        ValueError, match="period must be one of 'day', 'week', 'month'; got 'year'"
    ):
        progress_summary(log.assign(category="behavioral"), period="year")
    with pytest.raises(ValueError, match=r"log\['mean_score'\] must be a mean score from 1 to 5"):
        progress_summary(log.assign(category="behavioral", mean_score=7.0))
    with pytest.raises(ValueError, match="missing the column"):
        progress_summary(log.drop(columns="mean_score"))


def test_progress_from_the_log_and_its_plot() -> None:
    from matplotlib import _pylab_helpers
    from matplotlib.figure import Figure

    start = datetime(2025, 3, 3, 9, tzinfo=UTC)
    record_practice(_record("BE-001", [2] * 6, start))
    record_practice(_record("BE-002", [4] * 5, start + timedelta(days=7)))
    record_practice(_record("ES-001", [3] * 5, start + timedelta(days=8)))
    summary = progress_summary(load_practice_log())
    assert list(summary["category"]) == ["estimation", "behavioral", "behavioral"]
    figure = plot_progress(summary)
    assert isinstance(figure, Figure)
    lines = figure.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["estimation", "behavioral"]
    assert list(lines[1].get_ydata()) == [2.0, 4.0]
    assert _pylab_helpers.Gcf.get_all_fig_managers() == []  # no pyplot state
    empty = plot_progress(progress_summary(load_practice_log(path=Path("/nonexistent/x.sqlite3"))))
    assert "No practice logged yet" in [t.get_text() for t in empty.axes[0].texts]


# ----------------------------------------------------------------------------- widgets


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_timer_counts_down_with_a_fake_clock() -> None:
    clock = FakeClock()
    steps: list[Any] = []
    timer = CountdownTimer(90, clock=clock, ticker=steps.append)
    assert "1:30" in timer.display.value and not timer.running
    timer.start_button.click()
    assert timer.running and len(steps) == 1
    clock.now += 30
    assert steps[0]() is True
    assert timer.remaining() == 60
    assert "1:00" in timer.display.value
    assert timer.progress.value == pytest.approx(1 / 3)
    timer.pause_button.click()
    clock.now += 500  # paused time does not count
    assert timer.remaining() == 60 and "paused" in timer.display.value
    assert steps[0]() is False  # the ticker stops while paused
    timer.start_button.click()
    clock.now += 15.5
    timer.tick()
    assert timer.remaining() == pytest.approx(44.5)
    assert "0:45" in timer.display.value
    timer.reset_button.click()
    assert timer.remaining() == 90 and not timer.running


def test_timer_expires_once_and_calls_back() -> None:
    clock = FakeClock()
    expired: list[CountdownTimer] = []
    timer = CountdownTimer(10, clock=clock, ticker=lambda step: None, on_expire=expired.append)
    timer.start()
    clock.now += 10.5
    assert timer.tick() is False
    assert timer.expired and timer.remaining() == 0 and timer.elapsed() == 10
    assert "Time is up" in timer.display.value
    assert timer.tick() is False
    assert expired == [timer]
    timer.start()  # no effect until reset
    assert not timer.running
    timer.reset()
    assert not timer.expired and "0:10" in timer.display.value


def test_a_restart_retires_the_old_ticker_step() -> None:
    clock = FakeClock()
    steps: list[Any] = []
    timer = CountdownTimer(60, clock=clock, ticker=steps.append)
    timer.start()
    timer.pause()
    timer.start()
    assert len(steps) == 2
    assert steps[0]() is False and steps[1]() is True


def test_timer_default_ticker_runs_on_a_thread() -> None:
    done = threading.Event()
    timer = CountdownTimer(0.05, interval=0.01, on_expire=lambda _: done.set())
    timer.start()
    assert done.wait(timeout=5)
    assert "Time is up" in timer.display.value


def test_timer_rejects_bad_lengths() -> None:
    with pytest.raises(ValueError, match="seconds must be a number > 0; got 0"):
        CountdownTimer(0)


def test_rubric_scorer_records_and_logs_a_score(data_dir: Path) -> None:
    prompt = get_prompt("BE-001")
    when = datetime(2025, 4, 1, 18, 0, tzinfo=UTC)
    clock = FakeClock()
    timer = CountdownTimer(600, clock=clock, ticker=lambda step: None)
    timer.start()
    clock.now += 245
    received: list[ScoreRecord] = []
    scorer = RubricScorer(prompt, on_score=received.append, timer=timer, now=lambda: when)
    assert len(scorer.sliders) == len(prompt.rubric)
    assert scorer.sliders[0].options[0] == ("1 very weak", 1)
    assert scorer.sliders[0].options[-1] == ("5 very strong", 5)
    for slider, value in zip(scorer.sliders, [5, 4, 4, 3, 1, 4], strict=True):
        slider.value = value
    scorer.notes.value = "quantify the result"
    scorer.save_button.click()
    assert len(received) == 1
    record = received[0]
    assert record.scores == (5, 4, 4, 3, 1, 4)
    assert record.mean_score == pytest.approx(3.5)
    assert record.duration_seconds == 245
    assert record.practiced_at == when and record.notes == "quantify the result"
    assert scorer.last_record == record
    assert "Mean 3.5 / 5 (mixed)" in scorer.result.value
    assert "Saved to" in scorer.result.value and str(data_dir) in scorer.result.value
    assert prompt.rubric[4] in scorer.result.value  # the lowest-scored point
    log = load_practice_log()
    assert len(log) == 1 and log.loc[0, "scores"] == (5, 4, 4, 3, 1, 4)


def test_rubric_scorer_without_saving_and_the_reveal_button(data_dir: Path) -> None:
    prompt = get_prompt("ES-001")
    scorer = RubricScorer(prompt, save=False)
    extra: list[float] = []
    scorer.on_score(lambda r: extra.append(r.mean_score))
    scorer.save_button.click()
    assert extra == [3.0] and "Saved to" not in scorer.result.value
    assert not data_dir.exists()
    assert scorer.reference.value == ""
    scorer.reveal_button.click()
    assert prompt.pitfalls[0] in scorer.reference.value
    assert "Model answer outline" in scorer.reference.value
    assert "Assume ~80% office staff" in scorer.reference.value
    unanswered = next(p for p in load_prompts() if p.model_answer is None)
    plain = RubricScorer(unanswered, save=False)
    plain.reveal_button.click()
    assert "No model answer for this prompt" in plain.reference.value


def test_rubric_scorer_escapes_text() -> None:
    prompt = dataclasses.replace(get_prompt("PS-002"), prompt="Design <script>alert(1)</script>")
    scorer = RubricScorer(prompt, save=False)
    header = scorer.widget.children[0].value
    assert "<script>" not in header and "&lt;script&gt;" in header


# ----------------------------------------------------------------------------- checkers


STAR_LABELLED = """Situation: our payment service failed on a Friday evening and customers could not
check out. Task: as incident lead I had to restore checkout and keep support informed.
Action: I opened an incident channel, assigned roles and posted updates every 30 minutes.
Result: checkout was back in 70 minutes, and certificate-expiry alerts meant no repeat outage
in the next year, compared with two the year before."""

STAR_PROSE = (
    "Last year our service desk was drowning in password reset calls. "
    "My job was to cut those calls without adding staff. "
    "I analysed a month of tickets, proposed a self-service reset page and ran a pilot with "
    "the finance team. "
    "As a result, reset calls fell from about 900 to 250 a month within a quarter."
)


def test_star_finds_every_part_in_labelled_and_prose_answers() -> None:
    for answer in (STAR_LABELLED, STAR_PROSE):
        result = check_star(answer)
        assert result.found == ("situation", "task", "action", "result", "quantified result")
        assert result.complete and result.coverage == 1.0
        assert result.note == LEARNING_AID
    assert "900" in check_star(STAR_PROSE).evidence["quantified result"]


def test_star_accepts_letter_labels() -> None:
    answer = (
        "S: our team had a backlog of tickets. T: clear it in a month. "
        "A: I triaged and automated the top three requests. R: the backlog went from 400 to 50."
    )
    assert check_star(answer).complete
    assert check_star(answer.replace("400 to 50", "almost nothing")).missing == (
        "quantified result",
    )


def test_star_flags_a_result_without_a_number() -> None:
    answer = STAR_PROSE.replace(
        "reset calls fell from about 900 to 250 a month within a quarter",
        "reset calls fell noticeably and the team was happier",
    )
    result = check_star(answer)
    assert result.missing == ("quantified result",)
    assert any("Put a number on the result" in s for s in result.suggestions)


def test_star_flags_a_missing_result_even_when_the_situation_has_numbers() -> None:
    answer = (
        "At the time our error rate rose to 5% and there were 40 complaints a week. "
        "My job was to fix the release process. "
        "I mapped the steps and proposed a checklist."
    )
    result = check_star(answer)
    assert "result" in result.missing and "quantified result" in result.missing
    assert {"situation", "task", "action"} <= set(result.found)


def test_star_asks_for_a_baseline_and_for_i_not_we() -> None:
    no_baseline = STAR_PROSE.replace("fell from about 900 to 250 a month", "fell to 250 a month")
    result = check_star(no_baseline)
    assert result.complete
    assert any("add a baseline" in s for s in result.suggestions)
    we_only = "We had a backlog. We built a new triage board and we trained the team."
    result = check_star(we_only)
    assert "action" in result.missing
    assert any('described as "we"' in s for s in result.suggestions)


def test_star_rejects_empty_answers() -> None:
    with pytest.raises(ValueError, match="answer must be non-empty text"):
        check_star("   ")


METRIC_DROP_FULL = (
    "First I'd check the data: did tracking or the metric's definition change, is the pipeline "
    "delayed? Then compare with the same week last year to rule out seasonality. Next, line it up "
    "with recent releases. I'd segment by platform, country and new versus returning users. I'd "
    "ask marketing and other teams what they changed, and check external events such as a "
    "competitor launch or a public holiday."
)


def test_metric_drop_finds_the_whole_checklist_in_order() -> None:
    result = check_metric_drop(METRIC_DROP_FULL)
    assert result.complete
    assert result.found[-1] == "data checked first"


def test_metric_drop_flags_missing_items_and_a_late_data_check() -> None:
    answer = (
        "I would look at recent releases and segment the drop by platform. "
        "Finally I would confirm the tracking was not broken."
    )
    result = check_metric_drop(answer)
    assert set(result.missing) == {
        "seasonality and history",
        "other teams",
        "external events",
        "data checked first",
    }
    assert any("Put the data and tool check first" in s for s in result.suggestions)
    bare = check_metric_drop("Users probably just got bored of the product.")
    assert bare.found == ()
    assert len(bare.suggestions) == 6  # the ordering advice is folded into the data check


def test_estimate_finds_the_steps_and_the_final_number() -> None:
    answer = (
        "Clarify: vans needed on a busy day. Vans = orders per day / orders per van. "
        "Assume ~450,000 households and ~5% ordering weekly, so ~4,900 orders on a busy day. "
        "At ~24 orders per van that is about 200 vans. Sanity check: one van per ~115 "
        "customers seems plausible."
    )
    result = check_estimate(answer, reference=(100, 1_000))
    assert isinstance(result, EstimateCheck)
    assert result.complete, result.missing
    assert result.estimate == 200 and result.orders_off == 0


def test_estimate_flags_missing_steps() -> None:
    result = check_estimate("I think it's about 200.")
    assert set(result.missing) == {"assumptions stated", "equation", "units stated", "sanity check"}
    assert result.estimate == 200
    nothing = check_estimate("No idea, honestly.")
    assert "final estimate" in nothing.missing and nothing.estimate is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("So the total is 2.4M requests per day.", 2.4e6),
        ("So about 3 million people.", 3e6),
        ("Total: ~40k cups per day.", 40_000),
        ("So roughly 12,500 tickets per year.", 12_500),
        ("The answer is $1.5bn per year.", 1.5e9),
    ],
)
def test_estimate_reads_numbers_with_suffixes(text: str, value: float) -> None:
    result = check_estimate(text)
    assert result.estimate == pytest.approx(value)
    assert "units stated" in result.found


def test_estimate_order_of_magnitude_against_a_reference() -> None:
    far = check_estimate("So about 5,000,000 tickets per year.", reference=(10_000, 50_000))
    assert far.orders_off == 2.0
    assert "within the reference range" in far.missing
    low = check_estimate("So about 40 tickets per year.", reference=(10_000, 50_000))
    assert low.orders_off == 2.4
    near = check_estimate("So about 80,000 tickets per year.", reference=(10_000, 50_000))
    assert near.orders_off == 0.2
    assert "within the reference range" in near.found
    assert any("within a factor of ten" in s for s in near.suggestions)
    no_ref = check_estimate("So about 80,000 tickets per year.")
    assert "within the reference range" not in no_ref.found + no_ref.missing


def test_estimate_unit_and_explicit_estimate() -> None:
    answer = "Assume ~2 resets per person. Resets = people x 2 = 60,000. Compare with staff size."
    assert "units stated" in check_estimate(answer).missing
    with_unit = check_estimate(answer + " That is 60,000 resets a month.", unit="reset")
    assert "units stated" in with_unit.found
    given = check_estimate(answer, estimate=55_000, reference=(50_000, 70_000))
    assert given.estimate == 55_000 and given.orders_off == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reference": (100,)}, r"reference must be a \(low, high\) pair"),
        ({"reference": (500, 100)}, "reference must be .* low <= high"),
        ({"reference": (0, 100)}, r"reference\[0\] must be a number > 0"),
        ({"unit": " "}, "unit must be a non-empty word"),
        ({"estimate": -3}, "estimate must be a number > 0; got -3"),
    ],
)
def test_estimate_rejects_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_estimate("So about 10 vans.", **kwargs)


def _labelled(prompt: Prompt) -> str:
    assert prompt.model_answer is not None
    return "\n".join(
        f"{step.step}: " + ". ".join(step.points) + "." for step in prompt.model_answer.steps
    )


def _plain(prompt: Prompt) -> str:
    assert prompt.model_answer is not None
    return " ".join(". ".join(step.points) + "." for step in prompt.model_answer.steps)


def test_the_banks_own_model_answers_pass_their_checkers() -> None:
    checked = find_prompts(
        with_model_answer=True, framework=["STAR", "metric-drop checklist", "estimation steps"]
    )
    assert len(checked) >= 12
    for prompt in checked:
        assert check_answer(prompt, _labelled(prompt)).complete, prompt.id
        if prompt.framework != "STAR":  # outlines without labels still show the structure
            assert check_answer(prompt, _plain(prompt)).complete, prompt.id


def test_estimates_read_from_the_model_answers() -> None:
    expected = {
        "ES-001": 78_000,
        "ES-002": 600,
        "ES-004": 4_500,
        "ES-006": 3_000,
        "ES-008": 4_600,
        "ES-009": 220,
        "ES-011": 430,
        "ES-012": 500,
        "ES-014": 28_000,
        "ES-017": 10_000,
    }
    found = {}
    for prompt in find_prompts(category="estimation", with_model_answer=True):
        result = check_answer(prompt, _plain(prompt))
        assert isinstance(result, EstimateCheck)
        found[prompt.id] = result.estimate
    assert found == expected


def test_check_answer_dispatch_and_labels() -> None:
    assert check_answer(get_prompt("BE-003"), STAR_PROSE).checker == "STAR structure"
    assert check_answer(get_prompt("MA-016"), METRIC_DROP_FULL).checker == "Metric-drop checklist"
    result = check_answer(get_prompt("ES-003"), "So about 200 vans.")
    assert result.checker == "Estimation steps"
    text = result.summary()
    assert text.startswith("Estimation steps (learning aid, heuristic)")
    assert LEARNING_AID in text and "missing: equation" in text
    assert "learning aid" in result._repr_markdown_()
    with pytest.raises(ValueError, match="framework 'CIRCLES', which has no structure checker"):
        check_answer(get_prompt("PS-001"), "anything")


def test_rubrics_ask_for_numbers_only_where_the_story_has_them() -> None:
    # Stories about people, judgement or motivation (a disagreement, feedback, why product
    # management) have no natural metric: their rubric must not push a learner to invent one.
    about_people = (
        "disagreed",
        "feedback",
        "product management",
        "influenced",
        "said no",
        "explained",
        "conflict",
        "you failed",
        "learn something",
        "escalated",
        "incomplete information",
    )
    behavioral = [p for p in load_prompts() if p.category == "behavioral"]
    people = [p for p in behavioral if any(word in p.prompt for word in about_people)]
    assert len(people) == 11
    for prompt in people:
        assert not any("quantified" in line for line in prompt.rubric), prompt.id
    for prompt in behavioral:
        assert prompt not in people or "never an invented one" in " ".join(prompt.rubric)


# ----------------------------------------------------------------------------- the pitch


def test_pitch_parts_are_in_order_and_their_budgets_add_up_to_the_pitch() -> None:
    assert [part.name for part in PITCH_PARTS] == [
        "Present",
        "Past",
        "Why product",
        "Why this role",
    ]
    assert sum(part.seconds[0] for part in PITCH_PARTS) == PITCH_SECONDS[0] == 60
    assert sum(part.seconds[1] for part in PITCH_PARTS) == PITCH_SECONDS[1] == 90
    for part in PITCH_PARTS:
        assert 0 < part.seconds[0] < part.seconds[1], part.name
        assert part.purpose.strip() and part.questions, part.name
        assert all(q.strip().endswith("?") for q in part.questions), part.name


def test_pitch_mistakes_and_listening_points_are_complete() -> None:
    names = " | ".join(m.name.lower() for m in PITCH_MISTAKES)
    for expected in ("apologising", "cv, read aloud", "ceo of the product", "bashing"):
        assert expected in names
    for mistake in PITCH_MISTAKES:
        assert mistake.name.strip() and mistake.sounds_like.strip() and mistake.instead.strip()
    assert len(PITCH_LISTEN_FOR) >= 5 and all(x.strip() for x in PITCH_LISTEN_FOR)


@pytest.mark.parametrize("background", ["it", "ops"])
def test_model_pitches_are_fictional_complete_and_fit_their_time(background: str) -> None:
    pitch = MODEL_PITCHES[background]
    assert pitch.background == background
    assert "(fictional)" in pitch.persona and "invented" in pitch.note
    assert list(pitch.parts) == [part.name for part in PITCH_PARTS]
    assert all(text.strip() for text in pitch.parts.values())
    timing = pitch.timing()
    assert list(timing["timing"]) == ["within"] * 5, timing  # every part and the total
    # the two follow-on answers: about a minute, and under 45 seconds, at the kit's rate
    assert 30 <= len(pitch.why_product.split()) / SPEAKING_RATE_WPM * 60 <= 60
    assert 20 <= len(pitch.why_leave.split()) / SPEAKING_RATE_WPM * 60 <= 45
    card = pitch.to_markdown()
    assert pitch.parts["Past"] in card and pitch.why_leave in card
    world = "IT" if background == "it" else "operations"
    assert f"Why are you leaving {world}?" in card
    assert pitch.pitch.startswith(pitch.parts["Present"])
    assert pitch.pitch.endswith(pitch.parts["Why this role"])


def test_the_two_model_pitches_tell_different_stories() -> None:
    it, ops = MODEL_PITCHES["it"], MODEL_PITCHES["ops"]
    assert set(MODEL_PITCHES) == {"it", "ops"}
    for name in it.parts:
        assert it.parts[name] != ops.parts[name]


def test_time_pitch_counts_words_at_the_given_rate() -> None:
    draft = {
        "Present": "one two three four five six seven eight nine ten",  # 10 words
        "Past": " ".join(["word"] * 70),
        "Why product": " ".join(["word"] * 42),
        "Why this role": " ".join(["word"] * 70),
    }
    table = time_pitch(draft)
    assert list(table["part"]) == ["Present", "Past", "Why product", "Why this role", "Total"]
    assert list(table["words"]) == [10, 70, 42, 70, 192]
    # 140 words a minute: 10 words = 4.3 s, 70 = 30 s, 42 = 18 s, 192 = 82.3 s
    assert list(table["seconds"]) == [4.3, 30.0, 18.0, 30.0, 82.3]
    assert list(table["timing"]) == ["short", "within", "within", "long", "within"]
    assert list(table["budget"]) == ["10-15 s", "25-35 s", "15-20 s", "10-20 s", "60-90 s"]
    slow = time_pitch(draft, words_per_minute=100)  # 192 words at 100 a minute = 115.2 s
    assert slow["seconds"].iloc[-1] == 115.2 and slow["timing"].iloc[-1] == "long"


@pytest.mark.parametrize(
    ("parts", "kwargs", "message"),
    [
        ({"Present": "x"}, {}, r"parts is missing \['Past', 'Why product', 'Why this role'\]"),
        (
            {"Present": "a", "Past": "b", "Why product": "c", "Why this role": "d", "Hobby": "e"},
            {},
            r"parts has unknown part\(s\) \['Hobby'\]",
        ),
        (
            {"Present": "a", "Past": "  ", "Why product": "c", "Why this role": "d"},
            {},
            r"parts\['Past'\] must be non-empty text; got '  '",
        ),
        (
            {"Present": "a", "Past": "b", "Why product": "c", "Why this role": "d"},
            {"words_per_minute": 0},
            r"words_per_minute must be a number > 0; got 0",
        ),
        ("I run a warehouse", {}, r"parts must be a dict of part name -> text"),
    ],
)
def test_time_pitch_rejects_bad_input(parts: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        time_pitch(parts, **kwargs)


# ----------------------------------------------------------------------------- mock protocol

JUDGEMENT = {"product sense", "execution and prioritization", "strategy"}
ANALYSIS = {"metrics and analytics", "estimation", "technical"}


def test_follow_up_ladders_have_three_non_empty_rungs_for_every_kind() -> None:
    assert list(FOLLOW_UP_LADDERS) == list(CATEGORIES)
    for category, ladder in FOLLOW_UP_LADDERS.items():
        assert ladder.category == category
        assert tuple(r.level for r in ladder.rungs) == LADDER_LEVELS
        assert LADDER_LEVELS == ("clarify", "go deeper", "stress-test")
        for rung in ladder.rungs:
            assert rung.question.strip().endswith("?") or rung.question.strip().endswith(".")
            assert len(rung.question.split()) >= 5 and len(rung.listen_for.split()) >= 5
        assert len({r.question for r in ladder.rungs}) == 3
        assert ladder.rungs[0].question in ladder.to_markdown()


@pytest.mark.parametrize(
    "kinds",
    [*itertools.combinations(CATEGORIES, 2), *itertools.combinations(CATEGORIES, 3)],
    ids=lambda kinds: "+".join(k.split()[0] for k in kinds),
)
def test_every_mix_of_kinds_takes_30_to_45_minutes(kinds: tuple[str, ...]) -> None:
    protocol = mock_protocol(categories=kinds, seed=0)
    assert PROTOCOL_MINUTES == (30, 45)
    assert 30 <= protocol.total_minutes <= 45, protocol.frame()
    assert protocol.categories == kinds


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("background", ["it", "ops", None])
def test_default_protocol_asks_a_story_a_judgement_and_an_analysis_question(
    seed: int, background: str | None
) -> None:
    protocol = mock_protocol(background, seed=seed)
    assert isinstance(protocol, MockProtocol)
    assert 30 <= protocol.total_minutes <= 45
    story, judgement, analysis = protocol.categories
    assert story == "behavioral" and judgement in JUDGEMENT and analysis in ANALYSIS
    assert len(set(protocol.categories)) == 3  # three different kinds of question
    assert len({p.id for p in protocol.prompts}) == 3
    bank = {p.id: p for p in load_prompts()}
    for prompt in protocol.prompts:
        assert bank[prompt.id] == prompt  # picked from the bank, unchanged
    if background is not None:
        assert {p.background for p in protocol.prompts} <= {background, "any"}
        assert sum(p.background == background for p in protocol.prompts) >= 2  # ceil(3 / 2)


def test_protocol_steps_are_non_empty_and_in_a_realistic_order() -> None:
    for seed in range(5):
        protocol = mock_protocol("it", seed=seed)
        names = [step.name for step in protocol]
        assert names[0].startswith("Opening") and "Tell me about yourself" in " ".join(
            protocol[0].interviewer
        )
        assert names[-3:] == ["The candidate's questions", "Scoring", "Debrief"]
        for step in protocol:
            assert step.name.strip() and step.minutes > 0
            assert step.interviewer and all(line.strip() for line in step.interviewer)
            assert step.candidate and all(line.strip() for line in step.candidate)
        asked = [s for s in protocol if s.prompt is not None and s.ladder is None]
        ladders = [s for s in protocol if s.ladder is not None]
        assert len(asked) == len(ladders) == 3
        for question, follow_up in zip(asked, ladders, strict=True):
            position = protocol.steps.index(question)
            assert protocol[position + 1] is follow_up  # every answer is followed up at once
            assert follow_up.prompt == question.prompt
            assert follow_up.ladder == FOLLOW_UP_LADDERS[question.prompt.category]
        frame = protocol.frame()
        assert list(frame["start"])[1:] == list(frame["end"])[:-1]
        assert frame["end"].iloc[-1] == protocol.total_minutes == frame["minutes"].sum()


def test_protocol_is_deterministic_for_a_seed_and_varies_between_seeds() -> None:
    first = mock_protocol("ops", seed=21)
    again = mock_protocol("ops", seed=21)
    assert first == again
    assert first.to_markdown() == again.to_markdown()
    drawn = {tuple(p.id for p in mock_protocol("ops", seed=s).prompts) for s in range(10)}
    assert len(drawn) > 1


def test_two_question_protocol_and_chosen_kinds() -> None:
    for seed in range(6):
        short = mock_protocol("it", seed=seed, questions=2)
        assert len(short.prompts) == 2 and short.categories[0] == "behavioral"
        assert short.categories[1] in JUDGEMENT | ANALYSIS
        assert 30 <= short.total_minutes <= 45
    chosen = mock_protocol(categories=["estimation", "strategy"], seed=1, questions=2)
    assert chosen.categories == ("estimation", "strategy")


def test_the_candidate_view_hides_the_prompts_and_the_interviewer_view_has_everything() -> None:
    protocol = mock_protocol("ops", seed=5)
    interviewer = protocol.to_markdown()
    candidate = protocol.to_markdown(for_candidate=True)
    assert protocol._repr_markdown_() == interviewer
    for prompt in protocol.prompts:
        assert prompt.prompt in interviewer and prompt.id in interviewer
        assert prompt.rubric[0] in interviewer and prompt.follow_ups[-1] in interviewer
        assert FOLLOW_UP_LADDERS[prompt.category].rungs[2].question in interviewer
        assert prompt.prompt not in candidate and prompt.id not in candidate
        assert prompt.rubric[0] not in candidate
        assert prompt.category in candidate  # the candidate knows the kind of question
    assert f"{protocol.total_minutes} minutes" in candidate


def test_the_candidate_timetable_has_no_prompt_ids() -> None:
    # Lesson 06 shows frame(for_candidate=True) on both screens: nothing in it may name a
    # prompt, or get_prompt would reveal the question before the interview.
    protocol = mock_protocol("it", seed=4)
    interviewer = protocol.frame()
    candidate = protocol.frame(for_candidate=True)
    assert list(interviewer.columns) == ["step", "start", "end", "minutes", "prompt"]
    assert list(candidate.columns) == ["step", "start", "end", "minutes"]
    pd.testing.assert_frame_equal(candidate, interviewer.drop(columns="prompt"))
    asked = [p.id for p in protocol.prompts]
    assert [i for i in interviewer["prompt"] if i][::2] == asked  # question, then its ladder
    shown = " ".join(candidate.astype(str).to_numpy().ravel())
    for prompt in protocol.prompts:
        assert prompt.id not in shown and prompt.prompt not in shown
        assert prompt.category in shown  # the kind of question is on the agenda
    with pytest.raises(ValueError, match="for_candidate must be True or False; got 'yes'"):
        protocol.frame(for_candidate="yes")  # type: ignore[arg-type]


def test_protocol_draws_from_a_given_bank() -> None:
    bank = find_prompts(category=["behavioral", "strategy", "estimation"], background="any")
    protocol = mock_protocol(categories=["behavioral", "strategy", "estimation"], prompts=bank)
    assert set(protocol.prompts) <= set(bank)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"questions": 4}, "questions must be 2 or 3; got 4"),
        ({"questions": 1}, "questions must be 2 or 3; got 1"),
        ({"questions": 2.0}, "questions must be 2 or 3; got 2.0"),
        ({"categories": ["behavioral"]}, "categories must name 2 or 3 different kinds"),
        ({"categories": ["behavioral", "behavioral"]}, "categories must name 2 or 3 different"),
        ({"categories": list(CATEGORIES[:4])}, "categories must name 2 or 3 different kinds"),
        ({"categories": ["behavioral", "design"]}, "categories must be one of .*got 'design'"),
        (
            {"categories": ["behavioral", "strategy"], "questions": 3},
            "questions must match the 2 categories given; got 3",
        ),
        ({"seed": "x"}, "seed must be an integer or None; got 'x'"),
        ({"background": "devops"}, "background must be one of 'it', 'ops', 'any'"),
    ],
)
def test_mock_protocol_rejects_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mock_protocol(**kwargs)

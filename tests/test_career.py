"""pmkit.career: routes as questions, the decision matrix and its flip points, the outreach
tracker and funnel, outreach templates and questions, the case-study builder, and the
certification comparison.

The tracker and saved case studies always go to a temporary folder (``PMKIT_DATA_DIR`` or an
explicit path). Flip points are checked on hand-made cases and against a brute-force scan;
funnel numbers on a tiny log worked by hand and against a plain pandas implementation.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmkit.career import (
    CASE_STUDY_SECTIONS,
    CERTIFICATIONS,
    CHANNELS,
    CHECKED_ON,
    COULD_NOT_CHECK,
    INFORMATIONAL_QUESTIONS,
    NOT_CONFIRMED,
    OUTLINE_SECTIONS,
    OUTREACH_TEMPLATES,
    QUESTION_GROUPS,
    QUESTIONS_TO_AVOID,
    ROUTES,
    STAGES,
    CaseStudy,
    CaseStudyBuilder,
    Certification,
    OutreachTemplate,
    OutreachTracker,
    TemplateField,
    WeightExplorer,
    case_study_html,
    case_study_markdown,
    certification_table,
    check_case_study,
    decision_matrix,
    example_case_studies,
    fill_template,
    informational_questions,
    outreach_funnel,
    route_questions,
    sample_outreach,
    save_case_study,
    stage_counts,
    weight_sensitivity,
)
from pmkit.prioritization import weighted_score


@pytest.fixture(autouse=True)
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "pmkit-data"
    monkeypatch.setenv("PMKIT_DATA_DIR", str(folder))
    return folder


def options(**columns: list[float]) -> pd.DataFrame:
    names = [chr(ord("A") + i) for i in range(len(next(iter(columns.values()))))]
    return pd.DataFrame({"option": names, **columns})


# ------------------------------------------------------------------ routes
def test_four_routes_framed_as_questions_without_statistics() -> None:
    assert [r.key for r in ROUTES] == [
        "internal_transfer",
        "apm_program",
        "direct_applications",
        "startup_or_own_product",
    ]
    table = route_questions()
    assert len(table) == sum(len(r.questions) for r in ROUTES)
    assert all(len(r.questions) >= 4 for r in ROUTES)
    assert table["question"].str.endswith("?").all()
    text = (
        " ".join(table["question"]) + " ".join(table["why"]) + " ".join(r.summary for r in ROUTES)
    )
    text = re.sub(r"module \d\d", "", text)  # module numbers are not statistics
    assert not re.search(r"\d|%|percent|success rate", text)  # no numbers, so no statistics
    assert route_questions("apm_program").equals(route_questions("Associate PM program"))
    with pytest.raises(ValueError, match="route must be one of"):
        route_questions("bootcamp")


# ------------------------------------------------------------------ decision matrix
def test_decision_matrix_scores_match_weighted_score_and_rank_best_first() -> None:
    scores = options(money=[2, 5, 4], learning=[5, 2, 3], fit=[3, 3, 5])
    weights = {"money": 3, "learning": 2, "fit": 1}
    ranked = decision_matrix(scores, weights)
    expected = {
        row.option: weighted_score([row.money, row.learning, row.fit], [3, 2, 1])
        for row in scores.itertuples()
    }
    assert dict(zip(ranked["option"], ranked["score"], strict=True)) == pytest.approx(expected)
    # by hand: A (6+10+3)/6 = 3.1667, B (15+4+3)/6 = 3.6667, C (12+6+5)/6 = 3.8333
    assert ranked["option"].tolist() == ["C", "B", "A"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert scores.columns.tolist() == ["option", "money", "learning", "fit"]  # unchanged


def test_decision_matrix_ties_share_a_rank_in_the_given_order() -> None:
    ranked = decision_matrix(options(x=[1, 3, 3], y=[1, 1, 1]), {"x": 1, "y": 1})
    assert ranked["option"].tolist() == ["B", "C", "A"] and ranked["rank"].tolist() == [1, 1, 3]


@pytest.mark.parametrize(
    ("scores", "weights", "message"),
    [
        (options(x=[1, 2]), {"y": 1}, "missing the column"),
        (options(x=[1, 2]), {"x": 0}, "must not all be zero"),
        (options(x=[1, 2]), {"x": -1}, "weights\\['x'\\] must be a number >= 0"),
        (options(x=[1]), {"x": 1}, "at least two options"),
        (pd.DataFrame({"option": ["A", "A"], "x": [1, 2]}), {"x": 1}, "name each option once"),
        (pd.DataFrame({"option": ["A", "B"], "x": [1, "high"]}), {"x": 1}, "scores\\['x'\\]"),
        (options(x=[1, 2]), {}, "non-empty mapping"),
    ],
)
def test_decision_matrix_validation(
    scores: pd.DataFrame, weights: dict[str, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        decision_matrix(scores, weights)
    with pytest.raises(ValueError, match=message):
        weight_sensitivity(scores, weights)


# ------------------------------------------------------------------ sensitivity
def _row(table: pd.DataFrame, criterion: str) -> pd.Series:
    return table.set_index("criterion").loc[criterion]


def test_flip_points_two_options_worked_by_hand() -> None:
    # A = (5, 1), B = (1, 5), weights (2, 1): A leads by N = 2*4 + 1*(-4) = 4.
    # money: A is better by 4, so a cut of 4/4 = 1 (to weight 1) ties; learning: a raise of 1.
    table = weight_sensitivity(options(money=[5, 1], learning=[1, 5]), {"money": 2, "learning": 1})
    money, learning = _row(table, "money"), _row(table, "learning")
    assert (money["direction"], money["change"], money["new_weight"]) == ("lower", -1.0, 1.0)
    assert money["relative_change"] == pytest.approx(-0.5)
    assert money["new_share"] == pytest.approx(0.5)
    assert (learning["direction"], learning["change"], learning["new_weight"]) == ("raise", 1, 2)
    assert learning["new_share"] == pytest.approx(0.5)
    assert table["new_winner"].tolist() == ["B", "B"] and table["flips"].all()
    assert table["share"].tolist() == pytest.approx([2 / 3, 1 / 3])


def test_no_single_weight_change_flips_a_dominant_option() -> None:
    # A is better on both criteria: raising either helps A, and cutting one to zero leaves A
    # ahead on the other, so nothing flips.
    table = weight_sensitivity(options(x=[5, 2, 1], y=[4, 3, 3]), {"x": 1, "y": 3})
    assert not table["flips"].any()
    assert table["change"].isna().all() and table["new_winner"].isna().all()
    assert table["direction"].isna().all()


def test_a_cut_that_would_need_a_zero_weight_does_not_flip() -> None:
    # A = (5, 5), B = (5, 1): B ties A only when y's weight is exactly 0; it never wins.
    table = weight_sensitivity(options(x=[5, 5], y=[5, 1]), {"x": 1, "y": 1})
    assert not table["flips"].any()


def test_flip_points_three_options_pick_the_nearest_rival() -> None:
    # A = (4, 4, 3), B = (1, 5, 3), C = (5, 1, 3); weights (2, 2, 1).
    # Leads: N_AB = 2*3 + 2*(-1) = 4, N_AC = 2*(-1) + 2*3 = 4.
    # x: cut 4/3 lets B tie (B is worse on x by 3); raise 4/1 lets C tie: the cut is nearer.
    # y: cut 4/3 lets C tie; raise 4 lets B tie. z: all equal, nothing flips.
    scores = options(x=[4, 1, 5], y=[4, 5, 1], z=[3, 3, 3])
    table = weight_sensitivity(scores, {"x": 2, "y": 2, "z": 1})
    x, y, z = (_row(table, c) for c in "xyz")
    assert (x["direction"], x["new_winner"]) == ("lower", "B")
    assert x["change"] == pytest.approx(-4 / 3) and x["new_weight"] == pytest.approx(2 / 3)
    assert (y["direction"], y["new_winner"]) == ("lower", "C")
    assert y["change"] == pytest.approx(-4 / 3)
    assert not z["flips"] and math.isnan(z["change"])


def test_a_zero_weight_criterion_can_flip_by_being_raised() -> None:
    table = weight_sensitivity(options(x=[3, 2], y=[1, 5]), {"x": 1, "y": 0})
    y = _row(table, "y")
    assert (y["direction"], y["change"], y["new_winner"]) == ("raise", 0.25, "B")  # 1 / 4
    assert math.isnan(y["relative_change"])


def test_a_tie_at_the_top_flips_at_zero() -> None:
    table = weight_sensitivity(options(x=[4, 2], y=[2, 4]), {"x": 1, "y": 1})
    assert table["change"].tolist() == [0.0, 0.0]
    assert table["direction"].tolist() == ["lower", "raise"]
    assert table["new_winner"].tolist() == ["B", "B"]


def _totals(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return scores @ weights / weights.sum()


def test_flip_points_agree_with_a_brute_force_scan() -> None:
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(60):
        n_options, n_criteria = rng.integers(2, 5), rng.integers(2, 5)
        matrix = rng.integers(1, 6, size=(n_options, n_criteria)).astype(float)
        weights = rng.integers(1, 6, size=n_criteria).astype(float)
        scores = pd.DataFrame(matrix, columns=[f"c{j}" for j in range(n_criteria)])
        scores.insert(0, "option", [f"o{i}" for i in range(n_options)])
        table = weight_sensitivity(scores, dict(zip(scores.columns[1:], weights, strict=True)))
        totals = _totals(matrix, weights)
        original = int(np.argmax(totals))
        if np.sort(totals)[-2] > totals[original] - 1e-9:
            continue  # a tie at the top: covered by its own test
        for k, row in table.iterrows():
            # every change of weight k on a fine grid (down to zero, up to +40) that makes the
            # original winner lose its place at the top
            grid = np.concatenate([np.linspace(-weights[k], 0, 401), np.linspace(0, 40, 1601)])
            trials = np.tile(weights, (len(grid), 1))
            trials[:, k] += grid
            trials = trials[trials.sum(axis=1) > 0]
            all_totals = trials @ matrix.T / trials.sum(axis=1, keepdims=True)
            loses = all_totals[:, original] < all_totals.max(axis=1) - 1e-9
            flipping = list(trials[loses, k] - weights[k])
            if not row["flips"]:
                assert not flipping, (matrix, weights, k)
                continue
            checked += 1
            change = row["change"]
            assert flipping, (matrix, weights, k)
            nearest = min(flipping, key=abs)
            assert abs(nearest) >= abs(change) - 1e-9  # nothing smaller flips it
            assert abs(nearest) <= abs(change) + 0.11  # and just beyond it, it does
            tied = weights.copy()
            tied[k] += change
            at_flip = _totals(matrix, tied)
            winner = scores["option"].tolist().index(row["new_winner"])
            assert at_flip[winner] == pytest.approx(at_flip[original])  # a tie at the point
            assert at_flip[original] == pytest.approx(at_flip.max())
            beyond = weights.copy()
            beyond[k] += change + (1e-6 if row["direction"] == "raise" else -1e-6)
            after = _totals(matrix, beyond)
            assert after[winner] == pytest.approx(after.max(), abs=1e-12)  # the new winner leads
            assert after[original] < after[winner]
    assert checked > 50


# ------------------------------------------------------------------ the weight explorer
def test_weight_explorer_reranks_live_and_marks_the_starting_winner() -> None:
    scores = options(money=[5, 1], learning=[1, 5])
    explorer = WeightExplorer(scores, {"money": 2, "learning": 1})
    assert explorer.ranking()["option"].tolist() == ["A", "B"]
    assert "A (your starting winner)" in explorer.table.value
    explorer.sliders["learning"].value = 2.0  # the flip point: a tie
    assert explorer.ranking()["rank"].tolist() == [1, 1]
    explorer.sliders["learning"].value = 2.5
    assert explorer.ranking()["option"].tolist() == ["B", "A"]
    assert explorer.table.value.index("<td>B</td>") < explorer.table.value.index("A (your")
    assert explorer.weights() == {"money": 2.0, "learning": 2.5}
    explorer.sliders["money"].value = 0
    explorer.sliders["learning"].value = 0
    assert explorer.ranking().empty and "Every weight is zero" in explorer.table.value


def test_weight_explorer_escapes_option_names() -> None:
    scores = pd.DataFrame({"option": ["<b>me</b>", "you"], "x": [2, 1]})
    explorer = WeightExplorer(scores, {"x": 1})
    assert "&lt;b&gt;me&lt;/b&gt;" in explorer.table.value and "<b>me" not in explorer.table.value
    with pytest.raises(ValueError, match="max_weight must be at least the largest weight"):
        WeightExplorer(scores, {"x": 5}, max_weight=2)


# ------------------------------------------------------------------ the outreach tracker
T0 = datetime(2025, 3, 3, 9, 0)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def tiny_tracker(path: str | Path | None = None) -> tuple[OutreachTracker, list[int]]:
    tracker = OutreachTracker(path)
    c1 = tracker.add_contact("Ada", "meetup", company="Brightdesk", contacted_at=day(0))
    c2 = tracker.add_contact("Ben", "meetup", contacted_at=day(0))
    c3 = tracker.add_contact("Chidi", "cold email", contacted_at=day(1))
    c4 = tracker.add_contact("Dana", "cold email", contacted_at=day(2))
    for contact, stage, when in [
        (c1, "replied", 1),
        (c1, "conversation", 3),
        (c1, "referral", 10),
        (c1, "interview", 20),
        (c2, "replied", 2),
        (c3, "replied", 5),
        (c3, "referral", 8),  # no conversation first: the funnel stops at "replied"
        (c4, "replied", 3),
        (c4, "conversation", 4),
        (c4, "referral", 100),  # 98 days after the first contact: outside the 90-day window
    ]:
        tracker.log_stage(contact, stage, at=day(when))
    return tracker, [c1, c2, c3, c4]


def test_tracker_round_trip_in_the_env_folder(user_data: Path) -> None:
    tracker, ids = tiny_tracker()
    assert ids == [1, 2, 3, 4]
    assert tracker.path == user_data / "outreach.duckdb" and tracker.path.is_file()
    contacts = OutreachTracker().contacts()  # a new tracker reads the same file
    assert contacts["name"].tolist() == ["Ada", "Ben", "Chidi", "Dana"]
    assert contacts["stage"].tolist() == ["interview", "replied", "referral", "referral"]
    assert contacts.loc[0, "company"] == "Brightdesk"
    events = tracker.events()
    assert events.columns.tolist() == ["contact_id", "channel", "stage", "event_time", "note"]
    assert len(events) == 14 and events["event_time"].is_monotonic_increasing
    assert events.loc[events["contact_id"] == 3, "channel"].unique().tolist() == ["cold email"]


def test_tracker_with_an_explicit_path_leaves_the_env_folder_alone(
    tmp_path: Path, user_data: Path
) -> None:
    tracker, _ = tiny_tracker(tmp_path / "search.duckdb")
    assert tracker.path == tmp_path / "search.duckdb" and tracker.path.is_file()
    assert not user_data.exists()
    assert OutreachTracker().contacts().empty and OutreachTracker().events().empty
    assert not user_data.exists()  # reading never creates the file


def test_tracker_funnel_worked_by_hand() -> None:
    tracker, _ = tiny_tracker()
    overall = tracker.funnel()
    assert overall["stage"].tolist() == list(STAGES)
    # contacted 4; replied 4; conversation: Ada, Dana = 2; referral: Ada only (Chidi skipped the
    # conversation, Dana's referral is outside the window) = 1; interview: Ada = 1.
    assert overall["contacts"].tolist() == [4, 4, 2, 1, 1]
    assert overall["conversion_from_start"].tolist() == [1.0, 1.0, 0.5, 0.25, 0.25]
    assert overall["conversion_from_previous"].tolist() == [1.0, 1.0, 0.5, 0.5, 1.0]
    # median days to reply: Ada 1, Ben 2, Chidi 4, Dana 1 -> 1.5
    assert overall.loc[1, "median_days_from_start"] == pytest.approx(1.5)
    by_channel = tracker.funnel(by="channel")
    assert by_channel["channel"].unique().tolist() == ["meetup", "cold email"]  # CHANNELS order
    pivot = by_channel.pivot(index="channel", columns="stage", values="contacts")[list(STAGES)]
    assert pivot.loc["meetup"].tolist() == [2, 2, 1, 1, 1]
    assert pivot.loc["cold email"].tolist() == [2, 2, 1, 0, 0]
    cold = by_channel[by_channel["channel"] == "cold email"]
    assert cold["conversion_from_previous"].tolist() == [
        1.0,
        1.0,
        0.5,
        0.0,
        pytest.approx(math.nan, nan_ok=True),
    ]
    # a longer window lets Dana's referral count; the naive count ignores order and window
    assert tracker.funnel(window_days=120)["contacts"].tolist() == [4, 4, 2, 2, 1]
    assert stage_counts(tracker.events()).tolist() == [4, 4, 2, 3, 1]
    assert "outreach_events" in tracker.funnel_sql() and "90 days" in tracker.funnel_sql()


def test_tracker_funnel_runs_on_the_duckdb_table_too() -> None:
    from pmkit.metrics import funnel

    tracker, _ = tiny_tracker()
    with tracker.connect(read_only=True) as con:
        direct = funnel(
            "outreach_events", list(STAGES), 90, con=con, user_id="contact_id", event_name="stage"
        )
    assert direct["users"].tolist() == tracker.funnel()["contacts"].tolist()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: t.add_contact("Eve", "carrier pigeon"), "channel must be one of"),
        (lambda t: t.add_contact("  ", "meetup"), "name must not be empty"),
        (lambda t: t.add_contact("Eve", "meetup", contacted_at="yesterday"), "contacted_at must"),
        (lambda t: t.log_stage(1, "offer"), "stage must be one of 'replied'"),
        (lambda t: t.log_stage(1, "contacted"), "stage must be one of"),
        (lambda t: t.log_stage(99, "replied"), "contact_id 99 is not in the tracker"),
        (lambda t: t.log_stage("1", "replied"), "contact_id must be"),
        (lambda t: t.log_stage(2, "conversation", at=day(2)), "after contact 2's 'replied'"),
        (lambda t: t.log_stage(2, "conversation", at=day(1)), "after contact 2's 'replied'"),
    ],
)
def test_tracker_rejects_bad_input_naming_it(call: object, message: str) -> None:
    tracker, _ = tiny_tracker()
    with pytest.raises(ValueError, match=message):
        call(tracker)  # type: ignore[operator]
    assert len(tracker.events()) == 14  # nothing was written


def test_tracker_times_are_stored_in_utc() -> None:
    tracker = OutreachTracker()
    eve = tracker.add_contact(
        "Eve", "alumni network", contacted_at=datetime(2025, 5, 1, 12, tzinfo=UTC)
    )
    aware = datetime(2025, 5, 2, 16, 0, tzinfo=timezone(timedelta(hours=2)))  # 14:00 UTC
    tracker.log_stage(eve, "replied", at=aware)
    tracker.log_stage(eve, "conversation", at="2025-05-03")  # a date alone is midnight UTC
    assert tracker.events()["event_time"].tolist() == [
        pd.Timestamp("2025-05-01 12:00"),
        pd.Timestamp("2025-05-02 14:00"),
        pd.Timestamp("2025-05-03 00:00"),
    ]


# ------------------------------------------------------------------ the sample log
def _pandas_funnel(events: pd.DataFrame, window_days: float = 90) -> list[int]:
    """An independent 'this order' funnel: walk each contact's events in time order."""
    counts = [0] * len(STAGES)
    window = pd.Timedelta(days=window_days)
    for _, group in events.sort_values("event_time").groupby("contact_id"):
        starts = group.loc[group["stage"] == STAGES[0], "event_time"]
        if starts.empty:
            continue
        start = previous = starts.min()
        counts[0] += 1
        for k, stage in enumerate(STAGES[1:], start=1):
            later = group[
                (group["stage"] == stage)
                & (group["event_time"] > previous)
                & (group["event_time"] <= start + window)
            ]
            if later.empty:
                break
            previous = later["event_time"].min()
            counts[k] += 1
    return counts


def test_sample_log_is_deterministic_and_well_formed() -> None:
    contacts, events = sample_outreach()
    again = sample_outreach()
    pd.testing.assert_frame_equal(contacts, again.contacts)
    pd.testing.assert_frame_equal(events, again.events)
    assert not sample_outreach(seed=8).events.equals(events)
    assert len(contacts) == 80 and contacts["contact_id"].is_unique
    assert set(contacts["channel"]) <= set(CHANNELS) and set(events["stage"]) <= set(STAGES)
    contacted = events[events["stage"] == "contacted"]
    assert contacted["contact_id"].is_unique and len(contacted) == 80
    first = contacted.set_index("contact_id")["event_time"]
    assert (events["event_time"] >= events["contact_id"].map(first)).all()
    assert events["event_time"].is_monotonic_increasing
    with pytest.raises(ValueError, match="n_contacts must be"):
        sample_outreach(n_contacts=0)


@pytest.mark.parametrize(("seed", "n"), [(7, 80), (1, 120), (3, 200)])
def test_sample_funnel_matches_an_independent_pandas_funnel(seed: int, n: int) -> None:
    _, events = sample_outreach(seed=seed, n_contacts=n)
    assert outreach_funnel(events)["contacts"].tolist() == _pandas_funnel(events)
    by_channel = outreach_funnel(events, by="channel")
    for channel, part in by_channel.groupby("channel"):
        assert part["contacts"].tolist() == _pandas_funnel(events[events["channel"] == channel])
    naive = stage_counts(events).tolist()
    funnel_counts = outreach_funnel(events)["contacts"].tolist()
    assert all(f <= c for f, c in zip(funnel_counts, naive, strict=True))


def test_outreach_funnel_validation() -> None:
    _, events = sample_outreach()
    with pytest.raises(ValueError, match="events has no column 'source'"):
        outreach_funnel(events, by="source")
    with pytest.raises(ValueError, match="window_days must be a number of days > 0; got 0"):
        outreach_funnel(events, window_days=0)
    with pytest.raises(ValueError, match="events must be a pandas DataFrame"):
        outreach_funnel([1, 2])  # type: ignore[arg-type]


# ------------------------------------------------------------------ outreach craft
def test_four_templates_each_with_guidance_and_an_it_and_an_ops_example() -> None:
    assert list(OUTREACH_TEMPLATES) == ["cold_contact", "referral_ask", "follow_up", "thank_you"]
    for template in OUTREACH_TEMPLATES.values():
        assert template.use and template.length and template.max_words > 0
        assert str(template.max_words) in template.length  # the limit is the stated guidance
        assert template.personalise(), template.key  # something to personalise, with why
        assert all(f.prompt for f in template.fields)
        assert set(template.examples) == {"it", "ops"}
        for background, example in template.examples.items():
            message = template.example(background)
            assert not message.too_long, (template.key, background, message.words)
            assert "{" not in str(message) and "}" not in str(message)
            assert str(message).startswith(f"Subject: {message.subject}\n\n")
            for value in example.values.values():
                assert value in str(message)
            assert example.sender
    with pytest.raises(ValueError, match="background must be one of 'it', 'ops'; got 'qa'"):
        OUTREACH_TEMPLATES["cold_contact"].example("qa")


def test_template_markdown_shows_the_text_the_fields_and_the_examples() -> None:
    template = OUTREACH_TEMPLATES["referral_ask"]
    text = template.to_markdown()
    assert text.startswith(f"**{template.name}.** {template.use}\n\n```text\nSubject: ")
    assert template.body in text and f"**Length:** {template.length}" in text
    assert all(f"| `{f.name}` |" in text for f in template.fields)
    assert "| `my_name` | Your name, as you sign off. | (nothing to personalise) |" in text
    for background in ("it", "ops"):
        assert str(template.example(background)) in text
    assert "Example from an IT background" in text and "an operations background" in text
    assert str(template.example("it")) not in template.to_markdown(examples=False)


def test_templates_keep_to_their_job() -> None:
    cold = OUTREACH_TEMPLATES["cold_contact"]
    asks = cold.subject + cold.body
    assert not re.search(r"\b(job|role at|hire|hiring|referr\w*|resume|CV)\b", asks, re.I)
    assert "no request for a job" in cold.length
    referral = OUTREACH_TEMPLATES["referral_ask"]
    assert "isn't possible or doesn't feel right" in referral.body  # an easy way to say no
    follow = OUTREACH_TEMPLATES["follow_up"]
    assert follow.subject.startswith("Re: ") and "once" in follow.length
    assert follow.max_words < cold.max_words  # shorter than the first message
    thanks = OUTREACH_TEMPLATES["thank_you"]
    assert "someone else you think I should talk to" in thanks.body  # the next conversation
    assert "within a day" in thanks.length


def test_fill_template_fills_from_a_dict_and_keywords() -> None:
    values = dict(OUTREACH_TEMPLATES["follow_up"].examples["ops"].values)
    message = fill_template("follow_up", values, first_name="  Jo  ")
    assert message.template == "follow_up" and message.body.startswith("Hi Jo,\n\n")
    assert message.subject == f"Re: {values['original_subject']}"
    assert message.words == len(message.body.split())
    assert fill_template(OUTREACH_TEMPLATES["follow_up"], **values) == fill_template(
        "follow_up", values
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"question": None},
            "missing field 'question' for the follow_up template .*it requires "
            "original_subject, first_name, something_new, question, my_name",
        ),
        ({"question": "   "}, "missing field 'question' .*blank field counts as missing"),
        ({"question": None, "my_name": ""}, "missing fields 'question', 'my_name'"),
        (
            {"frist_name": "Jo"},
            "has no field\\(s\\) \\['frist_name'\\]; it requires original_subject",
        ),
        ({"question": 42}, "field 'question' must be text; got 42"),
    ],
)
def test_fill_template_refuses_missing_blank_unknown_and_non_text_fields(
    change: dict[str, object], message: str
) -> None:
    values: dict[str, object] = dict(OUTREACH_TEMPLATES["follow_up"].examples["it"].values)
    values.update(change)
    values = {k: v for k, v in values.items() if v is not None}
    with pytest.raises(ValueError, match=message):
        fill_template("follow_up", values)  # type: ignore[arg-type]


def test_fill_template_unknown_template_and_a_custom_template() -> None:
    with pytest.raises(ValueError, match="template must be one of 'cold_contact'"):
        fill_template("cover_letter", first_name="Jo")
    mine = OutreachTemplate(
        "coffee",
        "A coffee chat",
        "When you share an office.",
        "Coffee, {first_name}?",
        "Hi {first_name}, coffee on {day}?",
        (TemplateField("first_name", "Their name."), TemplateField("day", "A day.", "Be exact.")),
        "Under 20 words.",
        20,
    )
    assert str(fill_template(mine, first_name="Jo", day="Friday")) == (
        "Subject: Coffee, Jo?\n\nHi Jo, coffee on Friday?"
    )
    assert [f.name for f in mine.personalise()] == ["day"]
    with pytest.raises(ValueError, match="describes fields \\['day'\\] but its subject and body"):
        dataclasses.replace(mine, fields=(TemplateField("day", "A day."),))
    with pytest.raises(ValueError, match="placeholders must be plain"):
        dataclasses.replace(mine, body="Hi {first_name:>10}, {day}")


def test_question_bank_groups_and_what_not_to_ask() -> None:
    assert len(INFORMATIONAL_QUESTIONS) >= 15
    assert list(QUESTION_GROUPS.values()) == [
        "Their path",
        "The role day to day",
        "The team and product",
        "Advice for your move",
    ]
    for key in QUESTION_GROUPS:
        assert sum(q.group == key for q in INFORMATIONAL_QUESTIONS) >= 3
    table = informational_questions()
    assert len(table) == len(INFORMATIONAL_QUESTIONS) and table["question"].is_unique
    assert table["question"].str.endswith("?").all() and (table["why"].str.len() > 0).all()
    assert informational_questions("advice").equals(informational_questions("Advice for your move"))
    assert len(INFORMATIONAL_QUESTIONS) == 20
    with pytest.raises(ValueError, match="group must be one of 'their_path'"):
        informational_questions("salary")
    avoid = " ".join(a.avoid for a in QUESTIONS_TO_AVOID)
    assert "Asking for a job" in avoid and "in the first message" in avoid
    assert "profile" in avoid  # questions the profile already answers
    assert all(a.why and a.instead for a in QUESTIONS_TO_AVOID)


# Words that turn a question into a hypothetical or a request for a guess about the future.
HYPOTHETICAL = re.compile(r"\b(would|if|should|could|will|imagine|suppose)\b", re.I)


def test_the_question_bank_asks_about_the_past_as_lesson_07_says() -> None:
    # Lesson 07 and the docstring: every question but the closing request asks about something
    # that happened (The Mom Test); the advice questions ask through what the person has seen.
    *asked, closing = INFORMATIONAL_QUESTIONS
    for question in asked:
        assert not HYPOTHETICAL.search(question.question), question.question
    assert closing.question == "Who else would be good to talk to about this?"
    assert "request" in closing.why
    advice = [q.question for q in INFORMATIONAL_QUESTIONS if q.group == "advice"]
    assert any("seen" in q for q in advice) and any("last" in q for q in advice)
    # what to ask instead must follow the same rule
    for item in QUESTIONS_TO_AVOID:
        assert not HYPOTHETICAL.search(item.instead), item.instead


def test_lesson_07_states_the_rule_the_bank_follows() -> None:
    lesson = Path(__file__).resolve().parents[1] / "notebooks" / "07_choosing_your_route.ipynb"
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    text = " ".join(
        " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").split()
    )
    assert "*The Mom Test*" in text
    assert "asking for advice there, which is a fair thing to ask for" in text
    assert "*who else would be good to talk to?*: it is a request" in text
    # the certification section speaks to learners: a date, not how the page was stored
    assert "stored copy" not in text and "not published in a form" not in text
    assert "*not confirmed: see the issuer's page*" in text
    assert "*we could not check the issuer's page*" in text


# ------------------------------------------------------------------ certifications
TEXT_FIELDS = [
    f.name
    for f in dataclasses.fields(Certification)
    if f.type in ("str", str) and f.name != "key" and not f.name.endswith("url")
]


def test_certifications_cite_the_issuer_and_the_date_checked() -> None:
    assert [c.key for c in CERTIFICATIONS] == [
        "cspo",
        "pspo_i",
        "pragmatic",
        "aipmm_cpm",
        "google_pm",
    ]
    assert date(2026, 12, 7) == CHECKED_ON
    for cert in CERTIFICATIONS:
        assert re.match(r"https?://\S+$", cert.source_url), cert.key
        assert re.match(r"https?://\S+$", cert.issuer_url), cert.key
        assert all(re.match(r"https?://\S+$", s.url) and s.supports for s in cert.other_sources)
        assert isinstance(cert.checked_on, date) and cert.checked_on == CHECKED_ON
        assert cert.signals.strip() and cert.does_not_signal.strip()
        assert "prices change, check before paying" in cert.source_note
        assert cert.source_url in cert.source_note
        # learners read a date; how the page was read is kept in stored_copy for maintainers
        assert "on 7 December 2026" in cert.source_note
        assert "stored" not in cert.source_note and "2026-12-07" not in cert.source_note
        if cert.stored_copy:
            assert cert.source_note == (
                f"As published on {cert.source}, checked on 7 December 2026; "
                "prices change, check before paying."
            )


def test_the_pragmatic_source_says_it_is_from_the_earlier_name_and_may_be_out_of_date() -> None:
    by_key = {c.key: c for c in CERTIFICATIONS}
    pragmatic = by_key["pragmatic"]
    assert pragmatic.source_url.startswith("http://pragmaticmarketing.com/")
    assert "earlier name, Pragmatic Marketing" in pragmatic.source_caveat
    assert "may be out of date" in pragmatic.source_caveat
    assert pragmatic.source == f"{pragmatic.source_url} ({pragmatic.source_caveat})"
    assert pragmatic.source_caveat in pragmatic.source_note
    assert [c.key for c in CERTIFICATIONS if c.source_caveat] == ["pragmatic"]
    for cert in CERTIFICATIONS:
        if not cert.source_caveat:
            assert cert.source == cert.source_url


def test_google_is_project_management_and_every_figure_is_checked_or_says_so() -> None:
    by_key = {c.key: c for c in CERTIFICATIONS}
    google = by_key["google_pm"]
    assert google.discipline == "project management"
    assert "not product management" in google.covers
    assert {c.discipline for c in CERTIFICATIONS if c.key != "google_pm"} == {"product management"}
    assert not google.stored_copy
    assert google.source_note.startswith("We could not check the issuer's page, https://grow.")
    for name in ("course_required", "exam", "time", "cost", "renewal"):
        assert getattr(google, name) == COULD_NOT_CHECK  # a short cell, not "not published"
    assert COULD_NOT_CHECK == "we could not check the issuer's page"
    assert NOT_CONFIRMED == "not confirmed: see the issuer's page"
    # the only prices quoted are the ones an issuer's page published
    for cert in CERTIFICATIONS:
        quoted = re.search(r"USD \d", cert.cost)
        assert NOT_CONFIRMED in cert.cost or COULD_NOT_CHECK in cert.cost or quoted, cert.key
    assert "USD 100" in by_key["cspo"].renewal
    for cert in CERTIFICATIONS:
        text = " ".join(getattr(cert, name) for name in TEXT_FIELDS)
        assert "not published" not in text and "stored copy" not in text, cert.key
        if cert.stored_copy:
            assert COULD_NOT_CHECK not in text, cert.key


def test_no_statistics_and_no_endorsement_in_the_comparison() -> None:
    for cert in CERTIFICATIONS:
        text = " ".join(getattr(cert, name) for name in TEXT_FIELDS)
        assert not re.search(r"%|percent|chance|likel|odds|salary|recommend|best", text, re.I), (
            cert.key
        )


def test_certification_validation() -> None:
    google = next(c for c in CERTIFICATIONS if c.key == "google_pm")
    with pytest.raises(ValueError, match=r'google_pm: with no stored copy .*, cost must say "we'):
        dataclasses.replace(google, cost="USD 49 a month")
    with pytest.raises(ValueError, match="discipline must be one of"):
        dataclasses.replace(google, discipline="programme management")
    with pytest.raises(ValueError, match="google_pm: signals must not be empty"):
        dataclasses.replace(google, signals=" ")


def test_certification_table_is_the_data() -> None:
    table = certification_table()
    assert table["name"].tolist() == [c.name for c in CERTIFICATIONS]
    assert {"signals", "does_not_signal", "source_url", "checked_on", "source_note"} <= set(
        table.columns
    )
    assert (table["checked_on"] == CHECKED_ON).all()
    assert table.loc[4, "discipline"] == "project management"
    # the lesson's link columns: where to check before paying, and where the facts come from
    assert {"issuer_url", "source", "source_caveat"} <= set(table.columns)
    assert table["issuer_url"].tolist() == [c.issuer_url for c in CERTIFICATIONS]
    assert table["source"].tolist() == [c.source for c in CERTIFICATIONS]
    # the comparison's cells are short where a figure could not be confirmed
    shown = ["course_required", "exam", "time", "cost", "renewal"]
    cells = table[shown].to_numpy().ravel().tolist()
    assert sum(NOT_CONFIRMED in cell for cell in cells) >= 8
    assert all(len(cell) < 400 for cell in cells)


# ------------------------------------------------------------------ case studies
FULL = {
    "title": "Dock booking",
    "role": "Inbound lead",
    **{
        key: f"The {key} section says enough to be longer than twelve words, with 3 numbers."
        for key in CASE_STUDY_SECTIONS
    },
}


def test_markdown_has_every_section_in_order() -> None:
    text = case_study_markdown({**FULL, "learnings": "", "note": "Numbers are illustrative."})
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {h}" for h, _ in CASE_STUDY_SECTIONS.values()]
    assert text.startswith(
        "# Dock booking\n\n**My role:** Inbound lead\n\n_Numbers are illustrative._"
    )
    assert text.rstrip().endswith("## Learnings\n\n_Not written yet._")


def test_html_escapes_everything_the_learner_wrote() -> None:
    nasty = {
        "title": "<script>alert('x')</script> & co",
        "role": 'lead "ops"',
        "problem": "Tickets < 5 & SLA > 4h\nsecond line\n\nnew paragraph <img src=x onerror=y>",
    }
    page = case_study_html(nasty)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    assert "lead &quot;ops&quot;" in page
    assert "<p>Tickets &lt; 5 &amp; SLA &gt; 4h<br>\nsecond line</p>" in page
    assert "<p>new paragraph &lt;img src=x onerror=y&gt;</p>" in page
    assert page.count('<p class="missing">Not written yet.</p>') == 7
    standalone = case_study_html(nasty, standalone=True)
    assert standalone.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in standalone
    assert "<title>&lt;script&gt;" in standalone


def test_completeness_check_rules() -> None:
    assert check_case_study(FULL).complete
    draft = {
        **FULL,
        "title": " ",
        "users": "",
        "evidence": "Some tickets.",
        "metrics": "Primary: the waiting time at the gate, against last quarter's average wait.",
        "outcome": "Waits dropped a lot and carriers were happier with the new booking system.",
    }
    check = check_case_study(draft)
    assert dict(check.gaps) == {
        "title": "missing",
        "users": "missing",
        "evidence": "too short",
        "metrics": "no number",
        "outcome": "no number",
    }
    assert check.words["evidence"] == 2 and not check.complete
    assert str(check).startswith("Needs work: title: missing; users: missing")
    with pytest.raises(ValueError, match="unknown section\\(s\\) \\['summary'\\]"):
        check_case_study({"summary": "x"})
    with pytest.raises(ValueError, match="problem must be text; got 3"):
        CaseStudy(title="x", problem=3)  # type: ignore[arg-type]


def test_module_01s_outline_is_the_same_helpers_on_five_sections() -> None:
    outline = {key: FULL[key] for key in ("title", *OUTLINE_SECTIONS)}
    assert not check_case_study(outline).complete  # evidence, shipped, learnings missing
    assert check_case_study(outline, sections=OUTLINE_SECTIONS).complete
    short = check_case_study({**outline, "users": "Carriers."}, sections=OUTLINE_SECTIONS)
    assert dict(short.gaps) == {"users": "too short"}
    text = case_study_markdown(outline, sections=OUTLINE_SECTIONS)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Problem", "## Users", "## Hypothesis", "## Metrics", "## Outcome"]
    assert "Not written yet" not in text
    page = case_study_html(outline, sections=("outcome", "problem"))
    assert page.index("<h2>Problem</h2>") < page.index("<h2>Outcome</h2>")  # the usual order
    assert "<h2>Users</h2>" not in page
    with pytest.raises(ValueError, match="sections must name some of problem, users"):
        case_study_markdown(outline, sections=("summary",))


def test_worked_examples_are_complete_and_labelled_illustrative() -> None:
    examples = example_case_studies()
    assert list(examples) == ["ops", "it"]
    for case in examples.values():
        assert check_case_study(case).complete
        assert "illustrative" in case.note and "invented" in case.note
        assert "illustrative" in case_study_markdown(case)
    assert "distribution centre" in examples["ops"].title
    assert "service portal" in examples["it"].title


def test_save_case_study_writes_to_the_data_folder(tmp_path: Path, user_data: Path) -> None:
    md, page = save_case_study(example_case_studies()["it"])
    assert md.parent == user_data / "case_studies"
    assert md.name == "a-status-banner-in-the-service-portal-during-major-incidents.md"
    assert md.read_text(encoding="utf-8").startswith("# A status banner")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    elsewhere, _ = save_case_study({"title": "Ünïcode / title!"}, folder=tmp_path)
    assert elsewhere == tmp_path / "n-code-title.md"


def test_case_study_builder_builds_and_saves(user_data: Path) -> None:
    builder = CaseStudyBuilder(start=example_case_studies()["ops"])
    assert builder.boxes["problem"].value.startswith("Customer returns")
    builder.boxes["title"].value = "Returns <triage>"
    builder.boxes["learnings"].value = ""
    builder.build_button.click()
    assert "&lt;triage&gt;" in builder.preview.value and "<triage>" not in builder.preview.value
    assert builder.markdown.value.startswith("# Returns <triage>\n")
    assert "learnings: missing" in builder.status.value
    assert builder.last_case is not None and builder.last_case.note.startswith("An illustrative")
    builder.save_button.click()
    assert (user_data / "case_studies" / "returns-triage.md").is_file()
    assert (user_data / "case_studies" / "returns-triage.html").is_file()
    assert "Saved" in builder.status.value

"""pmkit.assessment and pmkit._userdata: competencies, fit statements, profile, path rules,
saving, the form, and the course map checked against the exercises in solutions/.

Saved assessments always go to a temporary folder (``PMKIT_DATA_DIR`` or an explicit path).
"""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from pmkit._userdata import DATA_DIR_ENV, data_dir, data_file
from pmkit.assessment import (
    AGREEMENT,
    BACKGROUNDS,
    COMPETENCIES,
    COMPETENCY_KEYS,
    FIT_KEYS,
    FIT_STATEMENTS,
    LEVELS,
    SYLLABUS,
    Assessment,
    AssessmentForm,
    FitFinding,
    FitStatement,
    assessment_path,
    competency_profile,
    fit_summary,
    fit_summary_markdown,
    get_competency,
    get_fit_statement,
    get_module,
    load_assessments,
    plot_gaps,
    progress_table,
    recommend_path,
    save_assessment,
    syllabus_frame,
    syllabus_markdown,
)
from pmkit.interview import practice_log_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "pmkit-data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def ratings(default: int = 4, **changes: int) -> dict[str, int]:
    return {key: changes.get(key, default) for key in COMPETENCY_KEYS}


def at(day: int) -> datetime:
    return datetime(2025, 3, 1, 9, 0, tzinfo=UTC) + timedelta(days=day)


# ------------------------------------------------------------------ the user data folder
def test_data_dir_precedence(
    tmp_path: Path, user_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert data_dir() == user_data
    assert data_dir(tmp_path / "mine") == tmp_path / "mine"
    assert data_dir("~/x") == Path.home() / "x"
    monkeypatch.delenv(DATA_DIR_ENV)
    import platformdirs

    assert data_dir() == platformdirs.user_data_path("pmkit", appauthor=False)
    with pytest.raises(ValueError, match="path must be a folder name"):
        data_dir("")


def test_data_file_takes_a_file_or_a_folder(tmp_path: Path, user_data: Path) -> None:
    assert data_file("a.json") == user_data / "a.json"
    assert data_file("a.json", tmp_path) == tmp_path / "a.json"  # an existing folder
    assert data_file("a.json", tmp_path / "new-folder") == tmp_path / "new-folder" / "a.json"
    assert data_file("a.json", tmp_path / "b.json") == tmp_path / "b.json"
    with pytest.raises(ValueError, match="plain file name"):
        data_file("sub/a.json")
    assert not user_data.exists()  # nothing was created


def test_every_store_uses_the_same_folder(user_data: Path) -> None:
    from pmkit.career import outreach_db_path

    assert practice_log_path().parent == assessment_path().parent == outreach_db_path().parent
    assert assessment_path().parent == user_data


# ------------------------------------------------------------------ competencies
def test_the_eight_competencies_have_five_distinct_anchors() -> None:
    assert COMPETENCY_KEYS == (
        "product_sense",
        "prioritization",
        "data_sql",
        "metrics_experiments",
        "communication",
        "execution",
        "technical_fluency",
        "user_research",
    )
    assert get_competency("communication").name == "Communication and influence without authority"
    for competency in COMPETENCIES:
        anchors = [competency.anchor(level) for level in LEVELS]
        assert len(set(anchors)) == 5 and all(len(a.split()) >= 6 for a in anchors)
        assert competency.description.endswith(".")
    with pytest.raises(ValueError, match="from 1 to 5; got 6"):
        COMPETENCIES[0].anchor(6)
    with pytest.raises(ValueError, match="competency must be one of"):
        get_competency("charisma")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ratings": {"product_sense": 3}}, "missing"),
        ({"ratings": ratings() | {"charisma": 3}}, "unknown \\['charisma'\\]"),
        ({"ratings": ratings(data_sql=0)}, "ratings\\['data_sql'\\] must be a whole number"),
        ({"ratings": ratings(data_sql=True)}, "ratings\\['data_sql'\\]"),
        ({"ratings": ratings(data_sql=3.5)}, "ratings\\['data_sql'\\]"),
        ({"background": "sales"}, "background must be 'it' or 'ops'; got 'sales'"),
        ({"target": 6}, "target must be a whole number from 1 to 5; got 6"),
        ({"assessed_at": datetime(2025, 1, 1)}, "timezone-aware"),
        ({"fit": [3, 4]}, "fit must be a mapping of statement -> 1-5; got list"),
        ({"fit": {"likes_meetings": 4}}, "fit may answer only the statements .*unknown \\['likes_"),
        (
            {"fit": {"saying_no": 0}},
            "fit\\['saying_no'\\] must be a whole number from 1 to 5 .*got 0",
        ),
        ({"fit": {"ambiguity": 6}}, "fit\\['ambiguity'\\] must be .*got 6"),
        ({"fit": {"ambiguity": True}}, "fit\\['ambiguity'\\] must be .*got True"),
        ({"fit": {"ambiguity": "4"}}, "fit\\['ambiguity'\\] must be .*got '4'"),
    ],
)
def test_assessment_validation_names_the_field(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"ratings": ratings(), "background": "it"} | change
    with pytest.raises(ValueError, match=message):
        Assessment(**fields)  # type: ignore[arg-type]


def test_profile_rows_values_and_gaps() -> None:
    assessment = Assessment(ratings(3, data_sql=1, execution=5), "ops", target=4)
    profile = competency_profile(assessment)
    assert profile["competency"].tolist() == list(COMPETENCY_KEYS)
    row = profile.set_index("competency").loc["data_sql"]
    assert (row["rating"], row["gap"], row["level"]) == (1, 3, "new to it")
    assert row["anchor"] == get_competency("data_sql").anchor(1)
    assert profile.set_index("competency").loc["execution", "gap"] == 0  # above target: no gap
    assert profile["gap"].sum() == 3 + 6 * 1
    assert str(profile["rating"].dtype) == "int64"


# ------------------------------------------------------------------ fit and motivation
def fit(**answers: int) -> dict[str, int]:
    return dict(answers)


def test_six_to_eight_fit_statements_about_the_work_with_notes_and_modules() -> None:
    assert 6 <= len(FIT_STATEMENTS) <= 8
    assert FIT_KEYS == (
        "saying_no",
        "accountable_without_authority",
        "ambiguity",
        "talking_to_users",
        "conversations_and_writing",
        "slow_feedback",
        "the_work_itself",
        "read_the_postings",
    )
    numbers = {m.number for m in SYLLABUS}
    for statement in FIT_STATEMENTS:
        words = statement.statement.split()  # first person: agreeing means "this is me"
        assert {"I", "me"} & set(words) and statement.statement.endswith("."), statement.key
        assert len(statement.if_low.split()) >= 25 and len(statement.try_this.split()) >= 15
        assert set(statement.modules) <= numbers - {"00"}
        for number in statement.modules:  # the activity names the modules it relies on
            assert f"module {number}" in statement.try_this.lower(), statement.key
        assert "%" not in statement.if_low + statement.try_this  # no invented statistics
    every_note = " ".join(s.if_low + " " + s.try_this for s in FIT_STATEMENTS)
    assert every_note.count("informational interview") >= 3
    motivation = get_fit_statement("the_work_itself")
    assert "title or the pay" in motivation.statement
    assert "nothing to be embarrassed" in motivation.if_low  # framed with respect
    assert set(AGREEMENT) == set(LEVELS) and AGREEMENT[3] == "not sure"
    with pytest.raises(ValueError, match=r"fit statement must be one of .*got 'charisma'"):
        get_fit_statement("charisma")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"key": "Saying no"}, "key must be a lower-case name like 'saying_no'; got 'Saying no'"),
        ({"theme": " "}, "theme must be non-empty text; got ' '"),
        ({"if_low": None}, "if_low must be non-empty text; got None"),
        ({"modules": ()}, "modules must be a non-empty tuple of module numbers .*got \\(\\)"),
        ({"modules": ["02"]}, "modules must be .*got \\['02'\\]"),
        ({"modules": ("02", "42")}, "modules must be .*got \\('02', '42'\\)"),
    ],
)
def test_fit_statement_validation_names_the_field(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "key": "saying_no",
        "theme": "Saying no",
        "statement": "I say no.",
        "if_low": "Test it.",
        "try_this": "Module 02.",
        "modules": ("02",),
    } | change
    with pytest.raises(ValueError, match=message):
        FitStatement(**fields)  # type: ignore[arg-type]


def test_fit_summary_keeps_low_answers_lowest_first_then_in_statement_order() -> None:
    answers = fit(
        read_the_postings=1,
        saying_no=3,
        slow_feedback=2,
        ambiguity=3,
        talking_to_users=4,
        the_work_itself=5,
        accountable_without_authority=2,
    )  # conversations_and_writing is not answered
    findings = fit_summary(answers)
    assert [(f.key, f.answer) for f in findings] == [
        ("read_the_postings", 1),
        ("accountable_without_authority", 2),
        ("slow_feedback", 2),
        ("saying_no", 3),
        ("ambiguity", 3),
    ]
    first = findings[0]
    assert first.answer_word == "strongly disagree"
    assert first.note == get_fit_statement("read_the_postings").if_low
    assert first.try_this == get_fit_statement("read_the_postings").try_this
    assert fit_summary({}) == () and fit_summary(fit(saying_no=4, ambiguity=5)) == ()
    assert fit_summary(Assessment(ratings(), "it", fit=answers).fit) == findings
    assert Assessment(ratings(), "it", fit=answers).fit_summary() == findings
    with pytest.raises(ValueError, match=r"answers\['slow_feedback'\] must be .*got 9"):
        fit_summary(fit(slow_feedback=9))
    with pytest.raises(ValueError, match=r"answer must be a whole number from 1 to 5 .*got 0"):
        FitFinding(FIT_STATEMENTS[0], 0)
    with pytest.raises(ValueError, match="statement must be a FitStatement; got str"):
        FitFinding("saying_no", 2)  # type: ignore[arg-type]


def test_fit_summary_markdown_lists_findings_then_agreed_and_skipped() -> None:
    assert fit_summary_markdown({}) == (
        "You skipped the fit and motivation part: nothing to summarise."
    )
    text = fit_summary_markdown(fit(saying_no=3, talking_to_users=1, ambiguity=5))
    lines = text.splitlines()
    assert (
        lines[2].startswith("1. **Talking to users often**") and "1 (strongly disagree)" in lines[2]
    )
    assert lines[5].startswith("2. **Deciding what not to build**") and "3 (not sure)" in lines[5]
    assert f"   * What it may mean: {get_fit_statement('saying_no').if_low}" in lines
    assert "Agreed (4-5): Working with ambiguity." in lines
    assert lines[-1].startswith("Not answered: Accountable without authority, ")
    agreed = fit_summary_markdown(dict.fromkeys(FIT_KEYS, 4))
    assert agreed.startswith("No answer of 3 or lower") and "Not answered" not in agreed
    for word in ("should", "score", "verdict"):  # a list of things to test, not a judgement
        assert word not in text.lower()


# ------------------------------------------------------------------ the recommended path
def test_path_follows_the_documented_rules_on_a_hand_worked_case() -> None:
    # gaps (target 4): data_sql 3, metrics_experiments 2, user_research 1, others 0.
    # priorities: 01 0.5 (ur), 02 0.5 (ur), 03 3 (data), 04 2 + 1.5 = 3.5, 05 2 + 1.5 = 3.5,
    # 06 0, 07 0, 08 1 (ur, its main competency), 09 0.5 x 3 + 0.5 x 2 = 2.5. 04 needs 03, and 05
    # and 09 need 04, so: 03, 04, 05, 09, then 08 (1), 01 and 02 (0.5, by number), then 06, and
    # 07 last.
    assessment = Assessment(ratings(4, data_sql=1, metrics_experiments=2, user_research=3), "it")
    path = recommend_path(assessment)
    assert path["module"].tolist() == ["03", "04", "05", "09", "08", "01", "02", "06", "07"]
    assert path["step"].tolist() == list(range(1, 10))
    assert dict(zip(path["module"], path["priority"], strict=True)) == {
        "01": 0.5,
        "02": 0.5,
        "03": 3.0,
        "04": 3.5,
        "05": 3.5,
        "06": 0.0,
        "07": 0.0,
        "08": 1.0,
        "09": 2.5,
    }
    assert dict(zip(path["module"], path["focus"], strict=True))["03"] == "focus"
    assert dict(zip(path["module"], path["focus"], strict=True))["01"] == "practise"
    assert dict(zip(path["module"], path["focus"], strict=True))["06"] == "review"
    row = path.set_index("module").loc["04"]
    assert row["addresses"] == "Metrics and experiments (gap 2), Data and SQL (gap 3)"
    assert row["note"] == get_module("04").notes["it"]
    assert path.set_index("module").loc["06", "addresses"] == "-"


def test_path_notes_follow_the_background() -> None:
    it = recommend_path(Assessment(ratings(3), "it")).set_index("module")["note"]
    ops = recommend_path(Assessment(ratings(3), "ops")).set_index("module")["note"]
    assert all(it[m] != ops[m] for m in it.index)
    assert "SQL is new" in ops["03"] and "write SQL already" in it["03"]


def test_a_communication_gap_puts_01_and_06_first() -> None:
    path = recommend_path(Assessment(ratings(4, communication=1, product_sense=2), "ops"))
    assert path["module"].tolist()[:2] == ["01", "06"]  # 06 needs 01, and both lead on priority


def test_path_respects_prerequisites_and_ends_with_07_for_any_ratings() -> None:
    rng = random.Random(3)
    for _ in range(300):
        assessment = Assessment(
            {k: rng.randint(1, 5) for k in COMPETENCY_KEYS},
            rng.choice(BACKGROUNDS),  # type: ignore[arg-type]
            target=rng.randint(3, 5),
        )
        order = recommend_path(assessment)["module"].tolist()
        assert sorted(order) == ["01", "02", "03", "04", "05", "06", "07", "08", "09"]
        assert order[-1] == "07"
        for position, number in enumerate(order):
            for needed in get_module(number).prerequisites:
                assert needed == "00" or order.index(needed) < position
        # greedy rule: at every step no module that was ready had a higher priority
        priority = dict(zip(order, recommend_path(assessment)["priority"], strict=True))
        for position, number in enumerate(order[:-1]):
            placed = {"00", *order[:position]}
            ready = [
                m
                for m in order[position:-1]
                if all(p in placed for p in get_module(m).prerequisites)
            ]
            assert priority[number] == max(priority[m] for m in ready)


START_HERE = ROOT / "notebooks" / "00_start_here.ipynb"


def start_here_cell(cell_id: str) -> str:
    """The source of one cell of lesson 00, by id, with line breaks as spaces."""
    cells = json.loads(START_HERE.read_text(encoding="utf-8"))["cells"]
    return " ".join("".join(next(c for c in cells if c["id"] == cell_id)["source"]).split())


def test_lesson_00_states_the_course_map_as_the_syllabus_has_it() -> None:
    # rule 3 of the path: every prerequisite beyond 00 is named, and nothing else
    rule = re.search(r"which every module needs: (.*?)\); ties", start_here_cell("cell-14"))
    assert rule, "lesson 00 no longer lists the modules' prerequisites in rule 3"
    stated: set[tuple[str, str]] = set()
    for clause in rule.group(1).split(", "):
        found = re.fullmatch(r"(.+?) needs? (.+)", clause)
        assert found, clause
        modules, needed = found.groups()
        stated |= {(m, n) for m in modules.split(" and ") for n in needed.split(" and ")}
    assert stated == {(m.number, p) for m in SYLLABUS for p in m.prerequisites if p != "00"}
    assert all(m.prerequisites for m in SYLLABUS[1:])  # "every module needs" this page
    # the module count and the time ranges of "How the kit works"
    assert start_here_cell("cell-02").startswith(
        f"## The course map Ten modules: this page (00), then 01 to {SYLLABUS[-1].number}."
    )
    assert len(SYLLABUS) == 10
    modules = SYLLABUS[1:]
    lessons = (
        f"{min(m.lesson_minutes for m in modules)} to {max(m.lesson_minutes for m in modules)}"
    )
    exercises = (
        f"{min(m.exercise_minutes for m in modules)} to {max(m.exercise_minutes for m in modules)}"
    )
    assert f"a lesson of {lessons} minutes and an exercise of {exercises} minutes" in (
        start_here_cell("cell-00")
    )


def test_lesson_00_calls_the_fit_statements_by_their_themes() -> None:
    themes = {s.theme for s in FIT_STATEMENTS}
    sam = start_here_cell("fit-example-reading")
    named = re.findall(r"\d\. \*\*(.+?)\*\*(?: and \*\*(.+?)\*\*)? \(", sam)
    assert named and {n for pair in named for n in pair if n} <= themes
    for old in ("Saying no", "Slow feedback", "Read the postings"):
        assert old not in sam
    questions = start_here_cell("what-a-pm-does")
    for theme in ("Deciding what not to build", "Measured on results months later"):
        assert f"**{theme}.**" in questions
    # no unsourced "most": the claim is "many", in the lesson and in the statement's note
    assert "Most requests" not in questions and "Many requests you receive" in questions
    saying_no = get_fit_statement("saying_no")
    assert saying_no.if_low.startswith("Many requests")
    assert "where it is yours to decline" in saying_no.try_this


def test_no_gap_means_review_everything_in_number_order() -> None:
    path = recommend_path(Assessment(ratings(5), "it"))
    assert path["module"].tolist() == ["01", "02", "03", "04", "05", "06", "08", "09", "07"]
    assert set(path["focus"]) == {"review"}


# ------------------------------------------------------------------ saving and progress
def test_save_and_load_round_trip_through_the_env_folder(user_data: Path) -> None:
    assert load_assessments() == []
    assert not user_data.exists()  # reading never creates
    first = Assessment(ratings(2), "ops", assessed_at=at(0), note="before module 01")
    later = Assessment(ratings(2, data_sql=4), "ops", assessed_at=at(30))
    assert save_assessment(later) == user_data / "self_assessment.json"
    save_assessment(first)
    loaded = load_assessments()
    assert loaded == [first, later]  # oldest first, whatever the order saved
    content = json.loads((user_data / "self_assessment.json").read_text(encoding="utf-8"))
    assert content["format"] == "pmkit self-assessment" and len(content["entries"]) == 2
    assert content["entries"][0]["assessed_at"] == "2025-03-31T09:00:00+00:00"
    assert not list(user_data.glob("*.tmp"))  # the temporary file was renamed


def test_explicit_path_wins_over_the_env_folder(tmp_path: Path, user_data: Path) -> None:
    mine = tmp_path / "elsewhere.json"
    save_assessment(Assessment(ratings(), "it", assessed_at=at(0)), path=mine)
    assert mine.is_file() and not user_data.exists()
    assert len(load_assessments(path=mine)) == 1 and load_assessments() == []


def test_a_broken_file_is_named(user_data: Path) -> None:
    user_data.mkdir()
    (user_data / "self_assessment.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a pmkit self-assessment file"):
        load_assessments()
    (user_data / "self_assessment.json").write_text(
        json.dumps({"format": "pmkit self-assessment", "entries": [{"ratings": {}}]}),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="entry 0 is not a valid assessment"):
        load_assessments()


def test_fit_answers_are_saved_and_loaded_with_the_ratings(user_data: Path) -> None:
    answers = fit(saying_no=2, the_work_itself=5)
    with_fit = Assessment(ratings(3), "it", assessed_at=at(0), fit=answers)
    without = Assessment(ratings(3), "it", assessed_at=at(7))
    save_assessment(with_fit)
    save_assessment(without)
    loaded = load_assessments()
    assert loaded == [with_fit, without]
    assert dict(loaded[0].fit) == answers and dict(loaded[1].fit) == {}
    content = json.loads((user_data / "self_assessment.json").read_text(encoding="utf-8"))
    assert content["version"] == 2
    assert content["entries"][0]["fit"] == answers and content["entries"][1]["fit"] == {}


OLD_FORMAT = """{
 "format": "pmkit self-assessment",
 "version": 1,
 "entries": [
  {
   "assessed_at": "2025-02-03T09:00:00+00:00",
   "background": "ops",
   "target": 4,
   "ratings": {"product_sense": 2, "prioritization": 3, "data_sql": 1,
               "metrics_experiments": 2, "communication": 3, "execution": 4,
               "technical_fluency": 2, "user_research": 2},
   "note": "before module 01"
  }
 ]
}
"""


def test_a_file_saved_before_fit_answers_loads_and_keeps_its_entries(user_data: Path) -> None:
    user_data.mkdir()
    file = user_data / "self_assessment.json"
    file.write_text(OLD_FORMAT, encoding="utf-8")
    (old,) = load_assessments()
    assert dict(old.fit) == {} and old.fit_summary() == ()
    assert (old.background, old.ratings["data_sql"], old.note) == ("ops", 1, "before module 01")
    assert old.assessed_at == datetime(2025, 2, 3, 9, 0, tzinfo=UTC)
    newer = Assessment(ratings(3), "ops", assessed_at=at(0), fit=fit(slow_feedback=2))
    save_assessment(newer)
    assert load_assessments() == [old, newer]
    content = json.loads(file.read_text(encoding="utf-8"))
    assert content["version"] == 2
    assert content["entries"][0] == json.loads(OLD_FORMAT)["entries"][0]  # kept as it was


def test_a_bad_fit_answer_in_the_file_names_the_entry_and_the_field(user_data: Path) -> None:
    user_data.mkdir()
    entry = json.loads(OLD_FORMAT)["entries"][0] | {"fit": {"saying_no": 7}}
    (user_data / "self_assessment.json").write_text(
        json.dumps({"format": "pmkit self-assessment", "version": 2, "entries": [entry]}),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="entry 0 is not a valid assessment: fit\\['saying_no'\\]"):
        load_assessments()


def test_progress_table_compares_first_and_latest() -> None:
    first = Assessment(ratings(2), "it", assessed_at=at(0))
    middle = Assessment(ratings(5), "it", assessed_at=at(10))
    latest = Assessment(ratings(2, data_sql=4, user_research=1), "it", assessed_at=at(40))
    table = progress_table([latest, first, middle]).set_index("competency")
    assert table.loc["data_sql", ["first", "latest", "change", "gap"]].tolist() == [2, 4, 2, 0]
    assert table.loc["user_research", "change"] == -1
    assert table.loc["execution", ["change", "gap"]].tolist() == [0, 2]
    with pytest.raises(ValueError, match="at least one"):
        progress_table([])
    with pytest.raises(ValueError, match="assessments\\[0\\] must be an Assessment"):
        progress_table(["x"])  # type: ignore[list-item]


def test_gap_chart_draws_ratings_gaps_and_the_first_assessment() -> None:
    latest = Assessment(ratings(3, data_sql=1), "ops", assessed_at=at(30))
    figure = plot_gaps(latest)
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    bars = axes.patches
    assert [round(b.get_width()) for b in bars[:8]] == [latest.ratings[k] for k in COMPETENCY_KEYS]
    assert [round(b.get_width()) for b in bars[8:16]] == [1, 1, 3, 1, 1, 1, 1, 1]  # the gaps
    assert not axes.collections
    compared = plot_gaps(latest, first=Assessment(ratings(1), "ops", assessed_at=at(0)))
    assert len(compared.axes[0].collections) == 1  # the first assessment's markers
    assert "first assessment (2025-03-01)" in [
        t.get_text() for t in compared.axes[0].get_legend().texts
    ]


# ------------------------------------------------------------------ the form
def test_form_sliders_show_anchors_and_produce_profile_and_path(user_data: Path) -> None:
    form = AssessmentForm(now=lambda: at(0))
    assert set(form.sliders) == set(COMPETENCY_KEYS)
    assert all(s.value == 3 for s in form.sliders.values())
    form.sliders["data_sql"].value = 1
    assert get_competency("data_sql").anchor(1) in form.anchors["data_sql"].value
    form.sliders["metrics_experiments"].value = 2
    form.background.value = "ops"
    form.show_button.click()
    assert form.last_assessment is not None
    assert form.last_assessment.ratings["data_sql"] == 1
    assert form.last_assessment.background == "ops"
    assert form.last_path is not None
    assert form.last_path["module"].tolist()[:3] == ["03", "04", "05"]
    assert form.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Your recommended path" in form.path_table.value
    assert get_module("03").notes["ops"] in form.path_table.value
    assert not user_data.exists()  # showing does not save


def test_form_saves_entries_and_compares_with_the_first(user_data: Path) -> None:
    clock = iter([at(0), at(21)])
    form = AssessmentForm(now=lambda: next(clock))
    form.sliders["user_research"].value = 1
    form.save_button.click()
    assert "1 assessment(s) so far" in form.status.value
    assert "first saved assessment" in form.progress.value
    form.sliders["user_research"].value = 3
    form.sliders["prioritization"].value = 5
    form.save_button.click()
    saved = load_assessments()
    assert [a.assessed_at for a in saved] == [at(0), at(21)]
    assert [a.ratings["user_research"] for a in saved] == [1, 3]
    assert "2 assessment(s) so far" in form.status.value and str(user_data) in form.status.value
    assert "Since your first assessment (2025-03-01)" in form.progress.value
    assert "<td>User research</td><td>1</td><td>3</td><td>2</td>" in form.progress.value


def test_form_without_saving_writes_nothing(user_data: Path) -> None:
    form = AssessmentForm(save=False, start=Assessment(ratings(2), "ops"))
    assert form.background.value == "ops" and form.sliders["execution"].value == 2
    form.save_button.click()
    assert "Not saved" in form.status.value
    assert not user_data.exists()
    with pytest.raises(ValueError, match="save must be True or False"):
        AssessmentForm(save="yes")  # type: ignore[arg-type]


def test_form_fit_part_is_optional_and_folded_until_answered(user_data: Path) -> None:
    form = AssessmentForm(save=False, now=lambda: at(0))
    assert list(form.fit_buttons) == list(FIT_KEYS)
    assert form.fit_part.selected_index is None  # folded: skipping needs no action
    assert all(b.value is None for b in form.fit_buttons.values())
    assert form.fit_buttons["saying_no"].options == tuple(
        (word, level) for level, word in AGREEMENT.items()
    )
    assert form.fit_answers() == {}
    form.show_button.click()
    assert form.last_assessment is not None and dict(form.last_assessment.fit) == {}
    assert form.fit_notes.value == ""


def test_form_returns_fit_answers_shows_findings_and_saves_them(user_data: Path) -> None:
    form = AssessmentForm(now=lambda: at(0))
    form.fit_buttons["ambiguity"].value = 3
    form.fit_buttons["talking_to_users"].value = 1
    form.fit_buttons["the_work_itself"].value = 5
    assert form.fit_answers() == {"ambiguity": 3, "talking_to_users": 1, "the_work_itself": 5}
    form.show_button.click()
    notes = form.fit_notes.value
    assert notes.index("Talking to users often") < notes.index("Working with ambiguity")
    assert "you answered 1, strongly disagree" in notes and "Drawn by the work" not in notes
    assert "Not answered: Deciding what not to build" in notes
    form.save_button.click()
    (saved,) = load_assessments()
    assert dict(saved.fit) == form.fit_answers()
    form.clear_fit_button.click()
    assert form.fit_answers() == {} and form.assessment().fit == {}
    again = AssessmentForm(save=False, start=saved)
    assert again.fit_answers() == dict(saved.fit) and again.fit_part.selected_index == 0


# ------------------------------------------------------------------ the course map
def _points(notebook: Path) -> tuple[int, int]:
    auto = manual = 0
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            if meta.get("solution"):
                manual += int(meta["points"])
            else:
                auto += int(meta["points"])
    return auto, manual


def test_syllabus_lists_modules_00_to_09_with_the_course_files() -> None:
    assert [m.number for m in SYLLABUS] == [f"{i:02d}" for i in range(10)]
    assert SYLLABUS[0].exercise is None and SYLLABUS[0].graded == "-"
    for module in SYLLABUS:
        assert module.lesson == f"notebooks/{Path(module.lesson).name}"
        assert Path(module.lesson).name.startswith(module.number)
        assert module.objectives and all(o[0].isupper() for o in module.objectives)
        assert module.hours > 0
        for needed in module.prerequisites:
            assert needed < module.number  # prerequisites come earlier: no cycles
        if module.exercise:
            assert module.exercise.startswith(module.number)
            assert module.auto_graded
    assert get_module("07").exercise == "07_choosing_your_route"
    with pytest.raises(ValueError, match="number must be one of"):
        get_module("10")


def test_every_exercise_in_solutions_is_on_the_map_and_points_match() -> None:
    on_map = {m.exercise: m for m in SYLLABUS if m.exercise}
    folders = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    assert folders and set(folders) <= set(on_map), set(folders) - set(on_map)
    checked = 0
    for name in folders:
        module = on_map[name]
        if module.auto_points is None:
            continue
        totals = [_points(nb) for nb in sorted((ROOT / "solutions" / name).glob("*.ipynb"))]
        auto, manual = sum(t[0] for t in totals), sum(t[1] for t in totals)
        assert (auto, manual) == (module.auto_points, module.manual_points or 0), name
        checked += 1
    assert checked >= 4  # 01, 02, 06, 07 are settled


def test_syllabus_frame_and_markdown() -> None:
    frame = syllabus_frame()
    assert frame["module"].tolist() == [m.number for m in SYLLABUS]
    assert frame.loc[7, "exercise"] == "exercises/07_choosing_your_route/"
    assert frame.loc[0, "prerequisites"] == "-"
    assert frame["hours"].sum() == pytest.approx(sum(m.hours for m in SYLLABUS))
    plain = syllabus_markdown().splitlines()
    assert len(plain) == 2 + len(SYLLABUS) and all(line.count("|") == 8 for line in plain)
    marked = syllabus_markdown(present={"00", "02"}).splitlines()
    assert marked[0].endswith("In the kit |")
    assert marked[2].endswith("| yes |") and marked[3].endswith("| coming |")
    with pytest.raises(ValueError, match="present must be a collection"):
        syllabus_markdown(present="02")

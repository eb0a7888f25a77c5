"""The similarity report: alike answers found through cosmetic changes, nothing else flagged.

Unit cases for the normalisation and the pair search, then a cohort of the real exercise 02
(prioritization): two learners share a Q1 answer under different names, comments and layout;
one writes their own; one hands in the blank student version; one copies a written memo with
new capitals and punctuation. Only the two shared answers are listed, and nothing is graded.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from nbfactory import ROOT

from pmkit.cli import main
from pmkit.grading import Course, similar_pairs, similarity_report
from pmkit.grading._course import grade_id
from pmkit.grading._similarity import code_tokens, text_tokens

ASSIGNMENT = "02_prioritization"
NOTEBOOK = "prioritization.ipynb"

SHARED = """features = backlog.set_index('feature_id')
reach = features['reach']
scores = reach * features['impact'] * features['confidence'] / features['effort']
rice_scores = scores.astype(float)
"""
DISGUISED = """# my own work!
f = backlog.set_index( 'feature_id' )

r = f['reach']   # users per quarter
s = r*f['impact']*f['confidence']/f['effort']
rice_scores = s.astype(float)
"""
OWN = """rice_scores = backlog.apply(
    lambda row: row.reach * row.impact * row.confidence / row.effort, axis=1
)
rice_scores.index = backlog.feature_id
"""
MEMO = (
    "Recommendation: ship F23 this quarter and delay F07 and F11, which together free about six "
    "person-months. The two enterprise deals are worth more than the value the frameworks see, "
    "and the risk is that the deals slip; we confirm their timing with sales before the "
    "planning review."
)
COPIED_MEMO = MEMO.upper().replace(",", " ;").replace(".", "!")


def test_code_is_compared_without_names_comments_or_layout() -> None:
    assert code_tokens(SHARED) == code_tokens(DISGUISED)
    assert code_tokens(SHARED) != code_tokens(OWN)
    assert code_tokens("x = (1,\n") == ["N", "=", "(", "1", ","]  # cut short: tokens so far


def test_text_is_compared_by_its_words() -> None:
    assert text_tokens(MEMO) == text_tokens(COPIED_MEMO)


def test_pairs_need_the_threshold_and_enough_tokens() -> None:
    extended = SHARED + "rice_scores = rice_scores.round(2)\n"
    answers = {
        "ana": SHARED,
        "ben": DISGUISED,
        "cy": OWN,
        "dee": "rice_scores = 1",
        "eli": extended,
    }
    strict = similar_pairs(answers, kind="code", threshold=0.9, min_tokens=5)
    assert strict == [("ana", "ben", 1.0, 34)]
    loose = similar_pairs(answers, kind="code", threshold=0.5, min_tokens=5)
    assert [(a, b) for a, b, _, _ in loose] == [("ana", "ben"), ("ana", "eli"), ("ben", "eli")]
    assert loose[1][2] == pytest.approx(0.85)
    # a short answer is never flagged, however alike: too short to tell copying from agreement
    short = {"ana": "rice_scores = 1", "ben": "rice_scores = 1"}
    assert similar_pairs(short, kind="code", threshold=0.5, min_tokens=5) == []


def _cohort(tmp_path: Path) -> Course:
    course = Course(tmp_path / "course")
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder / ASSIGNMENT, course.root / folder / ASSIGNMENT)
    shutil.copy(ROOT / "nbgrader_config.py", course.root)
    release = json.loads((course.exercises_dir / ASSIGNMENT / NOTEBOOK).read_text())
    answers: dict[str, dict[str, str]] = {
        "ana": {"q1_answer": SHARED, "q8_answer": MEMO},
        "ben": {"q1_answer": DISGUISED},
        "cy": {"q1_answer": OWN, "q8_answer": COPIED_MEMO},
        "dee": {},
        "eve": {"q1_answer": "<script>alert(1)</script>\n" + OWN + "\nx = 1"},
    }
    for student, cells in answers.items():
        notebook: Any = json.loads(json.dumps(release))
        for cell in notebook["cells"]:
            if grade_id(cell) in cells:
                cell["source"] = cells[grade_id(cell)]
        folder = course.root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(json.dumps(notebook))
    broken = course.root / "submitted" / "fay" / ASSIGNMENT
    broken.mkdir(parents=True)
    (broken / NOTEBOOK).write_text("{not json")
    return course


def test_the_report_lists_only_the_shared_answers(tmp_path: Path) -> None:
    course = _cohort(tmp_path)
    report = similarity_report(course, ASSIGNMENT, tmp_path / "out")
    found = {(r.question, r.student_a, r.student_b) for r in report.pairs.itertuples()}
    assert found == {("q1_answer", "ana", "ben"), ("q8_answer", "ana", "cy")}
    # blank answers (the starter text) are not answers; the broken file has none
    assert report.answers == 4 + 2
    q1 = report.pairs[report.pairs["question"] == "q1_answer"].iloc[0]
    assert q1["similarity"] == 1.0 and 0 < q1["a_like_model"] <= 1
    page = report.html.read_text()
    assert (
        "For a person to review, not a verdict" in page and "Nothing here changes a grade" in page
    )
    assert "# my own work!" in page  # both answers as handed in, side by side
    assert "<script>" not in page
    assert report.csv.read_text().splitlines()[0] == (
        "question,student_a,student_b,similarity,shared_shingles,a_like_model,b_like_model"
    )
    assert not (course.root / ".nbgrader" / "gradebook.db").exists()  # nothing graded


def test_the_command_prints_what_it_found_and_refuses_bad_options(tmp_path: Path) -> None:
    course = _cohort(tmp_path)
    out = tmp_path / "out"

    def run(*args: str) -> Any:
        return CliRunner().invoke(
            main, ["cohort", "similarity", *args, "--course", str(course.root)]
        )

    result = run(ASSIGNMENT, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "q1_answer: 1 pair(s) at or above 0.8" in result.output
    assert "6 answers compared, 2 pair(s) to review" in result.output
    assert (out / "similarity.html").is_file()
    assert "1 pair(s) to review" in run(ASSIGNMENT, "--out", str(out), "--min-tokens", "45").output
    bad = run(ASSIGNMENT, "--threshold", "1.5")
    assert bad.exit_code == 2 and "--threshold" in bad.output
    unknown = run("nope")
    assert unknown.exit_code == 2 and "no assignment 'nope'" in unknown.output
    with pytest.raises(ValueError, match="threshold should be in"):
        similarity_report(course, ASSIGNMENT, out, threshold=0)


def test_a_common_answer_is_summarised_not_shown_pair_by_pair(tmp_path: Path) -> None:
    """Twelve identical answers are 66 pairs: the page shows 50 side by side and says so."""
    course = _cohort(tmp_path)
    release = json.loads((course.exercises_dir / ASSIGNMENT / NOTEBOOK).read_text())
    for number in range(12):
        notebook: Any = json.loads(json.dumps(release))
        for cell in notebook["cells"]:
            if grade_id(cell) == "q2_answer":
                cell["source"] = (
                    "top_five = list(rice_scores.sort_values(ascending=False).index[:5])"
                )
        folder = course.root / "submitted" / f"s{number:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(json.dumps(notebook))
    report = similarity_report(course, ASSIGNMENT, tmp_path / "out")
    assert (report.pairs["question"] == "q2_answer").sum() == 66
    page = report.html.read_text()
    assert page.count("<h3>q2_answer:") == 50
    assert "q2_answer has 66" in page

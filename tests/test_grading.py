"""The exercise prover must catch broken exercises, not only pass good ones.

A factory builds tiny nbgrader assignments in a scratch course (its own nbgrader_config.py,
gradebook and folders under tmp_path): one sound, one with every fault the prover looks for.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbfactory import add_assignment, make_notebook

from pmkit.cli import main
from pmkit.grading import (
    Course,
    CourseError,
    ScratchCourse,
    check_conventions,
    compare_release,
    find_leaks,
    generate_exercises,
    prove_exercise,
)
from pmkit.grading._course import secret_lines


def test_course_find_walks_up_and_explains_failure(course: Course, tmp_path: Path) -> None:
    (course.root / "solutions" / "deep").mkdir()
    assert Course.find(course.root / "solutions" / "deep") == course
    with pytest.raises(CourseError, match="no pmkit course"):
        Course.find(tmp_path.parent)


def test_unknown_assignment_is_named(course: Course) -> None:
    add_assignment(course, "good", make_notebook())
    with pytest.raises(CourseError, match=r"no assignment 'nope'.*known: good"):
        course.source_notebooks("nope")


@pytest.mark.slow
def test_sound_exercise_is_proved_sound(course: Course) -> None:
    add_assignment(course, "good", make_notebook())
    generate_exercises(course)
    proof = prove_exercise(course, "good")
    assert proof.sound, proof.problems
    scores = {s.grade_id: (s.kind, s.score, s.max_score) for s in proof.solution_scores}
    assert scores["q1_tests"] == ("auto_test", 2.0, 2.0)
    assert scores["q2_answer"][0] == "manual"
    assert proof.variant_summary() == [("good", "q1_answer", 3, 3, 2, 2)]
    assert not (course.exercises_dir / "good" / "good.variants.toml").exists()  # never released


@pytest.mark.slow
def test_feedback_shows_results_but_never_hidden_tests(course: Course, tmp_path: Path) -> None:
    add_assignment(course, "good", make_notebook())
    scratch = ScratchCourse(course, "good", tmp_path / "scratch")
    released = scratch.generate()
    wrong = json.loads(released[0].read_text())
    wrong["cells"][1]["source"] = "answer = 41"
    (tmp_path / "wrong.ipynb").write_text(json.dumps(wrong))
    scratch.submit("student", [tmp_path / "wrong.ipynb"])
    (scratch.root / "submitted" / "student" / "good" / "wrong.ipynb").rename(
        scratch.root / "submitted" / "student" / "good" / "good.ipynb"
    )
    scores = scratch.autograde("student")
    assert {s.grade_id: s.score for s in scores}["q1_tests"] == 0
    html = scratch.feedback("student")[0].read_text()
    assert "answer is not the expected value (tolerance" in html  # the failure message is shown
    assert "Multiply six by seven" in html  # the visible part and its hint are shown
    for secret in ("BEGIN HIDDEN", "is_close(answer, 42", "most recent call last", "checks.py"):
        assert secret not in html, secret


@pytest.mark.slow
def test_broken_exercise_is_caught_on_every_count(course: Course) -> None:
    add_assignment(course, "bad", make_notebook(vacuous=True, rubric=False))
    generate_exercises(course)
    released = course.exercises_dir / "bad" / "bad.ipynb"
    leaked = json.loads(released.read_text())
    leaked["cells"][1]["source"] = "answer = 6 * 7  # the distinctive solution line\n"
    released.write_text(json.dumps(leaked))

    proof = prove_exercise(course, "bad")

    assert not proof.sound
    assert any("differs from what solutions/ generates" in s for s in proof.stale)
    assert any("the distinctive solution line" in s for s in proof.leaks)
    assert proof.blank_scores == ["bad q1_tests: 2 of 2"]
    assert proof.unguarded_tests == ["bad q1_tests passes with q1_answer left blank"]
    assert any("cell before has no rubric" in s for s in proof.conventions)
    # The vacuous test passes every known mistake.
    assert proof.variant_summary() == [("bad", "q1_answer", 0, 3, 2, 2)]
    assert "bad q1_answer: mistake 'off by one' passes every test of the question" in (
        proof.misjudged_variants
    )


@pytest.mark.slow
def test_misjudged_broken_and_missing_variants_are_caught(course: Course) -> None:
    variants = """
[[q1_answer.mistake]]
name = "right after all"
code = "answer = 40 + 2"

[[q1_answer.mistake]]
name = "a typo in the variant itself"
code = "answer = 6 * sevn"

[[q1_answer.alternative]]
name = "a float, which this question refuses"
code = "answer = 42.0"
"""
    add_assignment(course, "picky", make_notebook(), variants=variants)
    generate_exercises(course)

    proof = prove_exercise(course, "picky")

    assert proof.misjudged_variants == [
        "picky q1_answer: mistake 'right after all' passes every test of the question",
        "picky q1_answer: mistake 'a typo in the variant itself': its own code fails "
        "(NameError: name 'sevn' is not defined)",
        "picky q1_answer: alternative 'a float, which this question refuses' is rejected: "
        "q1_tests: answer should be an int, but it is a float.",
    ]
    assert proof.too_few_variants == [
        "picky q1_answer: 2 known mistake(s) and 1 valid alternative(s); at least 3 and 2 "
        "are required"
    ]
    assert proof.variant_summary() == [("picky", "q1_answer", 0, 2, 0, 1)]
    assert not proof.sound


@pytest.mark.slow
def test_a_test_needing_a_name_the_solution_does_not_give_as_data_is_caught(
    course: Course,
) -> None:
    notebook = make_notebook()
    notebook.cells[1].source = (
        "### BEGIN SOLUTION\nanswer = 6 * 7  # the distinctive solution line\n"
        "helper = object()\n### END SOLUTION"
    )
    notebook.cells[2].source = notebook.cells[2].source.replace(
        "### END HIDDEN TESTS", "assert anwser == 42 or helper\n### END HIDDEN TESTS"
    )
    add_assignment(course, "typo", notebook)
    generate_exercises(course)

    proof = prove_exercise(course, "typo")

    assert proof.unavailable_answers == [
        "typo q1_tests needs anwser, which is not defined",
        "typo q1_tests needs helper, which is an object (not data)",
    ]
    assert proof.solution_shortfalls == ["typo q1_tests: 0 of 2"]


def test_secret_lines_cover_solutions_hidden_tests_and_written_answers() -> None:
    notebook = make_notebook()
    secrets = [list(secret_lines(cell)) for cell in notebook.cells]
    assert secrets[1] == ["answer = 6 * 7  # the distinctive solution line"]
    assert secrets[2] == ['q1.is_close(answer, 42, "answer")']
    assert secrets[4] == ["Because six sevens are forty-two, as every hitchhiker knows."]
    assert secrets[0] == secrets[3] == []


def test_find_leaks_reports_markers_and_solution_lines_but_not_shared_text() -> None:
    source = json.loads(nbformat.writes(make_notebook()))
    release = json.loads(nbformat.writes(make_notebook()))
    release["cells"][1]["source"] = "# YOUR CODE HERE\nraise NotImplementedError()"
    release["cells"][2]["source"] = 'q1 = Question("Q1 the answer", hint="Multiply six by seven.")'
    release["cells"][4]["source"] = "YOUR ANSWER HERE"
    assert find_leaks(source, release, "nb") == []

    release["cells"][2]["source"] += '\n### BEGIN HIDDEN TESTS\nq1.is_close(answer, 42, "answer")'
    found = find_leaks(source, release, "nb")
    assert any("marker" in f and "BEGIN HIDDEN TESTS" in f for f in found)
    assert any("q1.is_close(answer, 42" in f for f in found)


def test_compare_release_names_missing_extra_and_changed_files(tmp_path: Path) -> None:
    fresh, kept = tmp_path / "fresh", tmp_path / "kept"
    fresh.mkdir()
    kept.mkdir()
    notebook = make_notebook()
    nbformat.write(notebook, fresh / "a.ipynb")
    nbformat.write(notebook, kept / "a.ipynb")
    assert compare_release(fresh, kept) == []
    nbformat.write(make_notebook(vacuous=True), kept / "a.ipynb")
    (kept / "old.ipynb").write_text("{}")
    nbformat.write(make_notebook(), fresh / "new.ipynb")
    found = compare_release(fresh, kept)
    assert any("a.ipynb differs" in f for f in found)
    assert any("old.ipynb is not generated" in f for f in found)
    assert any("new.ipynb is missing" in f for f in found)
    assert "does not exist" in compare_release(fresh, tmp_path / "absent")[0]


def test_conventions_require_hidden_visible_hint_and_rubric() -> None:
    notebook = json.loads(nbformat.writes(make_notebook(rubric=False)))
    notebook["cells"][2]["source"] = "assert answer == 42"
    found = check_conventions(notebook, "nb")
    assert "nb q1_tests: no hidden tests (### BEGIN HIDDEN TESTS)" in found
    assert "nb q1_tests: no Question(..., hint=...) in the visible tests" in found
    assert "nb q2_answer: manually graded, but the cell before has no rubric" in found
    notebook["cells"][2]["source"] = (
        'q1 = Question("Q1", hint="h")\n### BEGIN HIDDEN TESTS\nassert answer\n### END HIDDEN TESTS'
    )
    assert "nb q1_tests: no visible checks before the hidden tests" in check_conventions(
        notebook, "nb"
    )


def test_conventions_want_a_real_hint_and_checks_that_use_the_question() -> None:
    notebook = json.loads(nbformat.writes(make_notebook()))
    notebook["cells"][2]["source"] = (
        'q1 = Question("Q1", hint="")\nx = 1\n'
        "### BEGIN HIDDEN TESTS\nassert answer\n### END HIDDEN TESTS"
    )
    found = check_conventions(notebook, "nb")
    assert "nb q1_tests: no Question(..., hint=...) in the visible tests" in found
    assert "nb q1_tests: no visible checks before the hidden tests" in found


@pytest.mark.slow
def test_cli_lists_and_generates_with_meaningful_exit_codes(course: Course) -> None:
    add_assignment(course, "bad", make_notebook(vacuous=True))
    runner = CliRunner()
    listed = runner.invoke(main, ["exercises", "list", "--course", str(course.root)])
    assert listed.exit_code == 0, listed.output
    assert "bad" in listed.output and "missing" in listed.output

    generated = runner.invoke(main, ["exercises", "generate", "--course", str(course.root)])
    assert generated.exit_code == 0, generated.output
    released = course.exercises_dir / "bad" / "bad.ipynb"
    assert released.is_file()
    assert "### BEGIN SOLUTION" not in released.read_text(encoding="utf-8")
    listed_again = runner.invoke(main, ["exercises", "list", "--course", str(course.root)])
    assert "missing" not in listed_again.output, listed_again.output

    unknown = runner.invoke(main, ["exercises", "generate", "nope", "--course", str(course.root)])
    assert unknown.exit_code == 2
    assert "no assignment 'nope'" in unknown.output


@pytest.mark.slow
def test_cli_prove_fails_a_broken_exercise(course: Course) -> None:
    add_assignment(course, "bad", make_notebook(vacuous=True))
    generate_exercises(course)
    result = CliRunner().invoke(main, ["exercises", "prove", "--course", str(course.root)])
    assert result.exit_code == 1, result.output
    assert "blank version earns points: bad q1_tests" in result.output


def test_cli_outside_a_course_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["exercises", "list", "--course", str(tmp_path)])
    assert result.exit_code == 2
    assert "no pmkit course" in result.output

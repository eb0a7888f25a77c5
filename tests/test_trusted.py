"""The grading engine: learner cells in the learner's kernel, every test in the trusted checker.

Small notebooks built here exercise the engine directly (pmkit.grading.grade_notebook), without
nbgrader: which names a test reads from the learner, what happens to an answer that is not data,
a learner's function called with the test's inputs, tests that never reach the learner's kernel,
and every way a run can stop (a test that loops, a broken setup, a dead kernel, the time limit).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from nbfactory import cell_metadata
from nbformat.v4 import new_code_cell, new_notebook

from pmkit.grading import (
    Checker,
    Course,
    ExerciseModel,
    GradedNotebook,
    GradingError,
    NotebookStopped,
    grade_notebook,
    sandbox_problem,
)
from pmkit.grading._checker import CheckerTimeout
from pmkit.grading._model import names_of
from pmkit.grading._sandbox import SandboxPolicy, launch_command

pytestmark = pytest.mark.slow


def notebook(setup: str, *questions: tuple[str, str], extra: str = "") -> dict[str, Any]:
    """An instructor notebook: a setup cell, then (answer, test) pairs, then a learner cell."""
    cells = [new_code_cell(setup, metadata=cell_metadata("setup"))]
    for number, (answer, test) in enumerate(questions, start=1):
        answer_id, test_id = f"q{number}_answer", f"q{number}_tests"
        cells.append(new_code_cell(answer, metadata=cell_metadata(answer_id, solution=True)))
        cells.append(new_code_cell(test, metadata=cell_metadata(test_id, grade=True, points=1)))
    if extra:
        cells.append(new_code_cell(extra))
    return json.loads(json.dumps(new_notebook(cells=cells)))


def answered(source: dict[str, Any], *answers: str) -> dict[str, Any]:
    """The learner's copy of ``source`` with its answer cells replaced, in order."""
    copy = json.loads(json.dumps(source))
    cells = [c for c in copy["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    for cell, answer in zip(cells, answers, strict=True):
        cell["source"] = answer
    return copy


SETUP = "from pmkit import Question\nLIMIT = 10"
Q1 = (
    "answer = 42",
    'q1 = Question("Q1 The answer", hint="Six times seven.")\n'
    'q1.is_instance(answer, int, "answer")\n'
    "### BEGIN HIDDEN TESTS\n"
    'q1.is_close(answer, 42, "answer")  # the distinctive hidden line\n'
    "### END HIDDEN TESTS",
)


@pytest.fixture(scope="module")
def launch(tmp_path_factory: pytest.TempPathFactory) -> Any:
    assert sandbox_problem() is None, "these tests use the grading sandbox"
    folder = tmp_path_factory.mktemp("course")
    policy = SandboxPolicy.for_course(Course(folder)).install(folder / "policy")
    return functools.partial(launch_command, policy)


@pytest.fixture(scope="module")
def checker(launch: Any) -> Any:
    with Checker(functools.partial(launch, "checker")) as warm:
        yield warm


def grade(
    source: dict[str, Any],
    learner: dict[str, Any],
    tmp_path: Path,
    checker: Checker,
    launch: Any,
    **limits: float,
) -> GradedNotebook:
    return grade_notebook(
        learner,
        ExerciseModel.from_notebook(source),
        tmp_path,
        checker=checker,
        launch_kernel=functools.partial(launch, "kernel"),
        **limits,
    )


# ------------------------------------------------------------------------------ the model
def test_a_test_reads_the_names_no_trusted_cell_binds() -> None:
    source = notebook(
        "import pandas as pd\nfrom pmkit import Question\nFEATURES = ['F1']",
        ("scores = 1", 'q1 = Question("Q1")\nq1.is_true(len(scores) > 0, "x")\n_ok = pd'),
        (
            "top = [1]\ndef helper(x):\n    return x",
            "_seen = [t for t in top if t in FEATURES]\n"
            "check = lambda: helper(_seen)\n"
            "print(f'{total:.1f}')\n"
            "q1.is_true(scores == 1, 'y')",
        ),
    )
    model = ExerciseModel.from_notebook(source)
    # in the order the code first reads them (the first missing one is the NameError)
    assert [t.needs for t in model.tests] == [("scores",), ("top", "helper", "total", "scores")]
    assert {"pd", "Question", "FEATURES", "q1", "_ok", "_seen", "check"} <= model.trusted_names
    assert model.tests[0].label == "Q1" and model.tests[0].hint == ""


def test_an_author_can_declare_the_names_a_test_needs() -> None:
    source = notebook(SETUP, Q1)
    source["cells"][2]["metadata"]["pmkit"] = {"needs": ["answer", "extra"]}
    test = ExerciseModel.from_notebook(source).tests[0]
    assert test.needs == ("answer", "extra") and test.declared
    assert (test.label, test.hint) == ("Q1 The answer", "Six times seven.")
    assert "distinctive hidden line" in test.hidden and "distinctive" not in test.visible


def test_names_are_read_through_magics_and_nested_scopes() -> None:
    read, bound = names_of("%matplotlib inline\nclass A:\n    x = y\nz = [w for w in v]")
    assert {"y", "v"} <= read and {"A", "z"} <= bound and "w" not in read


# ----------------------------------------------------------------------------- the engine
def test_the_solution_passes_and_the_tests_never_reach_the_learners_kernel(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(SETUP, Q1)
    spy = (
        "import json\n"
        "def _spy(info):\n"
        "    with open('seen.txt', 'a') as handle:\n"
        "        handle.write(info.raw_cell + '\\n')\n"
        "get_ipython().events.register('pre_run_cell', _spy)\n"
        "answer = 42"
    )
    graded = grade(source, answered(source, spy), tmp_path, checker, launch)
    assert graded.verdicts["q1_tests"].passed
    seen = (tmp_path / "seen.txt").read_text()
    assert "publish_answers" in seen  # the kernel is only asked for its answers
    assert "distinctive hidden line" not in seen and "Question(" not in seen


def test_a_wrong_answer_fails_with_the_checks_message_label_and_hint(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(SETUP, Q1)
    graded = grade(source, answered(source, "answer = 41"), tmp_path, checker, launch)
    verdict = graded.verdicts["q1_tests"]
    assert not verdict.passed and verdict.ename == "CheckFailed"
    assert verdict.label == "Q1 The answer" and verdict.hint == "Six times seven."
    assert verdict.message.startswith("answer is not the expected value")
    error = graded.notebook["cells"][2]["outputs"][-1]
    assert error["output_type"] == "error" and "Hint: Six times seven." in error["evalue"]


def test_an_answer_that_is_not_data_fails_with_a_clear_message(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(SETUP, Q1)
    learner = answered(source, "from unittest.mock import MagicMock\nanswer = MagicMock()")
    verdict = grade(source, learner, tmp_path, checker, launch).verdicts["q1_tests"]
    assert verdict.message == (
        "answer is a MagicMock; an answer must be data: a number, text, a list, a dict or a "
        "DataFrame."
    )


def test_a_crash_in_a_hidden_test_names_the_answer_it_used_but_not_the_inputs(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    test = (
        'q1 = Question("Q1 Scores", hint="A dict of scores.")\n'
        "### BEGIN HIDDEN TESTS\n"
        "_expected = {'F29': 4321.5}\n"
        "total = sum(\n    scores[key] for key in _expected\n)\n"
        "### END HIDDEN TESTS"
    )
    source = notebook(SETUP, ("scores = {'F29': 4321.5}\nother = 1", test))
    learner = answered(source, "scores = {'F01': 1.0}\nother = 1")
    verdict = grade(source, learner, tmp_path, checker, launch).verdicts["q1_tests"]
    assert not verdict.passed and verdict.ename == "KeyError"
    assert verdict.message == (
        "the tests stopped with a KeyError while using your answer scores: check that it has "
        "the type and form the question asks for."
    )
    assert "F29" not in verdict.message and verdict.hint == "A dict of scores."


def test_a_learners_function_runs_in_the_learners_kernel_on_the_tests_inputs(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(
        SETUP,
        (
            "def double(x):\n    return 2 * x",
            'q1 = Question("Q1 Double", hint="Multiply by two.")\n'
            'q1.is_true(callable(double), "double should be a function.")\n'
            "### BEGIN HIDDEN TESTS\n"
            "for _x in (1, 2.5, -3):\n"
            '    q1.is_close(double(_x), 2 * _x, "double(x)")\n'
            "### END HIDDEN TESTS",
        ),
    )
    ok = grade(
        source, answered(source, "def double(x):\n    return 2 * x"), tmp_path, checker, launch
    )
    assert ok.verdicts["q1_tests"].passed
    in_kernel = "SEEN = []\ndef double(x):\n    SEEN.append(x)\n    return 2 * x if SEEN else 0"
    assert (
        grade(source, answered(source, in_kernel), tmp_path, checker, launch)
        .verdicts["q1_tests"]
        .passed
    )
    broken = grade(
        source, answered(source, "def double(x):\n    return 1 / 0"), tmp_path, checker, launch
    )
    assert broken.verdicts["q1_tests"].message == (
        "AnswerCallFailed: double(...) raised ZeroDivisionError: division by zero"
    )
    mock = "from unittest.mock import MagicMock\ndef double(x):\n    return MagicMock()"
    message = (
        grade(source, answered(source, mock), tmp_path, checker, launch)
        .verdicts["q1_tests"]
        .message
    )
    assert "the result of double(...) is a MagicMock; an answer must be data" in message


def test_a_test_that_runs_too_long_fails_alone(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(
        SETUP,
        ("answer = 42", 'q1 = Question("Q1 Slow")\nwhile answer:\n    pass'),
        Q1,
    )
    graded = grade(
        source, answered(source, "answer = 1", "answer = 42"), tmp_path, checker, launch, timeout=3
    )
    assert graded.verdicts["q1_tests"].ename == "TimeoutError"
    assert "ran longer than 3 seconds" in graded.verdicts["q1_tests"].message
    assert graded.verdicts["q2_tests"].passed  # a fresh checker, set up again, grades the rest


def test_a_setup_cell_that_fails_in_the_checker_is_a_grading_error(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(SETUP + "\nraise RuntimeError('the data is missing')", Q1)
    with pytest.raises(GradingError, match=r"setup cell 'setup' failed.*the data is missing"):
        grade(source, answered(source, "answer = 42"), tmp_path, checker, launch)


def test_a_dead_kernel_fails_the_later_tests_with_a_reason(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(SETUP, Q1, Q1)
    learner = answered(source, "answer = 42", "import os\nos._exit(3)")
    graded = grade(source, learner, tmp_path, checker, launch)
    assert graded.verdicts["q1_tests"].passed
    assert graded.verdicts["q2_tests"].message == (
        "your notebook's kernel had stopped, so its answers could not be read"
    )
    assert graded.kernel_stopped == "the kernel stopped (exit status 3)"


def test_a_notebook_over_its_time_limit_stops(
    tmp_path: Path, checker: Checker, launch: Any
) -> None:
    source = notebook(SETUP, Q1)
    learner = answered(source, "import time\ntime.sleep(30)")
    with pytest.raises(NotebookStopped, match="ran longer than its 4 s time limit"):
        grade(source, learner, tmp_path, checker, launch, wall_seconds=4)


def test_the_checker_stops_a_request_past_its_time_limit(checker: Checker) -> None:
    checker.reset()
    with pytest.raises(CheckerTimeout):
        checker.run("while True:\n    pass", name="loop", timeout=1)
    assert not checker.running
    checker.reset()  # starts a fresh one
    run = checker.run("print('hi')\n40 + 2", name="cell", timeout=30)
    assert run.outputs == [
        {"output_type": "stream", "name": "stdout", "text": "hi\n"},
        {"output_type": "execute_result", "data": {"text/plain": "42"}, "metadata": {}},
    ]

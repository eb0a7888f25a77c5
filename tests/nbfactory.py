"""A factory for tiny nbgrader assignments in scratch courses, shared by the grading tests.

`make_notebook` builds one autograded question (answer 42, two points) and one written answer
(one point); `add_assignment` puts it in a course's solutions/ folder; `solved_copy` turns a
student version into what a learner who solved it hands in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pmkit.grading import Course
from pmkit.grading._course import cell_kind, cell_source, grade_id

ROOT = Path(__file__).resolve().parents[1]


def cell_metadata(
    grade_id: str, *, grade: bool = False, solution: bool = False, points: int = 0
) -> Any:
    """nbgrader metadata for a cell: an autograded test (``grade``), an answer (``solution``),
    a manually graded answer (both), or a locked cell (neither)."""
    nbgrader: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        nbgrader["points"] = points
    return {"nbgrader": nbgrader}


def make_notebook(*, vacuous: bool = False, rubric: bool = True) -> Any:
    """An assignment with one autograded question and one written answer."""
    visible = 'q1.is_instance(answer, int, "answer")'
    hidden = 'q1.is_close(answer, 42, "answer")'
    if vacuous:
        visible, hidden = "assert True", "assert 1 + 1 == 2"
    cells = [
        new_code_cell("from pmkit import Question", metadata=cell_metadata("setup")),
        new_code_cell(
            "### BEGIN SOLUTION\nanswer = 6 * 7  # the distinctive solution line\n### END SOLUTION",
            metadata=cell_metadata("q1_answer", solution=True),
        ),
        new_code_cell(
            f'q1 = Question("Q1 the answer", hint="Multiply six by seven.")\n{visible}\n'
            f"### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS",
            metadata=cell_metadata("q1_tests", grade=True, points=2),
        ),
        new_markdown_cell(
            "**Rubric:** one point for a clear sentence." if rubric else "Explain your answer.",
            metadata=cell_metadata("q2_text"),
        ),
        new_markdown_cell(
            "Because six sevens are forty-two, as every hitchhiker knows.",
            metadata=cell_metadata("q2_answer", grade=True, solution=True, points=1),
        ),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


GOOD_VARIANTS = '''
[[q1_answer.mistake]]
name = "added instead of multiplied"
code = "answer = 6 + 7"

[[q1_answer.mistake]]
name = "the answer as text"
code = "answer = '42'"

[[q1_answer.mistake]]
name = "off by one"
append = "answer = answer - 1"

[[q1_answer.alternative]]
name = "the factors the other way round"
code = "answer = 7 * 6"

[[q1_answer.alternative]]
name = "written out"
code = """
answer = 0
for _ in range(6):
    answer += 7
"""
'''
"""Known mistakes and valid alternatives for make_notebook's question: a sound set."""


def add_assignment(
    course: Course, name: str, notebook: Any, variants: str | None = GOOD_VARIANTS
) -> None:
    """Put ``notebook`` in solutions/<name>/, with its variants file unless ``variants`` is None."""
    folder = course.solutions_dir / name
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{name}.ipynb")
    if variants is not None:
        (folder / f"{name}.variants.toml").write_text(variants)


def solved_copy(
    release: dict[str, Any], source: dict[str, Any], *, written: bool = False
) -> dict[str, Any]:
    """Return the student version ``release`` with the answers of the instructor's ``source``.

    Code answers come without nbgrader's markers. Written answers stay blank unless
    ``written`` (a learner writes their own words, and feedback withholds a page quoting a
    model answer); with it, they hold the model answer.
    """
    answers = {
        grade_id(cell): "".join(
            line
            for line in cell_source(cell).splitlines(keepends=True)
            if "### BEGIN" not in line and "### END" not in line
        )
        for cell in source["cells"]
        if cell_kind(cell) in ("solution", "manual") and (written or cell["cell_type"] == "code")
    }
    notebook: dict[str, Any] = json.loads(json.dumps(release))
    for cell in notebook["cells"]:
        if grade_id(cell) in answers:
            cell["source"] = answers[grade_id(cell)].rstrip("\n")
    return notebook

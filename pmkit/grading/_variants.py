"""Known mistakes and valid alternatives: the answers each question must reject and accept.

Beside each solution notebook ``solutions/<assignment>/<name>.ipynb`` an author keeps
``<name>.variants.toml`` (never released: nbgrader_config.py ignores it). It lists, per
auto-graded question (the grade id of the question's solution cell), answer code that must
FAIL the question's tests and answer code that must PASS them::

    [[q1_answer.mistake]]
    name = "Student's pooled t instead of Welch"
    code = '''
    sla_diff = ...
    '''

    [[q1_answer.alternative]]
    name = "rounded to the stated 3 decimals"
    append = '''
    sla_diff = round(sla_diff, 3)
    '''

``code`` replaces the solution region (what a learner writes); ``append`` keeps the solution and
adds lines after it (a rounded or retyped answer). The prover (:mod:`pmkit.grading._prove`)
grades each variant with the trusted engine and fails when a mistake passes or an alternative
fails. Each question needs at least :data:`MIN_MISTAKES` mistakes and :data:`MIN_ALTERNATIVES`
alternatives.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pmkit.grading._course import cell_source, grade_id, question_cells

MIN_MISTAKES = 3
MIN_ALTERNATIVES = 2
VARIANTS_SUFFIX = ".variants.toml"

VariantKind = Literal["mistake", "alternative"]
_KINDS: tuple[VariantKind, ...] = ("mistake", "alternative")
_SOLUTION_BEGIN = "### BEGIN SOLUTION"
_SOLUTION_END = "### END SOLUTION"


class VariantError(ValueError):
    """A variants file is malformed; the message names the file, the field and the value."""


@dataclass(frozen=True)
class AnswerVariant:
    """One known mistake or valid alternative for one question."""

    question: str
    """The grade id of the question's solution cell."""
    kind: VariantKind
    name: str
    code: str
    """The answer code: it replaces the solution region, or follows it when ``append``."""
    append: bool = False


def variants_file(notebook: Path) -> Path:
    """Return where the variants of a solution notebook live (``x.ipynb`` → ``x.variants.toml``)."""
    return notebook.with_name(notebook.stem + VARIANTS_SUFFIX)


def questions(source: dict[str, Any]) -> dict[str, list[str]]:
    """Return each auto-graded question's solution-cell grade id with its test cells' grade ids."""
    cells = source["cells"]
    return {
        grade_id(cells[s]): [grade_id(cells[t]) for t in tests]
        for s, tests in question_cells(source)
    }


def load_variants(path: Path, source: dict[str, Any]) -> list[AnswerVariant]:
    """Read and check a variants file against its solution notebook.

    A missing file means no variants. Raises :class:`VariantError` for a question id that is
    not an auto-graded question of the notebook, an unknown kind or field, a variant without a
    name, or one with both or neither of ``code`` and ``append``.
    """
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise VariantError(f"{path}: not valid TOML ({err})") from None
    known = questions(source)
    variants: list[AnswerVariant] = []
    for question, kinds in data.items():
        if question not in known:
            raise VariantError(
                f"{path}: [{question}] is not an auto-graded question of {path.stem}; its "
                f"questions are {', '.join(known) or 'none'}"
            )
        if not isinstance(kinds, dict):
            raise VariantError(f"{path}: {question} should be a table, not {kinds!r}")
        for kind, entries in kinds.items():
            if kind not in _KINDS:
                raise VariantError(
                    f"{path}: [[{question}.{kind}]]: the kind must be 'mistake' or 'alternative'"
                )
            if not isinstance(entries, list):
                raise VariantError(f"{path}: {question}.{kind} should be [[{question}.{kind}]]")
            for position, entry in enumerate(entries, 1):
                where = f"{path}: {question}.{kind} number {position}"
                variants.append(_variant(entry, question, kind, where))
    return variants


def _variant(entry: object, question: str, kind: VariantKind, where: str) -> AnswerVariant:
    if not isinstance(entry, dict):
        raise VariantError(f"{where} should be a table, not {entry!r}")
    unknown = sorted(set(entry) - {"name", "code", "append"})
    if unknown:
        raise VariantError(f"{where}: unknown field(s) {unknown}; use name, and code or append")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise VariantError(f"{where}: name should be a non-empty string, not {name!r}")
    has_code, has_append = "code" in entry, "append" in entry
    if has_code == has_append:
        raise VariantError(f"{where} ({name!r}): give exactly one of code and append")
    code = entry["code" if has_code else "append"]
    if not isinstance(code, str) or not code.strip():
        field = "code" if has_code else "append"
        raise VariantError(f"{where} ({name!r}): {field} should be Python code, not {code!r}")
    return AnswerVariant(question, kind, name.strip(), code.strip("\n"), append=has_append)


def variant_notebook(source: dict[str, Any], variant: AnswerVariant) -> dict[str, Any]:
    """Return the solution notebook with ``variant`` as its question's answer.

    The notebook ends after the question's last test cell: later cells cannot change this
    question's verdict, and not running them keeps a proof fast.
    """
    found = [
        (index, tests)
        for index, tests in question_cells(source)
        if grade_id(source["cells"][index]) == variant.question
    ]
    if not found:
        raise VariantError(f"{variant.question} is not an auto-graded question here")
    solution_index, tests = found[0]
    notebook = copy.deepcopy(source)
    notebook["cells"] = notebook["cells"][: tests[-1] + 1]
    cell = notebook["cells"][solution_index]
    cell["source"] = _with_answer(cell_source(cell), variant)
    return notebook


def _with_answer(text: str, variant: AnswerVariant) -> str:
    """Put the variant's code in the solution region of a solution cell's text."""
    lines = text.splitlines()
    begin = next((i for i, line in enumerate(lines) if _SOLUTION_BEGIN in line), None)
    end = next((i for i, line in enumerate(lines) if _SOLUTION_END in line), None)
    if begin is None or end is None or end < begin:
        raise VariantError(f"{variant.question}: the solution cell has no ### BEGIN/END SOLUTION")
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    solution = lines[begin + 1 : end]
    added = [indent + line if line else line for line in variant.code.splitlines()]
    body = solution + added if variant.append else added
    return "\n".join(lines[:begin] + body + lines[end + 1 :])

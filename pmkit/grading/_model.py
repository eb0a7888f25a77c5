"""One model of an exercise notebook's trusted cells, shared by every part of grading.

The prover, the self-check, feedback and the trusted checker all need the same facts about a
test cell: its visible and hidden code, its question's label and hint, its points and which of
the learner's names it reads. They get them here, from the instructor's notebook, parsed once:

- :class:`TestCell`: one autograded test cell;
- :class:`SetupCell`: a locked code cell that is not a test (loading data, imports, helpers);
- :class:`ExerciseModel`: a notebook's setup and test cells, and its answer cells' ids.

**Which names a test needs.** A test cell reads names from three places: names the trusted
cells bind (``pd``, ``backlog``, ``Question``, ``q1``), Python's builtins, and the learner's
answers. The answers are the rest: every name the cell reads (at any depth: in a comprehension,
a lambda, an f-string) that no setup or test cell of the notebook binds and that is not a
builtin. The checker receives exactly those from the learner's kernel, as data; a name the
trusted cells bind always comes from the checker's own run of those cells, so an answer cell
that rebinds ``pd``, ``load_backlog`` or ``Question`` changes nothing. An author can declare the
names instead, in the test cell's metadata (``"pmkit": {"needs": ["rice_scores"]}``); the
prover checks that the solution defines every needed name as data or a function.
"""

from __future__ import annotations

import ast
import builtins
import symtable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pmkit.grading._course import BEGIN_MARKERS, END_MARKERS, cell_kind, cell_source, grade_id

AMBIENT_NAMES = frozenset(dir(builtins)) | {"get_ipython", "display", "In", "Out", "__name__"}
"""Names a cell can read without any cell defining them (builtins and IPython's own)."""


class ModelError(ValueError):
    """A trusted cell cannot be modelled (its code does not parse); the message says which."""


def split_hidden(source: str) -> tuple[str, str]:
    r"""Split a test cell's source into (visible code, hidden code), markers removed.

    >>> split_hidden("a = 1\n### BEGIN HIDDEN TESTS\nb = 2\n### END HIDDEN TESTS\nc = 3")
    ('a = 1\nc = 3', 'b = 2')
    """
    visible: list[str] = []
    hidden: list[str] = []
    inside = False
    for line in source.splitlines():
        if BEGIN_MARKERS[1] in line:
            inside = True
        elif END_MARKERS[1] in line:
            inside = False
        else:
            (hidden if inside else visible).append(line)
    return "\n".join(visible), "\n".join(hidden)


@cache
def python_source(code: str) -> str:
    """Return a cell's code as plain Python: IPython's magics become calls, as in a kernel."""
    from IPython.core.inputtransformer2 import TransformerManager

    return str(TransformerManager().transform_cell(code))  # type: ignore[no-untyped-call]


def names_of(code: str, where: str = "cell") -> tuple[frozenset[str], frozenset[str]]:
    """Return (names the code reads from the global scope, names it binds there).

    Reads are counted at any depth: a name read inside a function, lambda or comprehension
    that none of them binds is read from the cell's global scope.
    """
    try:
        table = symtable.symtable(python_source(code), f"<{where}>", "exec")
    except SyntaxError as err:
        raise ModelError(f"{where} does not parse ({err.msg}, line {err.lineno})") from None
    read: set[str] = set()
    bound: set[str] = set()
    for symbol in table.get_symbols():
        name = symbol.get_name()
        if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace():
            bound.add(name)
        if symbol.is_referenced():
            read.add(name)
    pending = list(table.get_children())
    while pending:
        scope = pending.pop()
        pending += scope.get_children()
        for symbol in scope.get_symbols():
            name = symbol.get_name()
            global_here = symbol.is_global() or (
                scope.get_type() == "class" and not symbol.is_local() and not symbol.is_free()
            )
            if global_here and symbol.is_referenced():
                read.add(name)
            if symbol.is_declared_global() and symbol.is_assigned():
                bound.add(name)
    return frozenset(read), frozenset(bound)


@dataclass(frozen=True)
class TestCell:
    """One autograded test cell of an instructor notebook."""

    __test__ = False  # not a pytest test class, whatever its name

    grade_id: str
    code: str
    """The whole cell (visible and hidden tests, markers included) as the checker runs it."""
    points: float
    label: str
    """The question's label, from ``Question("Q1 ...", ...)``; the grade id if there is none."""
    hint: str
    """The hint of the visible ``Question(..., hint=...)``; empty if there is none."""
    needs: tuple[str, ...]
    """The learner's names the cell reads, in the order the code first reads them: what
    crosses to the checker as data."""
    declared: bool = False
    """True when ``needs`` comes from the cell's metadata rather than from its code."""

    @property
    def visible(self) -> str:
        """The visible tests: what the learner's copy of the cell shows."""
        return split_hidden(self.code)[0]

    @property
    def hidden(self) -> str:
        """The hidden tests: what only the checker runs."""
        return split_hidden(self.code)[1]


@dataclass(frozen=True)
class SetupCell:
    """A locked code cell that is not a test: it runs in the learner's kernel and the checker."""

    grade_id: str
    code: str


@dataclass(frozen=True)
class ExerciseModel:
    """The trusted structure of one instructor notebook, in notebook order."""

    setup: tuple[SetupCell, ...]
    tests: tuple[TestCell, ...]
    answers: tuple[str, ...] = field(default=())
    """Grade ids of the answer cells (code cells the learner writes)."""
    trusted_names: frozenset[str] = field(default=frozenset())
    """Every name a setup or test cell binds."""

    @classmethod
    def from_notebook(cls, notebook: dict[str, Any]) -> ExerciseModel:
        """Model an instructor notebook (raw JSON); raise :class:`ModelError` if a cell is bad."""
        setup: list[SetupCell] = []
        raw_tests: list[tuple[dict[str, Any], str]] = []
        answers: list[str] = []
        bound: set[str] = set()
        for cell in notebook["cells"]:
            if cell.get("cell_type") != "code":
                continue
            kind, gid, code = cell_kind(cell), grade_id(cell), cell_source(cell)
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if kind == "auto_test":
                raw_tests.append((cell, code))
                bound |= names_of(code, gid)[1]
            elif kind == "other" and gid and meta.get("locked"):
                setup.append(SetupCell(gid, code))
                bound |= names_of(code, gid)[1]
            elif kind in ("solution", "manual") and gid:
                answers.append(gid)
        trusted = frozenset(bound)
        tests = tuple(_test_cell(cell, code, trusted) for cell, code in raw_tests)
        return cls(tuple(setup), tests, tuple(answers), trusted)

    def test(self, gid: str) -> TestCell | None:
        """Return the test cell with this grade id, if there is one."""
        return next((t for t in self.tests if t.grade_id == gid), None)

    @property
    def trusted_ids(self) -> frozenset[str]:
        """Grade ids of every trusted (setup or test) cell."""
        return frozenset(c.grade_id for c in self.setup) | {t.grade_id for t in self.tests}


def _test_cell(cell: dict[str, Any], code: str, trusted: frozenset[str]) -> TestCell:
    gid = grade_id(cell)
    points = float(cell.get("metadata", {}).get("nbgrader", {}).get("points", 0) or 0)
    declared = cell.get("metadata", {}).get("pmkit", {}).get("needs")
    if declared is not None:
        if not isinstance(declared, list) or not all(isinstance(n, str) for n in declared):
            raise ModelError(f"{gid}: metadata pmkit.needs should be a list of names")
        needs = tuple(sorted(set(declared)))
    else:
        read, _ = names_of(code, gid)
        needed = read - trusted - AMBIENT_NAMES
        needs = tuple(n for n in _reading_order(code) if n in needed)
        needs += tuple(sorted(needed - set(needs)))
    label, hint = _question(split_hidden(code)[0], gid)
    return TestCell(gid, code, points, label, hint, needs, declared is not None)


def _reading_order(code: str) -> list[str]:
    """Names the code reads, each once, in the order they first appear in the source."""
    tree = ast.parse(python_source(code))
    loads = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    loads.sort(key=lambda n: (n.lineno, n.col_offset))
    return list(dict.fromkeys(n.id for n in loads))


def _question(visible: str, fallback: str) -> tuple[str, str]:
    """Return the label and hint of the first ``Question(...)`` in a test cell's visible code."""
    try:
        tree = ast.parse(python_source(visible))
    except SyntaxError:
        return fallback, ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Question":
            label = fallback
            if node.args and isinstance(node.args[0], ast.Constant):
                label = str(node.args[0].value)
            hint = ""
            for keyword in node.keywords:
                if keyword.arg == "hint":
                    try:
                        hint = str(ast.literal_eval(keyword.value))
                    except ValueError:
                        hint = ""
            return label, hint
    return fallback, ""

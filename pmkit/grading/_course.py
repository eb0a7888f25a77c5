"""The course on disk: where solutions and exercises live, and nbgrader's view of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CONFIG_FILE = "nbgrader_config.py"
BEGIN_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")
END_MARKERS = ("### END SOLUTION", "### END HIDDEN TESTS")

CellKind = Literal["solution", "auto_test", "manual", "other"]


class CourseError(RuntimeError):
    """The course layout or an nbgrader step is broken; the message says what and where."""


@dataclass(frozen=True)
class Course:
    """A pmkit course folder: ``nbgrader_config.py``, ``solutions/`` and ``exercises/``."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Course:
        """Return the course containing ``start`` (default: the working directory)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILE).is_file() and (folder / "solutions").is_dir():
                return cls(folder)
        raise CourseError(
            f"no pmkit course (a folder with {CONFIG_FILE} and solutions/) contains {here}"
        )

    @property
    def solutions_dir(self) -> Path:
        """Nbgrader's source directory: the instructor versions."""
        return self.root / "solutions"

    @property
    def exercises_dir(self) -> Path:
        """Nbgrader's release directory: the generated student versions."""
        return self.root / "exercises"

    def assignments(self) -> list[str]:
        """Return the assignment names: folders of ``solutions/`` holding notebooks, sorted."""
        return sorted(
            p.name
            for p in self.solutions_dir.iterdir()
            if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.ipynb"))
        )

    def check_assignment(self, assignment: str) -> str:
        """Return ``assignment`` if it exists; otherwise raise naming the ones that do."""
        known = self.assignments()
        if assignment not in known:
            raise CourseError(
                f"no assignment {assignment!r} in {self.solutions_dir}; known: {', '.join(known)}"
            )
        return assignment

    def source_notebooks(self, assignment: str) -> list[Path]:
        """Return the instructor notebooks of an assignment, sorted by name."""
        return sorted((self.solutions_dir / self.check_assignment(assignment)).glob("*.ipynb"))

    def nbgrader_config(self, root: Path | None = None) -> Config:
        """Load ``nbgrader_config.py``; with ``root``, point the whole course at another folder.

        A different root gives a scratch course whose gradebook, exchange and grading folders
        are inside ``root``, so proving or previewing an exercise never touches the real ones.
        """
        config = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        if root is not None:
            config.CourseDirectory.root = str(root)
            config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
            config.Exchange.root = str(root / "exchange")
        return config


def read_notebook(path: Path) -> dict[str, Any]:
    """Read a notebook as plain JSON (no nbformat upgrade, so comparisons are byte-faithful)."""
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def cell_source(cell: dict[str, Any]) -> str:
    """Return a cell's source as one string, whichever way the JSON stores it."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def cell_kind(cell: dict[str, Any]) -> CellKind:
    """Classify a cell by its nbgrader metadata.

    ``solution``: the learner's code goes here; ``auto_test``: an autograded test cell;
    ``manual``: a manually graded answer (written or code); ``other``: everything else.
    """
    meta = cell.get("metadata", {}).get("nbgrader", {})
    grade, solution = bool(meta.get("grade")), bool(meta.get("solution"))
    if grade and solution:
        return "manual"
    if grade and cell.get("cell_type") == "code":
        return "auto_test"
    if solution:
        return "solution"
    return "other"


def grade_id(cell: dict[str, Any]) -> str:
    """Return the cell's nbgrader id, or an empty string."""
    return str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))


def secret_lines(cell: dict[str, Any]) -> Iterator[str]:
    """Yield the lines of a cell that must never reach a student.

    That is everything between ``### BEGIN SOLUTION`` / ``### END SOLUTION`` and
    ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``, and the whole text of a written
    (markdown) answer without markers, which nbgrader replaces entirely.
    """
    source = cell_source(cell)
    kind = cell_kind(cell)
    if (
        cell.get("cell_type") == "markdown"
        and kind in ("manual", "solution")
        and not any(m in source for m in BEGIN_MARKERS)
    ):
        yield from source.splitlines()
        return
    inside = False
    for line in source.splitlines():
        if any(m in line for m in BEGIN_MARKERS):
            inside = True
        elif any(m in line for m in END_MARKERS):
            inside = False
        elif inside:
            yield line


def question_cells(source: dict[str, Any]) -> list[tuple[int, list[int]]]:
    """Pair each solution code cell with the autograded test cells after it (until the next)."""
    pairs: list[tuple[int, list[int]]] = []
    for index, cell in enumerate(source["cells"]):
        kind = cell_kind(cell)
        if kind == "solution" and cell.get("cell_type") == "code":
            pairs.append((index, []))
        elif kind == "auto_test" and pairs:
            pairs[-1][1].append(index)
    return [(s, tests) for s, tests in pairs if tests]

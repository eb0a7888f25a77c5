"""Thin, typed wrappers over nbgrader's API: generate student versions, autograde, read scores."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmkit.grading._course import Course, CourseError, cell_kind, grade_id, read_notebook


def _ensure_tools_on_path() -> None:
    """Put this interpreter's bin/ first on PATH.

    nbgrader runs ``alembic`` by name when it creates a gradebook, so without the virtual
    environment's bin/ on PATH (``.venv/bin/pmkit`` run without activating) it fails with a
    FileNotFoundError deep inside the gradebook code.
    """
    bin_dir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bin_dir:
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])


def _api(config: Any) -> Any:
    from nbgrader.apps import NbGraderAPI

    _ensure_tools_on_path()
    api = NbGraderAPI(config=config)
    api.log.setLevel(logging.WARNING)
    return api


@contextlib.contextmanager
def _without_gradebook_warnings() -> Iterator[None]:
    """Silence nbgrader's SQLAlchemy 2 warnings inside the block.

    nbgrader 0.9's gradebook triggers SAWarnings ("Object of type <SubmittedAssignment> not in
    session") on every autograde and score read; they are harmless (the scores are written and
    read back correctly, which the exercise proofs check) and would bury real messages.
    """
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


@contextlib.contextmanager
def open_gradebook(db_url: str) -> Iterator[Any]:
    """Open nbgrader's gradebook at ``db_url`` (created if new), without its SAWarnings.

    Creating a gradebook runs ``alembic`` by name, so this interpreter's bin/ goes on PATH first.
    """
    from nbgrader.api import Gradebook

    _ensure_tools_on_path()
    with _without_gradebook_warnings(), Gradebook(db_url) as gradebook:
        yield gradebook


def shown_url(db_url: str) -> str:
    """Return a gradebook URL fit to print: its password, if any, replaced by ``***``.

    >>> shown_url("postgresql+psycopg://gradebook:s3cret@127.0.0.1:5432/gradebook")
    'postgresql+psycopg://gradebook:***@127.0.0.1:5432/gradebook'
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return str(make_url(db_url).render_as_string(hide_password=True))
    except ArgumentError:  # not a URL SQLAlchemy reads: nothing to hide, nothing to connect to
        return db_url


def _quietly(call: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Call an nbgrader API method inside :func:`_without_gradebook_warnings`."""
    with _without_gradebook_warnings():
        result: dict[str, Any] = call(*args, **kwargs)
    return result


def _run(result: dict[str, Any], what: str) -> None:
    if not result.get("success"):
        # nbgrader puts the cause in the log and only a generic exception in "error".
        detail = "\n".join(p for p in (result.get("log"), result.get("error")) if p)
        raise CourseError(f"nbgrader failed to {what}:\n{detail or 'no detail given'}")


def generate_exercises(course: Course, assignments: list[str] | None = None) -> list[Path]:
    """Regenerate ``exercises/<assignment>/`` from ``solutions/<assignment>/`` with nbgrader.

    Runs nbgrader's ``generate_assignment`` (solutions and hidden tests removed, cells locked,
    checksums recorded, outputs cleared) for each assignment, default all, and registers the
    assignment in the course gradebook. Returns the generated notebooks.
    """
    names = assignments or course.assignments()
    api = _api(course.nbgrader_config())
    written: list[Path] = []
    for name in names:
        course.check_assignment(name)
        _run(_quietly(api.generate_assignment, name, force=True, create=True), f"generate {name}")
        written += sorted((course.exercises_dir / name).glob("*.ipynb"))
    return written


@dataclass(frozen=True)
class CellScore:
    """The score nbgrader gave one graded cell of a submission."""

    notebook: str
    grade_id: str
    kind: str
    """``auto_test`` or ``manual``, from the source notebook's metadata."""
    score: float
    max_score: float


class ScratchCourse:
    """A throwaway copy of one assignment's course, for generating and grading in isolation.

    Everything (release, submissions, gradebook) lives under ``workdir``; the real
    ``exercises/`` and gradebook are never touched. ``sandbox`` and ``policy_file`` configure
    autograding's trusted engine (:class:`~pmkit.grading._preprocessor.TrustedExecute`).
    ``template`` copies another scratch course of the same assignment, already generated,
    instead of starting from ``solutions/`` (a worker's copy costs milliseconds; a generation,
    seconds).
    """

    def __init__(
        self,
        course: Course,
        assignment: str,
        workdir: Path,
        *,
        sandbox: bool = True,
        policy_file: Path | None = None,
        template: Path | None = None,
    ) -> None:
        self.course = course
        self.assignment = course.check_assignment(assignment)
        self.root = workdir
        if template is not None:
            # A copy of a scratch course already generated (release and gradebook included).
            shutil.copytree(template, workdir)
        else:
            shutil.copytree(
                course.solutions_dir / assignment,
                workdir / "solutions" / assignment,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
        config = course.nbgrader_config(root=workdir)
        # Autograding's trusted engine (TrustedExecute): sandboxed unless told otherwise, under
        # a policy written by the caller (a grading worker hides every worker's scratch course).
        config.TrustedExecute.sandbox = sandbox
        if policy_file is not None:
            config.TrustedExecute.policy_file = str(policy_file)
        self._api = _api(config)

    @property
    def db_url(self) -> str:
        """The scratch gradebook's SQLAlchemy URL."""
        return str(self._api.coursedir.db_url)

    @property
    def release_dir(self) -> Path:
        """Where the scratch student versions are generated."""
        return self.root / "exercises" / self.assignment

    def generate(self) -> list[Path]:
        """Generate the student versions; return them sorted."""
        _run(
            _quietly(self._api.generate_assignment, self.assignment, force=True, create=True),
            "generate",
        )
        return sorted(self.release_dir.glob("*.ipynb"))

    def submit(self, student: str, notebooks: list[Path]) -> None:
        """Place ``notebooks`` as ``student``'s submission of the assignment."""
        target = self.root / "submitted" / student / self.assignment
        target.mkdir(parents=True, exist_ok=True)
        for notebook in notebooks:
            shutil.copy2(notebook, target / notebook.name)

    def autograde(self, student: str) -> list[CellScore]:
        """Autograde ``student``'s submission with nbgrader and return every graded cell's score."""
        _run(
            _quietly(self._api.autograde, self.assignment, student, force=True, create=True),
            f"autograde {student}",
        )
        return self.scores(student)

    def feedback(self, student: str) -> list[Path]:
        """Generate ``student``'s feedback HTML with nbgrader; return the files."""
        result = _quietly(self._api.generate_feedback, self.assignment, student, force=True)
        _run(result, f"generate feedback for {student}")
        return sorted((self.root / "feedback" / student / self.assignment).glob("*.html"))

    def autograded_notebook(self, student: str, notebook: str) -> Path:
        """Return the path of an autograded notebook (with the outputs nbgrader recorded)."""
        return self.root / "autograded" / student / self.assignment / f"{notebook}.ipynb"

    def scores(self, student: str) -> list[CellScore]:
        """Read ``student``'s per-cell scores from the scratch gradebook."""
        kinds = {
            (path.stem, grade_id(cell)): cell_kind(cell)
            for path in self.course.source_notebooks(self.assignment)
            for cell in read_notebook(path)["cells"]
        }
        result = []
        with open_gradebook(self.db_url) as gradebook:
            submission = gradebook.find_submission(self.assignment, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    result.append(
                        CellScore(
                            notebook=notebook.name,
                            grade_id=grade.name,
                            kind=kinds.get((notebook.name, grade.name), "other"),
                            score=float(grade.score or 0.0),
                            max_score=float(grade.max_score),
                        )
                    )
        return sorted(result, key=lambda s: (s.notebook, s.grade_id))

"""nbgrader's autograde, with verdicts from the trusted checker: :class:`TrustedExecute`.

``nbgrader_config.py`` puts :class:`TrustedExecute` in ``Autograde.autograde_preprocessors`` in
place of nbgrader's ``Execute``. It runs the notebook through pmkit's grading engine
(:mod:`pmkit.grading._trusted`): the learner's cells in a sandboxed kernel, the test cells in the
trusted checker on the learner's answers as data. It writes each cell's outputs back as
``Execute`` would (a failed test is an ``error`` output), so nbgrader's later steps (output
limits, ``SaveAutoGrades``, late penalties), formgrader, feedback and the gradebook work as
they do with plain nbgrader. ``nbgrader validate`` (and the Validate button) keep nbgrader's own
``Execute``: a learner validating their own notebook runs it in their own kernel.

The trusted cells come from the instructor's notebook in the course's source folder
(``solutions/<assignment>/<notebook>.ipynb``), never from the submission. Within one process,
one warm checker serves every notebook graded (it is reset between them).
"""

from __future__ import annotations

import atexit
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

from nbgrader.preprocessors import Execute
from traitlets import Bool, Float, Integer, Unicode

from pmkit.grading._checker import Checker
from pmkit.grading._course import Course, CourseError, read_notebook
from pmkit.grading._model import ExerciseModel
from pmkit.grading._sandbox import (
    DEFAULT_MEMORY_BYTES,
    DEFAULT_WALL_SECONDS,
    SandboxPolicy,
    SandboxUnavailable,
    launch_command,
    sandbox_problem,
)
from pmkit.grading._trusted import grade_notebook

_CHECKERS: dict[str, Checker] = {}
_POLICIES: dict[tuple[Any, ...], Path] = {}


def warm_checker(policy_file: Path | None) -> Checker:
    """Return this process's checker for a policy (``None``: unsandboxed), started once."""
    key = str(policy_file)
    checker = _CHECKERS.get(key)
    if checker is None:
        launch = None
        if policy_file is not None:
            launch = functools.partial(launch_command, policy_file, "checker")
        checker = _CHECKERS[key] = Checker(launch)
    return checker


@atexit.register
def _close_checkers() -> None:
    for checker in _CHECKERS.values():
        checker.close()
    _CHECKERS.clear()


@functools.lru_cache(maxsize=64)
def _model(path: str, mtime: float) -> ExerciseModel:
    return ExerciseModel.from_notebook(read_notebook(Path(path)))


def exercise_model(path: Path) -> ExerciseModel:
    """Return the model of an instructor notebook, cached while the file is unchanged."""
    return _model(str(path), path.stat().st_mtime)


class TrustedExecute(Execute):  # type: ignore[misc]
    """nbgrader's ``Execute`` step, with every test decided by pmkit's trusted checker."""

    sandbox = Bool(
        True,
        help="Run learner code and the checker in the bubblewrap sandbox (refuse to grade "
        "without it). False grades unsandboxed, on purpose.",
    ).tag(config=True)
    memory_bytes = Integer(
        DEFAULT_MEMORY_BYTES, allow_none=True, help="Address space per process, in bytes."
    ).tag(config=True)
    wall_seconds = Float(
        DEFAULT_WALL_SECONDS, allow_none=True, help="Time limit per notebook, in seconds."
    ).tag(config=True)
    policy_file = Unicode(
        "",
        help="A sandbox policy written by pmkit (pmkit cohort grade sets it); empty: build one "
        "for the course, hiding its solutions, gradebook and submissions.",
    ).tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """Grade one notebook and write every code cell's outputs, as ``Execute`` would."""
        import nbformat
        from nbgrader.coursedir import CourseDirectory

        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        source = (
            Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
            / f"{info['notebook']}.ipynb"
        )
        if not source.is_file():
            raise CourseError(
                f"the instructor notebook {source} is missing: pmkit's trusted grading takes "
                "the setup and test cells from it"
            )
        workdir = Path(resources.get("metadata", {}).get("path") or ".").resolve()
        policy, wall = self._policy(Path(coursedir.root))
        launch = None if policy is None else functools.partial(launch_command, policy, "kernel")
        graded = grade_notebook(
            json.loads(nbformat.writes(nb)),  # type: ignore[no-untyped-call]
            exercise_model(source),
            workdir,
            checker=warm_checker(policy),
            launch_kernel=launch,
            timeout=float(self.timeout or 60),
            wall_seconds=wall,
        )
        for cell, done in zip(nb.cells, graded.notebook["cells"], strict=True):
            if cell.cell_type == "code":
                outputs = done.get("outputs", [])
                cell.outputs = [nbformat.from_dict(o) for o in outputs]  # type: ignore[no-untyped-call]
                cell.execution_count = done.get("execution_count")
        return nb, resources

    def _policy(self, root: Path) -> tuple[Path | None, float | None]:
        """Return the written sandbox policy to launch with, and the notebook time limit."""
        if self.policy_file:
            written = json.loads(Path(self.policy_file).read_text())
            return Path(self.policy_file), written.get("wall_seconds")
        if self.sandbox and (problem := sandbox_problem()) is not None:
            raise SandboxUnavailable(
                f"cannot sandbox student code: {problem}. Install bubblewrap, or set "
                "c.TrustedExecute.sandbox = False to grade without the sandbox on purpose."
            )
        key = (str(root.resolve()), self.sandbox, self.memory_bytes)
        if key not in _POLICIES:
            policy = SandboxPolicy.for_course(
                Course(root), memory_bytes=self.memory_bytes, sandbox=self.sandbox
            )
            _POLICIES[key] = policy.install(Path(tempfile.mkdtemp(prefix="pmkit-policy-")))
        return _POLICIES[key], self.wall_seconds

"""Self-check: grade a learner's working copy of an exercise against the full tests.

The learner's notebook is matched to its instructor version in ``solutions/`` by its cells (so a
renamed copy anywhere on disk still works) and graded by pmkit's grading engine
(:mod:`pmkit.grading._trusted`), the same one nbgrader's autograde uses here: the learner's cells
run in a fresh kernel on a copy in a temporary folder (never in place), sandboxed when bubblewrap
is available, and every test, visible and hidden (visible only where the course sets
``c.PmkitCheck.visible_only``), runs in the trusted checker on the learner's answers as data.
Without ``solutions/`` (a learner given ``exercises/`` only) the copy is matched to its student
version there and checked against its visible tests as released; a notebook with no course
around it is checked against its own visible tests; the report's ``missing`` says which.
Only failure *messages* come back: never the test code, whose hidden part would give answers
away, and never a traceback, which quotes that code.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pmkit.grading._checker import Checker
from pmkit.grading._course import (
    Course,
    CourseError,
    cell_kind,
    cell_source,
    grade_id,
    question_cells,
    read_notebook as _read_json,
)

QuestionKind = Literal["auto", "manual"]


class NotebookError(CourseError):
    """The file to check is not a usable notebook; the message says why."""


@dataclass(frozen=True)
class QuestionResult:
    """The self-check's verdict on one graded question."""

    grade_id: str
    label: str
    kind: QuestionKind
    points: float
    earned: float
    passed: bool | None
    """True or False for autograded questions; None for those awaiting a human."""
    message: str = ""
    """The first failure's message (no test code, no traceback)."""
    hint: str = ""
    rubric: str = ""


@dataclass(frozen=True)
class CheckReport:
    """Everything ``pmkit check`` reports for one notebook."""

    notebook: Path
    assignment: str
    source: Path
    questions: list[QuestionResult] = field(default_factory=list)
    sandboxed: bool = True
    """False when bubblewrap was not available and the learner's code ran unsandboxed."""
    visible_only: bool = False
    """True when the check ran the visible tests only: the course says so
    (``c.PmkitCheck.visible_only`` in nbgrader_config.py, for graded cohorts), or this copy of
    the course has no hidden tests (see :attr:`missing`). The hidden tests run at grading."""
    missing: str = ""
    """Empty for a full course; otherwise a sentence saying what this copy of the course lacks
    (``solutions/``, or any copy of the exercise) and so which tests ran."""

    @property
    def auto(self) -> list[QuestionResult]:
        """The autograded questions."""
        return [q for q in self.questions if q.kind == "auto"]

    @property
    def passed(self) -> bool:
        """True when every autograded question passes."""
        return all(q.passed for q in self.auto)

    @property
    def earned(self) -> float:
        """Autograded points earned."""
        return sum(q.earned for q in self.auto)

    @property
    def possible(self) -> float:
        """Autograded points possible."""
        return sum(q.points for q in self.auto)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckReport:
        """Rebuild a report from :meth:`to_dict`'s data (a check service's answer)."""
        fields_ = {f.name for f in dataclasses.fields(QuestionResult)}
        return cls(
            notebook=Path(data["notebook"]),
            assignment=str(data["assignment"]),
            source=Path(""),  # the course's source notebook stays where the check ran
            questions=[
                QuestionResult(**{k: v for k, v in q.items() if k in fields_})
                for q in data["questions"]
            ],
            sandboxed=bool(data.get("sandboxed", True)),
            visible_only=bool(data.get("visible_only", False)),
            missing=str(data.get("missing", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data (``pmkit check --json``): no test code, no answer."""
        return {
            "notebook": str(self.notebook),
            "assignment": self.assignment,
            "earned": self.earned,
            "possible": self.possible,
            "passed": self.passed,
            "sandboxed": self.sandboxed,
            "visible_only": self.visible_only,
            "missing": self.missing,
            "questions": [dataclasses.asdict(q) for q in self.questions],
        }


def load_notebook(path: Path) -> dict[str, Any]:
    """Read a notebook file, or raise :class:`NotebookError` saying plainly what is wrong."""
    if not path.is_file():
        raise NotebookError(f"{path} does not exist or is not a file")
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        raise NotebookError(f"{path} is empty: it is not a notebook (was it saved?)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise NotebookError(
            f"{path} is not valid notebook JSON (line {err.lineno}, column {err.colno}: "
            f"{err.msg}); if you edited it by hand, restore it from a saved copy"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError(f"{path} is JSON but not a notebook (no list of cells)")
    if data.get("nbformat") != 4:
        raise NotebookError(
            f"{path} uses notebook format {data.get('nbformat')!r}; the course needs format 4 "
            "(save it from JupyterLab 3 or newer)"
        )
    return data


def _graded_ids(notebook: dict[str, Any]) -> set[str]:
    return {grade_id(c) for c in notebook["cells"] if grade_id(c)}


def find_check_course(notebook: Path, root: Path | None = None) -> Course:
    """Return the course a learner's ``notebook`` is checked against.

    Looking from ``root``, or by default from the notebook and then the working directory: the
    full course (``nbgrader_config.py`` and ``solutions/``) containing it, or else the nearest
    folder above it holding ``exercises/`` (a learner's copy of the course without the
    instructor's folder). Failing both, the notebook's own folder: the notebook is then checked
    against its own tests. A ``root`` named on purpose (``pmkit check --course``) must be, or be
    inside, one of the two: otherwise a CourseError names it.
    """
    starts = (root.resolve(),) if root else (notebook.resolve().parent, Path.cwd().resolve())
    for start in starts:
        try:
            return Course.find(start)
        except CourseError:
            for folder in (start, *start.parents):
                if (folder / "exercises").is_dir():
                    return Course(folder)
    if root:
        raise CourseError(
            f"{root} is not a course: neither it nor a folder above it holds nbgrader_config.py "
            "and solutions/ (the instructor's course) or exercises/ (a learner's copy of it)"
        )
    return Course(starts[0])


def _release_notebooks(course: Course) -> list[tuple[str, Path]]:
    """Return (assignment, notebook) for every notebook under the course's ``exercises/``."""
    if not course.exercises_dir.is_dir():
        return []
    return [
        (folder.name, nb)
        for folder in sorted(course.exercises_dir.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
        for nb in sorted(folder.glob("*.ipynb"))
    ]


def _find_source(course: Course, learner: dict[str, Any], path: Path) -> tuple[str, Path, str]:
    """Return (assignment, notebook holding the tests, what is missing) for a learner's copy.

    With ``solutions/``, the instructor version (visible and hidden tests; nothing missing).
    Without it, the student version in ``exercises/`` that the copy matches (its visible tests,
    as released, so edited tests do not count; a copy matching none is a NotebookError naming
    ``exercises/``); without ``exercises/`` either, the copy itself (its tests as saved). The
    third item is then the sentence that says so.
    """
    if course.solutions_dir.is_dir():
        assignment, source = match_source(course, learner, path.name)
        return assignment, source, ""
    after = (
        "the hidden tests run when your work is graded (on the course hub, pmkit check runs them)"
    )
    if course.exercises_dir.is_dir():
        candidates = _release_notebooks(course)
        assignment, release = _best_match(candidates, learner, path.name, lambda nb: nb)
        if release is None:
            raise NotebookError(
                f"{path.name} is not an exercise of this course: none of its cells matches a "
                f"notebook in {course.exercises_dir} (self-check works on copies of the "
                "notebooks in exercises/)"
            )
        return (
            assignment,
            release,
            f"this copy of the course has no solutions/ folder, where the hidden tests "
            f"are kept, so the visible tests of {course.exercises_dir.name}/{assignment} "
            f"ran; {after}.",
        )
    if not any(cell_kind(c) == "auto_test" for c in learner["cells"]):
        raise NotebookError(
            f"{path.name} is not an exercise: it has no autograded test cells, and no copy of "
            f"the course (solutions/ or exercises/) was found above {path.resolve().parent}"
        )
    return (
        path.resolve().parent.name,
        path,
        f"no copy of the course's exercises was found above {path.resolve().parent}, so the "
        f"tests in your own notebook ran, as you saved them; {after}.",
    )


def match_source(course: Course, notebook: dict[str, Any], name: str) -> tuple[str, Path]:
    """Return (assignment, instructor notebook) that a learner's notebook is a copy of.

    Many exercises share cell ids (``setup``, ``q1_answer``), so the match is by content: the
    student version in ``exercises/`` whose cells the copy shares most (same id and same
    text: the read-only cells a learner does not edit), then by the share of ids in common,
    then by file name. A copy can live anywhere and have any name; a notebook sharing no id is
    not an exercise here.
    """
    candidates = [
        (assignment, source)
        for assignment in course.assignments()
        for source in course.source_notebooks(assignment)
    ]
    assignment, source = _best_match(
        candidates,
        notebook,
        name,
        lambda source: course.exercises_dir / source.parent.name / source.name,
    )
    if source is None:
        raise NotebookError(
            f"{name} is not an exercise of this course: none of its cells matches a notebook in "
            f"{course.solutions_dir} (self-check works on the notebooks in exercises/)"
        )
    return assignment, source


def _best_match(
    candidates: list[tuple[str, Path]],
    notebook: dict[str, Any],
    name: str,
    release_of: Callable[[Path], Path],
) -> tuple[str, Path | None]:
    """Return the candidate (assignment, notebook) a learner's copy matches best, or ("", None).

    ``release_of`` maps a candidate to its student version, whose read-only cells are compared.
    """
    ids = _graded_ids(notebook)
    cells = _id_sources(notebook)
    stem = Path(name).stem
    best: tuple[tuple[int, float, bool], str, Path] | None = None
    for assignment, source in candidates:
        source_ids = _graded_ids(_read_json(source))
        shared = ids & source_ids
        if not shared:
            continue
        release = release_of(source)
        same_text = len(cells & _id_sources(_read_json(release))) if release.is_file() else 0
        score = (same_text, len(shared) / len(ids | source_ids), source.stem == stem)
        if best is None or score > best[0]:
            best = (score, assignment, source)
    return ("", None) if best is None else (best[1], best[2])


def _id_sources(notebook: dict[str, Any]) -> set[tuple[str, str]]:
    return {(grade_id(c), cell_source(c)) for c in notebook["cells"] if grade_id(c)}


def merge_tests(learner: dict[str, Any], source: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Return the learner's notebook with every locked cell replaced by the instructor's version.

    Answers (solution cells) and the learner's own extra cells are kept; tests, setup and
    instructions come from ``solutions/``, so edited or weakened tests do not count. Also
    returns the ids of test cells the learner deleted, which cannot pass.
    """
    originals = {grade_id(c): c for c in source["cells"] if grade_id(c)}
    merged = dict(learner)
    cells = []
    for cell in learner["cells"]:
        original = originals.get(grade_id(cell))
        if original is not None and cell_kind(original) not in ("solution", "manual"):
            replacement = dict(original)
            replacement["outputs"] = []
            replacement["execution_count"] = None
            cells.append(replacement if original.get("cell_type") == "code" else original)
        else:
            cells.append(cell)
    merged["cells"] = cells
    present = _graded_ids(learner)
    deleted = {
        gid for gid, c in originals.items() if cell_kind(c) == "auto_test" and gid not in present
    }
    return merged, deleted


def _error_message(cell: dict[str, Any] | None) -> str | None:
    for output in (cell or {}).get("outputs", []):
        if output.get("output_type") == "error":
            name, value = output.get("ename", "Error"), output.get("evalue", "")
            return f"{name}: {value}" if value else f"{name} (a check failed without a message)"
    return None


def _rubric(cells: list[dict[str, Any]], index: int) -> str:
    """Return the rubric text from the cell before a written answer, without Markdown bold."""
    text = cell_source(cells[index - 1]) if index else ""
    at = text.lower().find("rubric")
    return text[at:].replace("**", "").strip() if at >= 0 else ""


def _heading(cells: list[dict[str, Any]], index: int, fallback: str) -> str:
    """Return the question's title from the heading of the cell before it ("Q8 · Memo")."""
    text = cell_source(cells[index - 1]) if index else ""
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").split(" (")[0].strip() or fallback
    return fallback


def check_notebook(
    path: Path,
    course: Course | None = None,
    *,
    timeout: int = 60,
    sandbox: bool | None = None,
    checker: Checker | None = None,
    visible_only: bool | None = None,
) -> CheckReport:
    """Self-check a learner's notebook against the full tests; return the per-question report.

    ``visible_only`` checks against the visible tests alone; by default, what the course's
    ``nbgrader_config.py`` says (``c.PmkitCheck.visible_only = True`` for a graded cohort, whose
    learners should not probe the hidden tests before they hand in).

    ``course`` defaults to the course containing the notebook, or else the working directory.
    ``sandbox`` runs the learner's code and the checker in the grading sandbox; by default,
    whenever bubblewrap works here. ``checker`` is a checker to reuse across checks (a service
    checking many notebooks keeps one warm; it sets up an exercise only when a test needs it);
    by default a fresh one starts and sets up at once, beside the learner's kernel, so a single
    check waits as little as it can. Raises :class:`NotebookError` when the file is not a notebook
    of this course, and :class:`~pmkit.grading._trusted.NotebookStopped` when the notebook
    cannot be run to the end (its kernel does not start, or it runs past its time limit).
    """
    import functools

    from pmkit.grading._model import ExerciseModel
    from pmkit.grading._sandbox import SandboxPolicy, launch_command, sandbox_problem
    from pmkit.grading._trusted import grade_notebook, learner_kernel

    learner = load_notebook(path)
    if course is None:
        course = find_check_course(path)
    if sandbox is None:
        sandbox = sandbox_problem() is None
    with tempfile.TemporaryDirectory(prefix="pmkit-check-") as workdir:
        policy = SandboxPolicy.for_course(course, sandbox=sandbox, wall_seconds=None)
        policy_file = policy.install(Path(workdir) / "policy")
        (Path(workdir) / "notebook").mkdir()
        launch = functools.partial(launch_command, policy_file, "kernel")
        # The kernel starts while the notebook is matched to its exercise.
        kernel = learner_kernel(Path(workdir) / "notebook", launch, plain_outputs=True)
        try:
            assignment, source_path, missing = _find_source(course, learner, path)
            source = _read_json(source_path)
            if missing:
                visible_only = True  # a release notebook holds no hidden test
            elif visible_only is None:
                visible_only = course_checks_visible_only(course)
            if visible_only:
                source = without_hidden_tests(source)
            model = ExerciseModel.from_notebook(source)
            merged, deleted = merge_tests(learner, source)
        except BaseException:
            kernel.close()
            raise
        fresh = checker is None
        if checker is None:
            checker = Checker(functools.partial(launch_command, policy_file, "checker"))
        try:
            graded = grade_notebook(
                merged,
                model,
                Path(workdir) / "notebook",
                checker=checker,
                launch_kernel=launch,
                timeout=timeout,
                kernel=kernel,
                warm_checker=fresh,
            )
        finally:
            if fresh:
                checker.close()
    by_id = {grade_id(c): c for c in graded.notebook["cells"] if grade_id(c)}
    answer_of = {
        grade_id(source["cells"][test]): grade_id(source["cells"][answer])
        for answer, tests in question_cells(source)
        for test in tests
    }
    results = []
    for index, original in enumerate(source["cells"]):
        kind, gid = cell_kind(original), grade_id(original)
        points = float(original.get("metadata", {}).get("nbgrader", {}).get("points", 0) or 0)
        if kind == "manual":
            results.append(
                QuestionResult(
                    gid,
                    _heading(source["cells"], index, gid),
                    "manual",
                    points,
                    0.0,
                    None,
                    rubric=_rubric(source["cells"], index),
                )
            )
            continue
        test = model.test(gid)
        if kind != "auto_test" or test is None:
            continue
        verdict = graded.verdicts.get(gid)
        if gid in deleted:
            message = (
                "this test cell was deleted from your notebook; restore the exercise's cell "
                "(the blank exercise in exercises/ has it)"
            )
        elif verdict is None:
            message = "this test did not run (the notebook stopped before it)"
        elif verdict.passed:
            message = ""
        else:
            message = verdict.message
        answer_error = _error_message(by_id.get(answer_of.get(gid, "")))
        if message and answer_error:
            message = (
                "not answered yet: the answer cell still raises NotImplementedError"
                if answer_error.startswith("NotImplementedError")
                else f"your answer cell stopped with {answer_error}"
            )
        hint = verdict.hint if verdict is not None and verdict.hint else test.hint
        results.append(
            QuestionResult(
                gid,
                test.label,
                "auto",
                points,
                0.0 if message else points,
                not message,
                message,
                hint if message else "",
            )
        )
    return CheckReport(
        path,
        assignment,
        source_path,
        results,
        sandboxed=sandbox,
        visible_only=visible_only,
        missing=missing,
    )


def course_checks_visible_only(course: Course) -> bool:
    """Tell whether the course's nbgrader_config.py sets ``c.PmkitCheck.visible_only``."""
    setting = course.nbgrader_config().get("PmkitCheck", {}).get("visible_only", False)
    if not isinstance(setting, bool):
        raise CourseError(
            f"c.PmkitCheck.visible_only in {course.root / 'nbgrader_config.py'} should be True "
            f"or False, not {setting!r}"
        )
    return setting


def without_hidden_tests(source: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of an instructor notebook whose test cells keep their visible part only."""
    from pmkit.grading._model import split_hidden

    copy: dict[str, Any] = json.loads(json.dumps(source))
    for cell in copy["cells"]:
        if cell_kind(cell) == "auto_test":
            cell["source"] = split_hidden(cell_source(cell))[0]
    return copy

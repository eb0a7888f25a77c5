"""Prove an exercise sound: fresh student version, no leaks, full marks, zero marks, honest tests.

This is the check every assignment in ``solutions/`` must pass (the test suite runs it for each
one, and ``pmkit exercises prove`` runs it for an author). It works in a scratch copy of the
course, so it never touches the real gradebook or ``exercises/``.
"""

from __future__ import annotations

import ast
import copy
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmkit.grading._course import (
    BEGIN_MARKERS,
    END_MARKERS,
    Course,
    CourseError,
    cell_kind,
    cell_source,
    grade_id,
    question_cells,
    read_notebook,
    secret_lines,
)
from pmkit.grading._model import ExerciseModel, ModelError, split_hidden
from pmkit.grading._nbgrader import CellScore, ScratchCourse
from pmkit.grading._variants import (
    MIN_ALTERNATIVES,
    MIN_MISTAKES,
    AnswerVariant,
    VariantError,
    VariantKind,
    load_variants,
    questions,
    variant_notebook,
    variants_file,
)

SOLUTION_STUDENT = "reference-solution"
BLANK_STUDENT = "blank-student-version"
_MIN_SECRET_LINE = 12  # shorter lines ("return x", ")") are too generic to call a leak


@dataclass(frozen=True)
class VariantOutcome:
    """How one known mistake or valid alternative fared against its question's tests."""

    notebook: str
    question: str
    kind: VariantKind
    """``mistake`` (must fail the question) or ``alternative`` (must pass it)."""
    name: str
    passed: bool
    """Whether every test cell of the question passed on this answer."""
    reason: str = ""
    """For a failed question: the first failing test's message, as the learner would read it."""
    broken: str = ""
    """The variant's own code raised an error in the learner's kernel (the variant is broken)."""

    @property
    def as_expected(self) -> bool:
        """A mistake was rejected by the tests, or an alternative was accepted."""
        if self.broken:
            return False
        return self.passed if self.kind == "alternative" else not self.passed

    def describe(self) -> str:
        """One line naming the question, the variant and what went wrong."""
        where = f"{self.notebook} {self.question}: {self.kind} {self.name!r}"
        if self.broken:
            return f"{where}: its own code fails ({self.broken})"
        if self.kind == "mistake":
            return f"{where} passes every test of the question"
        return f"{where} is rejected: {self.reason}"


@dataclass(frozen=True)
class ExerciseProof:
    """What proving one assignment found. Every list is empty for a sound exercise."""

    assignment: str
    stale: list[str] = field(default_factory=list)
    """Differences between the committed ``exercises/`` and a fresh generation."""
    leaks: list[str] = field(default_factory=list)
    """Markers, solution lines or hidden-test lines found in a student version."""
    solution_shortfalls: list[str] = field(default_factory=list)
    """Autograded cells where the solution does not get full marks."""
    blank_scores: list[str] = field(default_factory=list)
    """Cells where the unmodified student version earns points."""
    stderr_cells: list[str] = field(default_factory=list)
    """Test cells that write to stderr when grading the solution (nbgrader scores them 0)."""
    unguarded_tests: list[str] = field(default_factory=list)
    """Test cells that still pass when only their own question's answer is blank."""
    unavailable_answers: list[str] = field(default_factory=list)
    """Names a test needs that the solution does not hand over as data or a function."""
    conventions: list[str] = field(default_factory=list)
    """Authoring rules broken: a test cell without visible or hidden tests or a hint, etc."""
    variants: list[VariantOutcome] = field(default_factory=list)
    """Every known mistake and valid alternative, graded."""
    questions: list[tuple[str, str]] = field(default_factory=list)
    """Every auto-graded question as (notebook, solution cell's grade id)."""
    too_few_variants: list[str] = field(default_factory=list)
    """Questions with fewer known mistakes or valid alternatives than the course requires."""
    solution_scores: list[CellScore] = field(default_factory=list)

    @property
    def misjudged_variants(self) -> list[str]:
        """Mistakes that pass, alternatives that fail and variants whose code is broken."""
        return [v.describe() for v in self.variants if not v.as_expected]

    def variant_summary(self) -> list[tuple[str, str, int, int, int, int]]:
        """Count, per question, the mistakes rejected and the alternatives accepted.

        Rows are (notebook, question, mistakes rejected, mistakes, alternatives accepted,
        alternatives), in the order the questions were proved.
        """
        rows: dict[tuple[str, str], list[int]] = {q: [0, 0, 0, 0] for q in self.questions}
        for v in self.variants:
            row = rows.setdefault((v.notebook, v.question), [0, 0, 0, 0])
            offset = 0 if v.kind == "mistake" else 2
            row[offset] += int(v.as_expected)
            row[offset + 1] += 1
        return [(nb, q, *counts) for (nb, q), counts in rows.items()]  # type: ignore[misc]

    @property
    def problems(self) -> list[str]:
        """Every finding, labelled by kind."""
        labelled = [
            ("stale exercises/", self.stale),
            ("leak", self.leaks),
            ("solution short of full marks", self.solution_shortfalls),
            ("blank version earns points", self.blank_scores),
            ("test cell writes to stderr", self.stderr_cells),
            ("test passes with its answer blank", self.unguarded_tests),
            ("test needs a name the solution does not define as data", self.unavailable_answers),
            ("authoring convention", self.conventions),
            ("answer variant misjudged", self.misjudged_variants),
            ("too few answer variants", self.too_few_variants),
        ]
        return [f"{label}: {item}" for label, items in labelled for item in items]

    @property
    def sound(self) -> bool:
        """True when nothing was found."""
        return not self.problems


def compare_release(generated: Path, committed: Path) -> list[str]:
    """List the differences between a fresh release folder and the committed one."""
    if not committed.is_dir():
        return [f"{committed} does not exist; run `make exercises`"]
    names_generated = {p.name for p in generated.iterdir()}
    names_committed = {p.name for p in committed.iterdir() if p.name != ".ipynb_checkpoints"}
    found = [
        f"{committed / n} is not generated from solutions/"
        for n in sorted(names_committed - names_generated)
    ]
    found += [f"{committed / n} is missing" for n in sorted(names_generated - names_committed)]
    for name in sorted(names_generated & names_committed):
        fresh, kept = generated / name, committed / name
        if name.endswith(".ipynb"):
            same = read_notebook(fresh) == read_notebook(kept)
        else:
            same = fresh.read_bytes() == kept.read_bytes()
        if not same:
            found.append(
                f"{kept} differs from what solutions/ generates (run `make exercises`; if you "
                "worked the exercise in place, `git checkout exercises/` restores the blank copy)"
            )
    return found


def find_leaks(source: dict[str, Any], release: dict[str, Any], label: str) -> list[str]:
    """List solution text, hidden tests and nbgrader markers that appear in a student version."""
    public: set[str] = set()
    secret: set[str] = set()
    for cell in source["cells"]:
        hidden = {line.strip() for line in secret_lines(cell)}
        secret |= hidden
        public |= {line.strip() for line in cell_source(cell).splitlines()} - hidden
    distinctive = {s for s in secret - public if len(s) >= _MIN_SECRET_LINE}
    found = []
    for index, cell in enumerate(release["cells"]):
        for line in cell_source(cell).splitlines():
            text = line.strip()
            if any(m.split(" ", 1)[1] in text for m in BEGIN_MARKERS + END_MARKERS):
                found.append(f"{label} cell {index}: nbgrader marker {text!r}")
            elif text in distinctive:
                found.append(f"{label} cell {index}: solution or hidden-test line {text!r}")
    return found


def _visible_test_problems(code: str) -> list[str]:
    """Check the visible part of a test cell: a Question with a hint, and checks that use it."""
    try:
        tree = ast.parse(code)
    except SyntaxError as err:
        return [f"the visible tests do not parse on their own ({err.msg}, line {err.lineno})"]
    questions = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Question"
    ]
    hinted = any(
        kw.arg == "hint" and _non_empty_text(kw.value) for call in questions for kw in call.keywords
    )
    question_names = {
        target.id
        for stmt in tree.body
        if isinstance(stmt, ast.Assign) and stmt.value in questions
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }
    checks = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert)
        or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in question_names
        )
    ]
    problems = []
    if not hinted:
        problems.append("no Question(..., hint=...) in the visible tests")
    if not checks:
        problems.append("no visible checks before the hidden tests")
    return problems


def _non_empty_text(node: ast.expr) -> bool:
    """Tell whether a hint is a non-empty string literal, f-string or concatenation."""
    try:
        return bool(str(ast.literal_eval(node)).strip())
    except ValueError:
        return isinstance(node, ast.JoinedStr) and bool(node.values)


def check_conventions(source: dict[str, Any], label: str) -> list[str]:
    """List the course's authoring rules that a solution notebook breaks.

    Every autograded test cell has visible tests (so learners get feedback while working),
    hidden tests (so values are checked at grading) and a ``Question(..., hint=...)``; every
    code solution cell marks its solution region; every manually graded answer has a rubric in
    the cell just before it; and there is at least one autograded test.
    """
    found = []
    cells = source["cells"]
    for index, cell in enumerate(cells):
        kind, text, gid = cell_kind(cell), cell_source(cell), grade_id(cell) or f"cell {index}"
        if kind == "auto_test":
            visible_part, hidden_part = split_hidden(text)
            if not hidden_part.strip():
                found.append(f"{label} {gid}: no hidden tests (### BEGIN HIDDEN TESTS)")
            found += [f"{label} {gid}: {p}" for p in _visible_test_problems(visible_part)]
        elif kind == "solution" and cell.get("cell_type") == "code":
            if "### BEGIN SOLUTION" not in text:
                found.append(f"{label} {gid}: solution cell without ### BEGIN SOLUTION")
        elif kind == "manual":
            before = cell_source(cells[index - 1]) if index else ""
            if "rubric" not in before.lower():
                found.append(f"{label} {gid}: manually graded, but the cell before has no rubric")
    if not any(cell_kind(c) == "auto_test" for c in cells):
        found.append(f"{label}: no autograded test cell")
    try:
        ExerciseModel.from_notebook(source)
    except ModelError as err:
        found.append(f"{label}: {err}")
    return found


def _stderr_cells(notebook: dict[str, Any], label: str) -> list[str]:
    found = []
    for cell in notebook["cells"]:
        if cell_kind(cell) != "auto_test":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = "".join(output.get("text", ""))[:200]
                found.append(f"{label} {grade_id(cell)}: {text!r}")
    return found


def _blank_one_question(
    source: dict[str, Any], release: dict[str, Any], solution_index: int
) -> dict[str, Any]:
    """Return the solution notebook with one solution cell replaced by its student stub."""
    stubs = {grade_id(c): c for c in release["cells"] if grade_id(c)}
    variant = copy.deepcopy(source)
    cell = variant["cells"][solution_index]
    cell["source"] = stubs[grade_id(cell)]["source"]
    return variant


def _engine_checks(
    source: dict[str, Any],
    release: dict[str, Any],
    label: str,
    workdir: Path,
    timeout: int,
    policy_file: Path,
    variants: list[AnswerVariant],
) -> tuple[list[str], list[str], list[VariantOutcome]]:
    """Run the trusted engine on the solution, with each question blanked, and on each variant.

    Returns (tests that pass with their own answer blank, names a test needs that the full
    solution does not hand over as data or a function, how each answer variant fared).
    """
    import functools

    from pmkit.grading._checker import Checker
    from pmkit.grading._sandbox import launch_command
    from pmkit.grading._trusted import grade_notebook

    model = ExerciseModel.from_notebook(source)
    unguarded: list[str] = []
    unavailable: list[str] = []
    outcomes: list[VariantOutcome] = []
    launch = functools.partial(launch_command, policy_file, "kernel")
    with Checker(functools.partial(launch_command, policy_file, "checker")) as checker:
        grade = functools.partial(
            grade_notebook,
            model=model,
            workdir=workdir,
            checker=checker,
            launch_kernel=launch,
            timeout=timeout,
            plain_outputs=True,
        )
        full = grade(source)
        for test_id, problems in full.answer_problems.items():
            unavailable += [f"{label} {test_id} needs {p}" for p in problems]
        for solution_index, tests in question_cells(source):
            graded = grade(_blank_one_question(source, release, solution_index))
            blanked = grade_id(source["cells"][solution_index])
            for test_index in tests:
                test_id = grade_id(source["cells"][test_index])
                verdict = graded.verdicts.get(test_id)
                if verdict is not None and verdict.passed:
                    unguarded.append(f"{label} {test_id} passes with {blanked} left blank")
        tests_of = questions(source)
        for variant in variants:
            graded = grade(variant_notebook(source, variant))
            outcomes.append(_outcome(label, variant, graded, tests_of[variant.question]))
    return unguarded, unavailable, outcomes


def _outcome(
    label: str, variant: AnswerVariant, graded: Any, test_ids: list[str]
) -> VariantOutcome:
    """Judge one graded variant: whether its question's tests all passed and its code ran."""
    broken = ""
    for cell in graded.notebook["cells"]:
        if grade_id(cell) == variant.question:
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                broken = f"{errors[0].get('ename', 'Error')}: {errors[0].get('evalue', '')}"
    reason = ""
    for test_id in test_ids:
        verdict = graded.verdicts.get(test_id)
        if verdict is None:
            reason = reason or f"{test_id} did not run ({graded.kernel_stopped or 'no verdict'})"
        elif not verdict.passed:
            reason = reason or f"{test_id}: {verdict.message}"
    return VariantOutcome(
        label, variant.question, variant.kind, variant.name, not reason, reason, broken
    )


def _too_few(label: str, source: dict[str, Any], variants: list[AnswerVariant]) -> list[str]:
    found = []
    for question in questions(source):
        mistakes = sum(v.question == question and v.kind == "mistake" for v in variants)
        alternatives = sum(v.question == question and v.kind == "alternative" for v in variants)
        if mistakes < MIN_MISTAKES or alternatives < MIN_ALTERNATIVES:
            found.append(
                f"{label} {question}: {mistakes} known mistake(s) and {alternatives} valid "
                f"alternative(s); at least {MIN_MISTAKES} and {MIN_ALTERNATIVES} are required"
            )
    return found


def prove_exercise(
    course: Course,
    assignment: str,
    *,
    workdir: Path | None = None,
    timeout: int = 120,
    sandbox: bool | None = None,
) -> ExerciseProof:
    """Prove one assignment sound and return what was found.

    Steps, all in a scratch course: generate the student version with nbgrader and compare it
    with the committed ``exercises/``; look for leaked markers, solution lines and hidden tests;
    autograde the solution (every autograded cell must get full marks, and no test cell may
    write to stderr) and the unmodified student version (every cell must get zero, with no
    grading error); finally blank each question's solution cell alone and check that its own
    tests then fail, so no test passes for a reason other than the learner's answer; and check
    that the solution hands every test the names it needs as data; then grade every known
    mistake and valid alternative of the notebook's variants file (see
    :mod:`pmkit.grading._variants`): a mistake must fail its question, an alternative pass it,
    and each question needs enough of both. Everything runs through the trusted grading engine,
    sandboxed when bubblewrap works here (``sandbox``, by default).

    Raises :class:`CourseError` for a malformed variants file.
    """
    from pmkit.grading._sandbox import SandboxPolicy, sandbox_problem

    if sandbox is None:
        sandbox = sandbox_problem() is None
    with tempfile.TemporaryDirectory(prefix=f"pmkit-prove-{assignment}-") as tmp:
        scratch = ScratchCourse(course, assignment, workdir or Path(tmp), sandbox=sandbox)
        generated = scratch.generate()
        stale = compare_release(scratch.release_dir, course.exercises_dir / assignment)

        leaks: list[str] = []
        conventions: list[str] = []
        stderr: list[str] = []
        unguarded: list[str] = []
        unavailable: list[str] = []
        outcomes: list[VariantOutcome] = []
        too_few: list[str] = []
        proved: list[tuple[str, str]] = []
        paths = {p.name: p for p in course.source_notebooks(assignment)}
        sources = {name: read_notebook(path) for name, path in paths.items()}
        policy = SandboxPolicy.for_course(course, scratch=scratch.root, sandbox=sandbox)
        policy_file = policy.install(scratch.root / ".pmkit-policy")
        engine_dir = scratch.root / "engine"
        engine_dir.mkdir()
        for release_path in generated:
            source = sources[release_path.name]
            release = read_notebook(release_path)
            conventions += check_conventions(source, release_path.name)
            leaks += find_leaks(source, release, f"generated {release_path.name}")
            committed = course.exercises_dir / assignment / release_path.name
            if committed.is_file():
                leaks += find_leaks(source, read_notebook(committed), f"committed {committed.name}")
            label = release_path.stem
            try:
                variants = load_variants(variants_file(paths[release_path.name]), source)
            except VariantError as err:
                raise CourseError(str(err)) from None
            found = _engine_checks(
                source, release, label, engine_dir, timeout, policy_file, variants
            )
            unguarded += found[0]
            unavailable += found[1]
            outcomes += found[2]
            too_few += _too_few(label, source, variants)
            proved += [(label, question) for question in questions(source)]

        scratch.submit(SOLUTION_STUDENT, course.source_notebooks(assignment))
        scratch.submit(BLANK_STUDENT, generated)
        solution = scratch.autograde(SOLUTION_STUDENT)
        blank = scratch.autograde(BLANK_STUDENT)
        for path in generated:
            graded = scratch.autograded_notebook(SOLUTION_STUDENT, path.stem)
            stderr += _stderr_cells(read_notebook(graded), path.stem)

        return ExerciseProof(
            assignment=assignment,
            stale=stale,
            leaks=leaks,
            solution_shortfalls=[
                f"{s.notebook} {s.grade_id}: {s.score:g} of {s.max_score:g}"
                for s in solution
                if s.kind == "auto_test" and s.score < s.max_score
            ],
            blank_scores=[
                f"{s.notebook} {s.grade_id}: {s.score:g} of {s.max_score:g}"
                for s in blank
                if s.score > 0
            ],
            stderr_cells=stderr,
            unguarded_tests=unguarded,
            unavailable_answers=unavailable,
            conventions=conventions,
            variants=outcomes,
            questions=proved,
            too_few_variants=too_few,
            solution_scores=solution,
        )

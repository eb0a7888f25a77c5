"""Every assignment in solutions/ is proved sound through nbgrader itself.

Generic: a new folder in solutions/ is picked up without editing this file. For each assignment
the proof (pmkit.grading.prove_exercise) generates the student version in a scratch course,
autogrades the solution and the blank version with nbgrader, and re-runs the solution with each
question blanked in turn. One proof per assignment is shared by the tests below.

A sound proof recorded in tests/proofs/ is reused while the digest of everything it depends on
(the assignment's files, the data, nbgrader_config.py, pmkit's source, the grading packages'
versions) is unchanged; any change to those makes the fixture prove afresh, and a fresh sound
proof refreshes the record (commit tests/proofs/ with the change; ``make proofs`` rewrites them
all). An unsound proof is never recorded, so a failure is always proved again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmkit.grading import Course, ExerciseProof, proof_of

ROOT = Path(__file__).resolve().parents[1]
COURSE = Course(ROOT)
ASSIGNMENTS = COURSE.assignments()

pytestmark = pytest.mark.slow


def test_the_course_has_assignments() -> None:
    assert ASSIGNMENTS, "solutions/ holds no assignment: nothing below would be proved"


RECORDS = ROOT / "tests" / "proofs"


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def proof(request: pytest.FixtureRequest) -> ExerciseProof:
    return proof_of(COURSE, request.param, RECORDS, record=True)


def _report(items: list[str]) -> str:
    return "\n".join(items)


def test_exercises_match_a_fresh_generation(proof: ExerciseProof) -> None:
    assert not proof.stale, _report(proof.stale)


def test_student_versions_leak_nothing(proof: ExerciseProof) -> None:
    assert not proof.leaks, _report(proof.leaks)


def test_solution_gets_full_marks(proof: ExerciseProof) -> None:
    auto = [s for s in proof.solution_scores if s.kind == "auto_test"]
    assert auto, "the solution has no autograded cell in the gradebook"
    assert sum(s.max_score for s in auto) > 0
    assert not proof.solution_shortfalls, _report(proof.solution_shortfalls)


def test_blank_student_version_scores_zero(proof: ExerciseProof) -> None:
    assert not proof.blank_scores, _report(proof.blank_scores)


def test_no_test_cell_writes_to_stderr(proof: ExerciseProof) -> None:
    assert not proof.stderr_cells, _report(proof.stderr_cells)


def test_every_test_fails_when_its_own_answer_is_blank(proof: ExerciseProof) -> None:
    assert not proof.unguarded_tests, _report(proof.unguarded_tests)


def test_authoring_conventions(proof: ExerciseProof) -> None:
    assert not proof.conventions, _report(proof.conventions)


def test_every_known_mistake_fails_and_every_valid_alternative_passes(
    proof: ExerciseProof,
) -> None:
    assert not proof.misjudged_variants, _report(proof.misjudged_variants)


def test_every_question_has_enough_known_mistakes_and_alternatives(proof: ExerciseProof) -> None:
    assert not proof.too_few_variants, _report(proof.too_few_variants)
    assert proof.questions, "no auto-graded question was proved"


def test_every_assignment_has_a_student_version() -> None:
    released = {p.name for p in COURSE.exercises_dir.iterdir() if p.is_dir()}
    assert released == set(ASSIGNMENTS), (
        f"exercises/ has {sorted(released)}, solutions/ has {ASSIGNMENTS}: run `make exercises`"
    )


def test_no_nbgrader_marker_anywhere_in_exercises() -> None:
    marker = re.compile(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS)")
    found = [
        str(path.relative_to(ROOT))
        for path in COURSE.exercises_dir.rglob("*")
        if path.is_file() and marker.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not found, f"solution or hidden-test markers in: {found}"

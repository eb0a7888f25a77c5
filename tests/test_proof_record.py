"""Proof records: a proof is reused only while the digest of everything it depends on holds."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbfactory import add_assignment, make_notebook

import pmkit.grading._proof_record as _proof_record
from pmkit.cli import main
from pmkit.grading import (
    CellScore,
    Course,
    ExerciseProof,
    VariantOutcome,
    generate_exercises,
    proof_digest,
    proof_of,
    recall_proof,
    save_proof,
)


def a_proof() -> ExerciseProof:
    return ExerciseProof(
        assignment="hw",
        variants=[
            VariantOutcome("nb", "q1_answer", "mistake", "off by one", False, "too small"),
            VariantOutcome("nb", "q1_answer", "alternative", "rounded", True),
        ],
        questions=[("nb", "q1_answer")],
        solution_scores=[CellScore("nb", "q1_tests", "auto_test", 1.0, 1.0)],
    )


@pytest.fixture
def hw(course: Course) -> Course:
    add_assignment(course, "hw", make_notebook())
    return course


def test_a_saved_proof_is_recalled_unchanged(hw: Course, tmp_path: Path) -> None:
    proof = a_proof()
    path = save_proof(proof, tmp_path / "proofs", proof_digest(hw, "hw"))
    assert path == tmp_path / "proofs" / "hw.json"
    recalled = recall_proof(hw, "hw", tmp_path / "proofs")
    assert recalled == proof
    assert recalled is not None and recalled.questions == [("nb", "q1_answer")]
    assert recalled.misjudged_variants == []
    assert proof_of(hw, "hw", tmp_path / "proofs") == proof  # no grading: recalled


def test_the_digest_covers_the_solution_the_release_the_data_and_the_config(
    hw: Course,
) -> None:
    digests = {proof_digest(hw, "hw")}
    solution = hw.solutions_dir / "hw" / "hw.ipynb"
    solution.write_text(solution.read_text(encoding="utf-8") + " ", encoding="utf-8")
    digests.add(proof_digest(hw, "hw"))
    (hw.exercises_dir / "hw").mkdir(parents=True)
    (hw.exercises_dir / "hw" / "hw.ipynb").write_text("{}", encoding="utf-8")
    digests.add(proof_digest(hw, "hw"))
    (hw.root / "datasets").mkdir()
    (hw.root / "datasets" / "table.csv").write_text("a\n1\n", encoding="utf-8")
    digests.add(proof_digest(hw, "hw"))
    config = hw.root / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    digests.add(proof_digest(hw, "hw"))
    assert len(digests) == 5
    assert proof_digest(hw, "hw") == proof_digest(Course(hw.root), "hw")  # stable


def test_the_digest_covers_pmkit_and_the_grading_packages(
    hw: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = proof_digest(hw, "hw")
    monkeypatch.setattr(
        _proof_record, "_version", lambda name: "9.9" if name == "nbgrader" else "1.0"
    )
    assert proof_digest(hw, "hw") != before
    assert "nbgrader" in _proof_record.GRADING_DISTRIBUTIONS


def test_a_changed_pmkit_file_changes_the_digest(
    hw: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "fake_pmkit"
    fake.mkdir()
    (fake / "__init__.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(_proof_record.pmkit, "__file__", str(fake / "__init__.py"))
    before = proof_digest(hw, "hw")
    (fake / "__init__.py").write_text("x = 2\n", encoding="utf-8")
    assert proof_digest(hw, "hw") != before


def test_what_the_wheel_leaves_out_of_pmkit_does_not_change_the_digest(
    hw: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "fake_pmkit"
    (fake / "lab" / "frontend" / "node_modules" / "left-pad").mkdir(parents=True)
    (fake / "__init__.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(_proof_record.pmkit, "__file__", str(fake / "__init__.py"))
    before = proof_digest(hw, "hw")
    # What `make labextension` leaves behind in a working checkout, absent from a clean clone.
    (fake / "lab" / "frontend" / "node_modules" / "left-pad" / "index.js").write_text("1")
    (fake / "lab" / "frontend" / "lib").mkdir()
    (fake / "lab" / "frontend" / "lib" / "index.js").write_text("2")
    assert proof_digest(hw, "hw") == before
    (fake / "lab" / "handler.py").write_text("y = 1\n", encoding="utf-8")  # shipped: counts
    assert proof_digest(hw, "hw") != before


def test_the_unshipped_folders_are_the_ones_the_wheel_excludes() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    excluded = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["exclude"]
    assert sorted(f"pmkit/{folder}" for folder in _proof_record.UNSHIPPED_PMKIT_FOLDERS) == sorted(
        excluded
    )


def test_a_stale_corrupt_or_old_record_is_not_used(hw: Course, tmp_path: Path) -> None:
    folder = tmp_path / "proofs"
    assert recall_proof(hw, "hw", folder) is None  # no record
    save_proof(a_proof(), folder, "0" * 64)
    assert recall_proof(hw, "hw", folder) is None  # another digest
    path = save_proof(a_proof(), folder, proof_digest(hw, "hw"))
    record = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**record, "format": 0}), encoding="utf-8")
    assert recall_proof(hw, "hw", folder) is None  # an older format
    path.write_text("{not json", encoding="utf-8")
    assert recall_proof(hw, "hw", folder) is None
    path.write_text(json.dumps({**record, "proof": {"nonsense": 1}}), encoding="utf-8")
    assert recall_proof(hw, "hw", folder) is None


def test_an_unsound_proof_is_never_recalled(hw: Course, tmp_path: Path) -> None:
    """A failure may come from the machine (a timeout): it is proved again, never replayed."""
    unsound = ExerciseProof(assignment="hw", leaks=["nb: a leaked line"])
    save_proof(unsound, tmp_path, proof_digest(hw, "hw"))
    assert recall_proof(hw, "hw", tmp_path) is None


@pytest.mark.slow
def test_prove_record_writes_a_record_the_suite_recalls(hw: Course, tmp_path: Path) -> None:
    generate_exercises(hw)
    folder = tmp_path / "proofs"
    result = CliRunner().invoke(
        main, ["exercises", "prove", "hw", "--course", str(hw.root), "--record", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "recorded" in result.output
    recalled = recall_proof(hw, "hw", folder)
    assert recalled is not None and recalled.sound
    assert [s.grade_id for s in recalled.solution_scores]

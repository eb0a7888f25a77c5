"""Proof records: a proof's findings saved with a digest of everything the proof depends on.

Proving an assignment runs nbgrader on its solution, its blank version, every question blanked
and every known mistake and valid alternative: minutes per assignment. The findings depend only
on the assignment's files (``solutions/<a>/``, ``exercises/<a>/``), the course's
``nbgrader_config.py`` and ``datasets/``, pmkit's own source and the versions of the packages
that grade (nbgrader, nbclient, pandas, DuckDB...). :func:`proof_digest` hashes all of these; a
record saved with :func:`save_proof` is reused by :func:`recall_proof` only while that digest is
unchanged, so any edit to a solution, a test, the data or pmkit makes the next run prove again.
Only sound proofs are reused. ``pmkit exercises prove --record DIR`` writes the records; the
test suite recalls them, and refreshes a stale one when it proves the assignment sound again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import pmkit
from pmkit.grading._course import Course
from pmkit.grading._nbgrader import CellScore
from pmkit.grading._prove import ExerciseProof, VariantOutcome, prove_exercise

RECORD_FORMAT = 1
"""Bumped when the record's layout changes: older records are then ignored."""

GRADING_DISTRIBUTIONS = (
    "nbgrader",
    "nbclient",
    "nbconvert",
    "nbformat",
    "jupyter_client",
    "ipykernel",
    "traitlets",
    "pandas",
    "numpy",
    "duckdb",
    "scipy",
    "statsmodels",
)
"""Packages whose versions can change a grade, so their versions are part of the digest."""

_SKIPPED_PARTS = frozenset({"__pycache__", ".ipynb_checkpoints", "node_modules"})

UNSHIPPED_PMKIT_FOLDERS = ("lab/frontend",)
"""Folders of ``pmkit/`` that the wheel leaves out (pyproject's ``exclude``), so no grade can
depend on them: the JupyterLab extension's TypeScript and whatever npm builds beside it
(``node_modules/``, ``lib/``, untracked). Hashing them made a checkout where ``make
labextension`` had run disagree with a clean clone."""


def _files(folder: Path, unshipped: Iterable[str] = ()) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    skipped = [folder / part for part in unshipped]
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not _SKIPPED_PARTS.intersection(path.parts)
        and path.suffix not in (".pyc", ".pyo")
        and not any(path.is_relative_to(prefix) for prefix in skipped)
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def proof_digest(course: Course, assignment: str) -> str:
    """Return a SHA-256 of everything a proof of ``assignment`` depends on.

    The assignment's source and release folders, the course's ``nbgrader_config.py`` and
    ``datasets/``, every file of the installed ``pmkit`` package (not the folders the wheel
    leaves out, :data:`UNSHIPPED_PMKIT_FOLDERS`), the Python version and the
    versions of :data:`GRADING_DISTRIBUTIONS`. Each file enters with its path relative to its
    root, so moving the course elsewhere keeps the digest.
    """
    return grading_digest(course, [assignment])


def grading_digest(course: Course, assignments: Iterable[str], extra: Iterable[Path] = ()) -> str:
    """Return a SHA-256 of what grading ``assignments`` depends on, plus the ``extra`` files.

    :func:`proof_digest` for one assignment; a test that grades several assignments with its
    own inputs (an attack corpus) passes them all and its input files as ``extra``.
    """
    digest = hashlib.sha256(f"pmkit proof record {RECORD_FORMAT}\n".encode())
    roots: list[tuple[str, Path, Iterable[str]]] = []
    for assignment in assignments:
        roots.append((f"solutions/{assignment}", course.solutions_dir / assignment, ()))
        roots.append((f"exercises/{assignment}", course.exercises_dir / assignment, ()))
    roots.append(("datasets", course.root / "datasets", ()))
    roots.append(("pmkit", Path(pmkit.__file__).resolve().parent, UNSHIPPED_PMKIT_FOLDERS))
    for label, root, unshipped in roots:
        for path in _files(root, unshipped):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for path in extra:
        digest.update(f"extra/{path.name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    config = course.root / "nbgrader_config.py"
    if config.is_file():
        digest.update(b"nbgrader_config.py\n" + config.read_bytes())
    versions = [f"python {sys.version_info.major}.{sys.version_info.minor}"]
    versions += [f"{name} {_version(name)}" for name in GRADING_DISTRIBUTIONS]
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()


def _record_path(folder: Path, assignment: str) -> Path:
    return folder / f"{assignment}.json"


def save_proof(proof: ExerciseProof, folder: Path, digest: str) -> Path:
    """Write ``proof`` with its ``digest`` to ``folder/<assignment>.json`` and return the path."""
    path = _record_path(folder, proof.assignment)
    return write_record(path, digest, dataclasses.asdict(proof))


def _proof_from(data: dict[str, Any]) -> ExerciseProof:
    fields = dict(data)
    fields["variants"] = [VariantOutcome(**v) for v in fields.get("variants", [])]
    fields["solution_scores"] = [CellScore(**s) for s in fields.get("solution_scores", [])]
    fields["questions"] = [tuple(q) for q in fields.get("questions", [])]
    return ExerciseProof(**fields)


def read_record(path: Path, digest: str) -> Any:
    """Return the ``proof`` payload of the record at ``path`` if its digest is ``digest``.

    None for a missing, unreadable or older-format record, or another digest.
    """
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        return None
    return record.get("proof") if record.get("digest") == digest else None


def write_record(path: Path, digest: str, payload: Any) -> Path:
    """Write ``payload`` (JSON data) with ``digest`` to ``path`` and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"format": RECORD_FORMAT, "digest": digest, "proof": payload}
    path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def recall_proof(course: Course, assignment: str, folder: Path) -> ExerciseProof | None:
    """Return the recorded proof of ``assignment`` if its digest is current and it is sound.

    A missing, unreadable or older-format record, one whose digest differs from
    :func:`proof_digest` now, or one of an unsound proof is not used (an unsound proof is
    always proved again, so a failure that came from the machine is never replayed).
    """
    payload = read_record(_record_path(folder, assignment), proof_digest(course, assignment))
    if payload is None:
        return None
    try:
        proof = _proof_from(payload)
    except (KeyError, TypeError):
        return None
    return proof if proof.sound else None


def proof_of(
    course: Course, assignment: str, folder: Path | None = None, *, record: bool = False
) -> ExerciseProof:
    """Return the recorded proof of ``assignment`` when current, else prove it now.

    With ``folder`` None the assignment is always proved. With ``record``, a fresh proof that
    is sound is saved to ``folder`` (as ``pmkit exercises prove --record`` does), so the next
    run recalls it.
    """
    if folder is not None:
        recalled = recall_proof(course, assignment, folder)
        if recalled is not None:
            return recalled
    digest = proof_digest(course, assignment)
    proof = prove_exercise(course, assignment)
    if folder is not None and record and proof.sound and proof_digest(course, assignment) == digest:
        save_proof(proof, folder, digest)
    return proof

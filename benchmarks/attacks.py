"""Benchmark: what each attack of the threat model scores, from plain nbgrader and from pmkit.

Every attack of tests/attack_corpus.py replaces every answer cell of every exercise (none of
them answers anything). The submissions are graded twice: by plain `nbgrader autograde`
(nbgrader's own Execute: the tests run in the learner's kernel, unsandboxed) and by
`pmkit cohort grade` (pmkit's trusted checker, sandboxed). The script prints, per attack, the
autograded points it gets from each, summed over all exercises, next to an honest blank's and
the solution's. Goal: every attack scores 0 with pmkit, as the blank does.

Plain nbgrader runs the attack code unsandboxed, with a private temporary folder.

Run from the repository root:  .venv/bin/python benchmarks/attacks.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests"))

from attack_corpus import ATTACKS, auto_points, slug, write_submissions  # noqa: E402
from parallel_grading import PLAIN  # noqa: E402

from pmkit.grading import Course, generate_exercises  # noqa: E402


def make_course(target: Path, *, plain: bool) -> Course:
    target.mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    (target / "nbgrader_config.py").write_text(config + (PLAIN if plain else ""))
    shutil.copytree(ROOT / "solutions", target / "solutions")
    course = Course(target)
    generate_exercises(course)
    write_submissions(course, ATTACKS)
    return course


def points_per_student(course: Course) -> dict[str, float]:
    """Autograded points per student, summed over every assignment."""
    totals: dict[str, float] = {}
    for (student, _), points in auto_points(course).items():
        totals[student] = totals.get(student, 0.0) + points
    return totals


def grade(course: Course, command: list[str], tmp: Path) -> float:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", TMPDIR=str(tmp))
    start = time.perf_counter()
    for assignment in course.assignments():
        subprocess.run([*command, assignment], cwd=course.root, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pmkit-bench-attacks-") as folder:
        tmp = Path(folder)
        plain = make_course(tmp / "plain", plain=True)
        ours = make_course(tmp / "pmkit", plain=False)
        (tmp / "scratch").mkdir()
        seconds_plain = grade(plain, [str(BIN / "nbgrader"), "autograde"], tmp / "scratch")
        seconds_ours = grade(ours, [str(BIN / "pmkit"), "cohort", "grade"], tmp / "scratch")
        before, after = points_per_student(plain), points_per_student(ours)
    possible = before.get("solution", 0.0)
    print(f"autograded points over all {len(Course(ROOT).assignments())} exercises")
    print(f"{'submission':<76} {'plain nbgrader':>14} {'pmkit':>6}")
    for label, student in [("the solution", "solution"), ("an honest blank", "blank")]:
        print(f"{label:<76} {before.get(student, 0):>14g} {after.get(student, 0):>6g}")
    for attack in ATTACKS:
        student = slug(attack)
        print(f"{attack:<76} {before.get(student, 0):>14g} {after.get(student, 0):>6g}")
    beaten = sum(before.get(slug(a), 0) > 0 for a in ATTACKS)
    held = all(after.get(slug(a), 0) == 0 for a in ATTACKS)
    print(
        f"{beaten} of {len(ATTACKS)} attacks score with plain nbgrader (of {possible:g} points); "
        f"with pmkit {'none does' if held else 'SOME DO'}. "
        f"Grading time: plain {seconds_plain:.0f} s, pmkit {seconds_ours:.0f} s."
    )


if __name__ == "__main__":
    main()

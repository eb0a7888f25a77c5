"""Benchmark: grading a cohort with `pmkit cohort grade` against serial `nbgrader autograde`.

Identical copies of the course get the same submissions of a real course exercise (by default
100: solved, half-solved and blank copies of 02_prioritization). The baseline is plain
`nbgrader autograde`: nbgrader's own Execute, one notebook at a time, unsandboxed, with the
tests in the learner's kernel (the course's configuration minus pmkit's TrustedExecute). The
same serial `nbgrader autograde` with the course's configuration (pmkit's trusted checker,
sandboxed) shows what trusted grading costs per notebook; `pmkit cohort grade`, with its default
number of workers (one more than the cores), grades in parallel with the trusted checker, one
warm checker per worker. The script prints the wall times, the ratios to the baseline, and
whether every student's score is the same in all gradebooks. Goal on a 2-core machine:
pmkit cohort grade at least 2.0x as fast as the baseline.

Run from the repository root:  .venv/bin/python benchmarks/parallel_grading.py [--submissions N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ASSIGNMENT = "02_prioritization"


PLAIN = """
# The benchmark's baseline: nbgrader's own default autograde steps (its Execute: the tests run
# in the kernel that ran the student's code).
from nbgrader.converters import Autograde

c.Autograde.autograde_preprocessors = Autograde.class_traits()["autograde_preprocessors"].default()
"""


def make_course(target: Path, *, plain: bool = False) -> None:
    target.mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    (target / "nbgrader_config.py").write_text(config + (PLAIN if plain else ""))
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, target / "solutions" / ASSIGNMENT)
    run([str(BIN / "pmkit"), "exercises", "generate"], target)


def submissions(course: Path, count: int) -> None:
    source = json.loads((ROOT / "solutions" / ASSIGNMENT / "prioritization.ipynb").read_text())
    answers = {
        c["metadata"]["nbgrader"]["grade_id"]: c["source"]
        for c in source["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"
    }
    release = (course / "exercises" / ASSIGNMENT / "prioritization.ipynb").read_text()
    for i in range(count):
        notebook = json.loads(release)
        solved = len(answers) if i % 3 == 0 else (len(answers) // 2 if i % 3 == 1 else 0)
        for cell in notebook["cells"]:
            gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if gid in list(answers)[:solved]:
                cell["source"] = answers[gid]
        folder = course / "submitted" / f"s{i:03d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "prioritization.ipynb").write_text(json.dumps(notebook))


def run(command: list[str], cwd: Path) -> float:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def scores(course: Path) -> dict[str, float]:
    code = (
        "import json, sys; from nbgrader.api import Gradebook; "
        f"gb = Gradebook('sqlite:///{course}/.nbgrader/gradebook.db'); "
        "print(json.dumps({s.student_id: s.score for s in "
        f"gb.assignment_submissions('{ASSIGNMENT}')}}))"
    )
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True
    )
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None, help="default: pmkit's own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmkit-bench-grading-") as tmp:
        plain, serial, parallel = (Path(tmp) / n for n in ("plain", "serial", "parallel"))
        for course in (plain, serial, parallel):
            make_course(course, plain=course == plain)
            submissions(course, args.submissions)
        baseline = run([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], plain)
        trusted = run([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], serial)
        workers = ["--workers", str(args.workers)] if args.workers else []
        ours = run([str(BIN / "pmkit"), "cohort", "grade", ASSIGNMENT, *workers], parallel)
        same = scores(plain) == scores(serial) == scores(parallel)
        graded = len(scores(parallel))
    from pmkit.grading._parallel import default_workers

    count = args.workers or default_workers()
    print(
        f"{args.submissions} submissions of {ASSIGNMENT}, {count} workers, {os.cpu_count()} cores"
    )
    n = args.submissions
    rows = [
        ("plain nbgrader autograde (serial, baseline)", baseline, ""),
        ("nbgrader autograde, trusted checker (serial)", trusted, f"{baseline / trusted:.2f}x"),
        ("pmkit cohort grade (parallel, trusted)", ours, f"{baseline / ours:.2f}x"),
    ]
    for label, seconds, ratio in rows:
        print(f"{label:<46} {seconds:7.1f} s  ({seconds / n:.2f} s each)  {ratio}")
    print(f"goal: pmkit cohort grade >= 2.00x the baseline on 2 cores: {baseline / ours:.2f}x")
    print(f"{graded} graded; scores identical in all three: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()

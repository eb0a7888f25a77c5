"""Benchmark: grading a cohort with `pmkit cohort grade` against serial `nbgrader autograde`.

Two identical copies of the course get the same submissions of a real course exercise (by
default 100: solved, half-solved and blank copies of 02_prioritization). One is graded by plain
`nbgrader autograde` (one notebook at a time), the other by `pmkit cohort grade` with its default
number of workers (one more than the cores). The script prints both wall times, the ratio, and
whether every student's score is the same in both gradebooks. Goal on a 2-core machine: ratio
>= 1.8 (2 is the limit).

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


def make_course(target: Path) -> None:
    target.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", target)
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
        serial, parallel = Path(tmp) / "serial", Path(tmp) / "parallel"
        for course in (serial, parallel):
            make_course(course)
            submissions(course, args.submissions)
        baseline = run([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], serial)
        workers = ["--workers", str(args.workers)] if args.workers else []
        ours = run([str(BIN / "pmkit"), "cohort", "grade", ASSIGNMENT, *workers], parallel)
        same = scores(serial) == scores(parallel)
        graded = len(scores(parallel))
    from pmkit.grading._parallel import default_workers

    count = args.workers or default_workers()
    print(
        f"{args.submissions} submissions of {ASSIGNMENT}, {count} workers, {os.cpu_count()} cores"
    )
    each = baseline / args.submissions
    print(f"nbgrader autograde (serial): {baseline:7.1f} s  ({each:.2f} s each)")
    print(f"pmkit cohort grade:          {ours:7.1f} s  ({ours / args.submissions:.2f} s each)")
    print(
        f"ratio {baseline / ours:.2f}x (goal: >= 1.80x on 2 cores); "
        f"{graded} graded; scores identical: {'yes' if same else 'NO'}"
    )


if __name__ == "__main__":
    main()

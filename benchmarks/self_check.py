"""Benchmark: `pmkit check` against the baseline `nbgrader validate`, on the same notebooks.

Both are run as a learner runs them, as commands (process start included), on the blank student
version and on a solved copy of every exercise, several times each in one run; the script prints
the median wall times and the ratio baseline / pmkit. Goal: pmkit check takes at most half the
time of nbgrader validate (ratio >= 2), while it also runs the hidden tests that validate does not.

Run from the repository root:  .venv/bin/python benchmarks/self_check.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def solved_copy(release: Path, source: Path, target: Path) -> Path:
    """The student version with the solution's answer cells filled in."""
    answers = {
        c["metadata"].get("nbgrader", {}).get("grade_id"): c["source"]
        for c in json.loads(source.read_text())["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"
    }
    notebook = json.loads(release.read_text())
    for cell in notebook["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
    target.write_text(json.dumps(notebook))
    return target


def timed(command: list[str]) -> float:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per tool and notebook")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pmkit-bench-") as tmp:
        for release in sorted((ROOT / "exercises").glob("*/*.ipynb")):
            source = ROOT / "solutions" / release.parent.name / release.name
            blank = Path(shutil.copy(release, Path(tmp) / f"blank-{release.name}"))
            solved = solved_copy(release, source, Path(tmp) / f"solved-{release.name}")
            for label, notebook in (("blank", blank), ("solved", solved)):
                tools = {
                    "nbgrader validate": [str(BIN / "nbgrader"), "validate", str(notebook)],
                    "pmkit check": [str(BIN / "pmkit"), "check", str(notebook)],
                }
                timed(tools["pmkit check"])  # warm the file cache once, untimed
                medians = {
                    name: statistics.median(timed(cmd) for _ in range(args.repeat))
                    for name, cmd in tools.items()
                }
                rows.append((f"{release.parent.name}/{release.stem} ({label})", medians))
    print(f"median wall time of {args.repeat} runs per cell, on {os.cpu_count()} cores")
    print(f"{'notebook':<46} {'nbgrader validate':>18} {'pmkit check':>12} {'ratio':>7}")
    for name, medians in rows:
        base, ours = medians["nbgrader validate"], medians["pmkit check"]
        print(f"{name:<46} {base:>17.2f}s {ours:>11.2f}s {base / ours:>6.2f}x")
    worst = min(m["nbgrader validate"] / m["pmkit check"] for _, m in rows)
    print(f"worst ratio {worst:.2f}x (goal: >= 2.00x, pmkit check at most half the time)")


if __name__ == "__main__":
    main()

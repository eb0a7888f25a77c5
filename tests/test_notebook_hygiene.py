"""Committed notebooks are clean sources: no outputs, a python3 kernel, data only from pmkit.

Lessons (notebooks/) and solutions (solutions/) are executed top to bottom by nbval in the same
test run (see [tool.pytest.ini_options] in pyproject.toml); this file checks what is committed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p.relative_to(ROOT)
    for folder in ("notebooks", "solutions", "exercises")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


def test_there_are_notebooks() -> None:
    assert any(p.parts[0] == "notebooks" for p in NOTEBOOKS)
    assert any(p.parts[0] == "solutions" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_committed_without_outputs_and_with_the_python3_kernel(path: Path) -> None:
    notebook = json.loads((ROOT / path).read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    with_output = [
        i
        for i, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not with_output, f"cells {with_output} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_reads_no_network_and_no_files_outside_pmkit(path: Path) -> None:
    notebook = json.loads((ROOT / path).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    forbidden = re.compile(r"https?://|read_csv\(|read_parquet\(|open\(|requests\.|urllib")
    assert not forbidden.search(code), forbidden.search(code)

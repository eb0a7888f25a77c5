"""Shared fixtures: a scratch course with the real nbgrader_config.py and an empty solutions/."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from nbfactory import ROOT

from pmkit.grading import Course


@pytest.fixture
def course(tmp_path: Path) -> Course:
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    (tmp_path / "solutions").mkdir()
    return Course(tmp_path)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, so fixtures can save artifacts on failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report

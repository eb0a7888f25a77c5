"""Shared fixtures: a scratch course with the real nbgrader_config.py and an empty solutions/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nbfactory import ROOT

from pmkit.grading import Course


@pytest.fixture
def course(tmp_path: Path) -> Course:
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    (tmp_path / "solutions").mkdir()
    return Course(tmp_path)

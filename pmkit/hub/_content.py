"""What each account of a cohort hub may read: lessons for learners, the course for the grader.

* ``content/`` (root-owned, readable by all): the lessons (``notebooks/``), the datasets and the
  learners' nbgrader configuration. Nothing with an answer in it.
* Each learner's home gets a writable copy of the lessons the first time their server starts
  (:func:`copy_lessons`, the hub's pre-spawn hook); exercises arrive through nbgrader's exchange.
* The grader's home holds the course folder: ``solutions/`` (nbgrader's source, hidden tests
  included), ``exercises/`` and the course's nbgrader configuration pointed at the hub's
  gradebook. Only the grader can read it (0700).
* The exchange: its root is 1777 as nbgrader requires (it resets any other mode on release),
  and the course's own folders are made in advance, owned by the grader with nbgrader's modes,
  so no learner can claim the course's name first.
"""

from __future__ import annotations

import pwd
import shutil
from pathlib import Path
from typing import Any

from pmkit.hub._accounts import own
from pmkit.hub._config import grader_nbgrader_config, learner_nbgrader_config
from pmkit.hub._errors import HubError
from pmkit.hub._settings import HubSettings

LESSONS = "lessons"
# nbgrader's modes for a course's exchange folders (exchange/default/release_assignment.py and
# release_feedback.py): outbound readable by all, inbound writable but not listable (setgid),
# feedback reachable only by the hashed name of a submission.
_EXCHANGE_MODES = {"": 0o755, "outbound": 0o755, "inbound": 0o2733, "feedback": 0o711}


def install_content(settings: HubSettings, project_root: Path) -> None:
    """Write ``content/``: the lessons, the datasets and the learners' nbgrader configuration."""
    content = settings.content_dir
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    _copy(project_root / "notebooks", content / "notebooks")
    _copy(project_root / "datasets", content / "datasets")
    (content / "jupyter").mkdir()
    (content / "jupyter" / "nbgrader_config.py").write_text(
        learner_nbgrader_config(settings), encoding="utf-8"
    )
    _readable_by_all(content)


def install_course(settings: HubSettings, project_root: Path, gradebook_url: str) -> None:
    """Write the grader's course folder, pointed at the hub's gradebook and exchange."""
    course = settings.course_dir
    course.mkdir(parents=True, exist_ok=True)
    for folder in ("solutions", "exercises"):
        if (course / folder).exists():
            shutil.rmtree(course / folder)
        _copy(project_root / folder, course / folder)
    config = (project_root / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(
        grader_nbgrader_config(config, settings, gradebook_url), encoding="utf-8"
    )
    own([course], settings.grader)
    course.chmod(0o700)
    (course / "nbgrader_config.py").chmod(0o600)


def prepare_exchange(settings: HubSettings) -> None:
    """Make the exchange root (1777) and the course's folders in it, owned by the grader."""
    root = settings.exchange_root
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o1777)
    grader = pwd.getpwnam(settings.grader)
    for name, mode in _EXCHANGE_MODES.items():
        folder = root / settings.course_id / name if name else root / settings.course_id
        folder.mkdir(exist_ok=True)
        shutil.chown(folder, grader.pw_uid, grader.pw_gid)
        folder.chmod(mode)


def copy_lessons(content_dir: Path, spawner: Any) -> None:
    """Give a learner their own copy of the lessons, the first time their server starts.

    JupyterHub's pre-spawn hook (it runs in the hub, as root). An existing ``~/lessons`` is
    left alone: it holds the learner's work.
    """
    account = pwd.getpwnam(spawner.user.name)
    target = Path(account.pw_dir) / LESSONS
    if target.exists():
        return
    _copy(content_dir / "notebooks", target)
    own([target], spawner.user.name)


def _copy(source: Path, target: Path) -> None:
    if not source.is_dir():
        raise HubError(f"{source} does not exist: run pmkit hub init from the course checkout")
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".nbgrader"),
    )


def _readable_by_all(top: Path) -> None:
    for path in [top, *top.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)

"""Collect submissions downloaded from an LMS into ``submitted/``, with nbgrader's zip_collect.

nbgrader's ``ZipCollectApp`` does the work (extract the archives into
``downloaded/<assignment>/extracted/``, match each file name, copy each student's newest files
into ``submitted/<student>/<assignment>/`` with a ``timestamp.txt``). pmkit adds what an
instructor of a large cohort needs around it:

- file-name patterns for the common cases (``plain`` and ``canvas``), matched against the file's
  name rather than its whole path;
- a student id from a file name is checked like a roster id, so a crafted name such as
  ``..__prioritization.ipynb`` cannot write outside ``submitted/``;
- a file that is not a notebook of the assignment is skipped with that reason;
- every file is accounted for: collected, replaced by a newer copy, or skipped with the reason;
  two copies of one notebook without timestamps stop the collection (nothing is written) with a
  message naming both files.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pmkit.grading._course import Course, CourseError
from pmkit.grading._nbgrader import _ensure_tools_on_path
from pmkit.grading._roster import check_student_id

NAMING: dict[str, str] = {
    "plain": (
        r"^(?P<student_id>[^_/]+)__"
        r"(?:(?P<timestamp>\d{4}-\d{2}-\d{2}T\d{2}-?\d{2}-?\d{2})__)?"
        r"(?P<file_id>[^/]+)\.ipynb$"
    ),
    "canvas": (
        r"^(?P<student_id>[A-Za-z0-9]+)_(?:LATE_|late_)?\d+_\d+_(?P<file_id>.+?)(?:-\d+)?\.ipynb$"
    ),
}
"""File-name patterns by name. ``plain``: ``STUDENT__NOTEBOOK.ipynb`` or
``STUDENT__2026-03-01T12-00-00__NOTEBOOK.ipynb`` (a timestamp lets a newer copy replace an
older one). ``canvas``: Canvas's bulk download, ``smithjane_12345_67890_NOTEBOOK.ipynb`` (with
``LATE_`` for late work and ``-1`` for a renamed resubmission); the student id is Canvas's
login-style name, which must match the roster's ids."""


@dataclass
class CollectResult:
    """What a collection did with each file."""

    collected: dict[str, list[str]] = field(default_factory=dict)
    """Student id -> the notebooks now in ``submitted/<student>/<assignment>/``."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file name, reason) for each file left out."""
    duplicates: list[str] = field(default_factory=list)
    """One note per notebook handed in more than once: the newest copy is the one collected."""


def _collector_class() -> Any:
    from nbgrader.plugins.zipcollect import FileNameCollectorPlugin

    class SafeFileNameCollector(FileNameCollectorPlugin):  # type: ignore[misc]
        """nbgrader's file-name collector, matching names only and refusing unsafe ids."""

        notebooks: ClassVar[set[str]] = set()
        skipped: ClassVar[list[tuple[str, str]]] = []
        seen: ClassVar[dict[tuple[str, str], list[tuple[str, str]]]] = {}

        def collect(self, submitted_file: str) -> dict[str, Any] | None:
            name = os.path.basename(submitted_file)
            if not name.endswith(".ipynb"):
                self.skipped.append((name, "not a notebook (.ipynb)"))
                return None
            match = re.match(self.named_regexp, name)
            if match is None:
                self.skipped.append((name, f"the name does not match {self.named_regexp!r}"))
                return None
            info = match.groupdict()
            try:
                check_student_id(info.get("student_id", ""))
            except ValueError as err:
                self.skipped.append((name, str(err)))
                return None
            notebook = os.path.splitext(info["file_id"])[0] + ".ipynb"
            if notebook not in self.notebooks:
                known = ", ".join(sorted(self.notebooks))
                self.skipped.append((name, f"{notebook} is not a notebook of it (it has {known})"))
                return None
            copies = self.seen.setdefault((info["student_id"], notebook), [])
            stamp = info.get("timestamp") or ""
            if copies and not (stamp and all(s for s, _ in copies)):
                raise CourseError(
                    f"two copies of {notebook} from {info['student_id']} and no timestamp on "
                    f"each to choose the newer: {copies[0][1]} and {name}; remove one and "
                    "collect again (nothing was written)"
                )
            copies.append((stamp, name))
            return info

    return SafeFileNameCollector


def collect_submissions(
    course: Course, assignment: str, files: list[Path], *, naming: str = "plain"
) -> CollectResult:
    """Collect LMS downloads (zip archives or notebooks) of ``assignment`` into ``submitted/``.

    ``naming`` is a key of :data:`NAMING` or a regular expression with the named groups
    ``student_id`` and ``file_id`` (and optionally ``timestamp``), matched against file names.
    The files are copied to ``downloaded/<assignment>/archive/`` first (replacing what an
    earlier collection left there). Raises :class:`CourseError` with the reason when the
    collection cannot be done; then nothing is written to ``submitted/``.
    """
    from nbgrader.apps.zipcollectapp import ZipCollectApp
    from nbgrader.coursedir import CourseDirectory

    course.check_assignment(assignment)
    regexp = NAMING.get(naming, naming)
    try:
        pattern = re.compile(regexp)
    except re.error as err:
        raise CourseError(f"naming {naming!r} is not a valid regular expression: {err}") from None
    missing = {"student_id", "file_id"} - set(pattern.groupindex)
    if missing:
        raise CourseError(f"naming {naming!r} lacks the named group(s) {sorted(missing)}")
    for file in files:
        if not file.is_file():
            raise CourseError(f"no such file to collect: {file}")

    archive = course.root / "downloaded" / assignment / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    archive.mkdir(parents=True)
    for file in files:
        shutil.copy2(file, archive / file.name)

    collector = _collector_class()
    collector.notebooks = {p.name for p in (course.exercises_dir / assignment).glob("*.ipynb")}
    collector.skipped = []
    collector.seen = {}
    config = course.nbgrader_config()
    config.FileNameCollectorPlugin.named_regexp = regexp
    config.ExtractorPlugin.force = True
    _ensure_tools_on_path()
    app = ZipCollectApp(config=config)
    app.coursedir = CourseDirectory(config=config)
    app.coursedir.assignment_id = assignment
    app.collector_plugin = collector
    app.force = True
    notes = _LogNotes()
    app.log.addHandler(notes)
    try:
        app.init_plugins()
        app.extract_archive_files()
        app.process_extracted_files()
    except SystemExit:
        raise CourseError(
            "nbgrader's zip_collect failed: " + ("; ".join(notes.errors) or "no reason given")
        ) from None
    finally:
        app.log.removeHandler(notes)

    result = CollectResult(skipped=sorted(collector.skipped))
    for (student, notebook), copies in sorted(collector.seen.items()):
        if len(copies) > 1:
            newest = max(copies)[1]
            older = ", ".join(sorted(n for _, n in copies if n != newest))
            result.duplicates.append(
                f"{student}: {notebook} handed in {len(copies)} times; collected the newest, "
                f"{newest} (not {older})"
            )
    students = {key[0] for key in collector.seen}
    for student in sorted(students):
        folder = course.root / "submitted" / student / assignment
        result.collected[student] = sorted(p.name for p in folder.glob("*.ipynb"))
    return result


class _LogNotes(logging.Handler):
    """Keep nbgrader's error lines."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(record.getMessage())

"""What every ``pmkit`` command shares: the console, the course option and the exit-code rule.

Exit status, for every command: **0** when it did what was asked and found nothing wrong; **1**
when it ran and found problems in its input (a question that fails, a submission that could not
be graded, a file skipped, feedback withheld, an exercise not sound, a roster row refused);
**2** when it cannot run (no course here, an unknown assignment, a file that is not one of the
course's notebooks, no sandbox, a notebook that stops, an empty gradebook) or was called wrongly
(click's usage errors). :func:`exit_codes` maps the library's "cannot run" errors to 2, so a
command only raises :class:`ProblemsFound` after printing what it found.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from pmkit.grading import (
    Course,
    CourseError,
    GradingError,
    NotebookError,
    NotebookStopped,
    SandboxUnavailable,
)
from pmkit.hub import HubError

console = Console()
"""Where commands print their tables and summaries."""

CANNOT_RUN: tuple[type[Exception], ...] = (
    CourseError,
    NotebookError,
    NotebookStopped,
    GradingError,
    SandboxUnavailable,
    HubError,
)
"""The library's errors that mean a command cannot run: exit status 2."""

F = TypeVar("F", bound=Callable[..., Any])


class ProblemsFound(click.ClickException):
    """The command ran and found problems in its input (exit status 1).

    The command has printed what it found; a message, if given, is printed after it.
    """

    exit_code = 1

    def __init__(self, message: str = "") -> None:
        super().__init__(message)

    def show(self, file: Any = None) -> None:
        if self.message:
            super().show(file)


class CannotRun(click.ClickException):
    """The command cannot run here (exit status 2); the message says why."""

    exit_code = 2


def exit_codes(func: F) -> F:
    """Run a command under the exit-code rule: the :data:`CANNOT_RUN` errors exit with 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CANNOT_RUN as err:
            raise CannotRun(str(err)) from None

    return wrapper  # type: ignore[return-value]


def find_course(root: Path | None) -> Course:
    """Return the course at ``root``, or the one containing the working directory."""
    return Course.find(root)


root_option = click.option(
    "--course",
    "root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The course folder (default: the one containing the working directory).",
)


def gradebook_url(root: Path | None, db_url: str | None) -> str:
    """Return ``db_url``, or the course's gradebook URL from its nbgrader configuration."""
    return db_url or str(find_course(root).nbgrader_config().CourseDirectory.db_url)

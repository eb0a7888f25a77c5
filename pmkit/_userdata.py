r"""The learner's own data folder: where pmkit keeps what a learner records, outside the course.

Everything a learner saves (the interview practice log, self-assessments, the outreach tracker,
case studies) lives in one folder chosen the same way everywhere, so a ``git pull`` of the course
never touches it and one setting moves all of it:

1. an explicit ``path`` argument, when a function is given one;
2. else the folder named by the environment variable ``PMKIT_DATA_DIR`` (tests and the lessons
   point it at a temporary folder; a shared machine can point it at a private one);
3. else the user data folder from ``platformdirs``: ``~/.local/share/pmkit`` on Linux,
   ``~/Library/Application Support/pmkit`` on macOS, ``%LOCALAPPDATA%\pmkit`` on Windows.

Nothing here creates a folder or a file; the functions that write create what they need.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "PMKIT_DATA_DIR"
"""The environment variable that moves the learner's data folder."""


def data_dir(path: str | Path | None = None) -> Path:
    """Return the folder that holds the learner's data (nothing is created).

    In order: ``path`` if given; else ``$PMKIT_DATA_DIR``; else the ``platformdirs`` user data
    folder for ``pmkit``.

    >>> data_dir("/tmp/my-pmkit").as_posix()
    '/tmp/my-pmkit'
    """
    if path is not None:
        if not isinstance(path, (str, Path)) or not str(path):
            raise ValueError(f"path must be a folder name (str or Path); got {path!r}")
        return Path(path).expanduser()
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return _platform_data_dir()


def data_file(filename: str, path: str | Path | None = None) -> Path:
    """Return where the data file ``filename`` lives (nothing is created).

    ``path`` may name the file itself (anything with a suffix that is not an existing folder,
    such as ``"~/mine.sqlite3"``) or a folder to hold ``filename``; without it the file is
    ``filename`` in :func:`data_dir`.

    >>> data_file("practice.sqlite3", "/tmp/elsewhere").name
    'practice.sqlite3'
    >>> data_file("practice.sqlite3", "/tmp/mine.sqlite3").name
    'mine.sqlite3'
    """
    if not isinstance(filename, str) or not filename or "/" in filename or "\\" in filename:
        raise ValueError(f"filename must be a plain file name; got {filename!r}")
    if path is not None:
        chosen = data_dir(path)
        return chosen / filename if chosen.is_dir() or not chosen.suffix else chosen
    return data_dir() / filename


def _platform_data_dir() -> Path:
    try:
        import platformdirs
    except ImportError:  # pragma: no cover - platformdirs comes with Jupyter
        return Path.home() / ".local" / "share" / "pmkit"
    return platformdirs.user_data_path("pmkit", appauthor=False)

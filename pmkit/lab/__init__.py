"""pmkit in JupyterLab: the "Check this exercise" command and the server route behind it.

The JupyterLab extension (``pmkit-check``, built from ``frontend/`` into ``labextension/``)
adds a command to the notebook toolbar and the command palette that saves the notebook and
asks this server extension to check it; the route runs ``pmkit check --json`` on the saved
file, in a process of its own, exactly as a learner would in a terminal (on a cohort hub it
therefore goes to the course's check service), and returns the same report. Both are
installed with pmkit and enabled by ``jupyter_server_config.d/pmkit.json``.
"""

from __future__ import annotations

from typing import Any

__all__: list[str] = []


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "pmkit.lab"}]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "pmkit-check"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from pmkit.lab._handlers import add_handlers

    add_handlers(serverapp.web_app)

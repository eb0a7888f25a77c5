"""The server route of the "Check this exercise" command: ``POST <base_url>pmkit/check``.

The body is ``{"path": "<notebook path, relative to the server's root>"}``. The answer is
``{"status": 0 or 1, "report": <pmkit check --json>}`` when the notebook was checked (0: every
autograded question passes), or ``{"status": 2, "error": "<why it could not be checked>"}``.
A path that is not a notebook under the server's root is a 400 naming the path.

A check runs ``pmkit check`` in a process of its own, at most :data:`CONCURRENT_CHECKS` at once
per server (more wait their turn), each for at most :data:`CHECK_TIMEOUT` seconds: a check
still running then is stopped and answered with a 504 saying so. A check whose client goes
away (the page closed, the connection dropped) is stopped too.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

ROUTE = "pmkit/check"
"""The route, under the server's base URL."""

CHECK_TIMEOUT = 900.0
"""Seconds one check may run. Generous: a check runs every cell with the tests (60 s a cell at
most), and on a hub waits for the course's check service (10 minutes at most)."""

CONCURRENT_CHECKS = 2
"""Checks one server runs at once; another waits for one of them to end."""

_SLOTS = "pmkit_check_slots"
"""The key of the server's :class:`asyncio.Semaphore` of checks in its tornado settings."""

_ERROR_LINES = 12


class CheckHandler(APIHandler):
    """Check a saved notebook with ``pmkit check --json``, run as a separate process."""

    _check: asyncio.Task[dict[str, Any]] | None = None
    _client_gone = False

    @web.authenticated
    async def post(self) -> None:
        body = self.get_json_body() or {}
        path = body.get("path") if isinstance(body, dict) else None
        if not isinstance(path, str) or not path.endswith(".ipynb"):
            raise web.HTTPError(400, f"path should be a notebook's path (.ipynb), not {path!r}")
        root = Path(self.contents_manager.root_dir).resolve()
        notebook = (root / path).resolve()
        if not notebook.is_relative_to(root) or not notebook.is_file():
            raise web.HTTPError(400, f"path {path!r} is not a notebook under the server's root")
        self._check = asyncio.ensure_future(
            check_saved_notebook(notebook, root, slots=self.settings[_SLOTS], timeout=CHECK_TIMEOUT)
        )
        try:
            answer = await self._check
        except asyncio.CancelledError:
            if self._client_gone:  # the check was stopped, and nobody waits for an answer
                return
            raise
        except TimeoutError:
            raise web.HTTPError(
                504,
                f"pmkit check of {path!r} ran for more than {CHECK_TIMEOUT:g} s and was stopped "
                "(a cell that never ends, such as an endless loop or input(), keeps it running)",
            ) from None
        self.finish(json.dumps(answer))

    def on_connection_close(self) -> None:
        """Stop the check when its client goes away."""
        self._client_gone = True
        if self._check is not None:
            self._check.cancel()
        super().on_connection_close()


async def check_saved_notebook(
    notebook: Path,
    cwd: Path,
    *,
    slots: asyncio.Semaphore | None = None,
    timeout: float = CHECK_TIMEOUT,
) -> dict[str, Any]:
    """Run ``pmkit check --json notebook`` in ``cwd``; return the route's answer (see above).

    With ``slots``, the check first waits for one of them. A check still running after
    ``timeout`` seconds is stopped and raises TimeoutError; one cancelled is stopped too.
    """
    # -I: the installed pmkit, never a pmkit/ folder that happens to sit in the server's root
    command = [
        sys.executable,
        "-I",
        "-c",
        "from pmkit.cli import main; main()",
        "check",
        "--json",
        str(notebook),
    ]
    async with slots or asyncio.Semaphore():  # a semaphore of its own: no wait
        status, out, err = await run_stopping(command, cwd, timeout)
    if status in (0, 1):
        try:
            return {"status": status, "report": json.loads(out)}
        except ValueError:
            pass
    text = err.decode(errors="replace").strip() or out.decode(errors="replace").strip()
    lines = [line.removeprefix("Error: ") for line in text.splitlines()[-_ERROR_LINES:]]
    return {"status": 2, "error": "\n".join(lines) or f"pmkit check stopped (status {status})"}


async def run_stopping(command: list[str], cwd: Path, timeout: float) -> tuple[int, bytes, bytes]:
    """Run ``command`` in ``cwd``; return its exit status, output and error output.

    The command runs in a process group of its own. After ``timeout`` seconds it raises
    TimeoutError, and when the caller is cancelled it is cancelled; either way the group is
    killed first (what the command started in it with it, such as a sandbox; a notebook's
    kernel ends when the process that started it does).
    """
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
    return process.returncode if process.returncode is not None else -1, out, err


def add_handlers(web_app: Any) -> None:
    """Add the route to a Jupyter server's tornado application, with its slots for checks."""
    base_url = web_app.settings["base_url"]
    web_app.settings[_SLOTS] = asyncio.Semaphore(CONCURRENT_CHECKS)
    web_app.add_handlers(".*$", [(url_path_join(base_url, ROUTE), CheckHandler)])

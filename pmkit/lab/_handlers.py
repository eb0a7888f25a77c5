"""The server route of the "Check this exercise" command: ``POST <base_url>pmkit/check``.

The body is ``{"path": "<notebook path, relative to the server's root>"}``. The answer is
``{"status": 0 or 1, "report": <pmkit check --json>}`` when the notebook was checked (0: every
autograded question passes), or ``{"status": 2, "error": "<why it could not be checked>"}``.
A path that is not a notebook under the server's root is a 400 naming the path.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

ROUTE = "pmkit/check"
"""The route, under the server's base URL."""

_ERROR_LINES = 12


class CheckHandler(APIHandler):
    """Check a saved notebook with ``pmkit check --json``, run as a separate process."""

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
        self.finish(json.dumps(await check_saved_notebook(notebook, root)))


async def check_saved_notebook(notebook: Path, cwd: Path) -> dict[str, Any]:
    """Run ``pmkit check --json notebook`` in ``cwd``; return the route's answer (see above)."""
    # -I: the installed pmkit, never a pmkit/ folder that happens to sit in the server's root
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-I",
        "-c",
        "from pmkit.cli import main; main()",
        "check",
        "--json",
        str(notebook),
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    status = process.returncode
    if status in (0, 1):
        try:
            return {"status": status, "report": json.loads(out)}
        except ValueError:
            pass
    text = err.decode(errors="replace").strip() or out.decode(errors="replace").strip()
    lines = [line.removeprefix("Error: ") for line in text.splitlines()[-_ERROR_LINES:]]
    return {"status": 2, "error": "\n".join(lines) or f"pmkit check stopped (status {status})"}


def add_handlers(web_app: Any) -> None:
    """Add the route to a Jupyter server's tornado application."""
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [(url_path_join(base_url, ROUTE), CheckHandler)])

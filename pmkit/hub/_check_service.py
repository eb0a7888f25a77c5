"""The course's check service: a learner's self-check on the hub, run where the tests live.

Learners' servers hold no hidden test, model answer or solution, so ``pmkit check`` on the hub
sends the saved notebook here. The hub runs this service as the grader account, in the course
folder; it runs the same trusted check as ``pmkit check`` does off the hub (the learner's code in
the sandbox, every test decided by the checker) and answers with the same per-question report:
points, pass or fail, the failure's message and the hint, never test code or expected values.

Only the hub's users with ``access:services!service=<course>-check`` (the course's learners and
staff) get in; each request carries the learner's own API token. ``python -m
pmkit.hub._check_service`` is the command the hub starts (``JUPYTERHUB_SERVICE_URL`` and
``JUPYTERHUB_SERVICE_PREFIX`` come from the hub).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jupyterhub.services.auth import HubAuthenticated  # type: ignore[import-untyped]
from tornado import web
from tornado.log import app_log, enable_pretty_logging

from pmkit.grading import Course, CourseError, GradingError, NotebookStopped, check_notebook

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
"""The largest notebook the service takes (a learner's notebook with its outputs)."""
WORKERS = 2
"""Checks run at once; more wait their turn (each runs a kernel and the checker)."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,120}\.ipynb$")


def check_submitted(
    course: Course, name: str, notebook: object, timeout: int = 60
) -> dict[str, Any]:
    """Check one learner's notebook; return ``{"status": 0|1|2, "report"|"error": ...}``.

    Status as ``pmkit check`` exits: 0 every autograded question passes, 1 one fails, 2 the
    notebook cannot be checked (the error says why, as the command would).
    """
    if not _NAME.match(name):
        return {"status": 2, "error": f"{name!r} is not a notebook file name (NAME.ipynb)"}
    if not isinstance(notebook, dict):
        return {"status": 2, "error": f"{name} is not a notebook (a JSON object)"}
    with tempfile.TemporaryDirectory(prefix="pmkit-check-service-") as folder:
        path = Path(folder) / name
        path.write_text(json.dumps(notebook), encoding="utf-8")
        try:
            report = check_notebook(path, course, timeout=timeout)
        except (CourseError, NotebookStopped, GradingError) as err:
            return {"status": 2, "error": f"could not check {name}: {err}"}
    data = report.to_dict()
    data["notebook"] = name
    return {"status": 0 if report.passed else 1, "report": data}


class _CheckHandler(HubAuthenticated, web.RequestHandler):  # type: ignore[misc]
    def initialize(self, course: Course, executor: ThreadPoolExecutor) -> None:
        self.course = course
        self.executor = executor

    @web.authenticated
    async def post(self) -> None:
        if len(self.request.body) > MAX_NOTEBOOK_BYTES:
            raise web.HTTPError(413, f"a notebook may be at most {MAX_NOTEBOOK_BYTES} bytes")
        try:
            payload = json.loads(self.request.body)
            name, notebook = str(payload["name"]), payload["notebook"]
        except (ValueError, KeyError, TypeError):
            raise web.HTTPError(400, 'send {"name": "NAME.ipynb", "notebook": {...}}') from None
        user = self.current_user["name"]
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            self.executor, check_submitted, self.course, name, notebook
        )
        app_log.info("checked %s for %s: status %s", name, user, result["status"])
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(result))


def make_app(course: Course, prefix: str) -> web.Application:
    """Return the service's web application, answering ``POST {prefix}check``."""
    executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pmkit-check")
    return web.Application(
        [(f"{prefix.rstrip('/')}/check", _CheckHandler, {"course": course, "executor": executor})]
    )


async def _serve() -> None:
    enable_pretty_logging()
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    app = make_app(Course.find(Path.cwd()), os.environ["JUPYTERHUB_SERVICE_PREFIX"])
    app.listen(url.port or 80, url.hostname or "127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    # the hub stops its services with SIGINT: a stop, not an error
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve())

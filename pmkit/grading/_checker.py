"""The grader's side of the trusted checker: start it, reset it, run instructor cells in it.

A :class:`Checker` owns one checker process (``pmkit.grading._checker_process``), started
through the sandbox launcher when a launch command is given. It never receives learner code:
only the instructor's cells and the learner's answers as data. A checker holds nothing between
notebooks but imported modules (each notebook starts from :meth:`Checker.reset`), so a grading
worker keeps one warm and reuses it for every submission.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmkit.grading._checker_process import _HEADER, MAX_FRAME, ProtocolError
from pmkit.grading._wire import dumps

STARTUP_TIMEOUT = 60.0
CHECKER_ARGV = ["-m", "pmkit.grading._checker_process"]

CallHandler = Callable[[str, dict[str, Any]], dict[str, Any]]
"""Runs a learner's function in the learner's kernel: (name, arguments) -> reply."""


class CheckerError(RuntimeError):
    """The checker could not run a cell: it timed out, died, or could not start."""


class CheckerTimeout(CheckerError):
    """A cell ran longer than its time limit in the checker (the checker was stopped)."""


@dataclass
class CheckerRun:
    """What running one instructor cell in the checker produced."""

    outputs: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    """``ename``, ``evalue``, ``traceback`` and, for a failed check, ``check`` (label, message,
    hint) when the cell raised."""


class Checker:
    """One trusted checker process. ``launch`` wraps its command in the sandbox (or ``None``)."""

    def __init__(self, launch: Callable[[list[str]], list[str]] | None = None) -> None:
        self._launch = launch
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._folder: Path | None = None
        self.started = 0

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> None:
        """Start the process (returns at once; the first request waits for it)."""
        self.close()
        self._folder = Path(tempfile.mkdtemp(prefix="pmkit-checker-"))
        command = [sys.executable, "-I", *CHECKER_ARGV]
        if self._launch is not None:
            command = self._launch(command)
        with (self._folder / "checker.log").open("wb") as log:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=self._folder,
                env=_environment(),
            )
        self._buffer = b""
        self.started += 1

    @property
    def running(self) -> bool:
        """True while the process runs."""
        return self._process is not None and self._process.poll() is None

    def reset(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Start afresh for the next notebook (starting the process if it is not running)."""
        if not self.running:
            self.start()
        reply = self._request({"op": "reset"}, timeout, None)
        if reply.get("op") != "ready":
            raise CheckerError(f"the checker did not reset: {reply}")

    def close(self) -> None:
        """Stop the process."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(Exception):
                process.kill()
                process.wait(timeout=10)
            for stream in (process.stdin, process.stdout):
                with contextlib.suppress(Exception):
                    stream.close()  # type: ignore[union-attr]
        if self._folder is not None:
            import shutil

            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---------------------------------------------------------------- requests
    def run(
        self,
        code: str,
        *,
        name: str,
        timeout: float,
        answers: dict[str, Any] | None = None,
        label: str = "",
        hint: str = "",
        on_call: CallHandler | None = None,
    ) -> CheckerRun:
        """Run one instructor cell with the learner's answers (as :mod:`_wire` entries).

        Time spent in the learner's kernel (calls of the learner's functions) does not count
        against ``timeout``. Raises :class:`CheckerTimeout` (after stopping the checker) when
        the cell runs longer, and :class:`CheckerError` when the checker dies.
        """
        request = {
            "op": "run",
            "name": name,
            "code": code,
            "answers": answers or {},
            "label": label,
            "hint": hint,
        }
        reply = self._request(request, timeout, on_call)
        if reply.get("op") != "done":
            raise CheckerError(f"unexpected reply from the checker: {reply.get('op')!r}")
        outputs = reply.get("outputs")
        error = reply.get("error")
        return CheckerRun(
            outputs if isinstance(outputs, list) else [], error if isinstance(error, dict) else None
        )

    def _request(
        self, message: dict[str, Any], timeout: float, on_call: CallHandler | None
    ) -> dict[str, Any]:
        process = self._process
        if process is None or process.stdin is None:
            raise CheckerError("the checker is not running")
        data = dumps(message).encode()
        try:
            process.stdin.write(_HEADER.pack(len(data)) + data)
            process.stdin.flush()
        except OSError as err:
            raise CheckerError(self._died(f"could not send to the checker ({err})")) from None
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("op") != "call":
                return reply
            paused = time.monotonic()
            if on_call is None:
                answer: dict[str, Any] = {"error": "no learner kernel to call"}
            else:
                answer = on_call(str(reply.get("name")), reply)
            deadline += time.monotonic() - paused
            data = dumps({"op": "reply", **answer}).encode()
            try:
                process.stdin.write(_HEADER.pack(len(data)) + data)
                process.stdin.flush()
            except OSError as err:
                raise CheckerError(self._died(f"could not answer the checker ({err})")) from None

    def _read(self, deadline: float) -> dict[str, Any]:
        import json

        process = self._process
        assert process is not None and process.stdout is not None
        descriptor = process.stdout.fileno()
        while True:
            if len(self._buffer) >= _HEADER.size:
                (size,) = _HEADER.unpack(self._buffer[: _HEADER.size])
                if size > MAX_FRAME:
                    raise ProtocolError(f"a reply of {size} bytes is over the limit")
                end = _HEADER.size + size
                if len(self._buffer) >= end:
                    frame, self._buffer = self._buffer[_HEADER.size : end], self._buffer[end:]
                    reply = json.loads(frame)
                    if not isinstance(reply, dict):
                        raise ProtocolError("a reply is not a JSON object")
                    return reply
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise CheckerTimeout("the tests ran longer than their time limit")
            ready, _, _ = select.select([descriptor], [], [], remaining)
            if ready:
                chunk = os.read(descriptor, 1 << 20)
                if not chunk:
                    raise CheckerError(self._died("the checker stopped"))
                self._buffer += chunk

    def _died(self, what: str) -> str:
        from pmkit.grading._sandbox import sandbox_failure

        log = ""
        if self._folder is not None and (self._folder / "checker.log").exists():
            log = (self._folder / "checker.log").read_text(errors="replace")
        self.close()
        failure = sandbox_failure(log)
        if failure:
            return failure
        last = [line for line in log.splitlines() if line.strip()][-3:]
        return what + (": " + " | ".join(last) if last else "")


def _environment() -> dict[str, str]:
    """Return the checker's environment: the grader's, with matplotlib on a non-GUI backend."""
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env.pop("JPY_PARENT_PID", None)
    return env

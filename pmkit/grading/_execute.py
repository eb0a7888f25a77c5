"""The learner's kernel: an ipykernel that runs learner code, sandboxed, over Unix sockets.

A small runner on jupyter_client rather than nbclient: the grading engine drives the kernel cell
by cell, between cells asks it for the answers a test needs, and calls the learner's functions in
it; nbclient's whole-notebook loop does not fit, and its import of nbformat pulls in jsonschema,
which costs more than a second before any kernel starts.

**Transport.** The kernel listens on Unix sockets in a private folder of its own (jupyter_client's
``ipc`` transport) that the sandbox binds writable; the sandboxed kernel has no network at all.
An earlier version of the course moved nbgrader's kernels back to TCP because "with Unix-socket
kernels, a cell that loops forever is not stopped at the timeout". The root cause was not the
sockets: the kernel manager class configured for nbgrader (``c.Execute.kernel_manager_class``)
subclassed jupyter_client's *blocking* ``KernelManager``, whose client is a
``BlockingKernelClient``. nbclient runs a cell as two asyncio tasks (wait for the reply, collect
the outputs, with the timeout on the first); a blocking ``get_iopub_msg`` inside the second task
blocks the event loop, so the timeout never fires. Measured with nbclient 0.10 and an infinite
loop under a 3 s timeout: the blocking manager hangs on TCP as on Unix sockets; an
``AsyncKernelManager`` on Unix sockets is interrupted on time (4.0 s). This runner is
synchronous and owns its loop, so it never runs a blocking client inside an event loop.

Each kernel gets a fresh socket folder: a shared base path let one kernel take another's socket
files while the other was shutting down ("Invalid Signature").
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmkit.grading._course import cell_source

KERNEL_STARTUP_TIMEOUT = 60
MAX_STREAM_CHARS = 100_000
"""Printed output kept per cell; the rest is dropped, so an output flood cannot fill memory."""
MAX_RICH_OUTPUTS = 50
"""Displays (tables, plots) kept per cell."""
MAX_MESSAGE_BYTES = 512 * 1024 * 1024
"""The largest message accepted from a kernel: a bigger one closes the connection."""
PROBE_SECONDS = 2.0
"""After this long without a word from a running cell, the kernel is asked over its control
channel whether it still works (a healthy kernel answers at once, even mid-cell). A kernel that
does not answer within :data:`PROBE_WAIT_SECONDS`, and used almost no CPU meanwhile, is stuck
(its own machinery is broken) and is stopped; a kernel that is computing (a long C call holds
Python's lock, so it cannot answer) is left to its time limit."""
PROBE_WAIT_SECONDS = 3.0
STUCK_CPU_SECONDS = 0.5
KERNEL_ARGV = ["-m", "ipykernel_launcher", "-f", "{connection_file}"]
KERNEL_OPTIONS = ["--HistoryManager.hist_file=:memory:"]
PLAIN_OUTPUTS = ["--DisplayFormatter.active_types=['text/plain']"]
"""For a run whose outputs nobody reads (a self-check): displays are computed as plain text
only, so a plot is never rendered to an image nor a table to HTML."""


class KernelStartError(RuntimeError):
    """The kernel did not start; the message says why (a sandbox error, a timeout)."""


@dataclass
class CellRun:
    """What running one code cell produced."""

    error: tuple[str, str] | None = None
    """(exception name, message) when the cell raised, timed out or lost its kernel."""
    outputs: list[dict[str, Any]] = field(default_factory=list)
    """Outputs in nbformat's shape: stream, display_data, execute_result, error."""
    payloads: list[Any] = field(default_factory=list)
    """Data published under the grading MIME type (the answers), not shown as outputs."""

    @property
    def streams(self) -> list[tuple[str, str]]:
        """(stream name, text) pairs: "stdout" or "stderr"."""
        return [(o["name"], o["text"]) for o in self.outputs if o["output_type"] == "stream"]


class LearnerKernel:
    """One ipykernel in ``workdir``, started through the sandbox launcher when given a command.

    ``launch`` turns the kernel command into the command that starts it (the sandbox); ``None``
    runs the kernel directly. ``payload_mime`` is the MIME type of displays kept as payloads
    rather than outputs; ``plain_outputs`` computes displays as plain text only. Use as a
    context manager, or call :meth:`start` and :meth:`close`.
    """

    def __init__(
        self,
        workdir: Path,
        launch: Any = None,
        *,
        payload_mime: str = "",
        plain_outputs: bool = False,
    ) -> None:
        self.workdir = workdir
        self._options = KERNEL_OPTIONS + (PLAIN_OUTPUTS if plain_outputs else [])
        self._launch = launch
        self._mime = payload_mime
        self._folder = Path(tempfile.mkdtemp(prefix="pmkit-kernel-"))
        self._log = self._folder / "kernel.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._info: dict[str, Any] = {}
        self._context: Any = None
        self._client: Any = None
        self._count = 0
        self.started_at = 0.0

    def __enter__(self) -> LearnerKernel:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the kernel (returns at once; :meth:`wait_ready` waits for it).

        The kernel process is spawned before jupyter_client is even imported: the connection
        file (Unix sockets in this kernel's private folder, a fresh signing key) is written
        here, and the client attaches to it in :meth:`wait_ready`.
        """
        import json
        import os
        import secrets

        self._info = {
            "transport": "ipc",
            "ip": str(self._folder / "k"),
            "shell_port": 1,
            "iopub_port": 2,
            "stdin_port": 3,
            "control_port": 4,
            "hb_port": 5,
            "key": secrets.token_hex(32),
            "signature_scheme": "hmac-sha256",
            "kernel_name": "pmkit-grading",
        }
        connection = self._folder / "connection.json"
        connection.touch(mode=0o600)
        connection.write_text(json.dumps(self._info))
        command = [sys.executable, *KERNEL_ARGV, *self._options]
        command[command.index("{connection_file}")] = str(connection)
        if self._launch is not None:
            command = self._launch(command)
        # The kernel watches this process (ipykernel exits when its parent does; in the sandbox
        # bubblewrap's --die-with-parent does that job).
        env = dict(os.environ, JPY_PARENT_PID=str(os.getpid()))
        self.started_at = time.monotonic()
        with self._log.open("wb") as log:
            self._process = subprocess.Popen(
                command,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=env,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = KERNEL_STARTUP_TIMEOUT) -> None:
        """Wait until the kernel answers; raise :class:`KernelStartError` if it does not."""
        import zmq
        from jupyter_client.blocking.client import BlockingKernelClient

        context = zmq.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        self._context = context
        self._client = BlockingKernelClient(context=context)
        self._client.load_connection_info(self._info)
        self._client.start_channels(hb=False)
        deadline = time.monotonic() + timeout
        asked, request = 0.0, ""
        while time.monotonic() < deadline:
            if not self.alive():
                raise KernelStartError(self._why_not_started("the kernel process exited"))
            if time.monotonic() - asked > 2:
                request, asked = self._client.kernel_info(), time.monotonic()
            try:
                reply = self._client.get_shell_msg(timeout=0.1)
            except queue.Empty:
                continue
            if reply.get("parent_header", {}).get("msg_id") == request:
                return
        raise KernelStartError(self._why_not_started(f"no answer within {timeout:g} s"))

    def _why_not_started(self, fallback: str) -> str:
        from pmkit.grading._sandbox import sandbox_failure

        log = self._log.read_text(errors="replace") if self._log.exists() else ""
        return sandbox_failure(log) or f"the kernel did not start: {fallback}"

    def alive(self) -> bool:
        """Tell whether the kernel process still runs."""
        return self._process is not None and self._process.poll() is None

    def exit_status(self) -> int | None:
        """Return the kernel process's exit status once it has stopped (``None`` before)."""
        return None if self._process is None else self._process.poll()

    def _signal(self, signum: int) -> None:
        import os

        if self.alive():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signum)  # type: ignore[union-attr]

    def run(self, source: str, timeout: float, *, record: bool = True) -> CellRun:
        """Run code; wait at most ``timeout`` seconds, then interrupt it (``TimeoutError``).

        ``record`` keeps outputs; grading requests (answers, calls) run with ``record=False``
        and only their payloads are kept. A kernel that dies gives ``DeadKernelError``.
        """
        run = CellRun()
        if not self.alive():
            run.error = ("DeadKernelError", "the kernel had already stopped")
            return run
        if record:
            self._count += 1
        msg_id = self._client.execute(source, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        heard, cpu = time.monotonic(), self._cpu_seconds()
        while True:
            remaining = deadline - time.monotonic()
            if time.monotonic() - heard > PROBE_SECONDS and remaining > 0:
                if not self._responds() and self._cpu_seconds() - cpu < STUCK_CPU_SECONDS:
                    self._stop()
                    run.error = (
                        "DeadKernelError",
                        "the kernel stopped responding (the cell broke Python itself, for "
                        "example by replacing a builtin), so it was stopped",
                    )
                    run.outputs.append(_error_output(*run.error))
                    return run
                heard, cpu = time.monotonic(), self._cpu_seconds()
            if remaining <= 0:
                self._signal(signal.SIGINT)
                run.error = ("TimeoutError", f"the cell ran longer than {timeout:g} seconds")
                run.outputs.append(_error_output(*run.error))
                self._drain_until_idle(msg_id, 10)
                return run
            try:
                message = self._client.get_iopub_msg(timeout=min(remaining, 1.0))
            except queue.Empty:
                if not self.alive():
                    run.error = ("DeadKernelError", "the kernel stopped while running this cell")
                    run.outputs.append(_error_output(*run.error))
                    return run
                continue
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            heard, cpu = time.monotonic(), self._cpu_seconds()
            if self._handle(run, message, record):
                return run

    def _handle(self, run: CellRun, message: dict[str, Any], record: bool) -> bool:
        """Record one message of a cell's run; True when the cell has finished."""
        kind, content = message["msg_type"], message["content"]
        if kind == "status":
            return bool(content.get("execution_state") == "idle")
        if kind in ("display_data", "update_display_data") and self._mime:
            data = content.get("data", {})
            if self._mime in data:
                run.payloads.append(data[self._mime])
                return False
        if not record:
            return False
        if kind == "stream":
            _append_stream(run, content.get("name", "stdout"), str(content.get("text", "")))
        elif kind == "error":
            if run.error is None:
                run.error = (str(content.get("ename")), str(content.get("evalue")))
            run.outputs.append(
                _error_output(
                    str(content.get("ename")), str(content.get("evalue")), content.get("traceback")
                )
            )
        elif kind in ("display_data", "execute_result"):
            rich = sum(o["output_type"] != "stream" for o in run.outputs)
            if rich < MAX_RICH_OUTPUTS:
                output = {
                    "output_type": kind,
                    "data": content.get("data", {}),
                    "metadata": content.get("metadata", {}),
                }
                if kind == "execute_result":
                    output["execution_count"] = self._count
                run.outputs.append(output)
        return False

    def _responds(self) -> bool:
        """Ask the kernel over its control channel whether its machinery still works."""
        message = self._client.session.msg("kernel_info_request")
        self._client.control_channel.send(message)
        deadline = time.monotonic() + PROBE_WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                reply = self._client.get_control_msg(timeout=0.5)
            except queue.Empty:
                if not self.alive():
                    return False
                continue
            if reply.get("parent_header", {}).get("msg_id") == message["header"]["msg_id"]:
                return True
        return False

    def _cpu_seconds(self) -> float:
        """CPU time used so far by the kernel's processes (``inf`` when it cannot be read)."""
        return float("inf") if self._process is None else process_tree_cpu(self._process.pid)

    def _stop(self) -> None:
        """Kill the kernel (and the sandbox around it) and reap it."""
        self._signal(signal.SIGKILL)
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=10)

    def _drain_until_idle(self, msg_id: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                message = self._client.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                if not self.alive():
                    return
                continue
            parent = message.get("parent_header", {}).get("msg_id")
            state = message["content"].get("execution_state")
            if parent == msg_id and message["msg_type"] == "status" and state == "idle":
                return

    @property
    def execution_count(self) -> int:
        """How many recorded cells have run."""
        return self._count

    def close(self) -> None:
        """Stop the kernel and remove its sockets."""
        with contextlib.suppress(Exception):
            if self._client is not None:
                self._client.stop_channels()
        self._stop()
        with contextlib.suppress(Exception):
            if self._context is not None:
                self._context.destroy(linger=0)
        shutil.rmtree(self._folder, ignore_errors=True)


def process_tree_cpu(pid: int) -> float:
    """Return the CPU seconds a process and its live descendants have used (Linux /proc).

    Returns ``inf`` where /proc cannot tell, so a caller never mistakes "unknown" for "idle".
    """
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    total, pending, seen = 0.0, [pid], set()
    try:
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
    except (OSError, ValueError, IndexError):
        return float("inf")
    return total


def _append_stream(run: CellRun, name: str, text: str) -> None:
    kept = sum(len(o["text"]) for o in run.outputs if o["output_type"] == "stream")
    if kept >= MAX_STREAM_CHARS:
        return
    cut = text[: MAX_STREAM_CHARS - kept]
    if kept + len(text) > MAX_STREAM_CHARS:
        cut += f"\n[output cut at {MAX_STREAM_CHARS:,} characters]\n"
    last = run.outputs[-1] if run.outputs else None
    if last is not None and last["output_type"] == "stream" and last["name"] == name:
        last["text"] += cut
    else:
        run.outputs.append({"output_type": "stream", "name": name, "text": cut})


def _error_output(ename: str, evalue: str, traceback: Any = None) -> dict[str, Any]:
    lines = [str(line) for line in traceback] if isinstance(traceback, list) else []
    return {
        "output_type": "error",
        "ename": ename,
        "evalue": evalue,
        "traceback": lines or [f"{ename}: {evalue}"],
    }


def run_cells(sources: list[str | None], workdir: Path, timeout: float) -> list[CellRun]:
    """Run code cells in order in one fresh, unsandboxed kernel; ``None`` entries are skipped."""
    runs: list[CellRun] = []
    with LearnerKernel(workdir) as kernel:
        kernel.wait_ready()
        for source in sources:
            runs.append(kernel.run(source, timeout) if source and source.strip() else CellRun())
    return runs


def code_sources(notebook: dict[str, Any]) -> list[str | None]:
    """Each cell's source for code cells, ``None`` for the others."""
    return [cell_source(c) if c.get("cell_type") == "code" else None for c in notebook["cells"]]

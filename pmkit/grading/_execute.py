"""Running notebooks for pmkit's own checks (exercise proofs and self-checks).

A small runner on jupyter_client rather than nbclient: pmkit needs only each cell's errors and
streams, and nbclient's import of nbformat pulls in jsonschema, which costs more than a second
before any kernel starts (measured: 1.5 s of a 4 s self-check). The kernel runs in ``workdir``
on jupyter_client's default TCP transport, like nbgrader's (inside nbgrader, Unix-socket kernels
were not stopped at the cell timeout); its own log output is discarded (what the code prints
arrives as messages), and it is killed when the run ends.
"""

from __future__ import annotations

import copy
import queue
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmkit.grading._course import cell_source

KERNEL_STARTUP_TIMEOUT = 60
MAX_STREAM_CHARS = 100_000
"""Printed output kept per cell; the rest is dropped, so an output flood cannot fill memory."""


@dataclass
class CellRun:
    """What running one code cell produced."""

    error: tuple[str, str] | None = None
    """(exception name, message) when the cell raised, timed out or lost its kernel."""
    streams: list[tuple[str, str]] = field(default_factory=list)
    """(stream name, text) pairs: "stdout" or "stderr"."""


def run_cells(
    sources: list[str | None], workdir: Path, timeout: float, kernel_name: str = "python3"
) -> list[CellRun]:
    """Run code cells in order in one fresh kernel; ``None`` entries (non-code) are skipped.

    Each cell may run ``timeout`` seconds; a cell that runs longer is interrupted and recorded
    as a ``TimeoutError``. If the kernel dies (``os._exit``, a crash, memory exhaustion), that
    cell and every later one are recorded as ``DeadKernelError`` and the run ends.
    """
    import subprocess

    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name=kernel_name)
    # ipykernel logs "running over TCP without encryption" on its stderr; the cell's own output
    # comes over the IOPub channel, so the kernel process's streams are not needed.
    manager.start_kernel(cwd=str(workdir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = manager.client()
    client.start_channels()
    runs: list[CellRun] = []
    try:
        client.wait_for_ready(timeout=KERNEL_STARTUP_TIMEOUT)
        dead = False
        for source in sources:
            if source is None or not source.strip():
                runs.append(CellRun())
                continue
            if dead:
                runs.append(CellRun(error=("DeadKernelError", "the kernel had already stopped")))
                continue
            run = _run_one(manager, client, source, timeout)
            dead = run.error is not None and run.error[0] == "DeadKernelError"
            runs.append(run)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return runs


def _run_one(manager: Any, client: Any, source: str, timeout: float) -> CellRun:
    run = CellRun()
    msg_id = client.execute(source, store_history=False, allow_stdin=False)
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            manager.interrupt_kernel()
            run.error = ("TimeoutError", f"the cell ran longer than {timeout:g} seconds")
            _drain_until_idle(client, msg_id, 10)
            return run
        try:
            message = client.get_iopub_msg(timeout=min(remaining, 1.0))
        except queue.Empty:
            if not manager.is_alive():
                run.error = ("DeadKernelError", "the kernel stopped while running this cell")
                return run
            continue
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            kept = sum(len(text) for _, text in run.streams)
            if kept < MAX_STREAM_CHARS:
                text = content["text"][: MAX_STREAM_CHARS - kept]
                if kept + len(content["text"]) > MAX_STREAM_CHARS:
                    text += f"\n[output cut at {MAX_STREAM_CHARS:,} characters]\n"
                run.streams.append((content["name"], text))
        elif kind == "error" and run.error is None:
            run.error = (content["ename"], content["evalue"])
        elif kind == "status" and content["execution_state"] == "idle":
            return run


def _drain_until_idle(client: Any, msg_id: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            message = client.get_iopub_msg(timeout=0.5)
        except queue.Empty:
            continue
        parent = message.get("parent_header", {}).get("msg_id")
        state = message["content"].get("execution_state")
        if parent == msg_id and message["msg_type"] == "status" and state == "idle":
            return


def execute_notebook(notebook: dict[str, Any], workdir: Path, timeout: int) -> dict[str, Any]:
    """Run a notebook (raw JSON) in a fresh kernel in ``workdir``; return a copy with outputs.

    Errors do not stop the run: each cell's error and streams are recorded in its outputs in
    nbformat's shape (``error`` and ``stream`` outputs). ``timeout`` is per cell, in seconds.
    """
    executed = copy.deepcopy(notebook)
    cells = executed["cells"]
    sources = [cell_source(c) if c.get("cell_type") == "code" else None for c in cells]
    for cell, run in zip(cells, run_cells(sources, workdir, timeout), strict=True):
        if cell.get("cell_type") != "code":
            continue
        outputs: list[dict[str, Any]] = [
            {"output_type": "stream", "name": name, "text": text} for name, text in run.streams
        ]
        if run.error is not None:
            outputs.append(
                {
                    "output_type": "error",
                    "ename": run.error[0],
                    "evalue": run.error[1],
                    "traceback": [],
                }
            )
        cell["outputs"] = outputs
    return executed

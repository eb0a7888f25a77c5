"""The JupyterLab extension: its recorded source digest is current and its build is installed.

The command itself is driven in Chromium by tests/test_browser.py (the report dialog, saving
before the check, the route's refusals) and on the hub by tests/test_hub.py (the route answers
from the course's check service). Here, without a server: the route's check stops when it runs
too long or its request is cancelled, and a server runs few checks at once.
"""

from __future__ import annotations

import asyncio
import json
import os
import runpy
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbfactory import ROOT, make_notebook

from pmkit.lab import _handlers

LAB = ROOT / "pmkit" / "lab"
BUILD = LAB / "labextension"


def test_the_recorded_source_digest_matches_the_current_sources() -> None:
    """The digest of pmkit/lab/frontend's sources equals the one recorded beside the build.

    That shows `digest.py --write` ran on these sources, which `make labextension` does after
    building; it does not prove the committed JavaScript was built from them (the digest can be
    written without a build). The build itself is exercised in Chromium (tests/test_browser.py).
    """
    digest = runpy.run_path(str(LAB / "frontend" / "digest.py"))["source_digest"]()
    recorded = (BUILD / "source-digest.txt").read_text().strip()
    assert digest == recorded, (
        "pmkit/lab/frontend changed since pmkit/lab/labextension was built: run make labextension "
        "(it needs npm) and commit the build"
    )


def test_the_build_names_files_that_exist() -> None:
    package = json.loads((BUILD / "package.json").read_text())
    assert package["name"] == "pmkit-check"
    assert (BUILD / package["jupyterlab"]["_build"]["load"]).is_file()
    assert (BUILD / "schemas" / "pmkit-check" / "plugin.json").is_file()
    toolbar = json.loads((BUILD / "schemas" / "pmkit-check" / "plugin.json").read_text())
    assert toolbar["jupyter.lab.toolbars"]["Notebook"][0]["command"] == "pmkit:check-notebook"


def test_the_environment_has_the_current_build_and_the_server_extension_enabled() -> None:
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "pmkit-check"
    assert (installed / "package.json").read_text() == (BUILD / "package.json").read_text(), (
        "the environment's pmkit-check is not the repository's build: run make setup"
    )
    config = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "pmkit.json"
    assert json.loads(config.read_text())["ServerApp"]["jpserver_extensions"] == {"pmkit.lab": True}
    import pmkit.lab

    assert pmkit.lab._jupyter_server_extension_points() == [{"module": "pmkit.lab"}]
    assert (LAB / pmkit.lab._jupyter_labextension_paths()[0]["src"]).resolve() == BUILD


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def _wait_gone(pids: list[int], seconds: float = 5) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(map(_running, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if _running(pid)]


# A process that starts a child of its own (as pmkit check starts a sandbox), writes both pids
# to the file given, and sleeps.
_PARENT_AND_CHILD = (
    "import subprocess, sys, time; "
    "child = subprocess.Popen(['sleep', '60']); "
    "open(sys.argv[1], 'w').write(f'{__import__(\"os\").getpid()} {child.pid}'); "
    "time.sleep(60)"
)


async def _pids_from(path: Path) -> list[int]:
    while not path.exists() or len(path.read_text().split()) < 2:
        await asyncio.sleep(0.02)
    return [int(pid) for pid in path.read_text().split()]


def test_a_check_that_runs_too_long_is_stopped_with_what_it_started(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    command = [sys.executable, "-c", _PARENT_AND_CHILD, str(pids_file)]

    async def run() -> None:
        await _handlers.run_stopping(command, tmp_path, timeout=1)

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        asyncio.run(run())
    assert time.monotonic() - started < 10
    pids = [int(pid) for pid in pids_file.read_text().split()]
    assert len(pids) == 2
    assert _wait_gone(pids) == []


def test_a_cancelled_check_is_stopped_with_what_it_started(tmp_path: Path) -> None:
    """The route cancels the check when its client goes away (the page closed)."""
    pids_file = tmp_path / "pids"
    command = [sys.executable, "-c", _PARENT_AND_CHILD, str(pids_file)]

    async def run() -> list[int]:
        check = asyncio.ensure_future(_handlers.run_stopping(command, tmp_path, timeout=60))
        pids = await asyncio.wait_for(_pids_from(pids_file), 20)
        check.cancel()
        with pytest.raises(asyncio.CancelledError):
            await check
        return pids

    pids = asyncio.run(run())
    assert _wait_gone(pids) == []


def test_a_check_that_ends_in_time_answers_with_its_output(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; print('out'); sys.exit('err')"]
    status, out, err = asyncio.run(_handlers.run_stopping(command, tmp_path, timeout=30))
    assert (status, out, err) == (1, b"out\n", b"err\n")


def test_the_route_runs_a_real_check_within_its_time_limit(tmp_path: Path) -> None:
    """pmkit check on a notebook whose first cell sleeps: stopped, pmkit check and all."""
    notebook = make_notebook()
    notebook.cells.insert(0, nbformat.v4.new_code_cell("import time\ntime.sleep(60)"))
    slow = tmp_path / "slow.ipynb"
    nbformat.write(notebook, slow)
    lone = tmp_path / "lone.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), lone)

    answer = asyncio.run(_handlers.check_saved_notebook(lone, tmp_path, timeout=60))
    assert answer["status"] == 2 and "lone.ipynb" in answer["error"]  # not an exercise
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        asyncio.run(_handlers.check_saved_notebook(slow, tmp_path, timeout=3))
    assert time.monotonic() - started < 15
    # no pmkit check of that notebook is left running
    left = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and proc.name != str(os.getpid()):
            try:
                if str(slow).encode() in (proc / "cmdline").read_bytes():
                    left.append(int(proc.name))
            except OSError:
                continue
    assert _wait_gone(left) == []


def test_a_server_runs_at_most_its_slots_of_checks_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running, most = 0, 0

    async def fake_run(command: list[str], cwd: Path, timeout: float) -> tuple[int, bytes, bytes]:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.05)
        running -= 1
        return 2, b"", b"Error: not an exercise"

    monkeypatch.setattr(_handlers, "run_stopping", fake_run)
    notebook = tmp_path / "x.ipynb"

    async def burst(slots: asyncio.Semaphore | None) -> list[dict[str, Any]]:
        checks = [_handlers.check_saved_notebook(notebook, tmp_path, slots=slots) for _ in range(5)]
        return await asyncio.gather(*checks)

    answers = asyncio.run(burst(asyncio.Semaphore(_handlers.CONCURRENT_CHECKS)))
    assert most == _handlers.CONCURRENT_CHECKS == 2
    assert answers == [{"status": 2, "error": "not an exercise"}] * 5
    most = 0
    asyncio.run(burst(None))
    assert most == 5  # without slots, all at once: the cap is the semaphore's

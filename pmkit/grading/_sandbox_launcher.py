"""Start one grading kernel inside the sandbox: the program behind the grading kernel spec.

Run by jupyter_client as ``python _sandbox_launcher.py POLICY.json -- KERNEL ARGV...`` (by path,
so it imports nothing from pmkit and starts in milliseconds). It reads the policy that
:mod:`pmkit.grading._sandbox` wrote, then runs the kernel command:

- inside bubblewrap (``bwrap``), when the policy says so: the whole filesystem read-only, the
  policy's hidden paths replaced by empty folders, a private ``/tmp`` and home, and only the
  kernel's working directory (the notebook's folder) writable; its own PID and IPC namespaces;
- with an address-space limit (``RLIMIT_AS``) when the policy sets ``memory_bytes``;
- for at most ``wall_seconds``: past that, the kernel is killed and the reason is written to the
  policy's ``reason_dir`` for the grader to report.

SIGINT is ignored here and by bwrap (the disposition is inherited), so jupyter_client's
interrupt, which signals the whole process group, reaches only the kernel, which handles it
(a timed-out cell is interrupted, not the kernel killed). SIGTERM is passed on to the kernel.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

MPL_CACHE_FILES = ("fontlist-v390.json", "fontlist-v330.json")


def bwrap_argv(policy: dict[str, Any], workdir: str, command: list[str]) -> list[str]:
    """Return the bubblewrap command line that runs ``command`` under ``policy``."""
    home = "/tmp/home"
    argv = [policy["bwrap"], "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    argv += ["--tmpfs", "/tmp", "--dir", home]
    real_home = os.path.expanduser("~")
    if real_home not in ("/", ""):
        # The grader's home (keys, tokens, other kernels' connection files) is hidden.
        argv += ["--tmpfs", real_home]
    # What the kernel needs from under a hidden folder (the course, Python itself, when they
    # live under /tmp or the home folder) comes back read-only; the secrets inside the course
    # are hidden again just below.
    for path in policy["readable"]:
        if os.path.exists(path):
            argv += ["--ro-bind", path, path]
    for path in policy["hidden"]:
        if os.path.isdir(path):
            argv += ["--tmpfs", path]
        elif os.path.exists(path):
            argv += ["--ro-bind", "/dev/null", path]
    for name in MPL_CACHE_FILES:
        cached = os.path.join(policy.get("mpl_cache", ""), name)
        if policy.get("mpl_cache") and os.path.isfile(cached):
            argv += ["--ro-bind", cached, f"{home}/.matplotlib/{name}"]
    argv += ["--bind", workdir, workdir]
    for path in policy.get("bind_readonly", []):
        argv += ["--ro-bind", path, path]
    argv += ["--chdir", workdir, "--setenv", "HOME", home]
    argv += ["--setenv", "MPLCONFIGDIR", f"{home}/.matplotlib", "--setenv", "TMPDIR", "/tmp"]
    # In its own PID namespace the kernel's parent is PID 1, which ipykernel reads as "the
    # parent has exited" when it polls JPY_PARENT_PID; --die-with-parent does that job instead.
    argv += ["--unsetenv", "JPY_PARENT_PID"]
    argv += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--"]
    return argv + command


def _connection_file(command: list[str]) -> str | None:
    for flag, value in itertools.pairwise(command):
        if flag in ("-f", "--f"):
            return value
    return None


def _record(policy: dict[str, Any], reason: str) -> None:
    folder = Path(policy["reason_dir"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{os.getpid()}.json").write_text(json.dumps({"reason": reason}))


def main(argv: list[str]) -> int:
    """Run the kernel command after ``--`` under the policy file given first; return its status."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: _sandbox_launcher.py POLICY.json -- KERNEL ARGV...", file=sys.stderr)
        return 2
    policy: dict[str, Any] = json.loads(Path(argv[0]).read_text())
    command = argv[2:]
    workdir = os.getcwd()
    if policy.get("sandbox"):
        connection = _connection_file(command)
        policy["bind_readonly"] = [connection] if connection else []
        command = bwrap_argv(policy, workdir, command)
    memory = policy.get("memory_bytes")

    def limit() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The kernel process's own output is ipykernel's start-up chatter (what cells print comes
    # over the kernel's channels), so it is kept out of the grader's console: stdout is dropped
    # and stderr kept in a log, where a sandbox that fails to start (bwrap: ...) is explained.
    logs = Path(policy["reason_dir"]).parent / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"{os.getpid()}.log").open("wb") as log:
        kernel = subprocess.Popen(command, preexec_fn=limit, stdout=subprocess.DEVNULL, stderr=log)
    signal.signal(signal.SIGTERM, lambda *_: kernel.send_signal(signal.SIGTERM))
    wall = policy.get("wall_seconds")
    try:
        status = kernel.wait(timeout=None if wall is None else wall)
    except subprocess.TimeoutExpired:
        _record(policy, f"the notebook ran longer than its {wall:g} s time limit")
        kernel.kill()  # bwrap, and with it the kernel (--die-with-parent)
        kernel.wait()
        return 137
    # A kernel killed from outside while this launcher lives was most likely the out-of-memory
    # killer's choice (a normal shutdown ends in a clean exit, or kills this launcher too).
    if status in (-signal.SIGKILL, 128 + signal.SIGKILL):
        _record(policy, "the kernel was killed (SIGKILL), most likely for using too much memory")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

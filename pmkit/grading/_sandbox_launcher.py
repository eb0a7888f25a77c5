"""Start one grading process inside the sandbox: a learner's kernel or a trusted checker.

Run as ``python _sandbox_launcher.py POLICY.json ROLE -- COMMAND...`` (by path, so it imports
nothing from pmkit and starts in milliseconds), with ROLE ``kernel`` or ``checker``. It reads the
policy that :mod:`pmkit.grading._sandbox` wrote, limits the address space (``RLIMIT_AS``) when
the policy sets ``memory_bytes``, and replaces itself with the command:

- inside bubblewrap (``bwrap``), when the policy says so: the whole filesystem read-only, the
  policy's hidden paths replaced by empty folders, a private ``/tmp`` and home, only the working
  directory writable (the notebook's folder for a kernel, a private folder for a checker), no
  network at all (its own empty network namespace: no loopback peer, no outside world), and its
  own PID, IPC and UTS namespaces;
- a kernel also gets its private socket folder (where the connection file sits) writable: it
  talks to its grader over Unix sockets there, which need no network.

For a kernel, SIGINT is ignored here and by bwrap (the disposition is inherited), so
jupyter_client's interrupt, which signals the whole process group, reaches only the kernel,
which handles it (a timed-out cell is interrupted, not the kernel killed).
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import signal
import sys
from pathlib import Path
from typing import Any

MPL_CACHE_FILES = ("fontlist-v390.json", "fontlist-v330.json")
ROLES = ("kernel", "checker")


def bwrap_argv(
    policy: dict[str, Any], workdir: str, command: list[str], writable: tuple[str, ...] = ()
) -> list[str]:
    """Return the bubblewrap command line that runs ``command`` under ``policy``."""
    home = "/tmp/home"
    argv = [policy["bwrap"], "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    argv += ["--tmpfs", "/tmp", "--dir", home]
    real_home = os.path.expanduser("~")
    if real_home not in ("/", ""):
        # The grader's home (keys, tokens, other kernels' connection files) is hidden.
        argv += ["--tmpfs", real_home]
    # What the process needs from under a hidden folder (the course, Python itself, when they
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
    for path in (workdir, *writable):
        argv += ["--bind", path, path]
    argv += ["--chdir", workdir, "--setenv", "HOME", home]
    argv += ["--setenv", "MPLCONFIGDIR", f"{home}/.matplotlib", "--setenv", "TMPDIR", "/tmp"]
    # In its own PID namespace the kernel's parent is PID 1, which ipykernel reads as "the
    # parent has exited" when it polls JPY_PARENT_PID; --die-with-parent does that job instead.
    argv += ["--unsetenv", "JPY_PARENT_PID"]
    if not policy.get("network"):
        argv += ["--unshare-net"]
    argv += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--"]
    return argv + command


def connection_file(command: list[str]) -> str | None:
    """Return the kernel command's connection file (after ``-f``), if it has one."""
    for flag, value in itertools.pairwise(command):
        if flag in ("-f", "--f"):
            return value
    return None


def main(argv: list[str]) -> int:  # returns only on a usage error: execvp replaces it
    """Replace this process with the command after ``--``, run under the policy given first."""
    if len(argv) < 4 or argv[1] not in ROLES or argv[2] != "--":
        print(
            "usage: _sandbox_launcher.py POLICY.json kernel|checker -- COMMAND...", file=sys.stderr
        )
        return 2
    policy: dict[str, Any] = json.loads(Path(argv[0]).read_text())
    role, command = argv[1], argv[3:]
    if role == "kernel":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if policy.get("sandbox"):
        writable: tuple[str, ...] = ()
        connection = connection_file(command) if role == "kernel" else None
        if connection:
            writable = (os.path.dirname(os.path.abspath(connection)),)
        command = bwrap_argv(policy, os.getcwd(), command, writable)
    memory = policy.get("memory_bytes")
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

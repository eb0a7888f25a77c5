"""The grading sandbox: what untrusted student code may see, write and use while it is graded.

Mechanism: every process of a grading run, the learner's kernel and the trusted checker alike,
starts through ``_sandbox_launcher.py``, which runs it inside bubblewrap (``bwrap``, Debian
package ``bubblewrap``) with:

- the filesystem read-only; the grader's home hidden except the course and Python itself;
- empty folders in place of ``solutions/``, the gradebook, ``submitted/``, ``autograded/``,
  ``feedback/``, the exchange, ``.git`` and every worker's scratch course (so no solution, hidden
  test, grade or other student's work is readable);
- a private ``/tmp`` and home; only the working folder is writable (the notebook's own folder for
  a kernel, a private folder for a checker), plus the kernel's private socket folder;
- **no network**: an empty network namespace of its own. The kernel talks to its grader over
  Unix sockets in its private folder (jupyter_client's ``ipc`` transport) and the checker over
  pipes, so neither needs one;
- its own PID, IPC and UTS namespaces; the process dies with the grader;
- an address-space limit (``RLIMIT_AS``); the grading engine limits each cell's and each
  notebook's time (``pmkit.grading._trusted``).

Limits of the mechanism, stated plainly: the memory limit is per process, so code that starts
many processes can use more; CPU is shared with the other workers; and readable system files
(``/etc``, ``/usr``) stay readable. Without bubblewrap there is no sandbox: grading refuses to
start unless the instructor explicitly allows unsandboxed grading, and then says so loudly; the
time and memory limits still apply.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_core.paths import jupyter_runtime_dir

from pmkit.grading._course import Course

DEFAULT_MEMORY_BYTES = 4 * 1024**3
"""Address space per grading kernel. A kernel with pandas and one DuckDB connection already
reserves about 1.2 GB of address space (mostly untouched thread stacks), so 4 GiB leaves real
room for student work while a runaway allocation fails fast with a MemoryError."""

DEFAULT_WALL_SECONDS = 300.0
"""Wall time per notebook, from kernel start: five times a cell's 60 s timeout (enforced by the
grading engine, :mod:`pmkit.grading._trusted`)."""

LAUNCHER = Path(__file__).with_name("_sandbox_launcher.py")


class SandboxUnavailable(RuntimeError):
    """Bubblewrap is missing or cannot create namespaces here; the message says how to fix it."""


def sandbox_problem(bwrap: str | None = None) -> str | None:
    """Return why the sandbox cannot run on this machine, or ``None`` when it can.

    Checks that ``bwrap`` is installed and can actually start a sandboxed program (containers
    sometimes forbid the namespaces it needs).
    """
    program = bwrap or shutil.which("bwrap")
    if program is None:
        return (
            "bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: "
            "`sudo apt-get install bubblewrap`)"
        )
    probe = [program, "--ro-bind", "/", "/", "--unshare-pid", "--die-with-parent", "true"]
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"bubblewrap ({program}) could not be started: {err}"
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        return f"bubblewrap ({program}) cannot create a sandbox here: {detail}"
    return None


@dataclass(frozen=True)
class SandboxPolicy:
    """What grading kernels may see and use. Build one with :meth:`for_course`."""

    hidden: tuple[Path, ...]
    """Folders (shown empty) and files (shown as /dev/null) the student code must not read."""
    readable: tuple[Path, ...]
    """Paths that stay readable when their parent is hidden (/tmp, the grader's home): the
    course, Python's prefixes, the pmkit package and its bundled datasets."""
    memory_bytes: int | None = DEFAULT_MEMORY_BYTES
    wall_seconds: float | None = DEFAULT_WALL_SECONDS
    sandbox: bool = True
    """False only when unsandboxed grading was explicitly allowed; the limits still apply."""
    network: bool = False
    """True only to let sandboxed code use the network (never for grading)."""
    bwrap: str = field(default_factory=lambda: shutil.which("bwrap") or "bwrap")

    @classmethod
    def for_course(
        cls,
        course: Course,
        *,
        scratch: Path | None = None,
        gradebook: Path | None = None,
        memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
        wall_seconds: float | None = DEFAULT_WALL_SECONDS,
        sandbox: bool = True,
    ) -> SandboxPolicy:
        """Return the policy for grading ``course``, hiding workers' scratch courses in ``scratch``.

        ``gradebook`` is the SQLite file, when the gradebook is one (a server database is out
        of the kernel's reach except over the network).
        """
        root = course.root.resolve()
        hidden = [
            root / name
            for name in (
                "solutions",
                ".nbgrader",
                "submitted",
                "autograded",
                "feedback",
                "downloaded",
                "release",
                "source",
                ".git",
            )
        ]
        if scratch is not None:
            hidden.append(scratch.resolve())
        # Other kernels' connection files (their keys): each kernel gets only its own back.
        hidden.append(Path(jupyter_runtime_dir()).resolve())
        if gradebook is not None:
            hidden.append(gradebook.resolve())
        # Python itself, and pmkit with its data wherever it is installed (an editable install
        # lives in a checkout that need not be this course).
        needed = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
        needed.add(Path(__file__).resolve().parents[1])
        bundled = Path(__file__).resolve().parents[2] / "datasets"
        if bundled.is_dir():
            needed.add(bundled)
        return cls(
            hidden=tuple(hidden),
            readable=(root, *sorted(needed)),
            memory_bytes=memory_bytes,
            wall_seconds=wall_seconds,
            sandbox=sandbox,
        )

    def install(self, folder: Path) -> Path:
        """Write this policy as ``folder / "policy.json"`` for the launcher; return that file."""
        folder.mkdir(parents=True, exist_ok=True)
        policy_file = folder / "policy.json"
        policy_file.write_text(
            json.dumps(
                {
                    "sandbox": self.sandbox,
                    "network": self.network,
                    "bwrap": self.bwrap,
                    "hidden": [str(p) for p in self.hidden],
                    "readable": [str(p) for p in self.readable],
                    "memory_bytes": self.memory_bytes,
                    "wall_seconds": self.wall_seconds,
                    "mpl_cache": _matplotlib_cache(),
                },
                indent=1,
            )
        )
        return policy_file


def launch_command(policy_file: Path, role: str, command: list[str]) -> list[str]:
    """Return the command line that runs ``command`` as a ``role`` under a written policy.

    ``role`` is ``"kernel"`` (a learner's kernel: SIGINT reaches only the kernel, its socket
    folder is writable) or ``"checker"``.
    """
    return [sys.executable, "-I", "-S", str(LAUNCHER), str(policy_file), role, "--", *command]


def sandbox_failure(log: str) -> str | None:
    """Return bubblewrap's own error line from a process's log (``bwrap: ...``), if any."""
    for line in log.splitlines():
        if line.startswith("bwrap:"):
            return f"the sandbox failed to start: {line}"
    return None


def _matplotlib_cache() -> str:
    """Return matplotlib's cache folder, so sandboxed kernels reuse its font list.

    Without it, matplotlib in a sandboxed kernel (fresh home) rebuilds the font cache and warns
    on stderr, and nbgrader scores a test cell with any stderr output 0. Found as matplotlib
    finds it (``MPLCONFIGDIR``, else the XDG cache folder), without importing matplotlib, which
    costs a tenth of a second before any kernel starts.
    """
    import os

    configured = os.environ.get("MPLCONFIGDIR")
    if configured:
        return str(Path(configured).expanduser())
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(cache) / "matplotlib")

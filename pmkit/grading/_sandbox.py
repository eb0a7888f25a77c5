"""The grading sandbox: what untrusted student code may see, write and use while it is graded.

Mechanism: every grading kernel is started through a kernel spec named ``python3`` that this
module writes into a private folder put first on ``JUPYTER_PATH`` (so nbgrader's executor picks
it up without any change to nbgrader). Its program, ``_sandbox_launcher.py``, runs ipykernel
inside bubblewrap (``bwrap``, Debian package ``bubblewrap``) with:

- the filesystem read-only; the grader's home hidden except the course and Python itself;
- empty folders in place of ``solutions/``, the gradebook, ``submitted/``, ``autograded/``,
  ``feedback/``, the exchange, ``.git`` and every worker's scratch course (so no solution, hidden
  test, grade or other student's work is readable);
- a private ``/tmp`` and home; only the notebook's own working folder is writable;
- its own PID, IPC and UTS namespaces; the kernel dies with the grader;
- an address-space limit (``RLIMIT_AS``) and a wall-time limit per notebook; nbgrader's
  ``Execute.timeout`` limits each cell.

Limits of the mechanism, stated plainly: the network is not cut off (the kernel talks to the
grader over TCP on 127.0.0.1, as nbgrader's kernels do); the memory limit is per process, so
code that starts many processes can use more; CPU is shared with the other workers; and
readable system files (``/etc``, ``/usr``) stay readable. Without bubblewrap there is no
sandbox: grading refuses to start unless the instructor explicitly allows unsandboxed grading,
and then says so loudly; the time and memory limits still apply.
"""

from __future__ import annotations

import json
import os
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
"""Wall time per notebook, from kernel start: five times a cell's 60 s timeout."""

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
    bwrap: str = field(default_factory=lambda: shutil.which("bwrap") or "bwrap")

    @classmethod
    def for_course(
        cls,
        course: Course,
        *,
        scratch: Path,
        gradebook: Path | None = None,
        memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
        wall_seconds: float | None = DEFAULT_WALL_SECONDS,
        sandbox: bool = True,
    ) -> SandboxPolicy:
        """Return the policy for grading ``course``, with workers' scratch courses in ``scratch``.

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
        """Write the ``python3`` grading kernel spec for this policy under ``folder``.

        Returns the folder to put first on ``JUPYTER_PATH``; kernels started by name
        ``python3`` from a process with that setting run under this policy. Reasons for kernels
        the launcher stopped (time limit, crash) are written to ``folder / "reasons"``.
        """
        folder.mkdir(parents=True, exist_ok=True)
        policy_file = folder / "policy.json"
        policy_file.write_text(
            json.dumps(
                {
                    "sandbox": self.sandbox,
                    "bwrap": self.bwrap,
                    "hidden": [str(p) for p in self.hidden],
                    "readable": [str(p) for p in self.readable],
                    "memory_bytes": self.memory_bytes,
                    "wall_seconds": self.wall_seconds,
                    "reason_dir": str(folder / "reasons"),
                    "mpl_cache": _matplotlib_cache(),
                },
                indent=1,
            )
        )
        spec = folder / "kernels" / "python3"
        spec.mkdir(parents=True, exist_ok=True)
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [
                        sys.executable,
                        str(LAUNCHER),
                        str(policy_file),
                        "--",
                        sys.executable,
                        "-m",
                        "ipykernel_launcher",
                        "-f",
                        "{connection_file}",
                    ],
                    "display_name": "Python 3 (pmkit grading sandbox)",
                    "language": "python",
                    "metadata": {"debugger": False},
                },
                indent=1,
            )
        )
        return folder


def stop_reasons(folder: Path, *, clear: bool = True) -> list[str]:
    """Return why kernels stopped since the last call: time limit, crash, sandbox failure.

    Sandbox failures are bubblewrap's own error lines (``bwrap: ...``) from the kernels' logs.
    """
    reasons = []
    for log in sorted((folder / "logs").glob("*.log")):
        try:
            lines = log.read_text(errors="replace").splitlines()
        except OSError:
            continue
        reasons += [
            f"the sandbox failed to start: {line}" for line in lines if line.startswith("bwrap:")
        ]
        if clear:
            log.unlink(missing_ok=True)
    for path in sorted((folder / "reasons").glob("*.json")):
        try:
            reasons.append(str(json.loads(path.read_text())["reason"]))
        except (OSError, ValueError, KeyError):
            continue
        finally:
            if clear:
                path.unlink(missing_ok=True)
    return reasons


def use_kernel_specs(folder: Path) -> None:
    """Put ``folder`` first on this process's ``JUPYTER_PATH`` (kernels started afterwards)."""
    current = os.environ.get("JUPYTER_PATH", "")
    parts = [str(folder), *(p for p in current.split(os.pathsep) if p and p != str(folder))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(parts)


def _matplotlib_cache() -> str:
    """Return matplotlib's cache folder, so sandboxed kernels reuse its font list.

    Without it, matplotlib in a sandboxed kernel (fresh home) rebuilds the font cache and warns
    on stderr, and nbgrader scores a test cell with any stderr output 0.
    """
    try:
        import matplotlib

        return str(matplotlib.get_cachedir())
    except Exception:  # pragma: no cover - matplotlib is a dependency
        return ""

"""The hub's "cannot run" error, and running a command that raises it when the command fails."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping


class HubError(RuntimeError):
    """The hub cannot be set up, started or stopped here; the message says why and what to do.

    Not root, a Debian package missing (postgresql, npm, python3), no hub set up in the state
    folder, or a part (PostgreSQL, npm, JupyterHub) that failed, with the end of its output.
    """


def run_or_fail(
    command: list[str],
    what: str,
    *,
    stdin: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    ok: tuple[int, ...] = (0,),
) -> str:
    """Run ``command`` and return what it printed; a failure is a HubError naming ``what``.

    The error ends with the last 2,000 characters of the command's error output (or its output,
    when it wrote no error), so the reason is in the message.
    """
    done = subprocess.run(
        command,
        input=stdin,
        cwd=cwd,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in ok:
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise HubError(f"{what} failed (exit {done.returncode}): {output}")
    return done.stdout

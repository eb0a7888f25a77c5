"""Kernels on private local sockets, for pmkit's own runner (self-checks and exercise proofs).

Kernels talk to their clients over Unix sockets instead of TCP ports: ipykernel warns about
unencrypted TCP, and a socket file is not reachable from another machine. Each kernel gets a
fresh socket path: with a shared path, jupyter_client picks the first free file name, so a kernel
starting while another is still shutting down can take its sockets, and the client then reads
messages signed with the other kernel's key ("Invalid Signature").

nbgrader's own kernels stay on TCP: inside nbgrader's executor, a Unix-socket kernel that loops
forever is not stopped at the cell timeout (see nbgrader_config.py).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir


def fresh_socket_base() -> str:
    """Return a new absolute base path for one kernel's sockets in Jupyter's runtime folder."""
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True)
    return str(runtime / f"pmkit-kernel-{uuid.uuid4().hex[:16]}")


class IpcKernelManager(KernelManager):
    """A kernel manager whose kernel listens on its own fresh Unix sockets."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", fresh_socket_base())
        super().__init__(**kwargs)

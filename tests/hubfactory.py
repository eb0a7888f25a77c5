"""Throwaway cohort hubs on loopback, for tests/test_hub.py and benchmarks/hub_capacity.py.

A random course id and account names (removed afterwards by the caller), a state folder under
/tmp that the accounts can reach (pytest's own tmp folders are private to root), free ports.
"""

from __future__ import annotations

import secrets
import socket
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pmkit.hub import HubSettings


def free_ports(count: int) -> list[int]:
    """Return ``count`` distinct ports free on 127.0.0.1 right now."""
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for sock in sockets:
        sock.close()
    return ports


def throwaway_hub(letter: str, students: Sequence[str]) -> tuple[Path, HubSettings]:
    """Return a new folder and the settings of a hub in it, with a roster of ``students``.

    Account names are ``<letter><6 hex>-<name>``, so two runs never share one. The roster is
    written to ``<folder>/roster.csv`` (id, first_name, last_name).
    """
    tag = f"{letter}{secrets.token_hex(3)}"
    folder = Path(tempfile.mkdtemp(prefix="pmkit-hub-", dir="/tmp"))
    folder.chmod(0o755)  # the accounts must reach the learners' environment and the content
    (folder / "homes").mkdir()
    ports = free_ports(6)
    settings = HubSettings(
        course_id=tag,
        instructor=f"{tag}-instructor",
        students=tuple(f"{tag}-{name}" for name in students),
        state_dir=folder / "hub",
        home_root=folder / "homes",
        public_ip="127.0.0.1",
        public_port=ports[0],
        hub_port=ports[1],
        proxy_api_port=ports[2],
        formgrader_port=ports[3],
        check_port=ports[4],
        postgres_port=ports[5],
    )
    (folder / "roster.csv").write_text(
        "id,first_name,last_name\n"
        + "".join(f"{s},{s.split('-')[1].title()},Tester\n" for s in settings.students)
    )
    return folder, settings

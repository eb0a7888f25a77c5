"""Throwaway cohort hubs on loopback and what drives them, for the tests and benchmarks of hubs.

:func:`throwaway_hub`: a random course id and account names (removed afterwards by the caller),
a state folder under /tmp that the accounts can reach (pytest's own tmp folders are private to
root), free ports (:func:`free_ports`). :func:`start_server`: a learner's server started through
the hub's REST API, waited for with a deadline. Used by tests/test_hub.py,
tests/test_cohort_backends.py (free ports for its PostgreSQL), benchmarks/hub_capacity.py and
tests/first_boot/smoke.py (inside the fresh Debian, on the hub run.sh set up).
"""

from __future__ import annotations

import secrets
import socket
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import requests

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


def start_server(api: str, user: str, admin_token: str, *, timeout: float = 120) -> float:
    """Start ``user``'s server through the hub's REST API and wait until it is ready.

    ``api`` is the hub's API URL (``http://127.0.0.1:<hub port>/hub/api``) and ``admin_token``
    a token with the admin service's scopes (``admin_token`` in the hub's secrets). A server
    already running is ready at once. Returns the seconds it took; a request the hub refuses is
    a RuntimeError with its answer, a server not ready within ``timeout`` seconds a TimeoutError
    saying what the hub last said of it.
    """
    admin = {"Authorization": f"token {admin_token}"}
    started = time.monotonic()
    answer = requests.post(f"{api}/users/{user}/server", headers=admin, timeout=60)
    if answer.status_code not in (201, 202, 400):  # 400: already started
        raise RuntimeError(
            f"the hub refused to start {user}'s server: HTTP {answer.status_code} "
            f"{answer.text[:300]}"
        )
    while True:
        model = requests.get(f"{api}/users/{user}", headers=admin, timeout=10).json()
        server = model["servers"].get("", {})
        if server.get("ready"):
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise TimeoutError(
                f"{user}'s server was not ready within {timeout:g} s; the hub says "
                f"{server or 'it has no server (its start failed: see the hub log)'}"
            )
        time.sleep(0.2)

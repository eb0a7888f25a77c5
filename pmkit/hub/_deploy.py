"""Stand a cohort hub up, start it, stop it and say how it is (``pmkit hub ...``, as root).

:func:`init_hub` does everything that needs doing once (and again when the roster grows):
accounts, passwords for new accounts, PostgreSQL, configurable-http-proxy from npm, the
learners' environment, the content, the grader's course folder, the exchange and the
configuration. :func:`start_hub` starts PostgreSQL and JupyterHub (which starts the proxy, the
formgrader service and, on demand, each learner's server); :func:`stop_hub` stops them;
:func:`hub_status` asks each part how it is.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pmkit.hub._accounts import account_exists, ensure_account, new_password, own, set_passwords
from pmkit.hub._config import (
    CULLER_SERVICE,
    HUB_PID_FILE,
    PROXY_PID_FILE,
    SECRETS_FILE,
    hub_config,
)
from pmkit.hub._content import install_content, install_course, prepare_exchange
from pmkit.hub._environment import build_learner_env
from pmkit.hub._errors import HubError, run_or_fail
from pmkit.hub._postgres import Cluster
from pmkit.hub._settings import SETTINGS_FILE, HubSettings

PASSWORDS_FILE = "first_passwords.csv"
CONFIG_FILE = "jupyterhub_config.py"
LOG_FILE = "jupyterhub.log"


@dataclass(frozen=True)
class InitReport:
    """What :func:`init_hub` did: the accounts it created and where it left the passwords."""

    created: tuple[str, ...]
    kept: tuple[str, ...]
    passwords_file: Path
    config_file: Path


@dataclass(frozen=True)
class HubStatus:
    """How each part of a hub is: ``parts`` maps a part to (ok, what it says)."""

    parts: dict[str, tuple[bool, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every part is up."""
        return all(ok for ok, _ in self.parts.values())


def require_root() -> None:
    """Refuse to go on unless this process runs as root (accounts, PostgreSQL, the spawner)."""
    if os.geteuid() != 0:
        raise HubError(
            "pmkit hub needs root: it creates accounts, runs PostgreSQL as the postgres account "
            "and starts each learner's server as the learner (run it with sudo)"
        )


def init_hub(settings: HubSettings, project_root: Path, roster: Path) -> InitReport:
    """Set up (or update) the hub described by ``settings`` from the checkout ``project_root``.

    ``roster`` is the roster CSV the students came from: the grader imports it into the
    gradebook, with the names and emails it holds. Run it with the hub stopped (a HubError
    says so otherwise): it replaces the learners' environment and the course folder's copies
    of ``solutions/`` and ``exercises/`` (submissions, grades and homes are kept).
    """
    require_root()
    require_commands()
    s = settings
    if (s.state_dir / SETTINGS_FILE).exists() and _hub_pid(HubSettings.load(s.state_dir)):
        # init replaces the learners' environment and the course folder under running servers
        raise HubError(f"the hub in {s.state_dir} is running: pmkit hub stop first, then init")
    s.state_dir.mkdir(parents=True, exist_ok=True)
    s.state_dir.chmod(0o755)
    for private in (s.secrets_dir, s.runtime_dir):
        private.mkdir(exist_ok=True)
        private.chmod(0o700)
    s.save()
    keys = _secrets(s)

    created: list[str] = []
    kept: list[str] = []
    for name in s.accounts:
        (kept if account_exists(name) else created).append(name)
        ensure_account(name, s.home_root)
    passwords = {name: new_password() for name in created}
    if passwords:
        set_passwords(passwords)
    passwords_file = _append_passwords(s.secrets_dir / PASSWORDS_FILE, passwords)

    cluster = Cluster(s.postgres_dir / "data", s.postgres_port)
    cluster.initialise(
        {"jupyterhub": keys["jupyterhub_password"], "gradebook": keys["gradebook_password"]}
    )

    _install_proxy(s.proxy_dir)
    build_learner_env(project_root, s.state_dir / "env")
    install_content(s, project_root)
    install_course(s, project_root, cluster.url("gradebook", keys["gradebook_password"]))
    prepare_exchange(s)
    # The gradebook on PostgreSQL: the assignments (nbgrader's generate_assignment records
    # their cells) and the roster, written by the grader as the formgrader will be.
    shutil.copyfile(roster, s.course_dir / "roster.csv")
    own([s.course_dir / "roster.csv"], s.grader)
    was_running = cluster.running()
    cluster.start()
    try:
        run_as_grader(s, ["pmkit", "exercises", "generate"])
        run_as_grader(s, ["pmkit", "cohort", "roster", "roster.csv"])
    finally:
        if not was_running:
            cluster.stop()

    config = s.runtime_dir / CONFIG_FILE
    config.write_text(
        hub_config(s, str(s.state_dir / "env"), str(_proxy_command(s.proxy_dir))),
        encoding="utf-8",
    )
    config.chmod(0o600)
    return InitReport(tuple(created), tuple(kept), passwords_file, config)


def run_as_grader(settings: HubSettings, command: list[str]) -> str:
    """Run ``command`` as the grader account in the course folder; return what it printed.

    The command is looked up in the learners' environment (``pmkit``, ``nbgrader``); the
    environment is the grader's own, not root's. A failure is a HubError with its output.
    """
    s = settings
    home = s.home_root / s.grader
    env = {
        "PATH": f"{s.state_dir / 'env' / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "USER": s.grader,
        "LANG": "C.UTF-8",
        "PMKIT_DATASETS": str(s.content_dir / "datasets"),
    }
    return run_or_fail(
        [
            "runuser",
            "-u",
            s.grader,
            "--",
            "env",
            "-i",
            *(f"{k}={v}" for k, v in env.items()),
            *command,
        ],
        f"{' '.join(command)} as {s.grader}",
        cwd=s.course_dir,
    )


def start_hub(state_dir: Path, *, timeout: float = 60) -> None:
    """Start PostgreSQL and JupyterHub, and wait until the hub's API answers."""
    require_root()
    s = HubSettings.load(state_dir)
    if (problem := hostname_problem(s.public_ip)) is not None:
        raise HubError(problem)
    Cluster(s.postgres_dir / "data", s.postgres_port).start()
    if _hub_pid(s) is not None:
        return
    # A daemon: setsid --fork leaves JupyterHub in a session of its own, a child of init, so it
    # outlives this command; its output goes to the log.
    with (s.runtime_dir / LOG_FILE).open("ab") as log:
        subprocess.run(
            [
                "setsid",
                "--fork",
                str(Path(sys.prefix) / "bin" / "jupyterhub"),
                "-f",
                str(s.runtime_dir / CONFIG_FILE),
            ],
            cwd=s.runtime_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            check=True,
        )
    # Up means reachable where learners connect: through the proxy, once the hub has added its
    # route (the hub's own port answers a moment before that).
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _get(f"{_public_url(s)}hub/api/", None)[0] == 200:
            return
        time.sleep(0.25)
    raise HubError(
        f"JupyterHub did not answer within {timeout:g} s; the end of its log "
        f"({s.runtime_dir / LOG_FILE}):\n{_tail(s.runtime_dir / LOG_FILE)}"
    )


def hostname_problem(public_ip: str) -> str | None:
    """Say why JupyterHub could not reach its own proxy here, or return None.

    On every address (``0.0.0.0``) JupyterHub checks its proxy by the machine's name, so that
    name must resolve: Debian's installer puts it in /etc/hosts, a hand-made server or
    container may not (JupyterHub then waits for ever, logging "Name or service not known").
    """
    if public_ip not in ("0.0.0.0", "::"):
        return None
    name = socket.gethostname()
    try:
        socket.getaddrinfo(name, None)
    except OSError:
        return (
            f"this server's name {name!r} does not resolve, and JupyterHub reaches its proxy by "
            f"it when it listens on {public_ip}: add the line '127.0.1.1 {name}' to /etc/hosts "
            "(as Debian's installer does), or run pmkit hub init with --ip set to this "
            "server's address"
        )
    return None


def stop_hub(state_dir: Path, *, timeout: float = 30) -> None:
    """Stop JupyterHub (it stops the servers, the services and the proxy), then PostgreSQL."""
    require_root()
    s = HubSettings.load(state_dir)
    pid = _hub_pid(s)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
    _stop_leftovers(s)
    Cluster(s.postgres_dir / "data", s.postgres_port).stop()


def _stop_leftovers(s: HubSettings, grace: float = 5) -> None:
    """Stop what a hub that did not stop in time leaves running: the proxy and the servers.

    JupyterHub stops them itself on a clean stop; after a forced one, the proxy (root, in a
    session of its own) and the servers and services (each account's processes running from
    the learners' environment) would outlive it.
    """
    pids: list[int] = []
    proxy = _pid_from(s.runtime_dir / PROXY_PID_FILE, str(s.proxy_dir))
    if proxy is not None:
        pids.append(proxy)
    require_commands(("pgrep",))
    for account in s.accounts:
        found = subprocess.run(
            ["pgrep", "-u", account, "-f", str(s.state_dir / "env")],
            capture_output=True,
            text=True,
            check=False,
        )
        pids += [int(p) for p in found.stdout.split()]
    pids = [p for p in pids if _alive(p)]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def hub_status(state_dir: Path) -> HubStatus:
    """Ask PostgreSQL, the hub, the proxy, the hub's services and the servers how they are."""
    s = HubSettings.load(state_dir)
    parts: dict[str, tuple[bool, str]] = {}
    running = Cluster(s.postgres_dir / "data", s.postgres_port).running()
    parts["postgresql"] = (running, f"on 127.0.0.1:{s.postgres_port}" if running else "stopped")
    pid = _hub_pid(s)
    if pid is None:
        parts["jupyterhub"] = (False, "stopped")
        return HubStatus(parts)
    token = _read_secrets(s)["admin_token"]
    code, info = _get(f"{_hub_api(s)}/", token)
    version = info.get("version", "?") if isinstance(info, dict) else "?"
    parts["jupyterhub"] = (code == 200, f"pid {pid}, version {version}, API {code}")
    code, _ = _get(f"http://127.0.0.1:{s.proxy_api_port}/api/routes", None)
    up = code in (200, 403)  # 403: it answers, and wants its token
    parts["proxy"] = (up, f"API on 127.0.0.1:{s.proxy_api_port}" if up else "down")
    services = [("formgrader", s.course_id), ("check service", s.check_service)]
    if s.idle_minutes:
        services.append(("idle culler", CULLER_SERVICE))
    for part, name in services:
        code, service = _get(f"{_hub_api(s)}/services/{name}", token)
        started = isinstance(service, dict) and bool(service.get("pid"))
        parts[part] = (started, f"service {name!r} as {s.grader}, API {code}")
    code, users = _get(f"{_hub_api(s)}/users", token)
    if code == 200 and isinstance(users, list):
        active = [u["name"] for u in users if u.get("servers")]
        parts["servers"] = (True, f"{len(active)} of {len(users)} users have a server running")
    else:
        parts["servers"] = (False, f"API {code}")
    return HubStatus(parts)


# ------------------------------------------------------------------------------ helpers
def _read_secrets(s: HubSettings) -> dict[str, str]:
    """Return the hub's secrets as init wrote them, changing nothing (for status and stop)."""
    path = s.secrets_dir / SECRETS_FILE
    if not path.exists():
        raise HubError(f"no hub secrets at {path}: run pmkit hub init --state {s.state_dir} first")
    keys: dict[str, str] = json.loads(path.read_text())
    return keys


def _secrets(s: HubSettings) -> dict[str, str]:
    """Return the hub's secrets, making the missing ones (kept across runs of init)."""
    path = s.secrets_dir / SECRETS_FILE
    keys: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    for name in ("jupyterhub_password", "gradebook_password", "proxy_token", "admin_token"):
        keys.setdefault(name, secrets.token_hex(24))
    keys.setdefault("cookie_secret", secrets.token_hex(32))
    cluster = Cluster(s.postgres_dir / "data", s.postgres_port)
    keys["jupyterhub_db_url"] = cluster.url("jupyterhub", keys["jupyterhub_password"])
    path.write_text(json.dumps(keys, indent=2) + "\n")
    path.chmod(0o600)
    return keys


def _append_passwords(path: Path, passwords: dict[str, str]) -> Path:
    new = not path.exists()
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["account", "first_password"])
        writer.writerows(sorted(passwords.items()))
    path.chmod(0o600)
    return path


_COMMANDS = {
    "pgrep": "procps",
    "setsid": "util-linux",
    "runuser": "util-linux",
    "useradd": "passwd",
    "npm": "nodejs npm",
}
"""The programs pmkit hub runs, and the Debian packages that hold them."""


def require_commands(names: tuple[str, ...] = tuple(_COMMANDS)) -> None:
    """Raise a HubError naming the Debian packages to install if any of ``names`` is missing."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        packages = " ".join(dict.fromkeys(_COMMANDS[name] for name in missing))
        raise HubError(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not installed, and "
            f"pmkit hub needs {'it' if len(missing) == 1 else 'them'}: apt-get install {packages}"
        )


def _install_proxy(proxy_dir: Path) -> None:
    """Install configurable-http-proxy with ``npm ci`` from pmkit's pinned lock file.

    npm is there: :func:`init_hub`, the only caller, ran :func:`require_commands` first.
    """
    proxy_dir.mkdir(exist_ok=True)
    package = resources.files("pmkit.hub") / "proxy"
    for name in ("package.json", "package-lock.json"):
        (proxy_dir / name).write_text((package / name).read_text(encoding="utf-8"))
    if _proxy_command(proxy_dir).exists():
        return
    run_or_fail(
        ["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--prefix", str(proxy_dir)],
        f"npm ci in {proxy_dir}",
    )


def _proxy_command(proxy_dir: Path) -> Path:
    return proxy_dir / "node_modules" / ".bin" / "configurable-http-proxy"


def _public_url(s: HubSettings) -> str:
    """Return the hub's public URL as this machine reaches it."""
    host = "127.0.0.1" if s.public_ip in ("0.0.0.0", "::") else s.public_ip
    host = f"[{host}]" if ":" in host else host
    return f"{'https' if s.ssl_cert else 'http'}://{host}:{s.public_port}/"


def _hub_api(s: HubSettings) -> str:
    return f"http://127.0.0.1:{s.hub_port}/hub/api"


def _hub_pid(s: HubSettings) -> int | None:
    """Return the pid of this hub's JupyterHub if it runs (started with its configuration file)."""
    return _pid_from(s.runtime_dir / HUB_PID_FILE, str(s.runtime_dir / CONFIG_FILE))


def _pid_from(file: Path, marker: str) -> int | None:
    """Return the pid in ``file`` if that process runs and ``marker`` is in its command line.

    A pid file outlives a crash or a reboot, and the number in it may since have gone to an
    unrelated process: without the marker (a path only this hub's process has among its
    arguments) the process is not ours to report, wait for or kill, and this returns None.
    So it does for a missing or garbled file, a process gone and a zombie (its command line
    is empty).
    """
    try:
        pid = int(file.read_text().strip())
        if pid <= 0:
            return None
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):  # no file, no such process (or not ours to see), not a number
        return None
    return pid if marker.encode() in command_line else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return waited == 0


def _get(url: str, token: str | None) -> tuple[int, dict | list]:  # type: ignore[type-arg]
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    # A hub's own certificate is checked by the learners' browsers, not here.
    context = ssl._create_unverified_context() if url.startswith("https") else None
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, {}
    except (urllib.error.URLError, OSError, json.JSONDecodeError):
        return 0, {}


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"

"""The hub's PostgreSQL: a cluster of its own, from Debian's binaries, on loopback only.

One cluster under the state folder holds two databases: ``jupyterhub`` (the hub's users,
servers and tokens) and ``gradebook`` (the course's nbgrader gradebook), each owned by a role of
the same name with its own random password. It listens on 127.0.0.1 only, with scram-sha-256
passwords for every connection, and runs as Debian's ``postgres`` account, so it neither needs
nor touches the server's default cluster.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pmkit.hub._errors import HubError, run_or_fail

DATABASES = ("jupyterhub", "gradebook")
_ACCOUNT = "postgres"


def postgres_bin() -> Path:
    """Return the folder of the newest PostgreSQL server binaries Debian installed.

    Raises FileNotFoundError with the package to install when there are none.
    """
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if not found:
        raise HubError(
            "PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/postgres): "
            "apt-get install postgresql"
        )
    return Path(found[-1]).parent


@dataclass(frozen=True)
class Cluster:
    """A PostgreSQL cluster in ``data_dir`` listening on 127.0.0.1:``port``."""

    data_dir: Path
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.data_dir.parent

    def url(self, database: str, password: str) -> str:
        """Return the SQLAlchemy URL of ``database`` (psycopg 3), its role named the same."""
        return f"postgresql+psycopg://{database}:{password}@127.0.0.1:{self.port}/{database}"

    def initialise(self, passwords: dict[str, str]) -> None:
        """Create the cluster (once) and the databases and roles of ``passwords``.

        ``passwords`` maps each database in :data:`DATABASES` to its role's password. Running
        it again keeps the data and resets the passwords.
        """
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        owner = pwd.getpwnam(_ACCOUNT)
        shutil.chown(self.socket_dir, owner.pw_uid, owner.pw_gid)
        self.socket_dir.chmod(0o700)
        if not (self.data_dir / "PG_VERSION").exists():
            self._as_postgres(
                [
                    str(postgres_bin() / "initdb"),
                    "--pgdata",
                    str(self.data_dir),
                    "--username",
                    _ACCOUNT,
                    "--auth-local",
                    "peer",
                    "--auth-host",
                    "scram-sha-256",
                    "--encoding",
                    "UTF8",
                    "--no-instructions",
                ]
            )
        was_running = self.running()
        if not was_running:
            self.start()
        for database in DATABASES:
            role = database
            self._psql(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                f"THEN CREATE ROLE {role} LOGIN; END IF; END $$;"
            )
            self._psql(f"ALTER ROLE {role} WITH LOGIN PASSWORD '{passwords[database]}'")
            exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'")
            if not exists.strip():
                self._psql(f"CREATE DATABASE {database} OWNER {role}")
            self._psql(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
        if not was_running:
            self.stop()

    def start(self) -> None:
        """Start the cluster and wait until it accepts connections."""
        if self.running():
            return
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.socket_dir}"
        )
        self._as_postgres(
            [
                str(postgres_bin() / "pg_ctl"),
                "--pgdata",
                str(self.data_dir),
                "--log",
                str(self.socket_dir / "postgres.log"),
                "--options",
                options,
                "--wait",
                "start",
            ]
        )

    def stop(self) -> None:
        """Stop the cluster (fast shutdown: open sessions are closed) if it runs."""
        if self.running():
            self._as_postgres(
                [
                    str(postgres_bin() / "pg_ctl"),
                    "--pgdata",
                    str(self.data_dir),
                    "--mode",
                    "fast",
                    "--wait",
                    "stop",
                ]
            )

    def running(self) -> bool:
        """Return whether the cluster's server runs."""
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        done = subprocess.run(
            [
                "runuser",
                "-u",
                _ACCOUNT,
                "--",
                str(postgres_bin() / "pg_ctl"),
                "--pgdata",
                str(self.data_dir),
                "status",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.returncode == 0

    def _psql(self, sql: str) -> str:
        return self._as_postgres(
            [
                str(postgres_bin() / "psql"),
                "--no-psqlrc",
                "--quiet",
                "--tuples-only",
                "--no-align",
                "--set",
                "ON_ERROR_STOP=1",
                "--host",
                str(self.socket_dir),
                "--port",
                str(self.port),
                "--dbname",
                "postgres",
            ],
            stdin=sql,  # not on the command line, where ps would show a password
        )

    def _as_postgres(self, command: list[str], stdin: str | None = None) -> str:
        return run_or_fail(
            ["runuser", "-u", _ACCOUNT, "--", *command],
            f"PostgreSQL: {Path(command[0]).name}",
            stdin=stdin,
            cwd="/",
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )

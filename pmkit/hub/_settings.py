"""What a cohort hub is: its course, its accounts, its folders and ports, checked and saved.

``pmkit hub init`` builds a :class:`HubSettings` from its options and the roster, checks every
value (an error names the field and the value), and saves it as ``hub.json`` in the state
folder, where ``start``, ``stop`` and ``status`` read it back. Secrets (database passwords, API
tokens, the cookie secret) are not settings: they live in ``secrets/``, readable by root only.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from pmkit.hub._errors import HubError

SETTINGS_FILE = "hub.json"

# Debian's adduser NAME_REGEX, the names useradd accepts everywhere: nbgrader's exchange knows a
# student by the account's name, so a roster id must be a valid one.
_ACCOUNT_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_PORTS = (
    "public_port",
    "hub_port",
    "proxy_api_port",
    "formgrader_port",
    "check_port",
    "postgres_port",
)
_COURSE_ID = re.compile(r"^[a-z][a-z0-9_-]{0,22}$")


def check_account_name(field_name: str, value: object) -> str:
    """Return ``value`` if it can be a system account's name; else raise naming the field.

    >>> check_account_name("instructor", "ada_l")
    'ada_l'
    >>> check_account_name("students[0]", "Ada.Lovelace")
    Traceback (most recent call last):
    ...
    ValueError: students[0] must be a system account name (a lowercase letter, then up to 31 lowercase letters, digits, _ or -); got 'Ada.Lovelace'
    """  # noqa: E501
    if not isinstance(value, str) or not _ACCOUNT_NAME.match(value):
        raise ValueError(
            f"{field_name} must be a system account name (a lowercase letter, then up to 31 "
            f"lowercase letters, digits, _ or -); got {value!r}"
        )
    return value


def _check_port(field_name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1024 <= value <= 65535:
        raise ValueError(f"{field_name} must be a port number from 1024 to 65535; got {value!r}")
    return value


@dataclass(frozen=True)
class HubSettings:
    """A cohort hub for one course: who uses it, where it keeps its state, which ports it uses.

    ``public_ip`` and ``public_port`` are where learners connect (put TLS in front, or give
    ``ssl_cert`` and ``ssl_key``); every other port listens on 127.0.0.1 only: the hub's API,
    the proxy's API, the course's formgrader and check services, and PostgreSQL.
    """

    course_id: str
    instructor: str
    students: tuple[str, ...]
    state_dir: Path = Path("/srv/pmkit-hub")
    home_root: Path = Path("/home")
    public_ip: str = "0.0.0.0"
    public_port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    formgrader_port: int = 9999
    check_port: int = 9998
    postgres_port: int = 5433
    ssl_cert: str = ""
    ssl_key: str = ""
    idle_minutes: int = 60
    """A learner's server with no activity for this long is stopped (0: never); files stay."""

    def __post_init__(self) -> None:
        if not isinstance(self.course_id, str) or not _COURSE_ID.match(self.course_id):
            raise ValueError(
                "course_id must be a lowercase letter, then up to 22 lowercase letters, digits, "
                f"_ or -; got {self.course_id!r}"
            )
        check_account_name("instructor", self.instructor)
        if not self.students:
            raise ValueError("students must name at least one student; got none")
        for i, student in enumerate(self.students):
            check_account_name(f"students[{i}]", student)
        seen: dict[str, str] = {}
        for label, name in self._named_accounts():
            if name in seen:
                raise ValueError(
                    f"{label} {name!r} is also {seen[name]}; every account is one person"
                )
            seen[name] = label
        for name in ("state_dir", "home_root"):
            path = getattr(self, name)
            if not isinstance(path, Path) or not path.is_absolute():
                raise ValueError(f"{name} must be an absolute path; got {str(path)!r}")
        try:
            ipaddress.ip_address(self.public_ip)
        except ValueError:
            raise ValueError(f"public_ip must be an IP address; got {self.public_ip!r}") from None
        ports: dict[int, str] = {}
        for name in _PORTS:
            port = _check_port(name, getattr(self, name))
            if port in ports:
                raise ValueError(
                    f"{name} and {ports[port]} are both {port}; each needs its own port"
                )
            ports[port] = name
        if (
            isinstance(self.idle_minutes, bool)
            or not isinstance(self.idle_minutes, int)
            or not 0 <= self.idle_minutes <= 10080
        ):
            raise ValueError(
                "idle_minutes must be a whole number of minutes from 0 (never stop idle servers) "
                f"to 10080 (a week); got {self.idle_minutes!r}"
            )
        if bool(self.ssl_cert) != bool(self.ssl_key):
            raise ValueError("ssl_cert and ssl_key go together; give both or neither")

    def _named_accounts(self) -> list[tuple[str, str]]:
        return [
            ("instructor", self.instructor),
            ("grader", self.grader),
            *((f"students[{i}]", s) for i, s in enumerate(self.students)),
        ]

    @property
    def grader(self) -> str:
        """The course's grader account: it owns the course folder and runs the formgrader."""
        return f"grader-{self.course_id}"[:32]

    @property
    def check_service(self) -> str:
        """The name of the course's check service (learners' ``pmkit check`` on the hub)."""
        return f"{self.course_id}-check"

    @property
    def cull_seconds(self) -> int:
        """How often the idle culler looks: a quarter of the idle time, 30 s to 5 minutes."""
        return min(300, max(30, self.idle_minutes * 15))

    @property
    def accounts(self) -> tuple[str, ...]:
        """Every hub user: the instructor, the grader and the students."""
        return tuple(name for _, name in self._named_accounts())

    # -------------------------------------------------------------- folders under state_dir
    @property
    def secrets_dir(self) -> Path:
        """Passwords, tokens and the cookie secret: root only (0700)."""
        return self.state_dir / "secrets"

    @property
    def postgres_dir(self) -> Path:
        """The PostgreSQL cluster's data folder, owned by the ``postgres`` account."""
        return self.state_dir / "postgres"

    @property
    def exchange_root(self) -> Path:
        """Nbgrader's exchange: 1777 at the root as nbgrader requires, the sticky bit on."""
        return self.state_dir / "exchange"

    @property
    def content_dir(self) -> Path:
        """What every learner may read: the lessons and the datasets (root-owned, 0755)."""
        return self.state_dir / "content"

    @property
    def proxy_dir(self) -> Path:
        """configurable-http-proxy, installed with ``npm ci`` from pmkit's lock file."""
        return self.state_dir / "proxy"

    @property
    def runtime_dir(self) -> Path:
        """The hub's config, pid file and log: root only."""
        return self.state_dir / "runtime"

    @property
    def course_dir(self) -> Path:
        """The grader's nbgrader course folder (solutions, gradebook config): the grader only."""
        return self.home_root / self.grader / self.course_id

    def save(self) -> Path:
        """Write these settings to ``state_dir/hub.json`` and return its path."""
        path = self.state_dir / SETTINGS_FILE
        data = asdict(self)
        data["state_dir"], data["home_root"] = str(self.state_dir), str(self.home_root)
        data["students"] = list(self.students)
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, state_dir: Path) -> HubSettings:
        """Read the settings ``pmkit hub init`` saved in ``state_dir``."""
        path = state_dir / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise HubError(
                f"{path} does not exist: no hub was set up in {state_dir} (run pmkit hub init)"
            ) from None
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{path}: unknown setting(s) {unknown}")
        data["state_dir"], data["home_root"] = Path(data["state_dir"]), Path(data["home_root"])
        data["students"] = tuple(data.get("students", ()))
        return cls(**data)

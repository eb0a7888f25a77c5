"""The configuration files of a cohort hub, written from its settings (pure functions).

* ``jupyterhub_config.py``: PAM logins for the roster only; one server per learner, started as
  the learner's account from the learner environment; the hub and the proxy on loopback ports
  but the public one; the hub's database on PostgreSQL; the course's formgrader as a service the
  hub manages, run as the grader account, reachable by the instructor and the grader only
  (``load_roles`` with ``access:services!service=<course>``, the current way); the course's
  check service (``<course>-check``), also run as the grader, which every learner's server may
  call (its token carries ``access:services!service=<course>-check``) and whose URL it gets in
  ``PMKIT_CHECK_SERVICE``; an admin service whose token ``pmkit hub status`` uses; and
  jupyterhub-idle-culler, which stops a learner's server idle for ``idle_minutes``.
* The learners' ``nbgrader_config.py``: the course id and the exchange, nothing else.
* The grader's ``nbgrader_config.py``: the course's own configuration, then the hub's gradebook
  (PostgreSQL) and exchange.

Secrets are not written into these files: the hub's config reads them from ``secrets/`` when
the hub starts, and the grader's gradebook URL sits in a file only the grader can read.
"""

from __future__ import annotations

from pmkit.hub._settings import HubSettings

ADMIN_SERVICE = "pmkit-admin"
CULLER_SERVICE = "idle-culler"
SECRETS_FILE = "hub.json"
HUB_PID_FILE = "jupyterhub.pid"
PROXY_PID_FILE = "proxy.pid"
"""The pid files JupyterHub and the proxy write in the runtime folder."""


def hub_config(settings: HubSettings, learner_env: str, proxy_command: str) -> str:
    """Return the text of ``jupyterhub_config.py`` for ``settings``.

    ``learner_env`` is the folder of the learners' Python environment (it holds
    ``bin/jupyterhub-singleuser``), ``proxy_command`` the configurable-http-proxy to run.
    """
    s = settings
    staff_group = f"formgrade-{s.course_id}"
    student_group = f"nbgrader-{s.course_id}"
    singleuser = f"{learner_env}/bin/jupyterhub-singleuser"
    ssl = (
        f"c.JupyterHub.ssl_cert = {s.ssl_cert!r}\nc.JupyterHub.ssl_key = {s.ssl_key!r}\n"
        if s.ssl_cert
        else "# No TLS here: put a TLS proxy in front of the public port, or run pmkit hub init\n"
        "# with --ssl-cert and --ssl-key.\n"
    )
    # PATH: the learners' environment first (nbgrader runs `alembic` from PATH), and never
    # root's own folders, which these accounts cannot read.
    path = f"{learner_env}/bin:/usr/local/bin:/usr/bin:/bin"
    check_url = f"http://127.0.0.1:{s.check_port}/services/{s.check_service}/"
    learner_environment = {
        "PATH": path,
        "PMKIT_CHECK_SERVICE": check_url,
        "PMKIT_DATASETS": str(s.content_dir / "datasets"),
        "JUPYTER_CONFIG_PATH": str(s.content_dir / "jupyter"),
    }
    grader_environment = {
        "PATH": path,
        "PMKIT_DATASETS": str(s.content_dir / "datasets"),
        "JUPYTERHUB_DEFAULT_URL": "/formgrader",
    }
    python = f"{learner_env}/bin/python"
    culler_role, culler_service = _culler(s, python)
    check_environment = {
        k: v for k, v in grader_environment.items() if k != "JUPYTERHUB_DEFAULT_URL"
    }
    return f'''\
"""JupyterHub configuration of the pmkit cohort hub for course {s.course_id!r}.

Written by `pmkit hub init` from {s.state_dir / "hub.json"}: change the settings there (or the
init options) and run init again rather than editing this file.
"""

import functools
import json
from pathlib import Path

from pmkit.hub import copy_lessons

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)
_secrets = json.loads(Path({str(s.secrets_dir / SECRETS_FILE)!r}).read_text())

# ---------------------------------------------------------------- network: only one public port
c.JupyterHub.ip = {s.public_ip!r}
c.JupyterHub.port = {s.public_port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {s.hub_port}
{ssl}c.ConfigurableHTTPProxy.command = [{proxy_command!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{s.proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = _secrets["proxy_token"]
c.ConfigurableHTTPProxy.pid_file = {str(s.runtime_dir / PROXY_PID_FILE)!r}

# -------------------------------------------------- state: PostgreSQL, root-only files
c.JupyterHub.db_url = _secrets["jupyterhub_db_url"]
c.JupyterHub.cookie_secret = bytes.fromhex(_secrets["cookie_secret"])
c.JupyterHub.pid_file = {str(s.runtime_dir / HUB_PID_FILE)!r}

# -------------------------------------------------- who may log in: the roster, by PAM
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = {set(s.accounts)!r}
c.Authenticator.admin_users = set()  # nobody may open another person's server

# ---------------------------------------------------------------- each learner's server
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {learner_environment!r}
c.Spawner.pre_spawn_hook = functools.partial(copy_lessons, Path({str(s.content_dir)!r}))
# the server's own token may also call the course's check service (pmkit check on the hub)
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "access:services!service={s.check_service}",
]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60

# ---------------------------------------------------------------- groups and roles
c.JupyterHub.load_groups = {{
    {staff_group!r}: {{"users": [{s.instructor!r}, {s.grader!r}]}},
    {student_group!r}: {{"users": {list(s.students)!r}}},
}}
c.JupyterHub.load_roles = [
    {{
        "name": {staff_group!r},
        "description": "Use the course's formgrader",
        "groups": [{staff_group!r}],
        "scopes": ["access:services!service={s.course_id}"],
    }},
    {{
        "name": "check-{s.course_id}",
        "description": "Self-check a notebook with the course's check service",
        "groups": [{staff_group!r}, {student_group!r}],
        "scopes": ["access:services!service={s.check_service}"],
    }},
    {{
        "name": {ADMIN_SERVICE!r},
        "description": "pmkit hub status and the hub's tests: users, servers and their tokens",
        "services": [{ADMIN_SERVICE!r}],
        "scopes": ["admin:users", "admin:servers", "tokens", "list:services", "read:services"],
    }},{culler_role}
]

# ---------------------------------------------------------------- services
c.JupyterHub.services = [
    {{
        # the course's formgrader, run by the hub as the grader account in the course folder
        "name": {s.course_id!r},
        "url": "http://127.0.0.1:{s.formgrader_port}",
        "command": [{singleuser!r}],
        "user": {s.grader!r},
        "cwd": {str(s.course_dir)!r},
        "environment": {grader_environment!r},
        "oauth_no_confirm": True,
    }},
    {{
        # learners' self-checks, run as the grader beside the tests (pmkit/hub/_check_service.py)
        "name": {s.check_service!r},
        "url": "http://127.0.0.1:{s.check_port}",
        "command": [{python!r}, "-m", "pmkit.hub._check_service"],
        "user": {s.grader!r},
        "cwd": {str(s.course_dir)!r},
        "environment": {check_environment!r},
    }},
    {{"name": {ADMIN_SERVICE!r}, "api_token": _secrets["admin_token"]}},{culler_service}
]
'''


def _culler(s: HubSettings, python: str) -> tuple[str, str]:
    """Return the idle culler's role and service entries (empty when idle_minutes is 0)."""
    if not s.idle_minutes:
        return "", ""
    role = f"""
    {{
        "name": "{CULLER_SERVICE}",
        "description": "Stop learners' servers idle for {s.idle_minutes} minutes",
        "services": ["{CULLER_SERVICE}"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }},"""
    service = f"""
    {{
        # jupyterhub-idle-culler: stops a server after {s.idle_minutes} idle minutes (pmkit hub
        # init --idle-minutes); the learner's files stay, and their next login starts it again
        "name": "{CULLER_SERVICE}",
        "command": [
            {python!r},
            "-m",
            "jupyterhub_idle_culler",
            "--timeout={s.idle_minutes * 60}",
            "--cull-every={s.cull_seconds}",
        ],
        "user": {s.grader!r},
        "cwd": {str(s.course_dir)!r},
    }},"""
    return role, service


def learner_nbgrader_config(settings: HubSettings) -> str:
    """Return the learners' ``nbgrader_config.py``: the course and its exchange."""
    return (
        '"""nbgrader for learners on the pmkit hub: the course and its exchange."""\n'
        "\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        f"c.Exchange.root = {str(settings.exchange_root)!r}\n"
        "c.Exchange.path_includes_course = True\n"
    )


def grader_nbgrader_config(course_config: str, settings: HubSettings, gradebook_url: str) -> str:
    """Return the grader's ``nbgrader_config.py``: the course's, then the hub's gradebook."""
    return (
        course_config.rstrip()
        + "\n\n\n# ---------------------------------------------------------------- on the hub\n"
        + "# Added by pmkit hub init: this course's gradebook on the hub's PostgreSQL, and the\n"
        + "# shared exchange. The gradebook URL holds a password: this file is the grader's only.\n"
        + f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        + f"c.CourseDirectory.db_url = {gradebook_url!r}\n"
        + f"c.Exchange.root = {str(settings.exchange_root)!r}\n"
        + "c.Exchange.path_includes_course = True\n"
    )

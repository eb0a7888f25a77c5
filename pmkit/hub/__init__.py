"""A cohort on a JupyterHub: one command stands up a multi-user course server (``pmkit hub``).

Run as root on a Debian or Ubuntu server: :func:`init_hub` creates an account per roster row,
an instructor and a grader account, PostgreSQL (the hub's database and the course's gradebook),
configurable-http-proxy from npm, the learners' environment, the lessons, the grader's course
folder, nbgrader's exchange and the hub's configuration; :func:`start_hub`, :func:`stop_hub` and
:func:`hub_status` run it. Learners get the lessons, the exercises (through the exchange) and
pmkit, never ``solutions/``, ``instructors/`` or a gradebook. See the README's "A cohort on a
JupyterHub".
"""

from pmkit.hub._check_client import check_remotely, check_service_url
from pmkit.hub._content import copy_lessons
from pmkit.hub._deploy import (
    HubStatus,
    InitReport,
    hub_status,
    init_hub,
    run_as_grader,
    start_hub,
    stop_hub,
)
from pmkit.hub._errors import HubError
from pmkit.hub._settings import HubSettings, check_account_name

__all__ = [
    "HubError",
    "HubSettings",
    "HubStatus",
    "InitReport",
    "check_account_name",
    "check_remotely",
    "check_service_url",
    "copy_lessons",
    "hub_status",
    "init_hub",
    "run_as_grader",
    "start_hub",
    "stop_hub",
]

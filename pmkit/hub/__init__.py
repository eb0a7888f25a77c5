"""A cohort on a JupyterHub: one command stands up a multi-user course server (``pmkit hub``).

Run as root on a Debian or Ubuntu server: :func:`init_hub` creates an account per roster row,
an instructor and a grader account, PostgreSQL (the hub's database and the course's gradebook),
configurable-http-proxy from npm, the learners' environment, the lessons, the grader's course
folder, nbgrader's exchange and the hub's configuration; :func:`start_hub`, :func:`stop_hub` and
:func:`hub_status` run it. Learners get the lessons, the exercises (through the exchange) and
pmkit, never ``solutions/``, ``instructors/`` or a gradebook. See the README's "A cohort on a
JupyterHub".

Importing this package imports nothing heavy: names load on first use (PEP 562), so the
``pmkit`` command does not load the hub's modules unless a hub command runs.
"""

from typing import TYPE_CHECKING

from pmkit._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from pmkit.hub._check_client import (
        check_remotely as check_remotely,
        check_service_url as check_service_url,
    )
    from pmkit.hub._content import copy_lessons as copy_lessons
    from pmkit.hub._deploy import (
        HubStatus as HubStatus,
        InitReport as InitReport,
        hub_status as hub_status,
        init_hub as init_hub,
        run_as_grader as run_as_grader,
        start_hub as start_hub,
        stop_hub as stop_hub,
    )
    from pmkit.hub._errors import HubError as HubError
    from pmkit.hub._settings import (
        HubSettings as HubSettings,
        check_account_name as check_account_name,
    )

__getattr__, __dir__, __all__ = _lazy_exports(__name__, __file__, globals())

"""``pmkit hub``: a cohort on a JupyterHub, on this server (run as root).

``init`` sets up (or updates, when the roster grows) accounts, PostgreSQL, the proxy, the
learners' environment, the content, the grader's course and the hub's configuration; ``start``,
``stop`` and ``status`` run it. The single-machine course (``make lab``) needs none of this.

Each command imports the hub's modules when it runs, so that ``pmkit check`` and every other
command start without them (tests/test_hub_config.py holds this).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from pmkit.cli._common import ProblemsFound, console, exit_codes, find_course, root_option

_DEFAULT_STATE = Path("/srv/pmkit-hub")

_state_option = click.option(
    "--state",
    "state_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=_DEFAULT_STATE,
    show_default=True,
    help="The hub's state folder (settings, secrets, PostgreSQL, exchange, content).",
)


@click.group()
def hub() -> None:
    """Run a cohort server: JupyterHub, PostgreSQL and nbgrader's exchange (as root)."""


@hub.command("init")
@exit_codes
@click.option(
    "--roster",
    "roster_csv",
    required=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The roster CSV (an id column): one account per row; ids must be account names.",
)
@click.option("--instructor", required=True, help="The instructor's account name.")
@click.option("--course-id", default="pmkit", show_default=True, help="nbgrader's course id.")
@_state_option
@root_option
@click.option(
    "--home-root", type=click.Path(path_type=Path), default=Path("/home"), show_default=True
)
@click.option("--ip", "public_ip", default="0.0.0.0", show_default=True, help="Public address.")
@click.option("--port", "public_port", default=8000, show_default=True, help="Public port.")
@click.option("--ssl-cert", default="", help="TLS certificate file (with --ssl-key).")
@click.option("--ssl-key", default="", help="TLS key file (with --ssl-cert).")
@click.option(
    "--idle-minutes",
    default=60,
    show_default=True,
    help="Stop a learner's server after this many minutes without activity (0: never).",
)
def hub_init(
    roster_csv: Path,
    instructor: str,
    course_id: str,
    state_dir: Path,
    root: Path | None,
    home_root: Path,
    public_ip: str,
    public_port: int,
    ssl_cert: str,
    ssl_key: str,
    idle_minutes: int,
) -> None:
    """Set up the hub for a roster; run again after adding students (passwords are kept)."""
    from pmkit.grading import read_roster
    from pmkit.hub import HubSettings, init_hub

    course = find_course(root)
    try:
        roster = read_roster(roster_csv)
        settings = HubSettings(
            course_id=course_id,
            instructor=instructor,
            students=tuple(roster["id"]),
            state_dir=state_dir.resolve(),
            home_root=home_root.resolve(),
            public_ip=public_ip,
            public_port=public_port,
            ssl_cert=ssl_cert,
            ssl_key=ssl_key,
            idle_minutes=idle_minutes,
        )
    except ValueError as err:  # a roster row or an option refused: a problem in the input
        raise ProblemsFound(str(err)) from None
    report = init_hub(settings, course.root, roster_csv)
    console.print(
        f"{len(report.created)} account(s) created, {len(report.kept)} kept; first passwords of "
        f"the new ones in {report.passwords_file} (root only)\nconfiguration: "
        f"{report.config_file}\nnext: pmkit hub start --state {settings.state_dir}",
        highlight=False,
    )


@hub.command("start")
@exit_codes
@_state_option
def hub_start(state_dir: Path) -> None:
    """Start PostgreSQL and JupyterHub (with its proxy, formgrader, check service and culler)."""
    from pmkit.hub import HubSettings, start_hub

    start_hub(state_dir)
    settings = HubSettings.load(state_dir)
    scheme = "https" if settings.ssl_cert else "http"
    host = "<this server>" if settings.public_ip in ("0.0.0.0", "::") else settings.public_ip
    console.print(f"the hub is up: {scheme}://{host}:{settings.public_port}/", highlight=False)


@hub.command("stop")
@exit_codes
@_state_option
def hub_stop(state_dir: Path) -> None:
    """Stop JupyterHub, every server it started, and PostgreSQL."""
    from pmkit.hub import stop_hub

    stop_hub(state_dir)
    console.print("the hub is stopped", highlight=False)


@hub.command(
    "cohort",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@exit_codes
@_state_option
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED, required=True)
def hub_cohort(state_dir: Path, arguments: tuple[str, ...]) -> None:
    """Run `pmkit cohort ARGUMENTS` as the grader, in the course folder, on the hub's gradebook.

    For example `pmkit hub cohort grade 02_prioritization` or `pmkit hub cohort report`.
    """
    from pmkit.hub import HubSettings, run_as_grader

    settings = HubSettings.load(state_dir)
    console.print(run_as_grader(settings, ["pmkit", "cohort", *arguments]), end="", markup=False)


@hub.command("status")
@exit_codes
@_state_option
def hub_status_command(state_dir: Path) -> None:
    """Say how each part of the hub is; exit 1 when a part is down."""
    from pmkit.hub import hub_status

    status = hub_status(state_dir)
    table = Table("part", "up", "detail")
    for part, (ok, detail) in status.parts.items():
        table.add_row(part, "yes" if ok else "NO", detail)
    console.print(table)
    if not status.ok:
        raise ProblemsFound("a part of the hub is down")

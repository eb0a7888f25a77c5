"""The cohort hub's settings, configuration files and self-check client, without a hub.

Runs anywhere (no root): what ``pmkit hub init`` refuses and why, what the configuration it
writes allows and keeps private, and how ``pmkit check`` talks to the course's check service.
tests/test_hub.py stands a real hub up and drives it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from pmkit.cli import main
from pmkit.grading import CheckReport, QuestionResult
from pmkit.hub import HubError, HubSettings, check_remotely
from pmkit.hub._config import grader_nbgrader_config, hub_config, learner_nbgrader_config

ROOT = Path(__file__).resolve().parents[1]


def settings(**changes: Any) -> HubSettings:
    values: dict[str, Any] = {
        "course_id": "pm101",
        "instructor": "ada",
        "students": ("ann", "ben"),
        "state_dir": Path("/srv/pmkit-hub"),
    }
    return HubSettings(**(values | changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"course_id": "PM 101"}, "course_id must be a lowercase letter"),
        ({"instructor": "Ada.L"}, "instructor must be a system account name.*'Ada.L'"),
        ({"students": ()}, "students must name at least one student"),
        ({"students": ("ann", "../x")}, r"students\[1\] must be a system account name.*'\.\./x'"),
        ({"students": ("ann", "ada")}, "students\\[1\\] 'ada' is also instructor"),
        ({"students": ("grader-pm101",)}, "'grader-pm101' is also grader"),
        ({"state_dir": Path("hub")}, "state_dir must be an absolute path; got 'hub'"),
        ({"public_ip": "localhost"}, "public_ip must be an IP address; got 'localhost'"),
        ({"public_port": 80}, "public_port must be a port number from 1024 to 65535; got 80"),
        ({"check_port": 8081}, "check_port and hub_port are both 8081"),
        ({"ssl_cert": "/etc/cert.pem"}, "ssl_cert and ssl_key go together"),
        ({"idle_minutes": -5}, "idle_minutes must be a whole number of minutes .* got -5"),
        ({"idle_minutes": 1.5}, "idle_minutes must be a whole number of minutes .* got 1.5"),
    ],
)
def test_bad_settings_are_refused_naming_the_field_and_the_value(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        settings(**changes)


def test_settings_are_saved_and_read_back(tmp_path: Path) -> None:
    saved = settings(state_dir=tmp_path, public_port=8443)
    saved.save()
    assert HubSettings.load(tmp_path) == saved
    with pytest.raises(HubError, match=r"no hub was set up in .* \(run pmkit hub init\)"):
        HubSettings.load(tmp_path / "elsewhere")


def test_the_hub_configuration_is_python_and_allows_the_roster_only() -> None:
    s = settings()
    text = hub_config(s, "/srv/pmkit-hub/env", "/srv/pmkit-hub/proxy/chp")
    ast.parse(text)  # a file JupyterHub can load
    assert "c.Authenticator.allowed_users = {" in text
    for name in ("ada", "ann", "ben", "grader-pm101"):
        assert repr(name) in text
    assert "c.Authenticator.admin_users = set()" in text
    assert 'c.JupyterHub.authenticator_class = "pam"' in text
    # only the public port listens beyond loopback
    assert "c.JupyterHub.ip = '0.0.0.0'" in text
    assert 'c.JupyterHub.hub_ip = "127.0.0.1"' in text
    assert 'c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"' in text
    assert '"url": "http://127.0.0.1:9999"' in text and '"url": "http://127.0.0.1:9998"' in text
    # the formgrader is for the staff group only, the check service for learners and staff
    assert '"scopes": ["access:services!service=pm101"]' in text
    assert "\"groups\": ['formgrade-pm101']" in text
    assert '"scopes": ["access:services!service=pm101-check"]' in text
    assert "\"user\": 'grader-pm101'" in text
    # secrets are read when the hub starts, never written into the file
    assert "_secrets[" in text and "password" not in text.replace("_secrets", "")
    assert "No TLS here" in text


def test_idle_servers_are_stopped_by_the_culler_with_the_scopes_it_needs() -> None:
    text = hub_config(settings(idle_minutes=45), "/srv/pmkit-hub/env", "/chp")
    ast.parse(text)
    assert '"--timeout=2700"' in text and '"--cull-every=300"' in text
    culler = text.split('"name": "idle-culler",\n        "command": [')[1].split("]")[0]
    assert culler.split() == [
        "'/srv/pmkit-hub/env/bin/python',",
        '"-m",',
        '"jupyterhub_idle_culler",',
        '"--timeout=2700",',
        '"--cull-every=300",',
    ]
    assert (
        '"scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]' in text
    )
    assert settings(idle_minutes=1).cull_seconds == 30
    never = hub_config(settings(idle_minutes=0), "/env", "/chp")
    assert "jupyterhub_idle_culler" not in never and "idle-culler" not in never
    ast.parse(never)


def test_tls_options_reach_the_configuration() -> None:
    text = hub_config(
        settings(ssl_cert="/etc/ssl/hub.pem", ssl_key="/etc/ssl/hub.key"), "/env", "/chp"
    )
    assert "c.JupyterHub.ssl_cert = '/etc/ssl/hub.pem'" in text
    assert "No TLS here" not in text


def test_learners_get_the_exchange_and_the_grader_gets_the_gradebook() -> None:
    s = settings()
    learner = learner_nbgrader_config(s)
    assert "c.Exchange.root = '/srv/pmkit-hub/exchange'" in learner
    assert "db_url" not in learner and "solutions" not in learner
    course = (ROOT / "nbgrader_config.py").read_text()
    url = "postgresql+psycopg://gradebook:secret@127.0.0.1:5433/gradebook"
    grader = grader_nbgrader_config(course, s, url)
    assert grader.startswith(course.rstrip())  # the course's own pipeline stays
    assert grader.rstrip().endswith("c.Exchange.path_includes_course = True")
    assert f"c.CourseDirectory.db_url = {url!r}" in grader
    ast.parse(grader)


def test_a_check_report_survives_the_trip_through_json() -> None:
    report = CheckReport(
        notebook=Path("pm_evidence.ipynb"),
        assignment="01_pm_evidence",
        source=Path("/course/solutions/01_pm_evidence/pm_evidence.ipynb"),
        questions=[
            QuestionResult("q1_tests", "Q1", "auto", 2, 0, False, "too short", "count words"),
            QuestionResult("q5_answer", "Q5", "manual", 3, 0, None, rubric="clear"),
        ],
        visible_only=True,
    )
    back = CheckReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert back.to_dict() == report.to_dict()
    assert back.source == Path("")  # where the tests live is not sent


class _Service(BaseHTTPRequestHandler):
    answer: ClassVar[dict[str, Any]] = {}
    code: ClassVar[int] = 200
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).seen.append(
            {"auth": self.headers["Authorization"], "body": json.loads(self.rfile.read(length))}
        )
        body = json.dumps(self.answer).encode()
        self.send_response(self.code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def service() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Service)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Service.seen = []
    yield f"http://127.0.0.1:{server.server_port}/services/pm101-check/"
    server.shutdown()
    server.server_close()


def test_pmkit_check_on_the_hub_sends_the_notebook_and_prints_the_services_report(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = tmp_path / "pm_evidence.ipynb"
    notebook.write_text(json.dumps({"cells": [], "nbformat": 4, "nbformat_minor": 5}))
    report = {
        "notebook": "pm_evidence.ipynb",
        "assignment": "01_pm_evidence",
        "earned": 0,
        "possible": 2,
        "passed": False,
        "sandboxed": True,
        "visible_only": False,
        "questions": [
            {
                "grade_id": "q1_tests",
                "label": "Q1",
                "kind": "auto",
                "points": 2,
                "earned": 0,
                "passed": False,
                "message": "q1 has 2 rows; expected one per feature",
                "hint": "group by feature",
                "rubric": "",
            }
        ],
    }
    _Service.answer, _Service.code = {"status": 1, "report": report}, 200
    monkeypatch.setenv("PMKIT_CHECK_SERVICE", service)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "learner-token")
    result = CliRunner().invoke(main, ["check", str(notebook)])
    assert result.exit_code == 1, result.output  # a question fails
    assert "q1 has 2 rows" in result.output and "group by feature" in result.output
    (sent,) = _Service.seen
    assert sent["auth"] == "token learner-token"
    assert sent["body"]["name"] == "pm_evidence.ipynb" and sent["body"]["notebook"]["cells"] == []

    _Service.answer = {"status": 2, "error": "pm_evidence.ipynb is not one of the course's"}
    result = CliRunner().invoke(main, ["check", str(notebook)])
    assert result.exit_code == 2 and "not one of the course's" in result.output


def test_a_check_service_that_refuses_or_is_gone_is_a_clear_error(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    notebook = tmp_path / "x.ipynb"
    notebook.write_text("{}")
    _Service.answer, _Service.code = {}, 403
    with pytest.raises(HubError, match="refused the check \\(HTTP 403\\)"):
        check_remotely(notebook, service, token="t")
    with pytest.raises(HubError, match="did not answer"):
        check_remotely(notebook, "http://127.0.0.1:9/services/x/", token="t")
    with pytest.raises(HubError, match="JUPYTERHUB_API_TOKEN is not set"):
        check_remotely(notebook, service, token="")


def test_hub_commands_without_a_hub_exit_2_saying_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["hub", "status", "--state", str(tmp_path)])
    assert result.exit_code == 2
    assert "no hub was set up" in result.output and "pmkit hub init" in result.output


def test_hub_init_refuses_a_roster_id_that_cannot_be_an_account(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id\nann\nBen.Smith\n")
    result = CliRunner().invoke(
        main,
        [
            "hub",
            "init",
            "--roster",
            str(roster),
            "--instructor",
            "ada",
            "--state",
            str(tmp_path),
            "--course",
            str(ROOT),
        ],
    )
    assert result.exit_code == 1  # a problem in the input
    assert "students[1] must be a system account name" in result.output
    assert "'Ben.Smith'" in result.output
    assert not (tmp_path / "hub.json").exists()  # nothing was set up


def test_a_server_whose_name_does_not_resolve_is_told_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """JupyterHub on 0.0.0.0 reaches its proxy by the host name; unresolvable, it waits for ever.

    The machine's name and its resolver are stand-ins: whether this machine's own name resolves
    (it does not in many containers, the case the check is for) is not what is tested.
    """
    import socket

    from pmkit.hub._deploy import hostname_problem

    def resolve(host: str, *args: object, **kwargs: object) -> list[object]:
        if host != "pmkit-test-host":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.1.1", 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "gethostname", lambda: "pmkit-test-host")
    assert hostname_problem("0.0.0.0") is None  # a name that resolves
    monkeypatch.setattr(socket, "gethostname", lambda: "no-such-host.invalid")
    problem = hostname_problem("0.0.0.0")
    assert problem is not None
    assert "'no-such-host.invalid' does not resolve" in problem
    assert "add the line '127.0.1.1 no-such-host.invalid' to /etc/hosts" in problem
    assert hostname_problem("127.0.0.1") is None  # a named address needs no name


def test_missing_programs_are_named_with_their_debian_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A minimal Debian lacks procps (pgrep): init says what to install before changing anything."""
    import shutil

    from pmkit.hub._deploy import require_commands

    real = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name: None if name in ("pgrep", "npm") else real(name)
    )
    with pytest.raises(
        HubError, match=r"pgrep, npm are not installed, .*apt-get install procps nodejs npm"
    ):
        require_commands()
    with pytest.raises(
        HubError, match=r"^pgrep is not installed, and pmkit hub needs it: apt-get install procps$"
    ):
        require_commands(("pgrep",))
    require_commands(("setsid",))


@pytest.fixture
def processes() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start processes (a command line each); kill those still running afterwards."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*command: str) -> subprocess.Popen[bytes]:
        started.append(subprocess.Popen(command))
        # Popen returns once exec began; the kernel shows the new command line a moment later
        cmdline = Path(f"/proc/{started[-1].pid}/cmdline")
        deadline = time.monotonic() + 10
        while not cmdline.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.01)
        return started[-1]

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_a_pid_file_counts_only_when_its_process_is_this_hubs(
    tmp_path: Path, processes: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """After a reboot the number in jupyterhub.pid may belong to another process: not the hub."""
    from pmkit.hub._deploy import _hub_pid, _pid_from

    s = settings(state_dir=tmp_path)
    s.runtime_dir.mkdir()
    pid_file = s.runtime_dir / "jupyterhub.pid"
    assert _hub_pid(s) is None  # no pid file
    # a stand-in for JupyterHub: a process whose arguments name this hub's configuration
    config = str(s.runtime_dir / "jupyterhub_config.py")
    hub = processes(sys.executable, "-c", "import time; time.sleep(60)", "-f", config)
    unrelated = processes("sleep", "60")  # alive, with the number a stale pid file may hold
    pid_file.write_text(f"{hub.pid}\n")
    assert _hub_pid(s) == hub.pid
    pid_file.write_text(f"{unrelated.pid}\n")
    assert _hub_pid(s) is None
    assert _pid_from(pid_file, "sleep") == unrelated.pid  # the marker is all that differs
    unrelated.kill()
    unrelated.wait()
    assert _pid_from(pid_file, "sleep") is None  # gone
    hub.kill()  # not waited for: a zombie, alive to os.kill but with an empty command line
    deadline = time.monotonic() + 10
    while Path(f"/proc/{hub.pid}/cmdline").read_bytes() and time.monotonic() < deadline:
        time.sleep(0.05)
    pid_file.write_text(str(hub.pid))
    assert _hub_pid(s) is None
    for garbled in ("", "not a pid", "0", "-1"):
        pid_file.write_text(garbled)
        assert _pid_from(pid_file, "") is None, garbled


def test_the_pmkit_command_starts_without_the_hubs_deployment_modules() -> None:
    """`pmkit check` and the other commands load pmkit.hub's modules only for a hub command."""
    code = (
        "import sys, pmkit.cli; print(sorted(m for m in sys.modules if m.startswith('pmkit.hub.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip()
    assert loaded.startswith("["), out
    for module in ("_deploy", "_postgres", "_accounts", "_environment", "_content"):
        assert f"'pmkit.hub.{module}'" not in loaded, loaded

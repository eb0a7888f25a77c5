"""A cohort on a real JupyterHub, on loopback: `pmkit hub` stood up and driven through its APIs.

One hub for the module (``pmkit hub init`` and ``start`` as the CLI runs them): PostgreSQL, the
hub, configurable-http-proxy and the course's formgrader service on free 127.0.0.1 ports, with
throwaway accounts (an instructor, a grader and three students) that are removed afterwards.
The tests then do what a cohort does, through the hub's REST API and the servers' nbgrader
endpoints, as each person: log in, start a server, release, fetch, submit (a solved copy, a
blank and an attack from the trusted-grading threat model), collect, grade into PostgreSQL.
They also check what each account must not reach: another learner's server and home, the
submissions of others, the course's solutions, the formgrader, the hub's secrets.

Root only (accounts, PostgreSQL as the postgres account, servers started as each learner): CI
runs as root and .ci/run installs PostgreSQL; elsewhere these tests are skipped, saying why.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from attack_corpus import ATTACKS, attacked
from click.testing import CliRunner
from hubfactory import start_server, throwaway_hub
from nbfactory import solved_copy

from pmkit.cli import main
from pmkit.grading._course import cell_source, read_notebook
from pmkit.hub import HubError, HubSettings, hub_status, init_hub, start_hub, stop_hub
from pmkit.hub._accounts import remove_account

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01_pm_evidence"
NOTEBOOK = "pm_evidence.ipynb"

pytestmark = [
    pytest.mark.hub,
    pytest.mark.skipif(
        os.geteuid() != 0,
        reason="pmkit hub creates system accounts and runs PostgreSQL and each learner's server "
        "as its own account: it needs root (CI runs as root)",
    ),
]


@dataclass
class Cohort:
    """A running hub and what the tests need to act as each of its people."""

    settings: HubSettings
    passwords: dict[str, str]
    admin_token: str

    @property
    def public(self) -> str:
        return f"http://127.0.0.1:{self.settings.public_port}"

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.settings.hub_port}/hub/api"

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"token {self.admin_token}"}

    def student(self, index: int) -> str:
        return self.settings.students[index]

    def token(self, user: str) -> dict[str, str]:
        """Return headers with a token of ``user``'s own (issued by the admin service)."""
        answer = requests.post(
            f"{self.api}/users/{user}/tokens",
            headers=self.admin,
            json={"note": "pmkit hub tests", "expires_in": 3600},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        return {"Authorization": f"token {answer.json()['token']}"}

    def start_server(self, user: str) -> None:
        start_server(self.api, user, self.admin_token, timeout=60)

    def log_tail(self, lines: int = 60) -> str:
        """Return the end of the hub's log (the services' output is in it too)."""
        log = self.settings.runtime_dir / "jupyterhub.log"
        return "\n--- hub log ---\n" + "\n".join(log.read_text().splitlines()[-lines:])

    def as_account(self, user: str, *command: str) -> subprocess.CompletedProcess[str]:
        """Run ``command`` as the system account ``user`` (what their terminal could do)."""
        return subprocess.run(
            ["runuser", "-u", user, "--", *command],
            capture_output=True,
            text=True,
            check=False,
            cwd="/",
        )


@pytest.fixture(scope="module")
def cohort() -> Iterator[Cohort]:
    state, settings = throwaway_hub("t", ("ann", "ben", "cyd"))
    roster = state / "roster.csv"
    try:
        init_hub(settings, ROOT, roster)
        start_hub(settings.state_dir)
        with (settings.secrets_dir / "first_passwords.csv").open() as handle:
            passwords = {row["account"]: row["first_password"] for row in csv.DictReader(handle)}
        admin_token = json.loads((settings.secrets_dir / "hub.json").read_text())["admin_token"]
        yield Cohort(settings, passwords, admin_token)
    finally:
        leftover = ""
        try:
            if settings.state_dir.exists():
                stop_hub(settings.state_dir)
            # pmkit hub stop leaves nothing running: no proxy, server, service or PostgreSQL
            leftover = subprocess.run(
                ["pgrep", "-a", "-f", str(state)], capture_output=True, text=True, check=False
            ).stdout
        finally:
            for account in settings.accounts:
                remove_account(account)
            subprocess.run(["pkill", "-KILL", "-f", str(state)], check=False)
            shutil.rmtree(state, ignore_errors=True)
    assert not leftover, f"still running after pmkit hub stop:\n{leftover}"


def test_every_part_of_the_hub_is_up(cohort: Cohort) -> None:
    status = hub_status(cohort.settings.state_dir)
    assert list(status.parts) == [
        "postgresql",
        "jupyterhub",
        "proxy",
        "formgrader",
        "check service",
        "idle culler",
        "servers",
    ]
    assert status.ok, status.parts
    assert "version 6." in status.parts["jupyterhub"][1]


def test_init_refuses_to_rebuild_a_running_hub(cohort: Cohort) -> None:
    with pytest.raises(HubError, match="is running: pmkit hub stop first"):
        init_hub(cohort.settings, ROOT, cohort.settings.course_dir / "roster.csv")
    assert hub_status(cohort.settings.state_dir).ok  # and it left it running


def test_the_roster_logs_in_with_its_first_password_and_nobody_else_does(cohort: Cohort) -> None:
    def login(user: str, password: str) -> int:
        session = requests.Session()
        page = session.get(f"{cohort.public}/hub/login", timeout=10)
        assert page.status_code == 200, (page.status_code, page.text[:300], session.cookies)
        answer = session.post(
            f"{cohort.public}/hub/login",
            data={"username": user, "password": password, "_xsrf": session.cookies["_xsrf"]},
            allow_redirects=False,
            timeout=30,
        )
        return answer.status_code

    ann = cohort.student(0)
    assert login(ann, cohort.passwords[ann]) == 302  # logged in, sent on to the server
    assert login(ann, cohort.passwords[cohort.student(1)]) == 403  # another's password
    assert login("postgres", "postgres") == 403  # a system account not on the roster
    # the first passwords are for the instructor to hand out: root may read them, nobody else
    assert oct((cohort.settings.secrets_dir / "first_passwords.csv").stat().st_mode)[-3:] == "600"
    assert cohort.as_account(ann, "cat", str(cohort.settings.secrets_dir / "hub.json")).returncode


def test_learners_get_the_lessons_and_never_the_answers(cohort: Cohort) -> None:
    ann = cohort.student(0)
    cohort.start_server(ann)
    headers = cohort.token(ann)
    home = requests.get(f"{cohort.public}/user/{ann}/api/contents", headers=headers, timeout=10)
    assert home.status_code == 200
    assert "lessons" in [item["name"] for item in home.json()["content"]]
    lessons = requests.get(
        f"{cohort.public}/user/{ann}/api/contents/lessons", headers=headers, timeout=10
    ).json()["content"]
    assert "04_product_metrics.ipynb" in [item["name"] for item in lessons]
    # the course folder (solutions, hidden tests, the gradebook's password) is the grader's
    course = cohort.settings.course_dir
    assert (course / "solutions" / ASSIGNMENT / NOTEBOOK).exists()
    assert cohort.as_account(ann, "ls", str(course)).returncode != 0
    assert cohort.as_account(ann, "cat", str(course / "nbgrader_config.py")).returncode != 0
    # the learners' environment holds pmkit the package, not the checkout and its answers
    env = cohort.settings.state_dir / "env"
    found = cohort.as_account(
        ann,
        str(env / "bin" / "python"),
        "-c",
        "import pmkit, pathlib; print(pathlib.Path(pmkit.__file__).parent.parent)",
    )
    assert found.returncode == 0, found.stderr
    site = Path(found.stdout.strip())
    assert site.is_relative_to(env)
    assert not (site / "solutions").exists() and not (site / "instructors").exists()
    assert not list(env.rglob("*.variants.toml"))


def test_one_learner_cannot_reach_another_learners_server_or_home(cohort: Cohort) -> None:
    ann, ben = cohort.student(0), cohort.student(1)
    cohort.start_server(ben)
    answer = requests.get(
        f"{cohort.public}/user/{ben}/api/contents",
        headers=cohort.token(ann),
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 403
    assert cohort.as_account(ann, "ls", str(cohort.settings.home_root / ben)).returncode != 0


def _hidden_test_lines(source: dict[str, Any]) -> list[str]:
    """Return the lines of the hidden tests of ``source`` worth searching for (not blank)."""
    lines, inside = [], False
    for cell in source["cells"]:
        for line in cell_source(cell).splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 12:
                lines.append(line.strip())
    return lines


def _server_environment(cohort: Cohort, user: str) -> dict[str, str]:
    """Return the environment of ``user``'s running server (what its terminals inherit)."""
    pid = subprocess.run(
        ["pgrep", "-u", user, "-f", "jupyterhub-singleuser"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def test_a_learners_self_check_runs_on_the_check_service_and_reveals_nothing_hidden(
    cohort: Cohort,
) -> None:
    ann = cohort.student(0)
    cohort.start_server(ann)
    server_env = _server_environment(cohort, ann)
    assert server_env["PMKIT_CHECK_SERVICE"].endswith(f"/services/{cohort.settings.check_service}/")
    solution = read_notebook(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK)
    blank = read_notebook(ROOT / "exercises" / ASSIGNMENT / NOTEBOOK)
    headers = cohort.token(ann)
    server = f"{cohort.public}/user/{ann}"
    requests.put(
        f"{server}/api/contents/selfcheck", headers=headers, json={"type": "directory"}, timeout=10
    )
    hidden = _hidden_test_lines(solution)
    assert hidden
    results = {}
    for label, notebook in (("solved", solved_copy(blank, solution)), ("blank", blank)):
        saved = requests.put(
            f"{server}/api/contents/selfcheck/{label}.ipynb",
            headers=headers,
            json={"type": "notebook", "format": "json", "content": notebook},
            timeout=30,
        )
        assert saved.status_code in (200, 201), saved.text
        # pmkit check in the learner's terminal: their account, their server's token and URL
        keep = ("PATH", "HOME", "JUPYTERHUB_API_TOKEN", "PMKIT_CHECK_SERVICE", "PMKIT_DATASETS")
        done = cohort.as_account(
            ann,
            "env",
            "-i",
            *(f"{k}={server_env[k]}" for k in keep),
            "pmkit",
            "check",
            "--json",
            str(cohort.settings.home_root / ann / "selfcheck" / f"{label}.ipynb"),
        )
        assert done.returncode in (0, 1), done.stderr + cohort.log_tail()
        results[label] = (done.returncode, json.loads(done.stdout))
        report_text = json.dumps(results[label][1])
        assert not [line for line in hidden if line in report_text]
        assert "BEGIN HIDDEN" not in done.stdout
    code, report = results["solved"]
    assert code == 0 and report["earned"] == report["possible"] == 7, report
    code, report = results["blank"]
    assert code == 1 and report["earned"] == 0
    assert all(q["message"] for q in report["questions"] if q["kind"] == "auto")
    # JupyterLab's "Check this exercise" command: its route on the learner's server gives the
    # same full report (from the service: not a visible-only check of the copy's own tests)
    for label, earned in (("solved", 7), ("blank", 0)):
        lab = requests.post(
            f"{server}/pmkit/check",
            headers=headers,
            json={"path": f"selfcheck/{label}.ipynb"},
            timeout=120,
        )
        assert lab.status_code == 200, lab.text
        answer = lab.json()
        assert answer["status"] == (0 if earned else 1), answer
        assert answer["report"]["earned"] == earned and answer["report"]["possible"] == 7
        assert answer["report"]["missing"] == "" and not answer["report"]["visible_only"]
        assert answer["report"]["questions"] == results[label][1]["questions"]
    # the service takes hub users only: without a token it refuses
    refused = requests.post(
        f"{server_env['PMKIT_CHECK_SERVICE']}check",
        json={"name": "x.ipynb", "notebook": {}},
        timeout=10,
        allow_redirects=False,
    )
    assert refused.status_code in (302, 403)


def test_the_formgrader_is_for_the_instructor_and_the_grader_only(cohort: Cohort) -> None:
    url = f"{cohort.public}/services/{cohort.settings.course_id}/formgrader/api/assignments"
    staff = requests.get(url, headers=cohort.token(cohort.settings.instructor), timeout=30)
    assert staff.status_code == 200, staff.text[:500]
    assert ASSIGNMENT in [a["name"] for a in staff.json()]
    learner = requests.get(
        url, headers=cohort.token(cohort.student(0)), allow_redirects=False, timeout=30
    )
    assert learner.status_code == 403


def test_a_cohort_releases_fetches_submits_collects_and_grades_on_postgresql(
    cohort: Cohort,
) -> None:
    s = cohort.settings
    instructor = cohort.token(s.instructor)
    formgrader = f"{cohort.public}/services/{s.course_id}/formgrader/api/assignment/{ASSIGNMENT}"
    released = requests.post(f"{formgrader}/release", headers=instructor, timeout=60)
    assert released.status_code == 200 and released.json()["success"], released.text

    solution = read_notebook(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK)
    blank = read_notebook(ROOT / "exercises" / ASSIGNMENT / NOTEBOOK)
    attack = next(iter(ATTACKS))
    work: dict[str, dict[str, Any]] = {
        cohort.student(0): solved_copy(blank, solution),
        cohort.student(1): blank,
        cohort.student(2): attacked(blank, solution, ATTACKS[attack]),
    }
    for student, notebook in work.items():
        cohort.start_server(student)
        headers = cohort.token(student)
        server = f"{cohort.public}/user/{student}"
        listed = requests.get(
            f"{server}/assignments", headers=headers, params={"course_id": s.course_id}, timeout=30
        ).json()
        assert [a["status"] for a in listed["value"]] == ["released"], listed
        form = {"course_id": s.course_id, "assignment_id": ASSIGNMENT}
        fetched = requests.post(
            f"{server}/assignments/fetch", headers=headers, data=form, timeout=60
        )
        assert fetched.json()["success"], fetched.text
        path = f"{s.course_id}/{ASSIGNMENT}/{NOTEBOOK}"
        saved = requests.put(
            f"{server}/api/contents/{path}",
            headers=headers,
            json={"type": "notebook", "format": "json", "content": notebook},
            timeout=30,
        )
        assert saved.status_code == 200, saved.text
        submitted = requests.post(
            f"{server}/assignments/submit", headers=headers, data=form, timeout=60
        )
        assert submitted.json()["success"], submitted.text

    # a learner cannot list or read the inbound folder, where everyone's submissions wait
    inbound = s.exchange_root / s.course_id / "inbound"
    assert len(list(inbound.iterdir())) == 3
    assert cohort.as_account(cohort.student(1), "ls", str(inbound)).returncode != 0

    collected = requests.post(f"{formgrader}/collect", headers=instructor, timeout=60)
    assert collected.json()["success"], collected.text
    assert sorted(p.name for p in (s.course_dir / "submitted").iterdir()) == sorted(work)

    # the instructor's commands, run by `pmkit hub cohort` as the grader on the hub's gradebook
    graded = _hub_cohort(s, "grade", ASSIGNMENT)
    assert "3 graded" in graded, graded
    _hub_cohort(s, "export", "--assignment", ASSIGNMENT, "--out", "grades.csv")
    with (s.course_dir / "grades.csv").open() as handle:
        scores = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(handle)}
    solved, honest_blank, attacker = (cohort.student(i) for i in range(3))
    # the solution earns every autograded point (7 of 13: the rest are graded by hand)
    assert scores[solved] == 7, (scores, graded)
    assert scores[honest_blank] == 0
    assert scores[attacker] == 0, f"{attack!r} scored {scores[attacker]}"
    # the grades are in the hub's PostgreSQL, not in a SQLite file of the course folder
    assert "postgresql+psycopg://gradebook:" in (s.course_dir / "nbgrader_config.py").read_text()
    assert not list(s.course_dir.rglob("gradebook.db"))

    # feedback goes back through the exchange, and each learner fetches their own
    _hub_cohort(s, "feedback", ASSIGNMENT, "--release")
    headers = cohort.token(solved)
    server = f"{cohort.public}/user/{solved}"
    form = {"course_id": s.course_id, "assignment_id": ASSIGNMENT}
    fetched = requests.post(
        f"{server}/assignments/fetch_feedback", headers=headers, data=form, timeout=60
    )
    assert fetched.json()["success"], fetched.text
    folder = f"{s.course_id}/{ASSIGNMENT}/feedback"
    listing = requests.get(f"{server}/api/contents/{folder}", headers=headers, timeout=10).json()
    (stamp,) = [item["name"] for item in listing["content"]]
    page = requests.get(
        f"{server}/files/{folder}/{stamp}/{NOTEBOOK.replace('.ipynb', '.html')}",
        headers=headers,
        timeout=10,
    )
    assert page.status_code == 200 and "7.0" in page.text  # their score
    hidden = (ROOT / "solutions" / ASSIGNMENT / NOTEBOOK).read_text()
    assert "### BEGIN HIDDEN TESTS" in hidden and "BEGIN HIDDEN TESTS" not in page.text

    _hub_cohort(s, "report", "--out", "report")
    assert (s.course_dir / "report" / "cohort_report.html").exists()


def _hub_cohort(settings: HubSettings, *arguments: str) -> str:
    """Run ``pmkit hub cohort ARGUMENTS`` (as an instructor would) and return its output."""
    result = CliRunner().invoke(
        main, ["hub", "cohort", "--state", str(settings.state_dir), *arguments]
    )
    assert result.exit_code == 0, result.output
    return result.output


# ------------------------------------------------------------------ in the browser
CHROMIUM = Path(os.environ.get("PMKIT_CHROMIUM", "/usr/bin/chromium"))


def _log_in(browser: Any, cohort: Cohort, user: str) -> Any:
    """Log ``user`` in on the hub's login page; return the page, where the hub sent them."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{cohort.public}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", cohort.passwords[user])
    page.click("#login_submit")
    return page


def test_in_the_browser_a_learner_sees_the_assignment_and_the_instructor_the_formgrader(
    cohort: Cohort,
) -> None:
    # after the cohort test: 01_pm_evidence is released, and every learner has handed it in
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            learner = cohort.student(1)
            page = _log_in(browser, cohort, learner)
            page.wait_for_url(f"**/user/{learner}/lab**")
            page.locator("#jp-main-dock-panel").wait_for()
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
            panel = page.locator(".lm-DockPanel .jp-MainAreaWidget").last
            panel.get_by_text("Submitted assignments", exact=True).wait_for()
            panel.get_by_text(ASSIGNMENT).first.wait_for()  # listed once it has loaded

            staff = _log_in(browser, cohort, cohort.settings.instructor)
            staff.wait_for_url("**/hub/**")
            formgrader = staff.context.new_page()
            formgrader.goto(f"{cohort.public}/services/{cohort.settings.course_id}/formgrader")
            formgrader.locator("table").get_by_text(ASSIGNMENT, exact=True).first.wait_for()
            row = next(
                r
                for r in formgrader.locator("table tbody tr").all_inner_texts()
                if r.split()[0] == ASSIGNMENT
            )
            assert "released" in row and "3" in row.split(), row  # released, 3 submissions
        finally:
            browser.close()

"""The kit in a real browser: JupyterLab driven by Playwright in Debian's Chromium.

A JupyterLab server is started on 127.0.0.1 on a free port, with the project's own
configuration (the nbgrader course at the top, the environment's bin/ on PATH as `make lab`
sets it), over a temporary copy of the course, so running lessons and exercises never writes
into the checkout. Chromium is Debian's (/usr/bin/chromium, installed by .ci/run with apt-get;
`PMKIT_CHROMIUM` points elsewhere), never a browser downloaded by Playwright.

The learner's path: the start page opens; every lesson runs all its cells with no error output
and its widgets render; the RICE explorer's controls change its table; every exercise, completed
with its solution's code, passes its visible tests and nbgrader's Validate button says so, and
says it fails on the blank version. The instructor's path: formgrader lists every assignment,
and the assignment-list and course-list panels load without an error.

A failing test leaves a screenshot and the server log in test-artifacts/browser/.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from nbfactory import ROOT, solved_copy

from pmkit.grading import Course
from pmkit.grading._course import read_notebook

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path(os.environ.get("PMKIT_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted(
    str(p.relative_to(ROOT / "exercises")) for p in (ROOT / "exercises").glob("*/*.ipynb")
)
# Settings for the test server only: no "get notified about Jupyter news?" toast over the page,
# and every cell kept in the page (JupyterLab 4 otherwise renders only the visible ones).
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server over a copy of the course."""

    url: str
    token: str
    root: Path
    log: Path

    def api(self, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _copy_course(target: Path) -> None:
    """Copy the course's tracked files (or, outside git, the folder minus local state)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
        return
    skip = shutil.ignore_patterns(".venv", ".git", ".nbgrader", "test-artifacts", "__pycache__")
    shutil.copytree(ROOT, target, ignore=skip, dirs_exist_ok=True)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    base = tmp_path_factory.mktemp("lab")
    root = base / "course"
    _copy_course(root)
    for name, values in SETTINGS.items():
        path = base / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),  # as `make lab` does
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
    }
    command = [
        str(Path(bin_dir) / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={base / 'settings'}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = base / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=out)
    running = Lab(f"http://127.0.0.1:{port}", token, root, log)
    deadline = time.monotonic() + 90
    while True:
        try:
            running.api("GET", "/api/status")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                server.wait()
                pytest.fail(f"JupyterLab did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
    yield running
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        # it shuts its kernels down first, which can outlast 20 s on a loaded machine; a killed
        # process is still waited for, or its Popen warns (an error in this suite)
        server.kill()
        server.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), (
        f"no Chromium at {CHROMIUM}: install Debian's (`apt-get install chromium`; .ci/run does) "
        "or set PMKIT_CHROMIUM"
    )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, lab: Lab, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = ARTIFACTS / request.node.name.replace("/", "_")
        folder.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(folder / "screenshot.png"), full_page=True)
        shutil.copy(lab.log, folder / "server.log")
    context.close()


# ------------------------------------------------------------------ driving JupyterLab
CURRENT = "window.jupyterapp.shell.currentWidget"
KERNEL_IDLE = f"""(path) => {{
    const w = window.jupyterapp && {CURRENT};
    const kernel = w && w.context && w.context.path === path && w.sessionContext &&
        w.sessionContext.session && w.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && w.content.widgets.length > 0;
}}"""
ALL_RAN = f"""() => {{
    const w = {CURRENT};
    const code = w.content.widgets.filter(c => c.model.type === 'code');
    return code.every(c => c.model.executionCount !== null) &&
        w.sessionContext.session.kernel.status === 'idle';
}}"""
OUTPUTS = f"""() => {CURRENT}.content.widgets.map(c => ({{
    type: c.model.type,
    id: (c.model.getMetadata('nbgrader') || {{}}).grade_id || '',
    outputs: c.model.type === 'code' ? c.model.outputs.toJSON() : [],
}}))"""


def _open(page: Any, lab: Lab, path: str) -> None:
    # ?reset: a fresh workspace, so no tab restored from an earlier test takes the focus
    page.goto(f"{lab.url}/lab/tree/{path}?reset&token={lab.token}")
    page.wait_for_function(KERNEL_IDLE, arg=path, timeout=90_000)


def _run_all(page: Any, timeout_ms: int = 300_000) -> list[dict[str, Any]]:
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RAN, timeout=timeout_ms, polling=500)
    cells: list[dict[str, Any]] = page.evaluate(OUTPUTS)
    return cells


def _problems(cells: list[dict[str, Any]]) -> list[str]:
    found = []
    for index, cell in enumerate(cells):
        for output in cell["outputs"]:
            if output["output_type"] == "error":
                found.append(f"cell {index}: {output['ename']}: {output['evalue']}")
            elif output["output_type"] == "stream" and output["name"] == "stderr":
                text = "".join(output["text"])
                found.append(f"cell {index} wrote to stderr: {text[:300]}")
    return found


def _validate(page: Any) -> str:
    page.get_by_role("button", name="Validate").click()
    page.locator(".jp-Dialog").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('.jp-Dialog').textContent.includes('Validating')",
        timeout=180_000,
    )
    text: str = page.locator(".jp-Dialog").inner_text()
    page.keyboard.press("Escape")
    return text


# ------------------------------------------------------------------ the learner's path
def test_lab_opens_on_the_start_page(page: Any, lab: Lab) -> None:
    page.goto(f"{lab.url}/?token={lab.token}")
    page.wait_for_function(f"() => window.jupyterapp && {CURRENT} && {CURRENT}.title")
    assert page.evaluate(f"{CURRENT}.title.label") == "00_start_here.ipynb"
    heading = page.locator(".jp-MarkdownOutput h1").first
    assert heading.inner_text().startswith("Start here")


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_runs_and_its_widgets_render(page: Any, lab: Lab, lesson: str) -> None:
    _open(page, lab, f"notebooks/{lesson}")
    cells = _run_all(page)
    assert _problems(cells) == []
    widget_cells = [
        index
        for index, cell in enumerate(cells)
        if any(
            "application/vnd.jupyter.widget-view+json" in output.get("data", {})
            for output in cell["outputs"]
        )
    ]
    nodes = page.locator(".jp-Notebook .jp-Cell")
    for index in widget_cells:
        node = nodes.nth(index)
        node.scroll_into_view_if_needed()
        node.locator(".jupyter-widgets").first.wait_for()
        assert "Error displaying widget" not in node.inner_text()


def test_the_rice_explorer_controls_change_its_table(page: Any, lab: Lab) -> None:
    _open(page, lab, "notebooks/02_prioritization.ipynb")
    _run_all(page)
    explorer = page.locator(".jp-OutputArea-output").filter(has=page.locator(".widget-hslider"))
    explorer.first.scroll_into_view_if_needed()
    table = explorer.first.locator("table")
    before = table.inner_text()
    handle = explorer.first.locator(".widget-hslider .noUi-handle").first  # confidence
    handle.focus()
    handle.press("Home")  # confidence to its minimum: the chosen feature drops down the ranking
    page.wait_for_function(
        "([el, text]) => el.innerText !== text", arg=[table.element_handle(), before]
    )
    assert table.inner_text() != before


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_completed_exercise_passes_its_visible_tests_and_validates(
    page: Any, lab: Lab, exercise: str
) -> None:
    course = Course(ROOT)
    notebook = solved_copy(
        read_notebook(course.exercises_dir / exercise),
        read_notebook(course.solutions_dir / exercise),
        written=True,
    )
    path = f"exercises/{exercise}"
    lab.api("PUT", f"/api/contents/{path}", {"type": "notebook", "content": notebook})
    _open(page, lab, path)
    cells = _run_all(page)
    assert _problems(cells) == []
    assert any(cell["id"].endswith("tests") or "test" in cell["id"] for cell in cells)
    page.keyboard.press("Control+s")
    page.wait_for_function(f"() => !{CURRENT}.context.model.dirty")
    assert "Success! Your notebook passes all the tests." in _validate(page)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_validate_reports_failure_on_the_blank_exercise(page: Any, lab: Lab, exercise: str) -> None:
    blank = read_notebook(ROOT / "exercises" / exercise)
    path = f"exercises/{exercise}"
    lab.api("PUT", f"/api/contents/{path}", {"type": "notebook", "content": blank})
    _open(page, lab, path)
    result = _validate(page)
    assert "failed" in result.lower() and "Success!" not in result


def _check_in_lab(page: Any) -> str:
    """Click the notebook toolbar's "Check this exercise"; return the report dialog's text."""
    page.get_by_role("button", name="Check this exercise").click()
    page.locator(".pmkit-check-summary, .pmkit-check-error").wait_for(timeout=180_000)
    text: str = page.locator(".jp-Dialog").last.inner_text()
    page.keyboard.press("Escape")
    return text


def test_the_check_command_shows_the_self_check_report(page: Any, lab: Lab) -> None:
    """The JupyterLab command saves the notebook and shows pmkit check's table, no answers."""
    exercise = "02_prioritization/prioritization.ipynb"
    path = f"exercises/{exercise}"
    lab.api(
        "PUT", f"/api/contents/{path}", {"type": "notebook", "content": read_notebook(ROOT / path)}
    )
    _open(page, lab, path)
    blank = _check_in_lab(page)
    assert "Self-check of prioritization.ipynb (exercise 02_prioritization)" in blank
    assert "Autograded: 0 of 12 points; 7 question(s) to fix." in blank
    assert blank.count("not answered yet") == 7
    assert "Q8 · Trade-off memo (3 points). Rubric" in blank
    assert "BEGIN HIDDEN" not in blank and "_expected" not in blank
    # Typed into the page and not saved: the command saves before it checks.
    solved = solved_copy(
        read_notebook(ROOT / path), read_notebook(ROOT / "solutions" / exercise), written=True
    )
    lab.api("PUT", f"/api/contents/{path}", {"type": "notebook", "content": solved})
    _open(page, lab, path)
    page.evaluate(
        f"{CURRENT}.content.widgets.find(c => (c.model.getMetadata('nbgrader') || {{}})"
        ".grade_id === 'q1_answer').model.sharedModel.setSource('rice_scores = None')"
    )
    after_edit = _check_in_lab(page)
    assert "Autograded: 9 of 12 points; 2 question(s) to fix." in after_edit, after_edit
    assert "Q1 RICE scores: rice_scores should be a Series, but it is None." in after_edit


def test_the_check_route_refuses_a_path_outside_the_course(lab: Lab, tmp_path: Path) -> None:
    """Real notebooks outside the root, reached by ../, by an absolute path or by a symlink
    inside the root, are refused for where they are, not for being missing."""
    import urllib.error

    outside = tmp_path / "outside.ipynb"
    outside.write_bytes(
        (ROOT / "exercises" / "02_prioritization" / "prioritization.ipynb").read_bytes()
    )
    escape = lab.root / "escape.ipynb"  # inside the root, pointing out of it
    escape.symlink_to(outside)
    climbing = os.path.relpath(outside, lab.root)
    assert climbing.startswith("..") and (lab.root / climbing).is_file() and escape.is_file()
    try:
        for path, reason in [
            (climbing, "is not a notebook under the server's root"),
            (str(outside), "is not a notebook under the server's root"),
            (escape.name, "is not a notebook under the server's root"),
            ("README.md", "should be a notebook's path (.ipynb), not 'README.md'"),
        ]:
            with pytest.raises(urllib.error.HTTPError) as refused:
                lab.api("POST", "/pmkit/check", {"path": path})
            assert refused.value.code == 400, path
            assert reason in json.loads(refused.value.read())["message"], path
    finally:
        escape.unlink()
    lost = lab.api("POST", "/pmkit/check", {"path": "notebooks/00_start_here.ipynb"})
    assert lost["status"] == 2 and "not an exercise of this course" in lost["error"]


# ------------------------------------------------------------------ the instructor's path
def test_formgrader_lists_every_assignment(page: Any, lab: Lab) -> None:
    _open(page, lab, "notebooks/00_start_here.ipynb")
    page.evaluate("window.jupyterapp.commands.execute('nbgrader:open-formgrader')")
    frame = page.frame_locator("iframe").first
    for assignment in Course(ROOT).assignments():
        frame.locator("table").get_by_text(assignment, exact=True).first.wait_for(timeout=90_000)
    # the "Manage Assignments" table: its columns, and one row per assignment with its status
    headers = [h.strip() for h in frame.locator("table th").all_inner_texts()]
    for column in ("Name", "Due Date", "Status", "# Submissions"):
        assert column in headers, headers
    rows = frame.locator("table tbody tr").all_inner_texts()
    for assignment in Course(ROOT).assignments():
        row = next((r for r in rows if r.split()[0] == assignment), "")
        assert re.search(r"\b(draft|released)\b", row), (assignment, row)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "nbgrader:open-assignment-list",
            ["Released assignments", "Downloaded assignments", "Submitted assignments"],
        ),
        ("nbgrader:open-course-list", ["pmkit"]),
    ],
)
def test_the_nbgrader_panels_show_their_sections(
    page: Any, lab: Lab, command: str, expected: list[str]
) -> None:
    _open(page, lab, "notebooks/00_start_here.ipynb")
    page.evaluate(f"window.jupyterapp.commands.execute('{command}')")
    panel = page.locator(".lm-DockPanel .lm-Widget.jp-MainAreaWidget").last
    panel.get_by_text(expected[0]).first.wait_for(timeout=60_000)
    text = panel.inner_text()
    for section in expected:
        assert section in text, text[:500]

"""Grading treats student code as untrusted: the sandbox, the limits, and a batch that goes on.

One small course, six submissions, graded twice by `pmkit cohort grade`'s engine: once in the
bubblewrap sandbox (the default), once with `sandbox=False`, which shows that each probe in the
"spy" submission can see what the sandbox hides, and that the "caller" submission reaches a
listener on 127.0.0.1 that the sandbox keeps it from, so the sandboxed run's clean result means
something.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbfactory import ROOT, add_assignment, make_notebook

from pmkit.cli import main
from pmkit.grading import Course, SandboxUnavailable, generate_exercises, sandbox_problem
from pmkit.grading._parallel import SubmissionResult, grade_assignment
from pmkit.grading._sandbox import SandboxPolicy, launch_command, sandbox_failure
from pmkit.grading._sandbox_launcher import bwrap_argv

pytestmark = pytest.mark.slow

SPY = """
import pathlib
root = pathlib.Path({root!r})
scratch = pathlib.Path.cwd().parents[2]  # the worker's scratch course
secrets = {{
    "solution": root / "solutions" / "hw" / "hw.ipynb",
    "gradebook": root / ".nbgrader" / "gradebook.db",
    "other student": root / "submitted" / "ana" / "hw" / "hw.ipynb",
    "git history": root / ".git" / "HEAD",
    "scratch solution": scratch / "solutions" / "hw" / "hw.ipynb",
    "scratch gradebook": scratch / "gradebook.db",
}}
read = []
for name, path in secrets.items():
    try:
        path.read_bytes()
        read.append(name)
    except OSError:
        pass
wrote = []
for name, path in {{"course": root / "pwned.txt", "exercises": root / "exercises" / "x"}}.items():
    try:
        path.write_text("pwned")
        wrote.append(name)
    except OSError:
        pass
(pathlib.Path.cwd() / "scratch-work.txt").write_text("my own working folder is writable")
print("READ", read, "WROTE", wrote)
answer = 42 if not read and not wrote else -1
"""

CALLER = """
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
    print("NETWORK reached the listener")
except OSError as err:
    print("NETWORK unreachable:", err)
answer = 42
"""

ANSWERS = {
    "ana": "answer = 42",
    "spy": None,  # SPY, filled in with the course root
    "caller": None,  # CALLER, filled in with the listener's port
    "hog": "blocks = []\nwhile True:\n    blocks.append(bytearray(2**27))",
    "slow": "import time\ntime.sleep(120)\nanswer = 42",
    "mole": "import os, signal\nos.kill(int(os.environ['JPY_PARENT_PID']), signal.SIGKILL)",
}
LIMITS = {"memory_bytes": 2 * 1024**3, "wall_seconds": 12.0}


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.accepted += 1
            connection.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.server.close()


def _course(root: Path, port: int) -> Course:
    course = Course(root)
    (root / "solutions").mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    (root / "nbgrader_config.py").write_text(config)
    add_assignment(course, "hw", make_notebook())
    generate_exercises(course)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    release = json.loads((course.exercises_dir / "hw" / "hw.ipynb").read_text())
    for student, answer in ANSWERS.items():
        notebook = json.loads(json.dumps(release))
        if student == "caller":
            answer = CALLER.format(port=port)
        notebook["cells"][1]["source"] = answer or SPY.format(root=str(root))
        folder = root / "submitted" / student / "hw"
        folder.mkdir(parents=True)
        (folder / "hw.ipynb").write_text(json.dumps(notebook))
    return course


def _outputs(course: Course, student: str) -> str:
    notebook = json.loads((course.root / "autograded" / student / "hw" / "hw.ipynb").read_text())
    texts = [output.get("text", "") for output in notebook["cells"][1].get("outputs", [])]
    return "".join("".join(t) if isinstance(t, list) else t for t in texts)


def _by_student(results: list[SubmissionResult]) -> dict[str, SubmissionResult]:
    return {r.student: r for r in results}


@pytest.fixture(scope="module")
def sandboxed(
    tmp_path_factory: pytest.TempPathFactory, listener: Listener
) -> tuple[Course, dict[str, SubmissionResult], int]:
    problem = sandbox_problem()
    assert problem is None, f"these tests need the grading sandbox: {problem}"
    course = _course(tmp_path_factory.mktemp("sandboxed") / "course", listener.port)
    before = listener.accepted
    results = _by_student(grade_assignment(course, "hw", workers=2, **LIMITS))
    return course, results, listener.accepted - before


@pytest.fixture(scope="module")
def unsandboxed(
    tmp_path_factory: pytest.TempPathFactory, listener: Listener
) -> tuple[Course, dict[str, SubmissionResult], int]:
    course = _course(tmp_path_factory.mktemp("unsandboxed") / "course", listener.port)
    before = listener.accepted
    results = grade_assignment(course, "hw", workers=2, sandbox=False, **LIMITS)
    return course, _by_student(results), listener.accepted - before


def test_student_code_cannot_read_secrets_or_write_outside_its_folder(
    sandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    course, results, _ = sandboxed
    assert results["spy"].status == "graded" and results["spy"].sandboxed
    assert "READ [] WROTE []" in _outputs(course, "spy")
    assert results["spy"].score == 2
    assert not (course.root / "pwned.txt").exists()
    assert (course.root / "autograded" / "spy" / "hw" / "scratch-work.txt").is_file()


def test_without_the_sandbox_the_same_probes_find_everything(
    unsandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    course, results, _ = unsandboxed
    assert not results["spy"].sandboxed
    printed = _outputs(course, "spy")
    for secret in ("solution", "gradebook", "other student", "git history", "scratch solution"):
        assert secret in printed
    assert results["spy"].score == 0
    (course.root / "pwned.txt").unlink()  # it did write outside its folder


def test_a_memory_bomb_costs_only_its_own_points(
    sandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    course, results, _ = sandboxed
    assert results["hog"].status == "graded" and results["hog"].score == 0
    notebook = json.loads((course.root / "autograded" / "hog" / "hw" / "hw.ipynb").read_text())
    errors = [o for o in notebook["cells"][1]["outputs"] if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "MemoryError"
    assert results["ana"].status == "graded" and results["ana"].score == 2


def test_a_notebook_over_its_time_limit_fails_with_that_reason(
    sandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    _, results, _ = sandboxed
    assert results["slow"].status == "failed"
    assert results["slow"].reason == "the notebook ran longer than its 12 s time limit"


def test_in_the_sandbox_student_code_has_no_network(
    sandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    course, results, connections = sandboxed
    assert "NETWORK unreachable" in _outputs(course, "caller")
    assert connections == 0
    assert results["caller"].status == "graded" and results["caller"].score == 2


def test_without_the_sandbox_the_same_code_reaches_the_listener(
    unsandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    course, results, connections = unsandboxed
    assert "NETWORK reached the listener" in _outputs(course, "caller")
    assert connections == 1
    assert results["caller"].status == "graded"


def test_in_the_sandbox_student_code_cannot_reach_the_grading_process(
    sandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    _, results, _ = sandboxed
    assert results["mole"].status == "graded" and results["mole"].score == 0


def test_a_killed_worker_costs_only_the_submission_that_killed_it(
    unsandboxed: tuple[Course, dict[str, SubmissionResult], int],
) -> None:
    _, results, _ = unsandboxed
    assert results["mole"].status == "failed"
    assert "grading worker process died" in results["mole"].reason
    assert results["ana"].status == "graded" and results["ana"].score == 2
    assert results["hog"].status == "graded"
    assert results["slow"].reason.endswith("time limit")


def test_grading_refuses_to_run_unsandboxed_unless_asked(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_assignment(course, "hw", make_notebook())
    monkeypatch.setattr(
        "pmkit.grading._parallel.sandbox_problem", lambda: "bubblewrap (bwrap) is not installed"
    )
    with pytest.raises(SandboxUnavailable, match=r"bwrap\) is not installed.*--no-sandbox"):
        grade_assignment(course, "hw")
    result = CliRunner().invoke(main, ["cohort", "grade", "hw", "--course", str(course.root)])
    assert result.exit_code == 2
    assert "NOT GRADING: cannot sandbox student code" in result.output


def test_sandbox_problem_names_a_missing_or_broken_bwrap(tmp_path: Path) -> None:
    assert "could not be started" in str(sandbox_problem(str(tmp_path / "no-bwrap")))
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    assert sandbox_problem(str(fake)) == (
        f"bubblewrap ({fake}) cannot create a sandbox here: No permissions to create new namespace"
    )


def test_the_policy_hides_the_course_secrets_and_every_scratch_course(tmp_path: Path) -> None:
    course = Course(tmp_path)
    policy = SandboxPolicy.for_course(course, scratch=tmp_path / "scratch", gradebook=None)
    hidden = {p.name for p in policy.hidden}
    assert {"solutions", ".nbgrader", "submitted", "autograded", "feedback", ".git"} <= hidden
    assert "scratch" in hidden
    assert tmp_path.resolve() in policy.readable
    written = json.loads(policy.install(tmp_path / "policy").read_text())
    assert written["sandbox"] is True and written["network"] is False
    assert written["memory_bytes"] == policy.memory_bytes
    command = launch_command(tmp_path / "policy" / "policy.json", "kernel", ["python", "-V"])
    assert command[3].endswith("_sandbox_launcher.py") and command[-3:] == ["--", "python", "-V"]


def test_the_launcher_cuts_the_network_and_keeps_the_socket_folder_writable() -> None:
    policy = {"bwrap": "bwrap", "readable": [], "hidden": [], "network": False}
    argv = bwrap_argv(policy, "/work/nb", ["python"], writable=("/tmp/pmkit-kernel-x",))
    assert "--unshare-net" in argv
    assert argv[argv.index("/tmp/pmkit-kernel-x") - 1] == "--bind"
    assert "--unshare-net" not in bwrap_argv({**policy, "network": True}, "/w", ["python"])


def test_a_sandbox_that_cannot_start_is_reported_from_the_process_log() -> None:
    log = (
        "some start-up chatter\nbwrap: Can't mount proc on /newroot/proc: Operation not permitted\n"
    )
    assert sandbox_failure(log) == (
        "the sandbox failed to start: bwrap: Can't mount proc on /newroot/proc: "
        "Operation not permitted"
    )
    assert sandbox_failure("all fine\n") is None

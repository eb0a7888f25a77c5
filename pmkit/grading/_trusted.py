"""The grading engine: learner code in one process, the verdict in another.

nbgrader (and otter-grader) run a notebook's tests in the kernel that ran the learner's code, so
that code can rebind the checker, patch it through ``sys.modules``, or hand it an object whose
``__eq__`` always says yes. Here nothing that decides a verdict runs where learner code ran:

1. The learner's kernel (:class:`~pmkit.grading._execute.LearnerKernel`, sandboxed, no
   network) runs the notebook's cells in order: the learner's own cells, and the instructor's
   setup cells so the learner's code has its data. Test cells do not run there.
2. At each test cell, the kernel is asked for the names the test reads (the
   :class:`~pmkit.grading._model.TestCell`'s ``needs``); they cross as data
   (:mod:`pmkit.grading._wire`: no pickle, exact types, a size cap).
3. The trusted checker (:class:`~pmkit.grading._checker.Checker`, its own sandboxed process,
   never given learner code) runs the instructor's setup cells from its own imports, then the
   test cell, visible and hidden tests, on those values. Its outcome is the cell's output: an
   error (the test failed) or none (it passed), which is what nbgrader and the self-check score.
   A test that calls a learner's function has the call run in the learner's kernel with the
   arguments as data, and gets the result back as data.

While the checker runs a test, the kernel goes on with the next cells (the answers are a
snapshot), unless the test calls a learner's function: then the kernel waits for it.

One engine serves every path: ``pmkit check`` (:mod:`._selfcheck`), nbgrader's autograde through
:class:`~pmkit.grading._preprocessor.TrustedExecute` (so ``nbgrader autograde`` with the course's
configuration, and ``pmkit cohort grade``, which runs it in parallel), and the exercise prover.
"""

from __future__ import annotations

import contextlib
import copy
import json
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmkit._check_failed import CheckFailed
from pmkit.grading._checker import Checker, CheckerError, CheckerTimeout
from pmkit.grading._course import cell_source, grade_id
from pmkit.grading._execute import CellRun, KernelStartError, LearnerKernel
from pmkit.grading._model import ExerciseModel, TestCell
from pmkit.grading._wire import (
    MAX_ANSWER_BYTES,
    MIME,
    a_kind,
    dumps,
    not_data_message,
    too_large_message,
)

Launch = Callable[[list[str]], list[str]]

_WIRE = "__import__('pmkit.grading._wire', fromlist=['_'])"


class NotebookStopped(RuntimeError):
    """Grading this notebook stopped: its time limit, or a kernel that could not start."""


class GradingError(RuntimeError):
    """The trusted side failed (an instructor cell errored in the checker), not the learner."""


@dataclass(frozen=True)
class Verdict:
    """The checker's outcome for one test cell."""

    grade_id: str
    passed: bool
    ename: str = ""
    evalue: str = ""
    label: str = ""
    message: str = ""
    """For a failed check: what is wrong (never the expected value); else the error's text."""
    hint: str = ""


@dataclass
class GradedNotebook:
    """A notebook after grading: its cells with outputs, and a verdict per test cell."""

    notebook: dict[str, Any]
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    answer_problems: dict[str, list[str]] = field(default_factory=dict)
    """Per test cell, needed names the learner's kernel did not hand over as data or a function
    (missing, not data, too large): what the prover checks on the solution."""
    kernel_stopped: str = ""
    """Why the learner's kernel stopped early, if it did."""


@dataclass
class _TestJob:
    test: TestCell
    answers: dict[str, Any]
    cell: dict[str, Any]
    count: int
    done: threading.Event = field(default_factory=threading.Event)
    failure: str = ""
    """Why the answers could not be read (the test then fails without running)."""
    calls: queue.Queue[tuple[str, dict[str, Any], queue.Queue[dict[str, Any]]]] = field(
        default_factory=queue.Queue
    )
    """Calls of the learner's functions, for the thread that owns the kernel to run."""

    def wait(self, kernel: LearnerKernel, timeout: float) -> None:
        """Wait for the checker to finish, running its calls of the learner's functions."""
        while not self.done.is_set():
            try:
                name, request, reply = self.calls.get(timeout=0.05)
            except queue.Empty:
                continue
            reply.put(_call(kernel, name, request, timeout))


def answers_request(names: tuple[str, ...]) -> str:
    """Return the code that asks the learner's kernel to publish the named answers."""
    return f"{_WIRE}.publish_answers({list(names)!r})"


def call_request(name: str, arguments: dict[str, Any]) -> str:
    """Return the code that asks the learner's kernel to call one of its functions."""
    text = dumps({"args": arguments.get("args"), "kwargs": arguments.get("kwargs")})
    return f"{_WIRE}.call_answer({name!r}, __import__('json').loads({text!r}))"


def _payload(run: CellRun, key: str) -> dict[str, Any] | None:
    for item in reversed(run.payloads):
        if isinstance(item, dict) and key in item:
            return item
    return None


def _entries(run: CellRun, names: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    """Return the answer entries a kernel published for ``names``, or why there are none."""
    if run.error is not None and run.error[0] in ("DeadKernelError", "TimeoutError"):
        return {}, f"{run.error[0]}: {run.error[1]}"
    published = _payload(run, "values")
    if published is None or not isinstance(published["values"], dict):
        why = f" ({run.error[0]}: {run.error[1]})" if run.error else ""
        return {}, f"your notebook's answers could not be read{why}"
    entries = {}
    for name in names:
        entry = published["values"].get(name)
        if not isinstance(entry, dict):
            entry = {"not_data": "unreadable value"}
        elif len(dumps(entry)) > MAX_ANSWER_BYTES * 2:
            entry = {"too_large": len(dumps(entry))}
        entries[name] = entry
    return entries, ""


def _error_output(ename: str, evalue: str, traceback: list[str] | None = None) -> dict[str, Any]:
    return {
        "output_type": "error",
        "ename": ename,
        "evalue": evalue,
        "traceback": traceback or [f"{ename}: {evalue}"],
    }


def grade_notebook(
    notebook: dict[str, Any],
    model: ExerciseModel,
    workdir: Path,
    *,
    checker: Checker,
    launch_kernel: Launch | None,
    timeout: float = 60.0,
    wall_seconds: float | None = None,
    plain_outputs: bool = False,
    kernel: LearnerKernel | None = None,
    warm_checker: bool = False,
) -> GradedNotebook:
    """Run a notebook with the trusted checker deciding its tests; return it with outputs.

    ``notebook`` is raw JSON whose test cells are identified by grade id in ``model`` (the
    instructor's notebook): their code, and the setup cells' code, come from ``model``, never
    from ``notebook``. Every other code cell is the learner's and runs in a fresh kernel in
    ``workdir``, started through ``launch_kernel`` (the sandbox). ``checker`` is reset and
    reused. ``timeout`` limits each cell, ``wall_seconds`` the whole notebook. With
    ``plain_outputs``, the learner's displays are kept as plain text only (plots are not
    rendered): for runs whose outputs nobody reads, such as a self-check. ``kernel`` is a
    learner kernel already started for this notebook (see :func:`learner_kernel`); the engine
    closes it. The checker runs the exercise's setup only when a test first needs it (a blank
    notebook's tests fail without it), unless ``warm_checker`` asks for it at once, in parallel
    with the kernel's first cells (a self-check, where waiting matters more than CPU).

    Raises :class:`NotebookStopped` when the notebook runs past ``wall_seconds`` or its kernel
    cannot start, and :class:`GradingError` when an instructor cell fails in the checker.
    """
    graded = GradedNotebook(copy.deepcopy(notebook))
    tests = {t.grade_id: t for t in model.tests}
    setup = {s.grade_id: s for s in model.setup}
    jobs: queue.Queue[_TestJob | None] = queue.Queue()
    if kernel is None:
        kernel = learner_kernel(workdir, launch_kernel, plain_outputs=plain_outputs)
    lane = _CheckerLane(checker, model, timeout, graded, eager=warm_checker)
    try:
        try:
            kernel.wait_ready()
        except KernelStartError as err:
            raise NotebookStopped(str(err)) from None
        # The checker sets up once the kernel is up: starting both at once slows the kernel's
        # start (it is on the critical path), while the checker has until the first test.
        lane.start(jobs)
        deadline = None if wall_seconds is None else kernel.started_at + wall_seconds
        for cell in graded.notebook["cells"]:
            if cell.get("cell_type") != "code":
                continue
            budget = timeout
            if deadline is not None:
                budget = min(timeout, deadline - time.monotonic())
                if budget <= 0:
                    raise NotebookStopped(
                        f"the notebook ran longer than its {wall_seconds:g} s time limit"
                    )
            gid = grade_id(cell)
            test = tests.get(gid)
            if test is not None:
                job = _ask_answers(kernel, test, cell, budget)
                jobs.put(job)
                if any("function" in entry for entry in job.answers.values()):
                    job.wait(kernel, timeout)  # the test calls the learner's functions
                continue
            source = setup[gid].code if gid in setup else cell_source(cell)
            if not source.strip():
                cell["outputs"] = []
                continue
            run = kernel.run(source, budget)
            cell["outputs"] = run.outputs
            cell["execution_count"] = kernel.execution_count
            if run.error is not None and run.error[0] == "TimeoutError" and budget < timeout:
                raise NotebookStopped(
                    f"the notebook ran longer than its {wall_seconds:g} s time limit"
                )
            if run.error is not None and run.error[0] == "DeadKernelError":
                graded.kernel_stopped = graded.kernel_stopped or _why_dead(kernel)
        jobs.put(None)
        lane.join()
    except BaseException:
        lane.abandon()  # the checker may be mid-test: it is stopped, not reused half-way
        raise
    finally:
        jobs.put(None)
        kernel.close()
        lane.join(timeout=5)
    if lane.failure is not None:
        raise lane.failure
    return graded


def learner_kernel(
    workdir: Path, launch_kernel: Launch | None, *, plain_outputs: bool = False
) -> LearnerKernel:
    """Start the learner's kernel for a notebook ahead of grading it (it starts in the background).

    Hand it to :func:`grade_notebook`, which closes it; close it yourself if you do not.
    """
    kernel = LearnerKernel(workdir, launch_kernel, payload_mime=MIME, plain_outputs=plain_outputs)
    kernel.start()
    return kernel


def _why_dead(kernel: LearnerKernel) -> str:
    status = kernel.exit_status()
    if status in (-9, 137):
        return "the kernel was killed (SIGKILL), most likely for using too much memory"
    return f"the kernel stopped (exit status {status})"


def _ask_answers(
    kernel: LearnerKernel, test: TestCell, cell: dict[str, Any], budget: float
) -> _TestJob:
    """Ask the learner's kernel for the answers a test needs; return the test's job."""
    count = kernel.execution_count
    if not test.needs:
        return _TestJob(test, {}, cell, count)
    run = kernel.run(answers_request(test.needs), budget, record=False)
    answers, failure = _entries(run, test.needs)
    if failure and run.error is not None and run.error[0] == "DeadKernelError":
        failure = "your notebook's kernel had stopped, so its answers could not be read"
    return _TestJob(test, answers, cell, count, failure=failure)


class _CheckerLane:
    """The thread that feeds the checker: the setup cells first, then each test as it comes."""

    def __init__(
        self,
        checker: Checker,
        model: ExerciseModel,
        timeout: float,
        graded: GradedNotebook,
        *,
        eager: bool,
    ) -> None:
        self.eager = eager
        self.checker = checker
        self.model = model
        self.timeout = timeout
        self.graded = graded
        self.failure: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._needs_setup = True
        self.abandoned = threading.Event()

    def start(self, jobs: queue.Queue[_TestJob | None]) -> None:
        self._thread = threading.Thread(target=self._serve, args=(jobs,), daemon=True)
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def abandon(self) -> None:
        """Give up on the tests still running: stop the checker (it starts afresh next time)."""
        self.abandoned.set()
        self.checker.close()

    def _serve(self, jobs: queue.Queue[_TestJob | None]) -> None:
        if self.eager:
            try:
                self._prepare()
            except BaseException as err:  # reported after the kernel side finishes
                self.failure = err
        while (job := jobs.get()) is not None:
            try:
                if self.failure is None:
                    self._grade(job)
                else:
                    self._record(job, "GradingError", "the checker is not available", None)
            except BaseException as err:
                self.failure = self.failure or err
            finally:
                job.done.set()

    def _prepare(self) -> None:
        """Reset the checker and run the instructor's setup cells in it."""
        self.checker.reset()
        for cell in self.model.setup:
            run = self.checker.run(cell.code, name=cell.grade_id, timeout=self.timeout)
            if run.error is not None:
                raise GradingError(
                    f"the exercise's setup cell {cell.grade_id!r} failed in the trusted checker: "
                    f"{run.error.get('ename')}: {run.error.get('evalue')}"
                )
        self._needs_setup = False

    def _grade(self, job: _TestJob) -> None:
        test = job.test
        if job.failure:
            self._record(job, "AnswersUnavailable", job.failure, None)
            return
        self.graded.answer_problems[test.grade_id] = [
            _unavailable(name, entry)
            for name, entry in job.answers.items()
            if not ({"data", "function"} & set(entry))
        ]
        upfront = _unanswered(test, job.answers)
        if upfront is not None:
            self._record(job, *upfront)
            return
        if self._needs_setup:
            self._prepare()
        try:
            run = self.checker.run(
                test.code,
                name=test.grade_id,
                timeout=self.timeout,
                answers=job.answers,
                label=test.label,
                hint=test.hint,
                on_call=lambda name, request: _relay(job, name, request, self.abandoned),
            )
        except CheckerTimeout:
            self._needs_setup = True
            message = f"the tests ran longer than {self.timeout:g} seconds on your answers"
            self._record(job, "TimeoutError", message, None)
            return
        except CheckerError as err:
            self._needs_setup = True
            self._record(job, "CheckerError", f"the checker stopped on your answers: {err}", None)
            return
        job.cell["outputs"] = list(run.outputs)
        job.cell["execution_count"] = job.count
        if run.error is None:
            self.graded.verdicts[test.grade_id] = Verdict(test.grade_id, True)
            return
        error = run.error
        self._record(
            job,
            str(error.get("ename", "Error")),
            str(error.get("evalue", "")),
            error.get("check"),
            error.get("traceback"),
        )

    def _record(
        self,
        job: _TestJob,
        ename: str,
        evalue: str,
        check: Any,
        traceback: Any = None,
    ) -> None:
        test = job.test
        if ename in ("AnswersUnavailable", "TimeoutError", "CheckerError", "GradingError"):
            check = {"label": test.label, "message": evalue, "hint": test.hint}
        check = check if isinstance(check, dict) else {}
        lines = [str(line) for line in traceback] if isinstance(traceback, list) else None
        outputs = job.cell.get("outputs") or []
        job.cell["outputs"] = [
            *[o for o in outputs if o.get("output_type") != "error"],
            _error_output(ename, evalue, lines),
        ]
        job.cell["execution_count"] = job.count
        self.graded.answer_problems.setdefault(test.grade_id, [])
        self.graded.verdicts[test.grade_id] = Verdict(
            test.grade_id,
            False,
            ename,
            evalue,
            str(check.get("label", test.label)),
            str(check.get("message", f"{ename}: {evalue}" if evalue else ename)),
            str(check.get("hint", test.hint)),
        )


def _unanswered(test: TestCell, answers: dict[str, Any]) -> tuple[str, str, Any] | None:
    """Fail a test at once when an answer it reads is not there as data or a function.

    The first such name in the order the test reads them decides, as it would in a kernel:
    a name that is not defined is a ``NameError``; one that is not data, or too large, fails
    the question with the reason. The checker, and the exercise's setup in it, is not needed.
    """
    for name in test.needs:
        entry = answers.get(name, {"missing": True})
        if "data" in entry or "function" in entry:
            continue
        if "not_data" in entry:
            message = not_data_message(name, str(entry["not_data"]))
        elif "too_large" in entry:
            message = too_large_message(name, int(entry["too_large"]))
        else:
            return "NameError", f"name '{name}' is not defined", None
        failed = CheckFailed(test.label, message, test.hint)
        check = {"label": test.label, "message": message, "hint": test.hint}
        return "CheckFailed", str(failed), check
    return None


def _unavailable(name: str, entry: dict[str, Any]) -> str:
    """Say why an answer did not cross as data: "x, which is not defined", and so on."""
    if "not_data" in entry:
        return f"{name}, which is {a_kind(str(entry['not_data']))} (not data)"
    if "too_large" in entry:
        return f"{name}, which is too large"
    return f"{name}, which is not defined"


def _relay(
    job: _TestJob, name: str, request: dict[str, Any], abandoned: threading.Event
) -> dict[str, Any]:
    """Hand a call of the learner's function to the thread that owns the kernel; wait for it.

    jupyter_client's synchronous calls run an event loop of the calling thread's own, which
    is never closed; so only one thread, the engine's, ever talks to the kernel.
    """
    reply: queue.Queue[dict[str, Any]] = queue.Queue()
    job.calls.put((name, request, reply))
    while not abandoned.is_set():
        with contextlib.suppress(queue.Empty):
            return reply.get(timeout=0.2)
    return {"error": "grading stopped before the call ran"}


def _call(
    kernel: LearnerKernel, name: str, request: dict[str, Any], timeout: float
) -> dict[str, Any]:
    """Run a learner's function in the learner's kernel; only data comes back."""
    run = kernel.run(call_request(name, request), timeout, record=False)
    if run.error is not None and run.error[0] in ("TimeoutError", "DeadKernelError"):
        return {"error": f"{run.error[0]} ({run.error[1]})"}
    published = _payload(run, "result") or _payload(run, "error")
    if published is None:
        why = f"{run.error[0]}: {run.error[1]}" if run.error else "no result came back"
        return {"error": why}
    if "error" in published:
        return {"error": str(published["error"])}
    entry = published["result"]
    if isinstance(entry, dict) and len(json.dumps(entry)) > MAX_ANSWER_BYTES * 2:
        entry = {"too_large": MAX_ANSWER_BYTES * 2}
    return {"entry": entry}

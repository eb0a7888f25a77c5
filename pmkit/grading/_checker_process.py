"""The trusted checker's process: only the instructor's cells, on the learner's answers as data.

Started by :class:`pmkit.grading._checker.Checker` as ``python -m pmkit.grading._checker_process``
(inside the grading sandbox, with no network), it reads requests on its standard input and writes
replies on its standard output, as frames (an 8-byte length, then UTF-8 JSON). Requests:

- ``{"op": "reset"}``: forget everything (a fresh namespace) for the next notebook;
- ``{"op": "run", "name": ..., "code": ..., "answers": {...}, "label": ..., "hint": ...}``: put
  the answers (see :mod:`pmkit.grading._wire`) in the namespace and run the code as a kernel
  would (magics, the last expression's value, printed output, warnings on stderr); reply
  ``{"op": "done", "outputs": [...], "error": ...}``.

While a test runs, calling a learner's function (an answer that is a function) sends
``{"op": "call", "name": ..., "args": ..., "kwargs": ...}`` and waits for ``{"op": "reply", ...}``:
the grader runs the call in the learner's kernel and only data comes back.

Learner code never runs here, and nothing from the learner is ever executed or unpickled: the
answers are decoded by :func:`pmkit.grading._wire.decode`.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import linecache
import os
import re
import struct
import sys
import traceback
import warnings
from typing import Any, BinaryIO

from pmkit.grading import _wire

_HEADER = struct.Struct(">Q")
MAX_FRAME = 1024 * 1024 * 1024


class ProtocolError(RuntimeError):
    """The other side sent something that is not a frame of this protocol."""


def write_frame(stream: BinaryIO, message: dict[str, Any]) -> None:
    """Write one message as a frame and flush it."""
    data = _wire.dumps(message).encode()
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: BinaryIO) -> dict[str, Any] | None:
    """Read one message; ``None`` at the end of the stream."""
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_FRAME:
        raise ProtocolError(f"a frame of {size} bytes is over the limit")
    data = _read_exactly(stream, size)
    if data is None:
        raise ProtocolError("the stream ended inside a frame")
    message = json.loads(data)
    if not isinstance(message, dict):
        raise ProtocolError("a frame is not a JSON object")
    return message


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            if remaining == size:
                return None
            raise ProtocolError("the stream ended inside a frame")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class AnswerCallFailed(Exception):
    """Calling the learner's function failed in the learner's kernel, or returned no data."""


class AnswerFunction:
    """Stands in the checker for a function the learner defined.

    Calling it runs the learner's function in the learner's kernel with the same arguments
    (sent as data) and returns its result (received as data).
    """

    def __init__(self, name: str, session: _Session) -> None:
        self._name = name
        self._session = session

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            arguments = {"args": _wire.encode(list(args)), "kwargs": _wire.encode(dict(kwargs))}
        except (_wire.NotData, _wire.TooLarge) as err:
            raise TypeError(f"the checker can call {self._name} with data only ({err})") from None
        reply = self._session.call(self._name, arguments)
        if "error" in reply:
            raise AnswerCallFailed(f"{self._name}(...) raised {reply['error']}")
        entry = reply.get("entry")
        what = f"the result of {self._name}(...)"
        if not isinstance(entry, dict):
            raise AnswerCallFailed(f"{what} did not come back from your notebook")
        if "data" in entry:
            try:
                return _wire.decode(entry["data"])
            except _wire.BadPayload as err:
                raise AnswerCallFailed(f"{what} could not be read: {err}") from None
        if "too_large" in entry:
            raise AnswerCallFailed(_wire.too_large_message(what, int(entry["too_large"])))
        kind = "function" if "function" in entry else str(entry.get("not_data", "unknown value"))
        raise AnswerCallFailed(_wire.not_data_message(what, kind))

    def __repr__(self) -> str:
        return f"<function {self._name} (yours: it runs in your notebook)>"


class _Shell:
    """Just enough of IPython's ``get_ipython()`` for instructor cells: magics as no-ops."""

    def run_line_magic(self, name: str, line: str, _stack_depth: int = 1) -> None:
        if name != "matplotlib":
            raise RuntimeError(f"the trusted checker does not run the %{name} magic")

    def run_cell_magic(self, name: str, line: str, cell: str) -> None:
        raise RuntimeError(f"the trusted checker does not run the %%{name} magic")


MAX_PRINTED_CHARS = 100_000
"""What a cell may print per stream; the rest is dropped (a test printing a huge answer)."""


class _Capture(io.StringIO):
    """Collects what a cell prints on one stream, up to :data:`MAX_PRINTED_CHARS`."""

    def __init__(self, name: str, outputs: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = name
        self._outputs = outputs
        self._kept = 0

    def write(self, text: str) -> int:
        size = len(text)
        text = text[: max(0, MAX_PRINTED_CHARS - self._kept)]
        self._kept += len(text)
        if text:
            last = self._outputs[-1] if self._outputs else None
            if last and last.get("output_type") == "stream" and last.get("name") == self._name:
                last["text"] += text
            else:
                self._outputs.append({"output_type": "stream", "name": self._name, "text": text})
        return size


class _Session:
    """One checker's state: a namespace per notebook, and the line back to the grader."""

    def __init__(self, incoming: BinaryIO, outgoing: BinaryIO) -> None:
        self._in = incoming
        self._out = outgoing
        self.namespace: dict[str, Any] = {}
        self.runs = 0
        self.reset()

    def reset(self) -> None:
        shell = _Shell()
        self.namespace = {
            "__name__": "__main__",
            "__builtins__": __builtins__,
            "get_ipython": lambda: shell,
        }

    def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        write_frame(self._out, {"op": "call", "name": name, **arguments})
        reply = read_frame(self._in)
        if reply is None or reply.get("op") != "reply":
            raise ProtocolError("the grader did not answer a call")
        return reply

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        self.runs += 1
        outputs: list[dict[str, Any]] = []
        failure = self._inject(request.get("answers") or {}, request)
        if failure is not None:
            return {"op": "done", "outputs": outputs, "error": failure}
        name = f"<{request.get('name') or 'cell'}>"
        code = _python(str(request.get("code", "")))
        linecache.cache[name] = (len(code), None, code.splitlines(True), name)
        error = None
        display = _displayer(outputs)
        self.namespace["display"] = display
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(_Capture("stdout", outputs)),
            contextlib.redirect_stderr(_Capture("stderr", outputs)),
        ):
            try:
                value = _execute(code, name, self.namespace)
                if value is not None:
                    outputs.append(_result(value))
            except BaseException as err:  # the instructor's code failed: that is the verdict
                error = _error(err, name)
                if "check" not in error and not isinstance(err, AnswerCallFailed):
                    error["check"] = _crash_check(err, name, code, request)
        return {"op": "done", "outputs": outputs, "error": error}

    def _inject(self, answers: dict[str, Any], request: dict[str, Any]) -> dict[str, Any] | None:
        """Put the learner's answers in the namespace; an answer that is not data fails the test."""
        for name, entry in answers.items():
            self.namespace.pop(name, None)
            problem = None
            if not isinstance(entry, dict) or "missing" in entry:
                continue
            if "data" in entry:
                try:
                    self.namespace[name] = _wire.decode(entry["data"])
                except _wire.BadPayload as err:
                    problem = f"{name} could not be read from your notebook ({err})."
            elif "function" in entry:
                self.namespace[name] = AnswerFunction(name, self)
            elif "too_large" in entry:
                problem = _wire.too_large_message(name, int(entry["too_large"]))
            else:
                problem = _wire.not_data_message(name, str(entry.get("not_data", "unknown value")))
            if problem is not None:
                return _failure(request, problem)
        return None


def _failure(request: dict[str, Any], message: str) -> dict[str, Any]:
    from pmkit.checks import CheckFailed

    err = CheckFailed(str(request.get("label", "")), message, str(request.get("hint", "")))
    return {
        "ename": "CheckFailed",
        "evalue": str(err),
        "traceback": [f"CheckFailed: {err}"],
        "check": {"label": err.label, "message": err.message, "hint": err.hint},
    }


def _python(code: str) -> str:
    if "%" not in code and "!" not in code:
        return code
    from IPython.core.inputtransformer2 import TransformerManager

    return str(TransformerManager().transform_cell(code))  # type: ignore[no-untyped-call]


def _execute(code: str, name: str, namespace: dict[str, Any]) -> Any:
    """Run a cell: every statement, then the value of a final expression (as a kernel does)."""
    tree = ast.parse(code, name)
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        exec(compile(tree, name, "exec"), namespace)
        return None
    tree.body.pop()
    exec(compile(tree, name, "exec"), namespace)
    return eval(compile(ast.Expression(last.value), name, "eval"), namespace)


def _result(value: Any) -> dict[str, Any]:
    return {"output_type": "execute_result", "data": {"text/plain": repr(value)}, "metadata": {}}


def _displayer(outputs: list[dict[str, Any]]) -> Any:
    def display(*objects: Any, **_: Any) -> None:
        for item in objects:
            outputs.append(
                {"output_type": "display_data", "data": {"text/plain": repr(item)}, "metadata": {}}
            )

    return display


def _error(err: BaseException, name: str) -> dict[str, Any]:
    ename = type(err).__name__
    evalue = str(err)
    frames = traceback.extract_tb(err.__traceback__)
    # Keep the frames from the cell onwards (not this module's own); they quote the cell's
    # lines, which only instructors see (feedback and the self-check show the message only).
    first = next((i for i, f in enumerate(frames) if f.filename == name), len(frames))
    lines = traceback.format_list(frames[first:])
    error: dict[str, Any] = {
        "ename": ename,
        "evalue": evalue,
        "traceback": [*(line.rstrip("\n") for line in lines), f"{ename}: {evalue}"],
    }
    label, message, hint = (getattr(err, k, None) for k in ("label", "message", "hint"))
    if ename == "CheckFailed" and all(isinstance(p, str) for p in (label, message, hint)):
        error["check"] = {"label": label, "message": message, "hint": hint}
    return error


def _crash_check(
    err: BaseException, name: str, code: str, request: dict[str, Any]
) -> dict[str, str]:
    """Say which of the learner's answers a test was using when it crashed, and nothing more.

    The error's own text is left out: it can quote the test's inputs (a ``KeyError`` names the
    expected key). The answers named are those the failing statement of the test cell reads.
    """
    answers = [n for n in (request.get("answers") or {}) if isinstance(n, str)]
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == name]
    used: list[str] = []
    if frames and frames[-1].lineno is not None:
        lines = code.splitlines()
        first = frames[-1].lineno
        last = frames[-1].end_lineno or first
        statement = "\n".join(lines[first - 1 : last])
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", statement))
        used = [n for n in answers if n in words]
    name_of_kind = type(err).__name__
    kind = f"{'an' if name_of_kind[0] in 'AEIOU' else 'a'} {name_of_kind}"
    if used:
        listed = ", ".join(used)
        message = (
            f"the tests stopped with {kind} while using your answer {listed}: check that it "
            "has the type and form the question asks for."
        )
    else:
        message = (
            f"the tests stopped with {kind} on your answers: check that each has the type and "
            "form the question asks for."
        )
    return {
        "label": str(request.get("label", "")),
        "message": message,
        "hint": str(request.get("hint", "")),
    }


def serve(incoming: BinaryIO, outgoing: BinaryIO) -> None:
    """Answer requests until the grader closes the stream."""
    session = _Session(incoming, outgoing)
    while (request := read_frame(incoming)) is not None:
        op = request.get("op")
        if op == "reset":
            session.reset()
            reply: dict[str, Any] = {"op": "ready", "pid": os.getpid()}
        elif op == "run":
            reply = session.run(request)
        else:
            reply = {"op": "error", "message": f"unknown request {op!r}"}
        write_frame(outgoing, reply)


def main() -> None:
    """Serve the grader on this process's standard input and output."""
    incoming = os.fdopen(os.dup(0), "rb", buffering=0)
    outgoing = os.fdopen(os.dup(1), "wb", buffering=0)
    # What cells print is captured per cell; nothing else may write into the frames.
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - lives as long as the process
    sys.stdout = sys.stderr
    os.environ.setdefault("MPLBACKEND", "Agg")
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    serve(incoming, outgoing)


if __name__ == "__main__":
    main()

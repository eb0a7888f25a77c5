"""The failure a check raises, apart from the checks (which need NumPy and pandas).

Graders read failed checks without importing the checks themselves; :mod:`pmkit.checks`
re-exports :class:`CheckFailed`.
"""

from __future__ import annotations

from typing import Any


class CheckFailed(AssertionError):
    r"""A learner's answer failed a check; the message says why and gives the hint.

    The parts are fields, so graders read them without parsing text: ``label`` (the
    question), ``message`` (what is wrong, never the expected value) and ``hint``. ``str()``
    joins them as ``[label] message`` plus ``\nHint: hint``, the form nbgrader records.
    """

    def __init__(self, label: str, message: str, hint: str = "") -> None:
        self.label = label
        self.message = message
        self.hint = hint
        hint_line = f"\nHint: {hint}" if hint else ""
        super().__init__(f"[{label}] {message}{hint_line}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.label, self.message, self.hint))

"""Feedback that shows students their results, never the hidden tests.

nbgrader 0.9.6 builds feedback from the autograded notebook, whose test cells hold the full
tests: its HTML shows every hidden test, and a failing hidden test's traceback quotes the line
that failed, expected value included. :class:`HideTestDetails` runs in nbgrader's feedback
pipeline (see ``GenerateFeedback.preprocessors`` in ``nbgrader_config.py``) and leaves, in each
autograded test cell, the visible tests and each failure's message, which pmkit's checks write
so that it never contains the answer.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from pmkit.grading._model import split_hidden


def without_hidden_tests(source: str) -> str:
    """Return a test cell's source without its hidden-test region (markers included)."""
    return split_hidden(source)[0]


class HideTestDetails(Preprocessor):
    """Strip hidden tests, tracebacks and printed output from autograded test cells."""

    # nbconvert runs a registered preprocessor only when it is enabled; nbgrader registers the
    # configured feedback preprocessors without enabling them.
    enabled = Bool(True).tag(config=True)

    def preprocess_cell(
        self, cell: Any, resources: dict[str, Any], index: int
    ) -> tuple[Any, dict[str, Any]]:
        """Reduce one autograded test cell to its visible tests and failure messages."""
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
            cell.source = without_hidden_tests(cell.source)
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
                    outputs.append(output)
            cell.outputs = outputs
        return cell, resources

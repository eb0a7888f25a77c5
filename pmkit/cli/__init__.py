"""The ``pmkit`` command: self-checks for learners, cohort tools for instructors, exercise tools.

``pmkit data generate`` writes the product data at any size;
``pmkit check NOTEBOOK`` self-grades a learner's notebook against the full tests;
``pmkit cohort roster|collect|grade|feedback|export|report|due|extend|similarity`` imports a
roster, collects LMS downloads, grades submissions in parallel in a sandbox, generates feedback
without hidden tests, exports grades, writes the cohort report, sets a due date (recomputing
late penalties), gives one student more time and lists answers that look alike for review;
``pmkit exercises generate`` regenerates the
student versions, ``pmkit exercises prove`` proves an exercise sound (the same check the test
suite runs) and ``pmkit exercises list`` shows what the course holds; ``pmkit hub
init|start|stop|status`` runs a cohort on a JupyterHub on this server. One module per verb.

Exit status, the same rule for every command (:mod:`pmkit.cli._common`): 0 when it did what
was asked and found nothing wrong; 1 when it found problems in its input (a failing question,
a submission that could not be graded, a skipped file, withheld feedback, an unsound exercise,
a refused roster row); 2 when it cannot run (no course, an unknown assignment, not a notebook
of this course, no sandbox, a notebook that stops, an empty gradebook) or was called wrongly.
"""

from __future__ import annotations

import click

from pmkit.cli._check import check
from pmkit.cli._cohort import cohort
from pmkit.cli._data import data
from pmkit.cli._exercises import exercises
from pmkit.cli._hub import hub

__all__ = ["main"]


@click.group()
@click.version_option(package_name="pmkit")
def main() -> None:
    """pmkit: a product-management course kit built on JupyterLab and nbgrader."""


for _command in (check, cohort, data, exercises, hub):
    main.add_command(_command)

"""nbgrader configuration for the pmkit course (read by nbgrader's apps and JupyterLab's panels).

Layout: solutions/ is nbgrader's source directory (instructor versions with solutions and hidden
tests), exercises/ is its release directory (the generated student versions, committed). Local
grading state (gradebook, exchange, submissions) lives under .nbgrader/ and the nbgrader default
folders, all git-ignored.
"""

import os
from pathlib import Path

c = get_config()

_root = Path(globals().get("__file__", os.getcwd())).resolve().parent
_state = _root / ".nbgrader"

c.CourseDirectory.root = str(_root)
c.CourseDirectory.course_id = "pmkit"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = f"sqlite:///{_state / 'gradebook.db'}"
# Never released: an exercise's known mistakes and valid alternatives (<notebook>.variants.toml,
# which hold right answers; pmkit exercises prove grades them), and nbgrader's usual leftovers.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "*.variants.toml",
]

# Student code gets at most this many seconds per cell when nbgrader executes it.
c.Execute.timeout = 60

# Autograding decides every test in pmkit's trusted checker, a sandboxed process where student
# code never runs: TrustedExecute takes the place of nbgrader's Execute, runs the student's cells
# in a sandboxed kernel with no network, and hands the answers each test needs to the checker as
# data (pmkit/grading/_trusted.py). The other steps are nbgrader's defaults, in their order.
# Grading refuses to run without bubblewrap; c.TrustedExecute.sandbox = False allows it.
c.Autograde.autograde_preprocessors = [
    "pmkit.grading.TrustedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Late work: lateness counts from the assignment's due date (pmkit cohort due) plus the student's
# extension (extensions.csv, written by pmkit cohort extend). pmkit's policy takes a share of a
# late notebook's score per started day late, up to a cap; 0 percent per day means no penalty.
c.AssignLatePenalties.plugin_class = "pmkit.grading.LatePenalty"
c.LatePenalty.percent_per_day = 0
c.LatePenalty.max_percent = 100
c.LatePenalty.grace_minutes = 0

# The exchange is a local folder so JupyterLab's assignment and course panels work on one machine;
# on a JupyterHub, point it at the shared exchange instead.
c.Exchange.root = str(_state / "exchange")
c.Exchange.path_includes_course = True
(_state / "exchange").mkdir(parents=True, exist_ok=True)

# Feedback shows each test cell's visible tests and failure messages only: nbgrader's default
# feedback shows the hidden tests, and tracebacks that quote them (pmkit/grading/_feedback.py).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "pmkit.grading._feedback.HideTestDetails",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Student versions: the solution region becomes a stub, and written answers get a prompt.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

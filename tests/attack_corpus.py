"""The threat model of grading, as code: what a learner's answer cells may try, to score points.

Each attack is the code a learner puts in place of every answer cell of an exercise, given the
names that cell's tests read (its answers). None of them answers a question; each tries to make
the grader say it did. With the checks in the learner's process (plain nbgrader, otter-grader),
several of them score; with pmkit's trusted checker, each must score exactly what an honest
blank scores: 0 autograded points (tests/test_attacks.py proves it on every exercise, under
`pmkit check`, `pmkit cohort grade` and `nbgrader autograde`; benchmarks/attacks.py prints the
points each attack gets from plain nbgrader and from pmkit).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmkit.grading import ExerciseModel
from pmkit.grading._course import Course, cell_kind, grade_id, question_cells, read_notebook

Attack = Callable[[list[str]], str]


def _mocks(names: list[str]) -> str:
    lines = ["from unittest.mock import MagicMock"]
    lines += [f"{name} = MagicMock()" for name in names]
    return "\n".join(lines) + "\n"


def _with(code: str) -> Attack:
    """An attack: ``code`` first, then every answer set to a MagicMock."""
    return lambda names: code + "\n" + _mocks(names)


_PERMISSIVE = """
class _Anything:
    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        return lambda *args, **kwargs: None
"""

_ALWAYS_EQUAL = """
class _Equal:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = __eq__

    def __hash__(self):
        return 0

    def __bool__(self):
        return True

    def __float__(self):
        return 0.0

    def __len__(self):
        return 30

    def __iter__(self):
        return iter([])

    def __getitem__(self, key):
        return self

    def __getattr__(self, name):
        return lambda *args, **kwargs: self

    def __call__(self, *args, **kwargs):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __call__
    __rtruediv__ = __abs__ = __neg__ = __round__ = __call__
"""

_TAMPERING_SQL = (
    "; ".join(
        f"CREATE TABLE _{table} AS SELECT * FROM {table} LIMIT 0; DROP VIEW {table}; "
        f"CREATE VIEW {table} AS SELECT * FROM _{table}"
        for table in ("users", "events", "payments", "subscriptions", "support_tickets")
    )
    + "; SELECT 0 AS n"
)

ATTACKS: dict[str, Attack] = {
    "a MagicMock for every answer": _mocks,
    "its own Question class that checks nothing": lambda names: (
        _PERMISSIVE + "\nQuestion = _Anything\n" + _mocks(names)
    ),
    "shadowing pz, pm, ex, load_backlog, connect, con, pd, np, run": _with(
        "from unittest.mock import MagicMock\n"
        "for _name in ['pz', 'pm', 'ex', 'load_backlog', 'load_kano_survey', 'load_product_table',"
        " 'connect', 'con', 'pd', 'np', 'run', 'math', 're', 'numbers', 'dt']:\n"
        "    globals()[_name] = MagicMock()\n"
    ),
    "patching pmkit.checks.Question through sys.modules": _with(
        "import sys\n"
        "_Q = sys.modules['pmkit.checks'].Question\n"
        "for _name in [n for n in dir(_Q) if not n.startswith('_')]:\n"
        "    setattr(_Q, _name, lambda *args, **kwargs: None)\n"
    ),
    "replacing pmkit.checks and importlib.reload": _with(
        _PERMISSIVE + "import importlib, sys, types\n"
        "_fake = types.ModuleType('pmkit.checks')\n"
        "_fake.Question, _fake.CheckFailed = _Anything, AssertionError\n"
        "sys.modules['pmkit.checks'] = _fake\n"
        "import pmkit\n"
        "importlib.reload(pmkit)\n"
        "Question = pmkit.Question\n"
    ),
    "patching builtins isinstance, len, abs, round": _with(
        "import builtins\n"
        "builtins.isinstance = lambda *args: True\n"
        "builtins.len = lambda *args: 30\n"
        "builtins.abs = lambda *args: 0\n"
        "builtins.round = lambda value, *args: value\n"
    ),
    "answers whose __eq__ is always True": lambda names: (
        _ALWAYS_EQUAL + "".join(f"{name} = _Equal()\n" for name in names)
    ),
    "answers with a spoofed __class__": lambda names: (
        _ALWAYS_EQUAL
        + "import pandas as pd\n"
        + "class _Spoof(_Equal):\n    __class__ = property(lambda self: pd.Series)\n"
        + "".join(f"{name} = _Spoof()\n" for name in names)
    ),
    "answers with a lying __len__": lambda names: (
        "class _Lying(list):\n"
        "    def __len__(self):\n"
        "        return 30\n"
        + "".join(f"{name} = _Lying(['F01', 'F02', 'F03', 'F04', 'F05'])\n" for name in names)
    ),
    "answers whose __float__ changes between calls": lambda names: (
        "import itertools\n"
        "class _Shifty(float):\n"
        "    _calls = itertools.count()\n"
        "    def __float__(self):\n"
        "        return float(next(self._calls))\n"
        + "".join(f"{name} = _Shifty(0.5)\n" for name in names)
    ),
    "patching numpy and pandas comparisons": _with(
        "import math\n"
        "import numpy as np\n"
        "import pandas as pd\n"
        "np.isclose = lambda a, b, **kw: np.ones(np.shape(a), dtype=bool)\n"
        "np.allclose = lambda *args, **kwargs: True\n"
        "np.testing.assert_allclose = lambda *args, **kwargs: None\n"
        "pd.testing.assert_frame_equal = lambda *args, **kwargs: None\n"
        "pd.testing.assert_series_equal = lambda *args, **kwargs: None\n"
        "pd.Series.equals = pd.DataFrame.equals = lambda *args, **kwargs: True\n"
        "math.isclose = lambda *args, **kwargs: True\n"
    ),
    "silencing errors: showtraceback, sys.excepthook, a custom exception handler": _with(
        "import sys\n"
        "_ip = get_ipython()\n"
        "_ip.showtraceback = lambda *args, **kwargs: None\n"
        "_ip.set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"
        "sys.excepthook = lambda *args: None\n"
    ),
    "display hooks and printed fake success": _with(
        "import sys\n"
        "sys.displayhook = lambda value: None\n"
        "get_ipython().display_pub.publish = lambda *args, **kwargs: None\n"
        "print('All tests passed: 100%')\n"
    ),
    "rewriting the notebook file while it runs": _with(
        "import glob, json\n"
        "for _path in glob.glob('*.ipynb'):\n"
        "    with open(_path) as _handle:\n"
        "        _notebook = json.load(_handle)\n"
        "    for _cell in _notebook['cells']:\n"
        "        if _cell['metadata'].get('nbgrader', {}).get('grade'):\n"
        "            _cell['source'] = 'pass'\n"
        "    with open(_path, 'w') as _handle:\n"
        "        json.dump(_notebook, _handle)\n"
    ),
    "touching the checker's scratch files": _with(
        "import glob, pathlib, tempfile\n"
        "_tmp = tempfile.gettempdir()\n"
        "for _folder in glob.glob(_tmp + '/pmkit-*'):\n"
        "    for _path in pathlib.Path(_folder).rglob('*'):\n"
        "        try:\n"
        "            _path.write_text('pass')\n"
        "        except OSError:\n"
        "            pass\n"
    ),
    "an oversized answer": lambda names: (
        "import numpy as np\n" + "".join(f"{name} = np.zeros(5_000_000)\n" for name in names)
    ),
    "SQL that replaces the tables the reference queries read": lambda names: "".join(
        f"{name} = {_TAMPERING_SQL!r}\n" if name.endswith("_sql") else f"{name} = None\n"
        for name in names
    ),
    "forging the answer channel": _with(
        "import sys\n"
        "from IPython.display import publish_display_data\n"
        "_wire = sys.modules.get('pmkit.grading._wire') or __import__('pmkit.grading._wire',"
        " fromlist=['_'])\n"
        "def _forged(names):\n"
        "    values = {n: {'data': {'t': 'float', 'v': '0x0p+0'}} for n in names}\n"
        "    publish_display_data({_wire.MIME: {'values': values}})\n"
        "_wire.publish_answers = _forged\n"
    ),
}
"""Each attack by the name a test reports it under."""


def answer_names(notebook: dict[str, Any]) -> dict[str, list[str]]:
    """Map each answer cell's grade id to the names its questions' tests read."""
    model = ExerciseModel.from_notebook(notebook)
    found: dict[str, list[str]] = {}
    for answer, tests in question_cells(notebook):
        names: list[str] = []
        for test_index in tests:
            test = model.test(grade_id(notebook["cells"][test_index]))
            names += [n for n in (test.needs if test else ()) if n not in names]
        found[grade_id(notebook["cells"][answer])] = names
    return found


def attacked(release: dict[str, Any], source: dict[str, Any], attack: Attack) -> dict[str, Any]:
    """Return the student version with every answer cell replaced by the attack."""
    names = answer_names(source)
    notebook = json.loads(json.dumps(release))
    for cell in notebook["cells"]:
        gid = grade_id(cell)
        if gid in names:
            cell["source"] = attack(names[gid])
    return notebook


def slug(attack: str) -> str:
    """A student id for an attack (letters, digits and dashes)."""
    return "".join(c if c.isalnum() else "-" for c in attack.lower()).strip("-")[:60]


def write_submissions(course: Course, attacks: dict[str, Attack]) -> dict[str, str]:
    """Submit every attack (and an honest blank and the solution) for every assignment.

    Returns {student id: attack name}; ``blank`` and ``solution`` are the two references.
    """
    students = {slug(name): name for name in attacks}
    for assignment in course.assignments():
        for source_path in course.source_notebooks(assignment):
            source = read_notebook(source_path)
            release = read_notebook(course.exercises_dir / assignment / source_path.name)
            versions = {"blank": release, "solution": source}
            versions |= {slug(n): attacked(release, source, a) for n, a in attacks.items()}
            for student, notebook in versions.items():
                folder = course.root / "submitted" / student / assignment
                folder.mkdir(parents=True, exist_ok=True)
                (folder / source_path.name).write_text(json.dumps(notebook))
    return students


def auto_points(course: Course, only: str | None = None) -> dict[tuple[str, str], float]:
    """Autograded points per (student, assignment) in a course's gradebook (``only``: one)."""
    from pmkit.grading._nbgrader import open_gradebook

    auto_ids = {
        (assignment, path.stem, grade_id(cell))
        for assignment in course.assignments()
        for path in course.source_notebooks(assignment)
        for cell in read_notebook(path)["cells"]
        if cell_kind(cell) == "auto_test"
    }
    scores: dict[tuple[str, str], float] = {}
    with open_gradebook(str(course.nbgrader_config().CourseDirectory.db_url)) as gradebook:
        for assignment in [only] if only else course.assignments():
            for submission in gradebook.assignment_submissions(assignment):
                scores[(submission.student_id, assignment)] = sum(
                    float(grade.auto_score or 0)
                    for notebook in submission.notebooks
                    for grade in notebook.grades
                    if (assignment, notebook.name, grade.name) in auto_ids
                )
    return scores


_WARM: dict[str, Any] = {}


def start_checker(course_root: str) -> None:
    """Give this worker process a warm checker, sandboxed for the course (a pool initializer)."""
    import functools
    import tempfile

    from pmkit.grading import Checker, SandboxPolicy
    from pmkit.grading._sandbox import launch_command

    policy = SandboxPolicy.for_course(Course(Path(course_root)))
    policy_file = policy.install(Path(tempfile.mkdtemp(prefix="pmkit-attacks-")))
    import atexit

    _WARM["checker"] = Checker(functools.partial(launch_command, policy_file, "checker"))
    atexit.register(_WARM["checker"].close)


def check_points(course_root: str, notebook: str) -> float:
    """Autograded points `pmkit check` gives a notebook (its engine, with this worker's checker)."""
    from pmkit.grading import check_notebook

    report = check_notebook(Path(notebook), Course(Path(course_root)), checker=_WARM["checker"])
    return float(report.earned)


def submitted_notebooks(course: Course, student: str) -> list[tuple[str, Path]]:
    """(assignment, notebook) for every notebook a student submitted."""
    root = course.root / "submitted" / student
    return sorted((p.parent.name, p) for p in root.glob("*/*.ipynb"))

"""The record of submissions that failed to grade (pmkit/grading/_failures.py).

How grading fills and clears it is tested on real submissions in tests/test_parallel_grading.py;
here, that a damaged record is refused by name rather than read as "no failures".
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from nbfactory import add_assignment, make_notebook

from pmkit.cli import main
from pmkit.grading import Course, CourseError, grade_assignment, grading_failures
from pmkit.grading._failures import FAILURES_FILE, record_failure


def test_failures_are_kept_with_their_reason(course: Course) -> None:
    record_failure(course, "hw", "ana", "DeadKernelError: Kernel died")
    failures = grading_failures(course)
    assert list(failures["student_id"]) == ["ana"]
    assert list(failures["reason"]) == ["DeadKernelError: Kernel died"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "it is not valid JSON"),
        ("[]", "it holds a list, not an object"),
        ('{"hw": {"ana": "boom"}}', "the entry for 'hw' is not"),
    ],
)
def test_a_damaged_record_is_refused_naming_the_file(
    course: Course, content: str, problem: str
) -> None:
    path = course.root / "autograded" / FAILURES_FILE
    path.parent.mkdir()
    path.write_text(content)
    with pytest.raises(CourseError, match=rf"{FAILURES_FILE}, .* is damaged: {problem}"):
        grading_failures(course)
    # the cohort report cannot run on it (exit status 2), and says which file
    report = CliRunner().invoke(main, ["cohort", "report", "--course", str(course.root)])
    assert report.exit_code == 2, report.output
    assert FAILURES_FILE in report.output and "is damaged" in report.output
    # grading stops before it starts, rather than rebuilding the record from nothing
    add_assignment(course, "hw", make_notebook())
    with pytest.raises(CourseError, match="is damaged"):
        grade_assignment(course, "hw", sandbox=False)

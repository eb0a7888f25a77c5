"""nbgrader automation: course layout, student versions, exercise proofs and self-checks.

Importing this package does not import nbgrader; the functions do, when called.
"""

from pmkit.grading._course import Course, CourseError
from pmkit.grading._nbgrader import CellScore, ScratchCourse, generate_exercises
from pmkit.grading._prove import (
    ExerciseProof,
    check_conventions,
    compare_release,
    find_leaks,
    prove_exercise,
)
from pmkit.grading._selfcheck import (
    CheckReport,
    NotebookError,
    QuestionResult,
    check_notebook,
)

__all__ = [
    "CellScore",
    "CheckReport",
    "Course",
    "CourseError",
    "ExerciseProof",
    "NotebookError",
    "QuestionResult",
    "ScratchCourse",
    "check_conventions",
    "check_notebook",
    "compare_release",
    "find_leaks",
    "generate_exercises",
    "prove_exercise",
]

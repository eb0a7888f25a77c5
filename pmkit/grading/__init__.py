"""nbgrader automation: course layout, generating student versions, proving exercises sound.

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

__all__ = [
    "CellScore",
    "Course",
    "CourseError",
    "ExerciseProof",
    "ScratchCourse",
    "check_conventions",
    "compare_release",
    "find_leaks",
    "generate_exercises",
    "prove_exercise",
]

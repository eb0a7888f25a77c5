"""nbgrader automation: student versions, exercise proofs, self-checks and cohort grading.

Importing this package does not import nbgrader; the functions do, when called.
"""

from pmkit.grading._course import Course, CourseError
from pmkit.grading._nbgrader import CellScore, ScratchCourse, generate_exercises
from pmkit.grading._parallel import SubmissionResult, default_workers, grade_assignment
from pmkit.grading._prove import (
    ExerciseProof,
    check_conventions,
    compare_release,
    find_leaks,
    prove_exercise,
)
from pmkit.grading._report import (
    CohortReport,
    completion_funnel,
    gradebook_frame,
    question_pass_rates,
    student_scores,
    write_cohort_report,
)
from pmkit.grading._roster import RosterImport, check_student_id, import_roster, read_roster
from pmkit.grading._selfcheck import (
    CheckReport,
    NotebookError,
    QuestionResult,
    check_notebook,
)

__all__ = [
    "CellScore",
    "CheckReport",
    "CohortReport",
    "Course",
    "CourseError",
    "ExerciseProof",
    "NotebookError",
    "QuestionResult",
    "RosterImport",
    "ScratchCourse",
    "SubmissionResult",
    "check_conventions",
    "check_notebook",
    "check_student_id",
    "compare_release",
    "completion_funnel",
    "default_workers",
    "find_leaks",
    "generate_exercises",
    "grade_assignment",
    "gradebook_frame",
    "import_roster",
    "prove_exercise",
    "question_pass_rates",
    "read_roster",
    "student_scores",
    "write_cohort_report",
]

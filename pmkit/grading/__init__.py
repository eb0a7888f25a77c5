"""nbgrader automation: student versions, exercise proofs, self-checks and cohort grading.

Every grade comes from one engine, :func:`grade_notebook`: the learner's cells run in a
sandboxed kernel with no network, and every test runs in a separate, sandboxed
:class:`Checker` on the learner's answers as data, so learner code cannot change a verdict.
:func:`check_notebook` (``pmkit check``), :class:`TrustedExecute` (nbgrader's autograde, through
``nbgrader_config.py``), :func:`grade_assignment` (``pmkit cohort grade``) and
:func:`prove_exercise` all use it; :class:`ExerciseModel` is the one model of an exercise's
setup and test cells they share.

Importing this package imports nothing heavy: names load on first use (PEP 562), so the
``pmkit`` command starts fast, and nbgrader is imported only by the functions that need it.
"""

from typing import TYPE_CHECKING

from pmkit._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from pmkit.grading._checker import Checker
    from pmkit.grading._collect import collect_submissions
    from pmkit.grading._course import Course, CourseError
    from pmkit.grading._deliver import export_grades, generate_feedback
    from pmkit.grading._model import ExerciseModel, TestCell
    from pmkit.grading._nbgrader import CellScore, ScratchCourse, generate_exercises
    from pmkit.grading._parallel import (
        SubmissionResult,
        default_workers,
        find_submissions,
        grade_assignment,
    )
    from pmkit.grading._preprocessor import TrustedExecute
    from pmkit.grading._proof_record import (
        grading_digest,
        proof_digest,
        proof_of,
        read_record,
        recall_proof,
        save_proof,
        write_record,
    )
    from pmkit.grading._prove import (
        ExerciseProof,
        VariantOutcome,
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
    from pmkit.grading._sandbox import (
        DEFAULT_MEMORY_BYTES,
        DEFAULT_WALL_SECONDS,
        SandboxPolicy,
        SandboxUnavailable,
        sandbox_problem,
    )
    from pmkit.grading._selfcheck import CheckReport, NotebookError, QuestionResult, check_notebook
    from pmkit.grading._trusted import (
        GradedNotebook,
        GradingError,
        NotebookStopped,
        Verdict,
        grade_notebook,
    )
    from pmkit.grading._variants import (
        AnswerVariant,
        VariantError,
        load_variants,
        variants_file,
    )

_LAZY: dict[str, str] = {
    "DEFAULT_MEMORY_BYTES": "pmkit.grading._sandbox",
    "DEFAULT_WALL_SECONDS": "pmkit.grading._sandbox",
    "collect_submissions": "pmkit.grading._collect",
    "export_grades": "pmkit.grading._deliver",
    "find_submissions": "pmkit.grading._parallel",
    "generate_feedback": "pmkit.grading._deliver",
    "AnswerVariant": "pmkit.grading._variants",
    "CellScore": "pmkit.grading._nbgrader",
    "CheckReport": "pmkit.grading._selfcheck",
    "Checker": "pmkit.grading._checker",
    "CohortReport": "pmkit.grading._report",
    "Course": "pmkit.grading._course",
    "CourseError": "pmkit.grading._course",
    "ExerciseModel": "pmkit.grading._model",
    "ExerciseProof": "pmkit.grading._prove",
    "GradedNotebook": "pmkit.grading._trusted",
    "GradingError": "pmkit.grading._trusted",
    "NotebookError": "pmkit.grading._selfcheck",
    "NotebookStopped": "pmkit.grading._trusted",
    "QuestionResult": "pmkit.grading._selfcheck",
    "RosterImport": "pmkit.grading._roster",
    "SandboxPolicy": "pmkit.grading._sandbox",
    "SandboxUnavailable": "pmkit.grading._sandbox",
    "ScratchCourse": "pmkit.grading._nbgrader",
    "SubmissionResult": "pmkit.grading._parallel",
    "TestCell": "pmkit.grading._model",
    "TrustedExecute": "pmkit.grading._preprocessor",
    "VariantError": "pmkit.grading._variants",
    "VariantOutcome": "pmkit.grading._prove",
    "Verdict": "pmkit.grading._trusted",
    "check_conventions": "pmkit.grading._prove",
    "check_notebook": "pmkit.grading._selfcheck",
    "check_student_id": "pmkit.grading._roster",
    "compare_release": "pmkit.grading._prove",
    "completion_funnel": "pmkit.grading._report",
    "default_workers": "pmkit.grading._parallel",
    "find_leaks": "pmkit.grading._prove",
    "generate_exercises": "pmkit.grading._nbgrader",
    "grade_assignment": "pmkit.grading._parallel",
    "grade_notebook": "pmkit.grading._trusted",
    "gradebook_frame": "pmkit.grading._report",
    "import_roster": "pmkit.grading._roster",
    "load_variants": "pmkit.grading._variants",
    "grading_digest": "pmkit.grading._proof_record",
    "proof_digest": "pmkit.grading._proof_record",
    "read_record": "pmkit.grading._proof_record",
    "write_record": "pmkit.grading._proof_record",
    "proof_of": "pmkit.grading._proof_record",
    "prove_exercise": "pmkit.grading._prove",
    "recall_proof": "pmkit.grading._proof_record",
    "save_proof": "pmkit.grading._proof_record",
    "question_pass_rates": "pmkit.grading._report",
    "read_roster": "pmkit.grading._roster",
    "sandbox_problem": "pmkit.grading._sandbox",
    "student_scores": "pmkit.grading._report",
    "variants_file": "pmkit.grading._variants",
    "write_cohort_report": "pmkit.grading._report",
}


__all__ = [
    "DEFAULT_MEMORY_BYTES",
    "DEFAULT_WALL_SECONDS",
    "AnswerVariant",
    "CellScore",
    "CheckReport",
    "Checker",
    "CohortReport",
    "Course",
    "CourseError",
    "ExerciseModel",
    "ExerciseProof",
    "GradedNotebook",
    "GradingError",
    "NotebookError",
    "NotebookStopped",
    "QuestionResult",
    "RosterImport",
    "SandboxPolicy",
    "SandboxUnavailable",
    "ScratchCourse",
    "SubmissionResult",
    "TestCell",
    "TrustedExecute",
    "VariantError",
    "VariantOutcome",
    "Verdict",
    "check_conventions",
    "check_notebook",
    "check_student_id",
    "collect_submissions",
    "compare_release",
    "completion_funnel",
    "default_workers",
    "export_grades",
    "find_leaks",
    "find_submissions",
    "generate_exercises",
    "generate_feedback",
    "grade_assignment",
    "grade_notebook",
    "gradebook_frame",
    "grading_digest",
    "import_roster",
    "load_variants",
    "proof_digest",
    "proof_of",
    "prove_exercise",
    "question_pass_rates",
    "read_record",
    "read_roster",
    "recall_proof",
    "sandbox_problem",
    "save_proof",
    "student_scores",
    "variants_file",
    "write_cohort_report",
    "write_record",
]

__getattr__, __dir__ = _lazy_exports("pmkit.grading", _LAZY, globals(), __all__)

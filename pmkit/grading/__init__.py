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
    from pmkit.grading._checker import Checker as Checker
    from pmkit.grading._collect import collect_submissions as collect_submissions
    from pmkit.grading._course import Course as Course, CourseError as CourseError
    from pmkit.grading._deliver import (
        export_grades as export_grades,
        generate_feedback as generate_feedback,
    )
    from pmkit.grading._failures import grading_failures as grading_failures
    from pmkit.grading._lateness import (
        LatePenalty as LatePenalty,
        apply_lateness as apply_lateness,
        format_extra_time as format_extra_time,
        late_policy as late_policy,
        parse_extra_time as parse_extra_time,
        read_extensions as read_extensions,
        set_due_date as set_due_date,
        update_lateness as update_lateness,
        write_extension as write_extension,
    )
    from pmkit.grading._model import ExerciseModel as ExerciseModel, TestCell as TestCell
    from pmkit.grading._nbgrader import (
        CellScore as CellScore,
        ScratchCourse as ScratchCourse,
        generate_exercises as generate_exercises,
    )
    from pmkit.grading._parallel import (
        SubmissionResult as SubmissionResult,
        default_workers as default_workers,
        find_submissions as find_submissions,
        grade_assignment as grade_assignment,
    )
    from pmkit.grading._preprocessor import TrustedExecute as TrustedExecute
    from pmkit.grading._proof_record import (
        grading_digest as grading_digest,
        proof_digest as proof_digest,
        proof_of as proof_of,
        read_record as read_record,
        recall_proof as recall_proof,
        save_proof as save_proof,
        write_record as write_record,
    )
    from pmkit.grading._prove import (
        ExerciseProof as ExerciseProof,
        VariantOutcome as VariantOutcome,
        check_conventions as check_conventions,
        compare_release as compare_release,
        find_leaks as find_leaks,
        prove_exercise as prove_exercise,
    )
    from pmkit.grading._report import (
        CohortReport as CohortReport,
        completion_funnel as completion_funnel,
        gradebook_frame as gradebook_frame,
        question_pass_rates as question_pass_rates,
        student_scores as student_scores,
        write_cohort_report as write_cohort_report,
    )
    from pmkit.grading._roster import (
        RosterImport as RosterImport,
        check_student_id as check_student_id,
        import_roster as import_roster,
        read_roster as read_roster,
    )
    from pmkit.grading._sandbox import (
        DEFAULT_MEMORY_BYTES as DEFAULT_MEMORY_BYTES,
        DEFAULT_WALL_SECONDS as DEFAULT_WALL_SECONDS,
        SandboxPolicy as SandboxPolicy,
        SandboxUnavailable as SandboxUnavailable,
        sandbox_problem as sandbox_problem,
    )
    from pmkit.grading._selfcheck import (
        CheckReport as CheckReport,
        NotebookError as NotebookError,
        QuestionResult as QuestionResult,
        check_notebook as check_notebook,
        find_check_course as find_check_course,
    )
    from pmkit.grading._similarity import (
        SimilarityReport as SimilarityReport,
        similar_pairs as similar_pairs,
        similarity_report as similarity_report,
    )
    from pmkit.grading._trusted import (
        GradedNotebook as GradedNotebook,
        GradingError as GradingError,
        NotebookStopped as NotebookStopped,
        Verdict as Verdict,
        grade_notebook as grade_notebook,
    )
    from pmkit.grading._variants import (
        AnswerVariant as AnswerVariant,
        VariantError as VariantError,
        load_variants as load_variants,
        variants_file as variants_file,
    )


__getattr__, __dir__, __all__ = _lazy_exports(__name__, __file__, globals())

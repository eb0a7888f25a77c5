"""Pin the public API: notebooks and learners depend on these names, so a rename fails here first.

Each list is the intended API. Adding a name means adding it here too; removing one is a
breaking change for every notebook that uses it.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

EXPECTED = {
    "pmkit": [
        "CheckFailed",
        "KanoCoefficients",
        "MoscowCheck",
        "Question",
        "RoadmapComparison",
        "__version__",
        "add_cd3",
        "add_ice",
        "add_kano_category",
        "add_opportunity",
        "add_rice",
        "add_roadmap",
        "add_value_effort_quadrant",
        "add_weighted_score",
        "add_wsjf",
        "cd3_score",
        "compare_roadmaps",
        "connect",
        "cost_of_delay",
        "greedy_within_capacity",
        "ice_score",
        "kano_category",
        "kano_coefficients",
        "kano_table",
        "load_backlog",
        "load_kano_survey",
        "load_product_table",
        "moscow_check",
        "opportunity_score",
        "rice_score",
        "select_within_capacity",
        "top_two_box",
        "value_effort_quadrant",
        "weighted_score",
        "wsjf_score",
    ],
    "pmkit.prioritization": [
        "KANO_ANSWERS",
        "KANO_CATEGORIES",
        "KANO_TIE_BREAK",
        "MOSCOW_CATEGORIES",
        "KanoCoefficients",
        "MoscowCheck",
        "RiceExplorer",
        "RoadmapComparison",
        "add_cd3",
        "add_ice",
        "add_kano_category",
        "add_opportunity",
        "add_rice",
        "add_roadmap",
        "add_value_effort_quadrant",
        "add_weighted_score",
        "add_wsjf",
        "cd3_score",
        "compare_roadmaps",
        "cost_of_delay",
        "greedy_within_capacity",
        "ice_score",
        "kano_category",
        "kano_coefficients",
        "kano_table",
        "moscow_check",
        "opportunity_score",
        "rice_score",
        "select_within_capacity",
        "top_two_box",
        "value_effort_quadrant",
        "weighted_score",
        "wsjf_score",
    ],
    "pmkit.checks": [
        "CheckFailed",
        "Question",
        "column",
        "precision_tolerance",
        "significant_tolerance",
    ],
    "pmkit.datasets": [
        "BACKLOG_SCHEMA",
        "EXPERIMENTS",
        "KANO_SURVEY_SCHEMA",
        "PORTAL_SEED",
        "PRODUCT_EVENTS",
        "PRODUCT_SCHEMA",
        "PRODUCT_SEED",
        "PRODUCT_TABLES",
        "QueryRunner",
        "RAW_TABLES",
        "connect",
        "datasets_dir",
        "generate_kano_survey",
        "generate_portal_searches",
        "generate_product_data",
        "load_backlog",
        "load_kano_survey",
        "load_product_data",
        "load_product_table",
        "product_data_dir",
    ],
    "pmkit.grading": [
        "AnswerVariant",
        "CellScore",
        "CheckReport",
        "Checker",
        "CohortReport",
        "Course",
        "CourseError",
        "DEFAULT_MEMORY_BYTES",
        "DEFAULT_WALL_SECONDS",
        "ExerciseModel",
        "ExerciseProof",
        "GradedNotebook",
        "GradingError",
        "LatePenalty",
        "NotebookError",
        "NotebookStopped",
        "QuestionResult",
        "RosterImport",
        "SandboxPolicy",
        "SandboxUnavailable",
        "ScratchCourse",
        "SimilarityReport",
        "SubmissionResult",
        "TestCell",
        "TrustedExecute",
        "VariantError",
        "VariantOutcome",
        "Verdict",
        "apply_lateness",
        "check_conventions",
        "check_notebook",
        "check_student_id",
        "collect_submissions",
        "compare_release",
        "completion_funnel",
        "default_workers",
        "export_grades",
        "find_check_course",
        "find_leaks",
        "find_submissions",
        "format_extra_time",
        "generate_exercises",
        "generate_feedback",
        "grade_assignment",
        "grade_notebook",
        "gradebook_frame",
        "grading_digest",
        "grading_failures",
        "import_roster",
        "late_policy",
        "load_variants",
        "parse_extra_time",
        "proof_digest",
        "proof_of",
        "prove_exercise",
        "question_pass_rates",
        "read_extensions",
        "read_record",
        "read_roster",
        "recall_proof",
        "sandbox_problem",
        "save_proof",
        "set_due_date",
        "similar_pairs",
        "similarity_report",
        "student_scores",
        "variants_file",
        "write_cohort_report",
        "write_extension",
        "write_record",
    ],
    "pmkit.assessment": [
        "BACKGROUNDS",
        "COMPETENCIES",
        "COMPETENCY_KEYS",
        "DEFAULT_TARGET",
        "LEVELS",
        "SYLLABUS",
        "Assessment",
        "AssessmentForm",
        "Competency",
        "CourseModule",
        "assessment_path",
        "competency_profile",
        "get_competency",
        "get_module",
        "load_assessments",
        "plot_gaps",
        "progress_table",
        "recommend_path",
        "save_assessment",
        "syllabus_frame",
        "syllabus_markdown",
    ],
    "pmkit.career": [
        "CASE_STUDY_SECTIONS",
        "CHANNELS",
        "MIN_WORDS",
        "OUTREACH_WINDOW_DAYS",
        "ROUTES",
        "ROUTE_NAMES",
        "STAGES",
        "SUGGESTED_CRITERIA",
        "CaseStudy",
        "CaseStudyBuilder",
        "CaseStudyCheck",
        "OutreachSample",
        "OutreachTracker",
        "Route",
        "RouteQuestion",
        "WeightExplorer",
        "case_study_html",
        "case_study_markdown",
        "check_case_study",
        "decision_matrix",
        "example_case_studies",
        "outreach_db_path",
        "outreach_funnel",
        "route_questions",
        "sample_outreach",
        "save_case_study",
        "stage_counts",
        "weight_sensitivity",
    ],
    "pmkit.metrics": [
        "BLENDED",
        "COHORT_PERIODS",
        "DAY_CONVENTIONS",
        "FUNNEL_ORDERS",
        "RETENTION_KINDS",
        "Metric",
        "active_users",
        "arppu",
        "arpu",
        "bracket_retention",
        "bracket_retention_by_segment",
        "churn_rate",
        "cohort_retention",
        "funnel",
        "ltv",
        "n_day_retention",
        "nps",
        "rate_change_by_segment",
        "retention_matrix",
        "stickiness",
    ],
    "pmkit.hub": [
        "HubError",
        "HubSettings",
        "HubStatus",
        "InitReport",
        "check_account_name",
        "check_remotely",
        "check_service_url",
        "copy_lessons",
        "hub_status",
        "init_hub",
        "run_as_grader",
        "start_hub",
        "stop_hub",
    ],
    "pmkit.experiments": [
        "ALTERNATIVES",
        "Alternative",
        "CupedResult",
        "GuardrailResult",
        "MeanTestResult",
        "PeekingResult",
        "ProportionTestResult",
        "SrmResult",
        "cuped",
        "guardrail_check",
        "mde_proportions",
        "mean_test",
        "power_proportions",
        "sample_size_proportions",
        "simulate_peeking",
        "srm_test",
        "two_proportion_test",
    ],
    "pmkit.resume": [
        "BACKGROUNDS",
        "BulletAnalysis",
        "CHECKS",
        "DETECTORS",
        "DUTY_SPEAK_PHRASES",
        "Detection",
        "VERDICT_RULE",
        "analyze_bullet",
        "analyze_bullets",
        "example_pairs",
    ],
    "pmkit.interview": [
        "BACKGROUNDS",
        "CATEGORIES",
        "CATEGORY_FRAMEWORKS",
        "DIFFICULTIES",
        "ESTIMATE_ITEMS",
        "EXPERIENCE_AREAS",
        "FRAMEWORKS",
        "LEARNING_AID",
        "METRIC_DROP_ITEMS",
        "RUBRIC_SCALE",
        "STAR_ITEMS",
        "CheckResult",
        "CountdownTimer",
        "EstimateCheck",
        "Framework",
        "MockInterview",
        "ModelAnswer",
        "ModelAnswerStep",
        "Prompt",
        "RubricScorer",
        "ScoreRecord",
        "bank_path",
        "check_answer",
        "check_estimate",
        "check_metric_drop",
        "check_star",
        "find_prompts",
        "get_prompt",
        "load_practice_log",
        "load_prompts",
        "mock_interview",
        "normalize_text",
        "plot_progress",
        "practice_log_path",
        "progress_summary",
        "prompts_frame",
        "record_practice",
        "validate_bank",
    ],
}


@pytest.mark.parametrize("module_name", sorted(EXPECTED))
def test_all_is_the_pinned_api(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert sorted(module.__all__) == sorted(EXPECTED[module_name])


@pytest.mark.parametrize("module_name", sorted(EXPECTED))
def test_every_exported_name_exists_and_is_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for name in module.__all__:
        value = getattr(module, name)  # AttributeError names a missing export
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"{module_name}.{name} has no docstring"


@pytest.mark.parametrize("module_name", sorted(EXPECTED))
def test_no_public_name_is_left_out_of_all(module_name: str) -> None:
    module = importlib.import_module(module_name)
    defined_here = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and getattr(value, "__module__", "").startswith(module_name)
    }
    assert defined_here <= set(module.__all__), defined_here - set(module.__all__)


def test_importing_pmkit_does_not_import_nbgrader_or_widgets() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pmkit, pmkit.prioritization, pmkit.grading; "
        "print(sorted(m for m in ('nbgrader', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_pmkit_command_starts_without_pandas_or_nbgrader() -> None:
    """`pmkit check` must start fast: its own process never needs pandas or nbgrader."""
    import subprocess
    import sys

    code = (
        "import sys, pmkit.cli; "
        "print(sorted(m for m in ('pandas', 'nbgrader', 'nbformat') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

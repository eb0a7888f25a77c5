"""Choosing your route into product management (module 07), with tools to act on it.

* **Routes** (:data:`ROUTES`, :func:`route_questions`): internal transfer, associate PM
  programs, direct applications, startups or your own product, each with the questions that
  decide whether it fits your situation. Trade-offs are questions, never odds: the kit quotes no
  success rates.
* **Decision matrix** (:func:`decision_matrix`, :func:`weight_sensitivity`,
  :class:`WeightExplorer`): score the routes on your own criteria with the course's weighted
  score, find which single weight change would flip the decision, and move weights live.
* **Outreach pipeline** (:class:`OutreachTracker`, :func:`outreach_funnel`,
  :func:`sample_outreach`): contacts and their stages (contacted -> replied -> conversation ->
  referral -> interview) in a DuckDB file in your data folder, read as a funnel with
  :func:`pmkit.metrics.funnel`, overall and per channel.
* **Outreach craft** (:data:`OUTREACH_TEMPLATES`, :func:`fill_template`,
  :data:`INFORMATIONAL_QUESTIONS`, :func:`informational_questions`, :data:`QUESTIONS_TO_AVOID`):
  first-message templates for a cold contact, a referral ask, a follow-up and a thank-you, each
  with what to personalise and why, length guidance and filled-in examples from an IT and an
  operations background; twenty informational-interview questions in four groups, and what not
  to ask. :func:`fill_template` refuses a missing field and names it.
* **Portfolio case study** (:class:`CaseStudy`, :class:`CaseStudyBuilder`,
  :func:`case_study_markdown`, :func:`case_study_html`, :func:`check_case_study`,
  :func:`example_case_studies`): eight prompts in, Markdown and escaped HTML out, with worked
  examples from an operations project and an IT project (illustrative numbers);
  ``sections=OUTLINE_SECTIONS`` gives module 01's five-part outline with the same functions.
* **Certifications compared** (:data:`CERTIFICATIONS`, :func:`certification_table`): CSPO,
  PSPO I, Pragmatic Institute's, AIPMM's CPM and the Google Project Management Certificate (a
  project, not a product, credential): what each covers, its format, time, cost and renewal as
  published by the issuer (with the page and the date checked, or "not confirmed: see the
  issuer's page"), and what it signals to a hiring manager and what it does not. No endorsement,
  no statistics.

Everything you record is kept in your data folder (an explicit ``path``, then
``PMKIT_DATA_DIR``, then the user data folder), never in the course repository.
"""

from pmkit.career._case_study import (
    CASE_STUDY_SECTIONS,
    MIN_WORDS,
    OUTLINE_SECTIONS,
    CaseStudy,
    CaseStudyCheck,
    case_study_html,
    case_study_markdown,
    check_case_study,
    save_case_study,
)
from pmkit.career._certifications import (
    CERTIFICATIONS,
    CHECKED_ON,
    COULD_NOT_CHECK,
    DISCIPLINES,
    NOT_CONFIRMED,
    Certification,
    CertificationSource,
    certification_table,
)
from pmkit.career._decision import decision_matrix, weight_sensitivity
from pmkit.career._examples import example_case_studies
from pmkit.career._messages import (
    INFORMATIONAL_QUESTIONS,
    OUTREACH_TEMPLATES,
    QUESTION_GROUPS,
    QUESTIONS_TO_AVOID,
    InformationalQuestion,
    OutreachMessage,
    OutreachTemplate,
    QuestionToAvoid,
    TemplateExample,
    TemplateField,
    fill_template,
    informational_questions,
)
from pmkit.career._outreach import (
    CHANNELS,
    OUTREACH_WINDOW_DAYS,
    STAGES,
    OutreachSample,
    OutreachTracker,
    outreach_db_path,
    outreach_funnel,
    sample_outreach,
    stage_counts,
)
from pmkit.career._routes import (
    ROUTE_NAMES,
    ROUTES,
    SUGGESTED_CRITERIA,
    Route,
    RouteQuestion,
    route_questions,
)
from pmkit.career._widgets import CaseStudyBuilder, WeightExplorer

__all__ = [
    "CASE_STUDY_SECTIONS",
    "CERTIFICATIONS",
    "CHANNELS",
    "CHECKED_ON",
    "COULD_NOT_CHECK",
    "DISCIPLINES",
    "INFORMATIONAL_QUESTIONS",
    "MIN_WORDS",
    "NOT_CONFIRMED",
    "OUTLINE_SECTIONS",
    "OUTREACH_TEMPLATES",
    "OUTREACH_WINDOW_DAYS",
    "QUESTIONS_TO_AVOID",
    "QUESTION_GROUPS",
    "ROUTES",
    "ROUTE_NAMES",
    "STAGES",
    "SUGGESTED_CRITERIA",
    "CaseStudy",
    "CaseStudyBuilder",
    "CaseStudyCheck",
    "Certification",
    "CertificationSource",
    "InformationalQuestion",
    "OutreachMessage",
    "OutreachSample",
    "OutreachTemplate",
    "OutreachTracker",
    "QuestionToAvoid",
    "Route",
    "RouteQuestion",
    "TemplateExample",
    "TemplateField",
    "WeightExplorer",
    "case_study_html",
    "case_study_markdown",
    "certification_table",
    "check_case_study",
    "decision_matrix",
    "example_case_studies",
    "fill_template",
    "informational_questions",
    "outreach_db_path",
    "outreach_funnel",
    "route_questions",
    "sample_outreach",
    "save_case_study",
    "stage_counts",
    "weight_sensitivity",
]

"""Self-assessment on eight PM competencies, a recommended path, and the course map.

Module 00 (the start page) uses it::

    from pmkit.assessment import AssessmentForm, SYLLABUS, syllabus_markdown

    form = AssessmentForm()               # sliders 1-5 with anchored levels; profile, path, save
    load_assessments()                    # your saved assessments, oldest first
    progress_table(load_assessments())    # first vs latest, competency by competency
    fit_summary(form.fit_answers())       # optional fit statements worth testing, with notes

The competencies: product sense, prioritization, data and SQL, metrics and experiments,
communication and influence without authority, execution, technical fluency, user research.
Each level of the 1-5 scale has a description (an anchored scale), so ratings mean the same
thing from one month to the next. The scale is the kit's own reflection aid, not a validated
instrument, and the recommended path follows documented rules (:func:`recommend_path`): modules
ordered by how much of your gap they address, after their prerequisites, 07 last, with a note
for IT or operations backgrounds.

An optional part asks eight fit and motivation statements about the work itself (deciding
what not to build, accountability without authority, ambiguity, talking to users, a day of
conversations and writing, slow feedback, and two motivation checks), each on a 1-5 agreement
scale. :func:`fit_summary` lists the answers of 3 or lower, lowest first, each with what it may
mean and how to test it; there is no score and no verdict.

Saved assessments are timestamped entries in a JSON file in your data folder (an explicit
``path``, then ``PMKIT_DATA_DIR``, then the user data folder), never in the course repository.
"""

from pmkit.assessment._competencies import (
    COMPETENCIES,
    COMPETENCY_KEYS,
    DEFAULT_TARGET,
    LEVELS,
    Competency,
    get_competency,
)
from pmkit.assessment._fit import (
    AGREEMENT,
    FIT_KEYS,
    FIT_STATEMENTS,
    FitFinding,
    FitStatement,
    fit_summary,
    fit_summary_markdown,
    get_fit_statement,
)
from pmkit.assessment._profile import (
    Assessment,
    competency_profile,
    plot_gaps,
    recommend_path,
)
from pmkit.assessment._store import (
    assessment_path,
    load_assessments,
    progress_table,
    save_assessment,
)
from pmkit.assessment._syllabus import (
    BACKGROUNDS,
    SYLLABUS,
    CourseModule,
    get_module,
    syllabus_frame,
    syllabus_markdown,
)
from pmkit.assessment._widgets import AssessmentForm

__all__ = [
    "AGREEMENT",
    "BACKGROUNDS",
    "COMPETENCIES",
    "COMPETENCY_KEYS",
    "DEFAULT_TARGET",
    "FIT_KEYS",
    "FIT_STATEMENTS",
    "LEVELS",
    "SYLLABUS",
    "Assessment",
    "AssessmentForm",
    "Competency",
    "CourseModule",
    "FitFinding",
    "FitStatement",
    "assessment_path",
    "competency_profile",
    "fit_summary",
    "fit_summary_markdown",
    "get_competency",
    "get_fit_statement",
    "get_module",
    "load_assessments",
    "plot_gaps",
    "progress_table",
    "recommend_path",
    "save_assessment",
    "syllabus_frame",
    "syllabus_markdown",
]

"""Self-assessment on eight PM competencies, a recommended path, and the course map.

Module 00 (the start page) uses it::

    from pmkit.assessment import AssessmentForm, SYLLABUS, syllabus_markdown

    AssessmentForm()                      # sliders 1-5 with anchored levels; profile, path, save
    load_assessments()                    # your saved assessments, oldest first
    progress_table(load_assessments())    # first vs latest, competency by competency

The competencies: product sense, prioritization, data and SQL, metrics and experiments,
communication and influence without authority, execution, technical fluency, user research.
Each level of the 1-5 scale has a description (an anchored scale), so ratings mean the same
thing from one month to the next. The scale is the kit's own reflection aid, not a validated
instrument, and the recommended path follows documented rules (:func:`recommend_path`): modules
ordered by how much of your gap they address, after their prerequisites, 07 last, with a note
for IT or operations backgrounds.

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
]

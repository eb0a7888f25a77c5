"""Discovery and specs: from customer interviews to a one-page spec.

Definitions follow the course's content reference ("Discovery and specs"); sources are in each
module's docstring:

* :func:`evidence_by_opportunity` - interview synthesis: distinct interviewees with evidence
  (past behaviour, commitments; The Mom Test) per opportunity, overall or per segment;
* :func:`parse_job_story`, :func:`parse_user_story` - job stories (When ..., I want to ...,
  so I can ...) and user stories (As a ..., I want ..., so that ...) split into their parts;
* :func:`parse_acceptance_criteria` - Given/When/Then criteria, with what breaks their form;
* :func:`opportunity_tree` - an opportunity solution tree (Teresa Torres) and its gaps;
* :func:`check_spec`, :func:`spec_markdown` - a one-page spec's sections, checked for form.

The interview data itself is loaded with :func:`pmkit.datasets.load_interviews` and
:func:`pmkit.datasets.load_interview_notes`. Functions are pure; bad input raises a ValueError
naming the argument and the value. The checkers read form, never quality.
"""

from typing import TYPE_CHECKING

from pmkit._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from pmkit.discovery._evidence import (
        EVIDENCE_KINDS as EVIDENCE_KINDS,
        NO_OPPORTUNITY as NO_OPPORTUNITY,
        NOTE_KINDS as NOTE_KINDS,
        evidence_by_opportunity as evidence_by_opportunity,
    )
    from pmkit.discovery._spec import (
        SPEC_MIN_WORDS as SPEC_MIN_WORDS,
        SPEC_SECTIONS as SPEC_SECTIONS,
        SpecCheck as SpecCheck,
        check_spec as check_spec,
        spec_markdown as spec_markdown,
    )
    from pmkit.discovery._stories import (
        STEP_KEYWORDS as STEP_KEYWORDS,
        AcceptanceCriterion as AcceptanceCriterion,
        JobStory as JobStory,
        UserStory as UserStory,
        parse_acceptance_criteria as parse_acceptance_criteria,
        parse_job_story as parse_job_story,
        parse_user_story as parse_user_story,
    )
    from pmkit.discovery._tree import (
        OpportunitySolutionTree as OpportunitySolutionTree,
        opportunity_tree as opportunity_tree,
    )

__getattr__, __dir__, __all__ = _lazy_exports(__name__, __file__, globals())

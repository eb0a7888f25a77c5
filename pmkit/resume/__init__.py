"""Impact-bullet analyzer: is a resume bullet a measured accomplishment, for someone, and how.

Follows Laszlo Bock's form, "Accomplished [X] as measured by [Y], by doing [Z]" (Bock, "My
Personal Formula for a Winning Resume", LinkedIn, 2014), and the course's content reference:
accomplishments, not duties; a metric with a baseline or comparison; the user or customer
outcome; scope.

:func:`analyze_bullet` reads one bullet and returns a :class:`BulletAnalysis`: a
:class:`Detection` (found or not, with the words that show it) for each of the
:data:`DETECTORS`, the verdict (:data:`VERDICT_RULE`), the score on the six :data:`CHECKS`, and
a suggestion that fills Bock's form with the bullet's own words and placeholders for what is
missing, never with invented numbers. :func:`analyze_bullets` does the same for a list or
Series and returns a DataFrame. :func:`example_pairs` gives before/after bullets for IT and
operations work, written for this kit (illustrative numbers).

The detectors are rules over documented word lists (``pmkit/resume/_lexicon.py``), measured
against a labelled set of bullets (``tests/data/resume_bullets.json``,
``benchmarks/resume_analyzer.py``). They are heuristics: read the evidence, not just the verdict.
"""

from pmkit.resume._analyze import (
    CHECKS,
    DETECTORS,
    VERDICT_RULE,
    BulletAnalysis,
    analyze_bullet,
    analyze_bullets,
)
from pmkit.resume._detect import DUTY_SPEAK_PHRASES, Detection
from pmkit.resume._pairs import BACKGROUNDS, example_pairs

__all__ = [
    "BACKGROUNDS",
    "CHECKS",
    "DETECTORS",
    "DUTY_SPEAK_PHRASES",
    "VERDICT_RULE",
    "BulletAnalysis",
    "Detection",
    "analyze_bullet",
    "analyze_bullets",
    "example_pairs",
]

"""A/B test statistics with readable results: tests, planning, SRM, CUPED, guardrails, peeking.

Definitions follow the course's content reference ("Experimentation"); sources are in each
docstring:

* :func:`two_proportion_test` - pooled (or unpooled) z-test for conversion rates, a Wald CI for
  the difference and GrowthBook's delta-method CI for the relative lift;
* :func:`mean_test` - Welch's t-test for per-user values, with the same kind of lift CI;
* :func:`srm_test` - sample ratio mismatch, chi-square against the planned split;
* :func:`sample_size_proportions`, :func:`power_proportions`, :func:`mde_proportions` - the
  formula behind Evan Miller's calculator, solved for n, power or the MDE;
* :func:`cuped` - CUPED variance reduction (Deng et al. 2013);
* :func:`guardrail_check` - non-inferiority of a guardrail rate within a margin;
* :func:`simulate_peeking` - A/A simulations showing how peeking inflates false positives.

Arm A is the control and B the variant everywhere; differences are B - A. Results are frozen
dataclasses: ``print(result)`` gives a plain-text readout (``result.summary()``) and notebooks
show a small table. Bad input raises a ValueError naming the argument and the value.
"""

from pmkit.experiments._cuped import CupedResult, cuped
from pmkit.experiments._guardrail import GuardrailResult, guardrail_check
from pmkit.experiments._inputs import ALTERNATIVES, Alternative
from pmkit.experiments._means import MeanTestResult, mean_test
from pmkit.experiments._peeking import PeekingResult, simulate_peeking
from pmkit.experiments._power import mde_proportions, power_proportions, sample_size_proportions
from pmkit.experiments._proportions import ProportionTestResult, two_proportion_test
from pmkit.experiments._srm import SrmResult, srm_test

__all__ = [
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
]

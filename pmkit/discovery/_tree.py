"""The opportunity solution tree (Teresa Torres, *Continuous Discovery Habits*, 2021).

One desired outcome at the root; under it the opportunities (customer needs, pains and desires
found in research, not features); under each opportunity the solutions that might address it;
under each solution the assumption tests that would show whether it can work. The tree keeps a
team from jumping from an outcome straight to one favourite solution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be a non-empty str, not {value!r}")
    return " ".join(value.split())


@dataclass(frozen=True)
class OpportunitySolutionTree:
    """An outcome, its opportunities, their solutions and each solution's assumption tests.

    ``branches`` maps opportunity -> solution -> assumption tests (a tuple of str). Build one
    with :func:`opportunity_tree`, which checks every label.
    """

    outcome: str
    branches: Mapping[str, Mapping[str, tuple[str, ...]]]

    @property
    def gaps(self) -> tuple[str, ...]:
        """List what the tree lacks: opportunities without solutions, solutions without tests.

        An empty tuple when every branch reaches an assumption test.
        """
        found = []
        for opportunity, solutions in self.branches.items():
            if not solutions:
                found.append(f"opportunity {opportunity!r} has no solution yet")
            for solution, tests in solutions.items():
                if not tests:
                    found.append(f"solution {solution!r} has no assumption test yet")
        return tuple(found)

    def frame(self) -> pd.DataFrame:
        """Return one row per leaf: outcome, opportunity, solution, assumption_test.

        A branch that stops early has empty strings where it stops.
        """
        rows = []
        for opportunity, solutions in self.branches.items():
            if not solutions:
                rows.append((self.outcome, opportunity, "", ""))
            for solution, tests in solutions.items():
                for test in tests or ("",):
                    rows.append((self.outcome, opportunity, solution, test))
        return pd.DataFrame(rows, columns=["outcome", "opportunity", "solution", "assumption_test"])

    def markdown(self) -> str:
        """Return the tree as a nested Markdown list, the outcome in bold at the top."""
        lines = [f"**Outcome: {self.outcome}**", ""]
        for opportunity, solutions in self.branches.items():
            lines.append(f"- Opportunity: {opportunity}")
            for solution, tests in solutions.items():
                lines.append(f"  - Solution: {solution}")
                lines += [f"    - Test: {test}" for test in tests]
        return "\n".join(lines)


def opportunity_tree(
    outcome: str,
    branches: Mapping[str, Mapping[str, Sequence[str]] | Sequence[str]],
) -> OpportunitySolutionTree:
    """Build an :class:`OpportunitySolutionTree`, checking every label.

    ``branches`` maps each opportunity to its solutions: a mapping of solution -> assumption
    tests, or a plain list of solutions not tested yet. Empty labels, and a solution listed
    under two opportunities, raise a ValueError naming them (a solution serves the one
    opportunity it was generated for; list a variant under the other).

    >>> tree = opportunity_tree(
    ...     "Fewer 'where is my ticket?' contacts per ticket",
    ...     {"Requesters cannot see where their ticket stands": {
    ...         "A status page per ticket": ["5 requesters find the state in under 10 s"],
    ...         "Proactive status emails": [],
    ...     }},
    ... )
    >>> tree.gaps
    ("solution 'Proactive status emails' has no assumption test yet",)
    """
    root = _text(outcome, "the outcome")
    if not isinstance(branches, Mapping):
        raise TypeError(
            f"branches must map opportunities to solutions, not {type(branches).__name__}"
        )
    built: dict[str, Mapping[str, tuple[str, ...]]] = {}
    owner: dict[str, str] = {}
    for raw_opportunity, raw_solutions in branches.items():
        opportunity = _text(raw_opportunity, "an opportunity")
        if isinstance(raw_solutions, Mapping):
            pairs = list(raw_solutions.items())
        elif isinstance(raw_solutions, str):
            raise ValueError(
                f"the solutions of {opportunity!r} must be a list or a mapping, not the str "
                f"{raw_solutions!r}"
            )
        else:
            pairs = [(solution, ()) for solution in raw_solutions]
        solutions: dict[str, tuple[str, ...]] = {}
        for raw_solution, raw_tests in pairs:
            solution = _text(raw_solution, f"a solution of {opportunity!r}")
            if solution in owner:
                raise ValueError(
                    f"the solution {solution!r} is under {owner[solution]!r} and {opportunity!r}"
                )
            owner[solution] = opportunity
            if isinstance(raw_tests, str):
                raw_tests = [raw_tests]
            solutions[solution] = tuple(
                _text(test, f"an assumption test of {solution!r}") for test in raw_tests
            )
        built[opportunity] = MappingProxyType(solutions)
    return OpportunitySolutionTree(root, MappingProxyType(built))

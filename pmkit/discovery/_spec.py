"""The one-page spec: its sections and a completeness check of their form.

A one-page spec (a short product requirements document) says what problem a team will solve,
for whom, how it will know, and what "done" means, before anyone designs the solution in
detail. :func:`check_spec` is a learning aid like the kit's other checkers: it finds empty or
thin sections, a metric without a number, user stories and acceptance criteria that break
their form. Whether the problem is the right one is for a reader, or the rubric.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pmkit.discovery._stories import parse_acceptance_criteria, parse_user_story

SPEC_SECTIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "problem": (
            "Problem",
            "Who struggles with what, how often, what it costs them, and the evidence "
            "(interviewees, data). No solution in it.",
        ),
        "goals": (
            "Goals and non-goals",
            "What this work must achieve, and what it deliberately will not do.",
        ),
        "metrics": (
            "Success metrics",
            "The metric that says it worked, with its baseline and target, and a guardrail "
            "that must not get worse.",
        ),
        "user_stories": (
            "User stories",
            "One per line: As a <role>, I want <goal>, so that <benefit>.",
        ),
        "acceptance_criteria": (
            "Acceptance criteria",
            "Given <context>, When <event>, Then <outcome>; one behaviour per criterion, a "
            "blank line between criteria.",
        ),
        "open_questions": (
            "Risks and open questions",
            "What you do not know yet, and how you will find out (an assumption test, a "
            "decision owner, a date).",
        ),
    }
)
"""The spec's sections, in order: key -> (heading, prompt)."""

SPEC_MIN_WORDS = 12
"""A prose section with fewer words than this is flagged as too short by :func:`check_spec`."""

_PROSE = ("problem", "goals", "metrics", "open_questions")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@dataclass(frozen=True)
class SpecCheck:
    """What :func:`check_spec` found: section -> problems (sections without one left out)."""

    problems: Mapping[str, tuple[str, ...]]
    user_stories: int
    acceptance_criteria: int

    @property
    def complete(self) -> bool:
        """True when no section has a problem."""
        return not self.problems

    def __str__(self) -> str:
        if self.complete:
            return (
                f"complete: {self.user_stories} user stories and {self.acceptance_criteria} "
                "acceptance criteria, well formed"
            )
        return "; ".join(f"{key}: {', '.join(found)}" for key, found in self.problems.items())


def _story_lines(text: str) -> list[str]:
    return [_LIST_ITEM.sub("", line).strip() for line in text.splitlines() if line.strip()]


def check_spec(spec: Mapping[str, str]) -> SpecCheck:
    """Check a spec's sections (keys of :data:`SPEC_SECTIONS`) for form, not quality.

    Rules, section by section: *missing* when absent or empty; prose sections under
    :data:`SPEC_MIN_WORDS` words are *too short*; ``metrics`` needs a digit (*no number*);
    every line of ``user_stories`` must read as a user story and every criterion of
    ``acceptance_criteria`` must have one Given, one When and one Then in that order (``And``
    allowed). Unknown keys raise a ValueError naming them.

    >>> check = check_spec({"problem": "Requesters chase agents"})
    >>> check.problems["problem"]
    ('too short (3 words; at least 12)',)
    """
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a mapping of section -> text, not {type(spec).__name__}")
    unknown = [key for key in spec if key not in SPEC_SECTIONS]
    if unknown:
        raise ValueError(
            f"spec has an unknown section {unknown[0]!r}; the sections are {list(SPEC_SECTIONS)}"
        )
    problems: dict[str, tuple[str, ...]] = {}
    stories = criteria = 0
    for key in SPEC_SECTIONS:
        text = spec.get(key, "")
        if not isinstance(text, str):
            raise TypeError(f"spec[{key!r}] must be a str, not {type(text).__name__}")
        if not text.strip():
            problems[key] = ("missing",)
            continue
        found: list[str] = []
        if key in _PROSE:
            words = len(text.split())
            if words < SPEC_MIN_WORDS:
                found.append(f"too short ({words} words; at least {SPEC_MIN_WORDS})")
            if key == "metrics" and not re.search(r"\d", text):
                found.append("no number (a baseline or a target)")
        elif key == "user_stories":
            for line in _story_lines(text):
                try:
                    parse_user_story(line)
                    stories += 1
                except ValueError as err:
                    found.append(str(err))
        else:
            try:
                parsed = parse_acceptance_criteria(text)
            except ValueError as err:
                found.append(str(err))
            else:
                criteria = len(parsed)
                for number, criterion in enumerate(parsed, start=1):
                    found += [f"criterion {number}: {p}" for p in criterion.problems]
        if found:
            problems[key] = tuple(found)
    return SpecCheck(MappingProxyType(problems), stories, criteria)


def spec_markdown(spec: Mapping[str, str], title: str = "One-page spec") -> str:
    """Return the spec as Markdown: the title, then each section under its heading.

    Sections come in the order of :data:`SPEC_SECTIONS`; an empty one says so.
    """
    unknown = [key for key in spec if key not in SPEC_SECTIONS]
    if unknown:
        raise ValueError(
            f"spec has an unknown section {unknown[0]!r}; the sections are {list(SPEC_SECTIONS)}"
        )
    lines = [f"# {title}", ""]
    for key, (heading, _prompt) in SPEC_SECTIONS.items():
        body = str(spec.get(key, "")).strip() or "_Not written yet._"
        lines += [f"## {heading}", "", body, ""]
    return "\n".join(lines).rstrip() + "\n"

"""Job stories, user stories and acceptance criteria: read by their structure.

* A **job story** (Intercom; Alan Klement): "When [situation], I want to [motivation], so I can
  [expected outcome]."
* A **user story** (Connextra, 2001; Mike Cohn): "As a [role], I want [goal], so that
  [benefit]."
* An **acceptance criterion** in Gherkin (Cucumber; Dan North's behaviour-driven development):
  Given [context], When [event], Then [outcome]; ``And`` and ``But`` continue the step above.
  One behaviour per criterion, so one ``When``.

The parsers check the form, never the quality: a story can have every part and still describe
the wrong job. That is for a reader, or a rubric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_JOB = re.compile(
    r"^\s*when\s+(?P<situation>.+?)\s*,\s*i\s+want\s+to\s+(?P<motivation>.+?)\s*,?\s*"
    r"so\s+(?:that\s+)?i\s+can\s+(?P<outcome>.+?)\s*[.!]?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_USER = re.compile(
    r"^\s*as\s+(?:an?|the)\s+(?P<role>.+?)\s*,\s*i\s+want\s+(?P<goal>.+?)\s*,?\s*"
    r"so\s+that\s+(?P<benefit>.+?)\s*[.!]?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_JOB_PARTS: tuple[tuple[str, str], ...] = (
    ("When", r"\bwhen\b"),
    ("I want to", r"\bi\s+want\s+to\b"),
    ("so I can", r"\bso\s+(?:that\s+)?i\s+can\b"),
)
_USER_PARTS: tuple[tuple[str, str], ...] = (
    ("As a", r"\bas\s+(?:an?|the)\b"),
    ("I want", r"\bi\s+want\b"),
    ("so that", r"\bso\s+that\b"),
)


def _missing_part(text: str, parts: tuple[tuple[str, str], ...]) -> str | None:
    for label, pattern in parts:
        if not re.search(pattern, text, re.IGNORECASE):
            return label
    return None


def _require_text(text: object, name: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, not {type(text).__name__}")
    if not text.strip():
        raise ValueError(f"{name} is empty")
    return text


@dataclass(frozen=True)
class JobStory:
    """A job story's three parts, without their signal words."""

    situation: str
    motivation: str
    outcome: str

    def __str__(self) -> str:
        return f"When {self.situation}, I want to {self.motivation}, so I can {self.outcome}."


@dataclass(frozen=True)
class UserStory:
    """A user story's three parts, without their signal words."""

    role: str
    goal: str
    benefit: str

    def __str__(self) -> str:
        return f"As a {self.role}, I want {self.goal}, so that {self.benefit}."


def parse_job_story(text: str) -> JobStory:
    """Split a job story into situation, motivation and outcome, or say which part is missing.

    >>> parse_job_story(
    ...     "When my ticket has been open for two days, I want to see who has it and what "
    ...     "happens next, so I can plan my day without chasing the service desk."
    ... ).motivation
    'see who has it and what happens next'
    >>> try:
    ...     parse_job_story("I want to see my ticket's status.")
    ... except ValueError as err:
    ...     print(str(err).split("; ")[1])
    this one has no 'When' part: "I want to see my ticket's status."
    """
    _require_text(text, "the job story")
    match = _JOB.match(text)
    if match is None:
        missing = _missing_part(text, _JOB_PARTS)
        why = (
            f"no {missing!r} part"
            if missing
            else "its parts out of order, or no comma after the situation"
        )
        raise ValueError(
            "a job story reads 'When <situation>, I want to <motivation>, so I can <outcome>'; "
            f"this one has {why}: {text.strip()!r}"
        )
    return JobStory(**{k: " ".join(v.split()) for k, v in match.groupdict().items()})


def parse_user_story(text: str) -> UserStory:
    """Split a user story into role, goal and benefit, or say which part is missing.

    >>> story = parse_user_story(
    ...     "As a requester, I want to see which team has my ticket, so that I know whom to ask."
    ... )
    >>> story.role, story.goal
    ('requester', 'to see which team has my ticket')
    """
    _require_text(text, "the user story")
    match = _USER.match(text)
    if match is None:
        missing = _missing_part(text, _USER_PARTS)
        why = f"no {missing!r} part" if missing else "its parts out of order, or a missing comma"
        raise ValueError(
            "a user story reads 'As a <role>, I want <goal>, so that <benefit>'; "
            f"this one has {why}: {text.strip()!r}"
        )
    return UserStory(**{k: " ".join(v.split()) for k, v in match.groupdict().items()})


STEP_KEYWORDS: tuple[str, ...] = ("Given", "When", "Then")
"""Gherkin's three step keywords, in the order a criterion uses them."""


@dataclass(frozen=True)
class AcceptanceCriterion:
    """One acceptance criterion: its Given, When and Then steps (``And``/``But`` folded in)."""

    given: tuple[str, ...]
    when: tuple[str, ...]
    then: tuple[str, ...]
    out_of_order: bool = False

    @property
    def problems(self) -> tuple[str, ...]:
        """What breaks the form: a missing step, more than one event, steps out of order."""
        found = [
            f"no {keyword} step"
            for keyword, steps in zip(
                STEP_KEYWORDS, (self.given, self.when, self.then), strict=True
            )
            if not steps
        ]
        for keyword, steps in zip(STEP_KEYWORDS, (self.given, self.when, self.then), strict=True):
            if any(not step for step in steps):
                found.append(f"an empty {keyword} step: say what it is")
        if len(self.when) > 1:
            found.append(
                f"{len(self.when)} When steps: one behaviour per criterion (split it in two)"
            )
        if self.out_of_order:
            found.append("steps out of order: Given, then When, then Then")
        missing = [k for k, steps in (("When", self.when), ("Then", self.then)) if not steps]
        words = " ".join((*self.given, *self.when, *self.then)).lower().split()
        inline = [k for k in missing if k.lower() in (w.strip(",.;:") for w in words)]
        if inline:
            found.append(
                f"a {' and a '.join(inline)} inside another step: put each step on a line of "
                "its own"
            )
        return tuple(found)

    @property
    def well_formed(self) -> bool:
        """True when :attr:`problems` is empty."""
        return not self.problems

    def __str__(self) -> str:
        lines = []
        for keyword, steps in zip(STEP_KEYWORDS, (self.given, self.when, self.then), strict=True):
            lines += [f"{keyword if i == 0 else 'And'} {step}" for i, step in enumerate(steps)]
        return "\n".join(lines)


_STEP = re.compile(r"^(given|when|then|and|but)\b[\s:,]*(.*)$", re.IGNORECASE)
_SCENARIO = re.compile(r"^(scenario|example)\b.*:", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


def parse_acceptance_criteria(text: str) -> list[AcceptanceCriterion]:
    """Read Gherkin-style acceptance criteria into :class:`AcceptanceCriterion` objects.

    A criterion starts at its first step, at a ``Scenario:`` line, after a blank line, or at a
    ``Given`` that follows a ``Then``. ``And`` and ``But`` continue the step above; a line
    without a keyword continues the step above it. List bullets and ``**bold**`` keywords are
    accepted. A line of text before any step raises a ValueError naming it.

    >>> [c] = parse_acceptance_criteria('''
    ... Given a requester has an open ticket
    ... And an agent has picked it up
    ... When the requester opens the ticket page
    ... Then they see the agent's team and the ticket's state
    ... ''')
    >>> c.given, c.well_formed
    (('a requester has an open ticket', 'an agent has picked it up'), True)
    """
    _require_text(text, "the acceptance criteria")
    criteria: list[AcceptanceCriterion] = []
    steps: dict[str, list[str]] = {k: [] for k in STEP_KEYWORDS}
    order: list[str] = []
    current: str | None = None

    def close() -> None:
        nonlocal steps, order, current
        if order:
            ranks = [STEP_KEYWORDS.index(k) for k in order]
            criteria.append(
                AcceptanceCriterion(
                    given=tuple(steps["Given"]),
                    when=tuple(steps["When"]),
                    then=tuple(steps["Then"]),
                    out_of_order=ranks != sorted(ranks),
                )
            )
        steps = {k: [] for k in STEP_KEYWORDS}
        order = []
        current = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = _BULLET.sub("", raw.strip()).replace("**", "").strip()
        if not line:
            close()
            continue
        if _SCENARIO.match(line):
            close()
            continue
        match = _STEP.match(line)
        if match is None:
            if current is None:
                raise ValueError(
                    f"line {number} of the acceptance criteria is not a Given, When, Then, And "
                    f"or But step: {raw.strip()!r}"
                )
            steps[current][-1] = f"{steps[current][-1]} {line}".strip()
            continue
        keyword, rest = match.group(1).capitalize(), match.group(2).strip()
        if keyword in ("And", "But"):
            if current is None:
                raise ValueError(
                    f"line {number} of the acceptance criteria starts with {keyword} before any "
                    f"Given, When or Then: {raw.strip()!r}"
                )
            keyword = current
        elif keyword == "Given" and steps["Then"]:
            close()
        steps[keyword].append(rest)
        if not order or order[-1] != keyword:
            order.append(keyword)
        current = keyword
    close()
    if not criteria:
        raise ValueError("the acceptance criteria hold no Given, When or Then step")
    return criteria

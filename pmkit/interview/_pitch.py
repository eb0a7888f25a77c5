"""The switcher's pitch: "tell me about yourself", "why product management?", "why leave?".

An interview usually opens with "Tell me about yourself"; for someone coming from IT or
operations, "Why product management?" and "Why are you leaving IT (or operations)?" follow
close behind. This module holds the kit's structure for the pitch (:data:`PITCH_PARTS`: present,
past, why product, why this role, in 60-90 seconds), what interviewers listen for, the common
mistakes, and two model answers for clearly fictional people (:data:`MODEL_PITCHES`). Every
person, employer and number in the model answers is invented for the kit.

:func:`time_pitch` checks one thing about a draft: how long it takes to say, part by part, at a
speaking rate you choose. It counts words; it cannot tell whether the pitch is good. Judge
that against :data:`PITCH_LISTEN_FOR`, out loud, with a partner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from pmkit import _validation as v

PITCH_SECONDS: tuple[int, int] = (60, 90)
"""How long the whole pitch should take to say, in seconds (shortest, longest)."""

SPEAKING_RATE_WPM: float = 140
"""Words per minute used to turn a written pitch into speaking time.

A planning assumption of the kit, not a measured fact about you: read your pitch aloud against
a timer once, count the words, and pass your own rate to :func:`time_pitch`.
"""

FICTIONAL_NOTE = (
    "A model answer written for the kit: the person, the employers and every number are "
    "invented. Keep the structure; replace every detail with your own."
)
"""The note every model pitch carries."""


@dataclass(frozen=True)
class PitchPart:
    """One part of the pitch: its time budget, what it is for, and questions to draft it from."""

    name: str
    seconds: tuple[int, int]
    """The part's time budget in seconds (shortest, longest)."""
    purpose: str
    questions: tuple[str, ...]
    """Questions to answer, in a sentence each, when you draft this part."""


PITCH_PARTS: tuple[PitchPart, ...] = (
    PitchPart(
        "Present",
        (10, 15),
        "Who you are now, in words an outsider understands: your role, your scope, whose "
        "problems you solve.",
        (
            "What is your role, in one sentence without internal job titles or acronyms?",
            "Whose problems do you solve, and how many people, sites or systems is that?",
        ),
    ),
    PitchPart(
        "Past",
        (25, 35),
        "One story (two at most) that shows product work you have already done: a problem you "
        "found, a choice you made, a result you measured. Not your CV.",
        (
            "Which piece of work are you proudest of, and what problem did it solve?",
            "What did you decide, and who did you have to persuade?",
            "What changed afterwards, compared with before?",
        ),
    ),
    PitchPart(
        "Why product",
        (15, 20),
        "What pulls you toward product management: the part of your work you want to do all "
        "the time, named as work, not as a title.",
        (
            "In the story above, which part did you enjoy most?",
            "Why do you want to do that part full time, and why now?",
        ),
    ),
    PitchPart(
        "Why this role",
        (10, 20),
        "Why this team and product: the link between its users or problems and your "
        "experience, and what you have done to prepare.",
        (
            "Who are this product's users, and where have you met them or their problems?",
            "What have you done to learn the product side (a project, a course, a case study)?",
        ),
    ),
)
"""The four parts of the pitch, in the order to say them; their budgets add up to 60-90 s."""


@dataclass(frozen=True)
class PitchMistake:
    """A common mistake in the opening answers: what it sounds like and what to do instead."""

    name: str
    sounds_like: str
    instead: str


PITCH_MISTAKES: tuple[PitchMistake, ...] = (
    PitchMistake(
        "Apologising for your background",
        '"I know I don\'t have any product experience, but..."',
        "Lead with the product work you have already done: a problem you found, a choice you "
        "made, a result you measured. Let the interviewer raise a gap, and answer it then.",
    ),
    PitchMistake(
        "Your CV, read aloud",
        '"In 2016 I joined..., in 2018 I moved to..., then in 2021..."',
        "Pick one story that shows product skills. The interviewer has your CV; tell them what "
        "it does not say.",
    ),
    PitchMistake(
        '"I want to be the CEO of the product"',
        '"I want to own the product and make the decisions."',
        "Say you want to own a problem and its outcome, and how you work with engineers, "
        "designers and stakeholders who do not report to you.",
    ),
    PitchMistake(
        "Bashing your current job",
        '"IT is just a cost centre and nobody listens to us."',
        "Say what you are moving toward. Speak well of the people you work with: the "
        "interviewer imagines you describing their team the same way one day.",
    ),
    PitchMistake(
        "Too long",
        "A four-minute life story that the interviewer has to interrupt.",
        "Stop at 60-90 seconds. A short pitch invites questions, and questions are what you want.",
    ),
    PitchMistake(
        'A generic "why this role"',
        '"I love your product and your culture."',
        "Name the users or the problem this team works on, and the link to your own work.",
    ),
    PitchMistake(
        "Jargon from your current world",
        '"I chaired the CAB and owned P1 MIM."',
        'Translate it: "I ran the weekly meeting that approved risky changes, and led the '
        'response when a major system went down."',
    ),
)
"""Mistakes that weaken the opening answers, each with what to say instead."""

PITCH_LISTEN_FOR: tuple[str, ...] = (
    "A through-line: your past leads somewhere, and product management is the next step, "
    "not an escape.",
    "Product work you have already done: a problem you found, a choice between options, "
    "people you persuaded, a result you measured.",
    "Motivation toward the work (users, problems, deciding what to build), not toward a title "
    "or away from a job.",
    "An accurate picture of the job: influence without authority, trade-offs, saying no.",
    "Self-awareness: what you still have to learn, and what you are already doing about it.",
    "Clear communication: a structure they can follow, about 90 seconds long, that stops and "
    "leaves room for questions.",
)
"""What interviewers listen for in the opening answers (the kit's guidance, not a rubric
anyone publishes)."""

_PART_NAMES = tuple(part.name for part in PITCH_PARTS)


def _words(text: str) -> int:
    return len(text.split())


def time_pitch(
    parts: Mapping[str, str], *, words_per_minute: float = SPEAKING_RATE_WPM
) -> pd.DataFrame:
    """Return how long each part of a pitch takes to say, against its time budget.

    ``parts`` maps each name in :data:`PITCH_PARTS` (``"Present"``, ``"Past"``,
    ``"Why product"``, ``"Why this role"``) to its text. One row per part plus a ``"Total"``
    row, with columns ``part``, ``words``, ``seconds`` (words / ``words_per_minute``),
    ``budget`` (e.g. ``"25-35 s"``) and ``timing``: ``"short"``, ``"within"`` or ``"long"``.

    This counts words and nothing else. A pitch within its budget can still be weak; read it
    aloud against :data:`PITCH_LISTEN_FOR` and time yourself for real.

    >>> draft = {
    ...     "Present": "I lead an IT service desk of eight agents for 3,000 staff. " * 2,
    ...     "Past": "word " * 70,
    ...     "Why product": "word " * 40,
    ...     "Why this role": "word " * 35,
    ... }
    >>> time_pitch(draft)[["part", "words", "timing"]].to_dict("records")[-1]
    {'part': 'Total', 'words': 169, 'timing': 'within'}
    >>> time_pitch({**draft, "Why this role": " "})
    Traceback (most recent call last):
    ...
    ValueError: parts['Why this role'] must be non-empty text; got ' '
    """
    if not isinstance(parts, Mapping):
        raise ValueError(f"parts must be a dict of part name -> text; got {parts!r}")
    missing = [name for name in _PART_NAMES if name not in parts]
    unknown = [name for name in parts if name not in _PART_NAMES]
    if missing or unknown:
        problem = f"is missing {missing}" if missing else f"has unknown part(s) {unknown}"
        raise ValueError(
            f"parts {problem}; it needs one text per pitch part: "
            + ", ".join(repr(n) for n in _PART_NAMES)
        )
    rate = v.number("words_per_minute", words_per_minute, v.POSITIVE)
    rows = []
    for part in PITCH_PARTS:
        text = parts[part.name]
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"parts[{part.name!r}] must be non-empty text; got {text!r}")
        rows.append((part.name, _words(text), part.seconds))
    total_words = sum(words for _, words, _ in rows)
    rows.append(("Total", total_words, PITCH_SECONDS))
    records = []
    for name, words, (low, high) in rows:
        seconds = round(words / rate * 60, 1)
        timing = "short" if seconds < low else "long" if seconds > high else "within"
        records.append(
            {
                "part": name,
                "words": words,
                "seconds": seconds,
                "budget": f"{low}-{high} s",
                "timing": timing,
            }
        )
    return pd.DataFrame(records, columns=["part", "words", "seconds", "budget", "timing"])


@dataclass(frozen=True)
class ModelPitch:
    """Model answers to the three opening questions, for one fictional career switcher.

    ``parts`` holds the pitch ("Tell me about yourself"), one text per part of
    :data:`PITCH_PARTS`; ``why_product`` answers "Why product management?" and ``why_leave``
    "Why are you leaving IT (or operations)?".
    """

    background: str
    """``"it"`` or ``"ops"``, as in the prompt bank."""
    persona: str
    target_role: str
    parts: Mapping[str, str]
    why_product: str
    why_leave: str
    note: str = FICTIONAL_NOTE

    @property
    def pitch(self) -> str:
        """The whole pitch as one paragraph, parts in order."""
        return " ".join(self.parts[name] for name in _PART_NAMES)

    def timing(self, words_per_minute: float = SPEAKING_RATE_WPM) -> pd.DataFrame:
        """Return :func:`time_pitch` for this pitch."""
        return time_pitch(self.parts, words_per_minute=words_per_minute)

    def to_markdown(self) -> str:
        """Return the three answers in Markdown, each pitch part labelled."""
        lines = [
            f"**{self.persona}**, applying for: {self.target_role}",
            "",
            f"*{self.note}*",
            "",
            '**"Tell me about yourself."** (60-90 seconds)',
            "",
        ]
        lines += [f"- *{name}:* {self.parts[name]}" for name in _PART_NAMES]
        lines += ["", '**"Why product management?"**', "", self.why_product]
        lines += ["", f'**"Why are you leaving {self._world}?"**', "", self.why_leave]
        return "\n".join(lines)

    @property
    def _world(self) -> str:
        return "IT" if self.background == "it" else "operations"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


MODEL_PITCHES: Mapping[str, ModelPitch] = MappingProxyType(
    {
        "it": ModelPitch(
            background="it",
            persona="Tomasz (fictional), IT service desk team lead at a regional insurer",
            target_role="product manager for the self-service portal of a company that sells "
            "IT service management software",
            parts=MappingProxyType(
                {
                    "Present": "I lead the IT service desk at a regional insurer: eight agents "
                    "supporting 3,000 staff. Most of my week goes into finding out why people "
                    "contact us, and removing the reason.",
                    "Past": "I started on the phones six years ago, then took over our "
                    "knowledge base and self-service portal. The project I'm proudest of: I "
                    "went through three months of tickets and found that access requests for "
                    "new starters were our biggest source of repeat contacts. I worked with HR "
                    "and the identity team to build those requests into the hiring form, and "
                    "repeat contacts from new starters fell by roughly half within a quarter.",
                    "Why product": "That project was the best part of my job: finding the real "
                    "problem behind the tickets, choosing what to fix first, and getting three "
                    "teams to change something. That is product work, and I want to do it "
                    "every week, not once a year.",
                    "Why this role": "Your product is the tool my team lives in. I know where "
                    "agents lose time and why employees give up on a portal, and I've started "
                    "on the product side: small tests on our own portal, and a course on "
                    "product metrics.",
                }
            ),
            why_product="Because the part of my job I'm best at, and enjoy most, is already "
            "product work done on the side. On the desk I see the same problems every day, and "
            "the fixes that helped most came from asking who was affected, what they were "
            "really trying to do, and what we could stop doing. The access-request project "
            "taught me that finding the problem is half the work; the other half is persuading "
            "people who don't report to you. I tested the idea before deciding: I sat in on our "
            "vendor's customer interviews, wrote the project up as a case study, and asked a "
            "product manager to pull it apart. Now I want to own a product's problems full "
            "time, with engineers and designers, and be measured on whether users are better "
            "off.",
            why_leave="I'm not leaving because of IT: I like my team, and the desk taught me "
            "most of what I know about users. I'm moving toward the part of the work I do least "
            "of today. On the desk, improvements are side projects between queues, and the best "
            "ones took months of spare time. In product, deciding what to improve and proving "
            "it worked is the job. And I'll bring the desk with me: I'll still be the person "
            "asking what happens when this breaks at nine on a Monday morning.",
        ),
        "ops": ModelPitch(
            background="ops",
            persona="Aisha (fictional), inbound operations analyst at a grocery distributor",
            target_role="product manager at a company that makes dock and yard scheduling "
            "software for warehouses",
            parts=MappingProxyType(
                {
                    "Present": "I'm an operations analyst at a grocery distributor supplying "
                    "about 200 stores from three warehouses. I own reporting and process "
                    "changes for the inbound side: booking, unloading and put-away.",
                    "Past": "Before that I was a shift supervisor in the warehouse for three "
                    "years, so I know the floor. The work I'd point to is dock booking: trucks "
                    "queued for hours every morning. I analysed a year of arrival data, "
                    "designed a slot-booking process with our main carriers and the receiving "
                    "team, and piloted it in one warehouse before the other two. Average driver "
                    "wait fell from about two hours to under forty minutes.",
                    "Why product": "What I enjoyed most came before anything was built: "
                    "watching the dock, talking to drivers and receivers, choosing which "
                    "problem to solve first, and checking whether it worked. Product management "
                    "is that work, on software many warehouses use, and I want it as my main "
                    "job.",
                    "Why this role": "Your software serves the receivers and carriers I work "
                    "with every day. I know their constraints, I can work with the data, and "
                    "I've seen product work up close: I ran our side of a pilot of our "
                    "vendor's new booking screen.",
                }
            ),
            why_product="Because the projects where I made the most difference started with a "
            "problem nobody owned. The dock queue had been accepted as normal for years; what "
            "changed it was spending mornings at the gate, looking at the data, and getting "
            "carriers, receivers and planners to agree on one process. I found I enjoy the "
            "deciding and the persuading more than the running. And the software a warehouse "
            "uses shapes its work more than any single process change I can make. Before "
            "applying I tested the idea: I took a course on product discovery, wrote the dock "
            "project up as a case study, and spent time with our vendor's product manager "
            "during the pilot. I want to do that work on a product many warehouses rely on.",
            why_leave="I'm not leaving operations behind; I'm taking it with me. I like the "
            "pace and the people, and I'd happily spend a week on the floor to learn something. "
            "What I want is to work on causes rather than symptoms: in my role I can change one "
            "process in one building, while a product can change how many buildings work. "
            "I'll bring the floor's view with me: what does this look like at six in the "
            "morning with two people off sick?",
        ),
    }
)
"""Model opening answers for a fictional IT switcher (``"it"``) and operations switcher
(``"ops"``); every detail is invented for the kit."""

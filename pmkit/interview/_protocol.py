"""A full mock interview for two people: a timed interviewer script with follow-up ladders.

:func:`mock_protocol` builds a 30-45 minute interview that two learners can run with a timer:
an opening with the pitch ("Tell me about yourself"), two or three questions of different
kinds from the prompt bank, a follow-up ladder after each answer, the candidate's own
questions, scoring with each prompt's rubric on the 1-5 scale, and a debrief. Questions are
drawn with :func:`~pmkit.interview.mock_interview`, so a background tailors them the same way
and the same seed gives the same interview.

A follow-up ladder (:data:`FOLLOW_UP_LADDERS`) has three rungs per kind of question, from
clarifying to stress-testing: the interviewer climbs one rung a minute, staying on a rung while
the answer is vague. The timings and the ladders are the kit's own practice format, not a
description of any company's interview.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from pmkit import _validation as v
from pmkit.interview._bank import BACKGROUNDS, CATEGORIES, Prompt, load_prompts
from pmkit.interview._mock import mock_interview

LADDER_LEVELS: tuple[str, ...] = ("clarify", "go deeper", "stress-test")
"""The rungs of every follow-up ladder, from the gentlest to the hardest."""

PROTOCOL_MINUTES: tuple[int, int] = (30, 45)
"""The length of a mock protocol in minutes (shortest, longest)."""

ANSWER_MINUTES: Mapping[str, int] = MappingProxyType(
    {
        "product sense": 7,
        "metrics and analytics": 6,
        "execution and prioritization": 6,
        "estimation": 6,
        "strategy": 6,
        "behavioral": 5,
        "technical": 6,
    }
)
"""Minutes for the candidate's answer to one question of each kind (thinking included)."""

LADDER_MINUTES = 3
"""Minutes for the follow-up ladder after each answer: one per rung."""

QUESTION_SLOTS: tuple[tuple[str, ...], ...] = (
    ("behavioral",),
    ("product sense", "execution and prioritization", "strategy"),
    ("metrics and analytics", "estimation", "technical"),
)
"""Where the questions come from, in interview order: a story to warm up, then a judgement
question, then an analytical one. A two-question mock keeps the story and draws the other
from the judgement and analytical kinds together."""

_INTRO_MINUTES = 3
_CANDIDATE_QUESTIONS_MINUTES = 4
_SCORING_MINUTES = 5
_DEBRIEF_MINUTES = 5


@dataclass(frozen=True)
class LadderRung:
    """One follow-up: how hard it pushes, what the interviewer asks, and what to listen for."""

    level: str
    """One of :data:`LADDER_LEVELS`."""
    question: str
    listen_for: str
    """What a strong reply does (for the interviewer's notes, not a checklist to grade)."""


@dataclass(frozen=True)
class FollowUpLadder:
    """Three follow-ups for one kind of question, from clarifying to stress-testing."""

    category: str
    rungs: tuple[LadderRung, ...]

    def to_markdown(self) -> str:
        """Return the ladder as a numbered Markdown list."""
        lines = [f"**Follow-up ladder · {self.category}**", ""]
        for number, rung in enumerate(self.rungs, start=1):
            lines.append(f"{number}. *{rung.level}*: {rung.question}  ")
            lines.append(f"   Listen for: {rung.listen_for}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _ladder(category: str, *rungs: tuple[str, str]) -> tuple[str, FollowUpLadder]:
    made = tuple(
        LadderRung(level, q, listen)
        for level, (q, listen) in zip(LADDER_LEVELS, rungs, strict=True)
    )
    return category, FollowUpLadder(category, made)


FOLLOW_UP_LADDERS: Mapping[str, FollowUpLadder] = MappingProxyType(
    dict(
        [
            _ladder(
                "product sense",
                (
                    "Who exactly is the user you chose, and what are they doing at the moment "
                    "the problem hurts?",
                    "A specific person in a specific moment, not a segment label such as "
                    '"busy professionals".',
                ),
                (
                    "Why that need first rather than the second one on your list?",
                    "A reason tied to frequency, severity or evidence, and what evidence would "
                    "change the choice.",
                ),
                (
                    "Your first release ships and the success metric has not moved after six "
                    "weeks. What do you do?",
                    "Checks the measurement, revisits the riskiest assumption, and decides to "
                    "iterate or stop instead of adding features.",
                ),
            ),
            _ladder(
                "metrics and analytics",
                (
                    "How exactly is that metric defined: what is counted, out of what, over "
                    "which period?",
                    "A precise numerator, denominator and time window, and who is left out.",
                ),
                (
                    "What would you look at first, and which result would change your next step?",
                    "An ordered plan where each check leads to a decision, not a list of "
                    "everything to look at.",
                ),
                (
                    "The main metric improved but a guardrail got worse. Do you ship?",
                    "Weighs the sizes of both changes, the cost of being wrong and how easy it "
                    "is to reverse, then decides and says what would change the decision.",
                ),
            ),
            _ladder(
                "execution and prioritization",
                (
                    "What is fixed here, the date, the scope or the team, and who decided it?",
                    "Names the real constraints and checks them instead of assuming them.",
                ),
                (
                    "What are you explicitly not doing, and how will you tell the people who "
                    "asked for it?",
                    "A real cut with a reason, and a plan to tell the people affected.",
                ),
                (
                    "Halfway through, a key engineer leaves and a senior stakeholder adds a "
                    "request. What changes?",
                    "Re-plans with the same criteria and renegotiates scope or date, instead "
                    "of quietly absorbing the extra work.",
                ),
            ),
            _ladder(
                "estimation",
                (
                    "Which of your assumptions are you least sure of, and why?",
                    "Names the assumption that drives the answer, not just any uncertain one.",
                ),
                (
                    "Check your answer another way: from the supply side, or against something "
                    "you already know.",
                    "An independent second route, compared honestly with the first.",
                ),
                (
                    "If that uncertain assumption were twice as large, would your "
                    "recommendation change?",
                    "Redoes the arithmetic quickly and connects the estimate to the decision "
                    "it is for.",
                ),
            ),
            _ladder(
                "strategy",
                (
                    "What is the company trying to achieve with this move, and by when?",
                    "A goal and a time frame stated before any options.",
                ),
                (
                    "Why would a customer choose us rather than stay with what they use today?",
                    "A specific advantage grounded in the company's strengths, not a generic "
                    '"better experience".',
                ),
                (
                    "What would have to be true for your recommendation to be wrong, and how "
                    "would you find out early?",
                    "Names the riskiest assumptions, a cheap test, and a signal that would "
                    "make them stop.",
                ),
            ),
            _ladder(
                "behavioral",
                (
                    "What exactly was your part, as opposed to the team's?",
                    'Own actions in the first person ("I mapped", "I proposed"), separated '
                    "from what others did.",
                ),
                (
                    "Walk me through the hardest decision in that story: what were the options, "
                    "and why did you choose that one?",
                    "Real alternatives, the reasoning, and who was consulted.",
                ),
                (
                    "If I called the person who disagreed with you most, what would they say "
                    "about how you handled it?",
                    "A fair account of the other side, no blame, and what they would do "
                    "differently now.",
                ),
            ),
            _ladder(
                "technical",
                (
                    "Explain that part again as you would to a sales lead who has never seen "
                    "the system.",
                    "Plain words and an accurate picture, without jargon or hand-waving.",
                ),
                (
                    "What fails first if load grows ten times, or if a dependency goes down?",
                    "Finds the weak point and says what users would experience.",
                ),
                (
                    "Engineering says your preferred option takes three times longer than "
                    "planned. What do you decide?",
                    "Revisits the requirement, looks for a cheaper or phased option, and "
                    "states the trade-off it accepts.",
                ),
            ),
        ]
    )
)
"""Three follow-ups for each of the seven kinds of question, from clarifying to stress-testing."""


@dataclass(frozen=True)
class ProtocolStep:
    """One timed step of a mock protocol: what the interviewer does and what the candidate does.

    Question steps carry their ``prompt``; follow-up steps carry the prompt and its ``ladder``.
    """

    name: str
    minutes: int
    interviewer: tuple[str, ...]
    candidate: tuple[str, ...]
    prompt: Prompt | None = None
    ladder: FollowUpLadder | None = None

    def to_markdown(self, *, for_candidate: bool = False) -> str:
        """Return the step as Markdown; ``for_candidate=True`` leaves out the interviewer's part."""
        lines = [f"**{self.name}** · {self.minutes} min", ""]
        if not for_candidate:
            lines += ["Interviewer:", ""]
            lines += [f"- {line}" for line in self.interviewer]
            if self.prompt is not None and self.ladder is None:
                lines += ["", f"> {self.prompt.prompt}", ""]
                lines += [f"Rubric for {self.prompt.id} (score each line 1-5 afterwards):", ""]
                lines += [f"- {line}" for line in self.prompt.rubric]
            if self.ladder is not None:
                lines += [""]
                for number, rung in enumerate(self.ladder.rungs, start=1):
                    lines.append(
                        f"{number}. *{rung.level}*: {rung.question} (listen for: {rung.listen_for})"
                    )
                if self.prompt is not None:
                    lines += ["", f"{self.prompt.id}'s own follow-ups, for rung 2 or 3:", ""]
                    lines += [f"- {q}" for q in self.prompt.follow_ups]
            lines += [""]
        lines += ["Candidate:", ""]
        lines += [f"- {line}" for line in self.candidate]
        return "\n".join(lines)


@dataclass(frozen=True)
class MockProtocol:
    """A timed mock interview script for two people; iterate over it for its steps."""

    steps: tuple[ProtocolStep, ...]
    before: tuple[str, ...]
    """Set-up done before the clock starts."""
    background: str | None
    seed: int | None

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[ProtocolStep]:
        return iter(self.steps)

    def __getitem__(self, position: int) -> ProtocolStep:
        return self.steps[position]

    @property
    def total_minutes(self) -> int:
        """The length of the whole interview, in minutes."""
        return sum(step.minutes for step in self.steps)

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The bank prompts asked, in order."""
        return tuple(s.prompt for s in self.steps if s.prompt is not None and s.ladder is None)

    @property
    def categories(self) -> tuple[str, ...]:
        """The kind of each question asked, in order."""
        return tuple(p.category for p in self.prompts)

    def frame(self, *, for_candidate: bool = False) -> pd.DataFrame:
        """Return the timetable: one row per step with its start and end minute.

        The interviewer's timetable (the default) has a ``prompt`` column with the id of the
        prompt asked in each question step. ``for_candidate=True`` leaves that column out, so
        the candidate's screen shows the kind of each question (in the step's name) but nothing
        that would look the prompt up.

        >>> protocol = mock_protocol("it", seed=1)
        >>> list(protocol.frame().columns)
        ['step', 'start', 'end', 'minutes', 'prompt']
        >>> list(protocol.frame(for_candidate=True).columns)
        ['step', 'start', 'end', 'minutes']
        """
        if not isinstance(for_candidate, bool):
            raise ValueError(f"for_candidate must be True or False; got {for_candidate!r}")
        columns = ["step", "start", "end", "minutes"]
        if not for_candidate:
            columns.append("prompt")
        rows = []
        start = 0
        for step in self.steps:
            row: dict[str, object] = {
                "step": step.name,
                "start": start,
                "end": start + step.minutes,
                "minutes": step.minutes,
            }
            if not for_candidate:
                row["prompt"] = step.prompt.id if step.prompt is not None else ""
            rows.append(row)
            start += step.minutes
        return pd.DataFrame(rows, columns=columns)

    def to_markdown(self, *, for_candidate: bool = False) -> str:
        """Return the script as Markdown.

        The interviewer's version (the default) has the prompts, rubrics and follow-up ladders;
        ``for_candidate=True`` gives the candidate only the agenda and their own instructions.
        """
        who = "candidate's agenda" if for_candidate else "interviewer's script"
        lines = [f"### Mock interview, {self.total_minutes} minutes: {who}", ""]
        lines += ["**Before the clock starts**", ""]
        lines += [f"- {line}" for line in self.before]
        for step in self.steps:
            lines += ["", step.to_markdown(for_candidate=for_candidate)]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _choose_categories(
    rng: random.Random, questions: int | None, categories: str | Iterable[str] | None
) -> list[str]:
    if categories is not None:
        wanted = [categories] if isinstance(categories, str) else list(categories)
        for category in wanted:
            v.choice("categories", category, CATEGORIES)
        if len(set(wanted)) != len(wanted) or not 2 <= len(wanted) <= 3:
            raise ValueError(
                f"categories must name 2 or 3 different kinds of question; got {wanted!r}"
            )
        if questions is not None and questions != len(wanted):
            raise ValueError(
                f"questions must match the {len(wanted)} categories given; got {questions!r}"
            )
        return wanted
    count = 3 if questions is None else questions
    if isinstance(count, bool) or not isinstance(count, int) or count not in (2, 3):
        raise ValueError(f"questions must be 2 or 3; got {questions!r}")
    story, judgement, analysis = QUESTION_SLOTS
    if count == 3:
        return [story[0], rng.choice(judgement), rng.choice(analysis)]
    return [story[0], rng.choice(judgement + analysis)]


_BEFORE = (
    "Choose roles: the interviewer runs this script and keeps time; the candidate does not "
    "read the interviewer's script.",
    "Have a timer ready (pmkit's CountdownTimer or a phone), plus paper and a pen for the "
    "candidate.",
    "Agree to stay in role until the scoring step: no coaching during the interview.",
)


def _intro(questions: int) -> ProtocolStep:
    return ProtocolStep(
        "Opening: tell me about yourself",
        _INTRO_MINUTES,
        (
            f"Introduce yourself in one sentence and the format: {questions} questions, then "
            "time for the candidate's questions.",
            'Ask "Tell me about yourself." Start a 90-second timer and do not interrupt.',
            'Follow up once: "Why product management, and why now?"',
        ),
        (
            "Give your pitch: present, past, why product, why this role, in 60-90 seconds.",
            "Answer the follow-up in under a minute, with a reason from your own work.",
        ),
    )


def _answer_advice(prompt: Prompt) -> tuple[str, ...]:
    steps = " → ".join(prompt.framework_steps)
    first = f"Answer with {prompt.framework} ({steps})."
    if prompt.framework == "STAR":
        return (
            first,
            'Tell one real story of your own; say what you did ("I", not "we").',
            "End with how it turned out and what you learned; give a number only where the "
            "story has one.",
        )
    if prompt.category == "estimation":
        return (
            first,
            "Write the equation before any number, and say each number as an assumption.",
            "End with one number and its unit, then sanity-check it another way.",
        )
    return (
        first,
        "Think aloud, and say your assumptions as assumptions.",
        "End with a decision or a recommendation, and how you would measure it.",
    )


def _question(number: int, prompt: Prompt) -> ProtocolStep:
    minutes = ANSWER_MINUTES[prompt.category]
    interviewer = [
        f"Read prompt {prompt.id} aloud exactly as written (below).",
        "Allow up to a minute of silent thinking. Answer clarifying questions briefly; when "
        "asked for a fact the prompt does not give, invent a reasonable one and say so.",
        f"Stop the answer at {minutes} minutes, even mid-sentence.",
        "Take notes against the rubric lines, not a transcript.",
    ]
    if prompt.category == "estimation":
        interviewer.insert(1, "Let the candidate write the equation and numbers on paper.")
    return ProtocolStep(
        f"Question {number}: {prompt.category}",
        minutes,
        tuple(interviewer),
        _answer_advice(prompt),
        prompt=prompt,
    )


def _follow_ups(number: int, prompt: Prompt) -> ProtocolStep:
    return ProtocolStep(
        f"Question {number}: follow-up ladder",
        LADDER_MINUTES,
        (
            "Climb one rung a minute. Move up when the answer is solid; stay on a rung and ask "
            '"can you be more specific?" when it is vague.',
            "Use a generic rung or one of the prompt's own follow-ups, whichever goes deeper "
            "into what the candidate actually said.",
        ),
        (
            "Answer each follow-up in under a minute: the answer first, then the reason.",
            "If you would need to find something out, say how you would find it.",
        ),
        prompt=prompt,
        ladder=FOLLOW_UP_LADDERS[prompt.category],
    )


def _closing() -> tuple[ProtocolStep, ...]:
    return (
        ProtocolStep(
            "The candidate's questions",
            _CANDIDATE_QUESTIONS_MINUTES,
            (
                'Ask "What questions do you have for me?" Answer in role, or say you would '
                "find out.",
            ),
            (
                "Ask two prepared questions: about the team's users, how it decides what to "
                "build, or how success in the role is judged.",
            ),
        ),
        ProtocolStep(
            "Scoring",
            _SCORING_MINUTES,
            (
                "Stop the interview. Score every rubric line of each question on the 1-5 "
                "scale (1 very weak, 5 very strong) without talking: you score the candidate.",
                "Score what was said, not what was meant: a point only implied is a 2 or 3.",
            ),
            (
                "Score yourself on the same rubric lines, before hearing the interviewer's "
                "scores (RubricScorer saves them to your practice log).",
            ),
        ),
        ProtocolStep(
            "Debrief",
            _DEBRIEF_MINUTES,
            (
                "Compare scores line by line, starting with lines where you differ by 2 or more.",
                "For each question, name one thing to keep and one to change, with the moment "
                "you noticed it.",
                "For the pitch, say which of the listening points (PITCH_LISTEN_FOR) you heard.",
                "Agree the kind of question to practise next, and swap roles next time.",
            ),
            ("Write down the one change you will practise before the next mock.",),
        ),
    )


def mock_protocol(
    background: str | None = None,
    *,
    seed: int | None = None,
    questions: int | None = None,
    categories: str | Sequence[str] | None = None,
    prompts: Iterable[Prompt] | None = None,
) -> MockProtocol:
    """Build a timed 30-45 minute mock interview script for two people.

    The interview opens with the pitch, asks ``questions`` (2 or 3, default 3) questions of
    different kinds from the bank, each followed by its kind's follow-up ladder, then leaves
    time for the candidate's questions, scoring with each prompt's rubric, and a debrief.
    By default the kinds follow :data:`QUESTION_SLOTS` (a behavioral story, a judgement
    question, an analytical one), chosen with ``seed``; ``categories`` names 2 or 3 kinds
    yourself, asked in that order. ``background`` (``"it"``, ``"ops"`` or ``"any"``) tailors
    the prompts as :func:`~pmkit.interview.mock_interview` does. The same seed gives the same
    script.

    >>> protocol = mock_protocol("ops", seed=3)
    >>> protocol.categories[0], len(set(protocol.categories)), 30 <= protocol.total_minutes <= 45
    ('behavioral', 3, True)
    >>> protocol.prompts == mock_protocol("ops", seed=3).prompts
    True
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError(f"seed must be an integer or None; got {seed!r}")
    if background is not None:
        v.choice("background", background, BACKGROUNDS)
    rng = random.Random(seed)
    kinds = _choose_categories(rng, questions, categories)
    bank = tuple(load_prompts() if prompts is None else prompts)
    drawn = mock_interview(
        len(kinds), background=background, categories=kinds, seed=seed, prompts=bank
    )
    by_kind = {p.category: p for p in drawn}
    asked = [by_kind[kind] for kind in kinds]
    steps = [_intro(len(asked))]
    for number, prompt in enumerate(asked, start=1):
        steps += [_question(number, prompt), _follow_ups(number, prompt)]
    steps += _closing()
    return MockProtocol(tuple(steps), _BEFORE, background, seed)

"""The optional fit and motivation part of the self-assessment: statements about the work itself.

The competency ratings say what you can do today; these statements ask whether you would want
to do the job every week. Each is answered on a 1-5 agreement scale (:data:`AGREEMENT`). There
is no score and no verdict: an answer of 3 ("not sure") or lower is a thing to find out about
before you invest months in the move, and each statement says what such an answer may mean and
how to test it (an informational interview with a PM, a small project at work, or a module of
this course). The statements and notes are the kit's own reflection aid, not a validated
instrument, and they make no claim about how many people answer which way.

Answers are a mapping from statement key to 1-5; any statement may be left out (the whole part
is optional), and :func:`fit_summary` reads only the answered ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pmkit.assessment._syllabus import SYLLABUS

AGREEMENT: Mapping[int, str] = MappingProxyType(
    {1: "strongly disagree", 2: "disagree", 3: "not sure", 4: "agree", 5: "strongly agree"}
)
"""The 1-5 agreement scale of the fit statements: 5 means the statement describes you well."""

EXPLORE_AT_MOST = 3
"""An answer at or below this (disagree, or not sure) is something to explore before the move."""


def _text(field_name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field_name} must be non-empty text; got {value!r}")
    return value


def _agreement(field_name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in AGREEMENT:
        scale = ", ".join(f"{k} {word}" for k, word in AGREEMENT.items())
        raise ValueError(
            f"{field_name} must be a whole number from 1 to 5 ({scale}); got {value!r}"
        )
    return value


@dataclass(frozen=True)
class FitStatement:
    """One fit or motivation statement, with what a low answer means and how to test it.

    ``key`` names the statement in saved answers; ``theme`` is a few words for tables;
    ``statement`` is written in the first person, so agreeing (4-5) means it describes you;
    ``if_low`` says honestly what an answer of 3 or below may mean for the move (a thing to
    test, never a verdict); ``try_this`` is the activity that tests it; ``modules`` are the
    numbers of the course modules that help (see :data:`pmkit.assessment.SYLLABUS`).
    """

    key: str
    theme: str
    statement: str
    if_low: str
    try_this: str
    modules: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.isidentifier():
            raise ValueError(f"key must be a lower-case name like 'saying_no'; got {self.key!r}")
        for name in ("theme", "statement", "if_low", "try_this"):
            _text(name, getattr(self, name))
        numbers = [m.number for m in SYLLABUS]
        if (
            not isinstance(self.modules, tuple)
            or not self.modules
            or any(m not in numbers for m in self.modules)
        ):
            raise ValueError(
                f"modules must be a non-empty tuple of module numbers from the course map "
                f"({', '.join(numbers)}); got {self.modules!r}"
            )


FIT_STATEMENTS: tuple[FitStatement, ...] = (
    FitStatement(
        key="saying_no",
        theme="Deciding what not to build",
        statement="I am comfortable deciding what not to build, and telling the person who "
        "asked for it, with my reasons.",
        if_low="Many requests a PM receives are turned down or postponed, so this comes up "
        "every week. In service roles the job is often to say yes, so a low answer may be a "
        "habit you have not practised rather than a dislike of the work; find out which "
        "before you decide what it means.",
        try_this="Write module 02's trade-off memo, then say no in writing to one real request "
        "at work this month, where it is yours to decline, with your reasons. In an "
        "informational interview, ask a PM what they turned down last week and how they said it.",
        modules=("02",),
    ),
    FitStatement(
        key="accountable_without_authority",
        theme="Accountable without authority",
        statement="I am willing to be accountable for an outcome when the people who build it "
        "do not report to me.",
        if_low="A PM answers for results that engineers, designers and others deliver, and "
        "wins their effort with evidence and reasons rather than instructions. Work out "
        "whether it is the accountability or the lack of authority that worries you; an "
        "incident bridge or a cross-team change may show you have done it already.",
        try_this="In module 01, write a STAR story about getting something done through "
        "people who did not report to you, and tell it aloud as a behavioural answer in module "
        "06. Ask a PM how they handle an engineering lead who disagrees with a priority.",
        modules=("01", "06"),
    ),
    FitStatement(
        key="ambiguity",
        theme="Working with ambiguity",
        statement="I can make a decision with incomplete data, and change it openly when new "
        "evidence arrives.",
        if_low="Product decisions rarely wait for certainty, and some will turn out wrong in "
        "front of others. Care to get things right first time is a strength in change and "
        "operations work; in product work it goes into making decisions cheap to test and to "
        "reverse. A low answer is worth testing with a small decision, not settling in the "
        "abstract.",
        try_this="Make module 05's ship or no-ship decision on noisy data and write why. In "
        "module 02, notice how RICE makes your confidence an explicit number.",
        modules=("02", "05"),
    ),
    FitStatement(
        key="talking_to_users",
        theme="Talking to users often",
        statement="I would enjoy talking with users and customers every week, including the "
        "unhappy ones.",
        if_low="Discovery conversations are a regular part of the job, not an occasional "
        "survey. Find out whether it is talking to strangers or talking without a ticket to "
        "solve that you would rather avoid; both become easier with practice, but the job "
        "keeps asking for them.",
        try_this="With module 08's interview guide, interview two people about a task they "
        "did recently (colleagues who use an internal tool count), and notice whether you "
        "wanted to do a third.",
        modules=("08",),
    ),
    FitStatement(
        key="conversations_and_writing",
        theme="Conversations and writing, not building",
        statement="I am happy for most of my day to be conversations, documents and decisions "
        "rather than building or fixing things myself.",
        if_low="This is the largest change from hands-on IT and operations work: a PM's output "
        "is decisions and writing, and the hands-on work goes to others. If you would miss "
        "building or fixing, know it now; roles closer to the build (a technical PM, a product "
        "owner working inside one team) may suit you better, and trying is the way to tell.",
        try_this="Ask a PM in an informational interview to walk you through last week's "
        "calendar, or shadow one for a day. Write module 08's one-page spec and stakeholder "
        "update, and notice whether the writing felt like real work.",
        modules=("08",),
    ),
    FitStatement(
        key="slow_feedback",
        theme="Measured on results months later",
        statement="I can be measured on results that show up weeks or months later, rather "
        "than on tickets closed today.",
        if_low="An incident closes today; a product bet shows its effect in a later quarter, "
        "and sometimes not clearly at all. If closing things is what keeps you going, plan "
        "what will replace it (small shipped increments, a leading indicator you watch "
        "weekly) and test whether that is enough for you.",
        try_this="In module 04, choose a leading indicator you could watch weekly for a "
        "product you know. Ask a PM what a good week feels like when nothing has shipped.",
        modules=("04",),
    ),
    FitStatement(
        key="the_work_itself",
        theme="Drawn by the work, not mainly the title",
        statement="What draws me to product management is the work itself, more than the "
        "title or the pay.",
        if_low="Title and pay are fair reasons to want a job, and nothing to be embarrassed "
        "about. They are also on offer in other routes, and they will not carry you through "
        "the parts of this one you dislike. If they are the main pull, compare the PM route "
        "with others open to you (senior engineering, architecture, service or operations "
        "leadership) before you spend months on the move.",
        try_this="In module 07's decision matrix, add one non-PM route you could take and "
        "weight it honestly. Then write your one-sentence 'why product' with a reason from "
        "your own work.",
        modules=("07",),
    ),
    FitStatement(
        key="read_the_postings",
        theme="Knows the job from real postings",
        statement="I have read several real PM job postings I could apply for, and the "
        "day-to-day work they describe appeals to me.",
        if_low="If you have not read postings closely yet, you may be aiming at a picture of "
        "the job rather than the job companies hire for; reading them is the cheapest test on "
        "this list. If you have, and the work does not appeal, take that seriously and find out "
        "which parts: duties vary between companies, so another kind of PM role may fit where "
        "the first did not.",
        try_this="Save five postings you could apply for; mark what appeals and what does "
        "not. Module 07 compares the routes in (internal move, APM programs, direct "
        "applications, startups); an informational interview with someone in one of those "
        "roles tells you what the posting leaves out.",
        modules=("07",),
    ),
)
"""The fit and motivation statements, in the order the form asks them."""

FIT_KEYS: tuple[str, ...] = tuple(s.key for s in FIT_STATEMENTS)
"""The statement keys, in order: the keys of an assessment's ``fit`` answers."""


def get_fit_statement(key: str) -> FitStatement:
    """Return the fit statement with this key.

    >>> get_fit_statement("saying_no").theme
    'Deciding what not to build'
    """
    for statement in FIT_STATEMENTS:
        if statement.key == key:
            return statement
    raise ValueError(f"fit statement must be one of {', '.join(map(repr, FIT_KEYS))}; got {key!r}")


def fit_answers(answers: object, *, field_name: str = "fit") -> Mapping[str, int]:
    """Check fit answers and return them read-only, in statement order.

    ``answers`` maps statement keys (any of :data:`FIT_KEYS`, none required) to 1-5. Errors
    name the field (``fit['ambiguity']``) and the value.
    """
    if not isinstance(answers, Mapping):
        raise ValueError(
            f"{field_name} must be a mapping of statement -> 1-5; got {type(answers).__name__}"
        )
    unknown = [k for k in answers if k not in FIT_KEYS]
    if unknown:
        raise ValueError(
            f"{field_name} may answer only the statements {', '.join(FIT_KEYS)}; "
            f"unknown {unknown!r}"
        )
    return MappingProxyType(
        {k: _agreement(f"{field_name}[{k!r}]", answers[k]) for k in FIT_KEYS if k in answers}
    )


@dataclass(frozen=True)
class FitFinding:
    """A statement whose answer (3 or lower) suggests something to explore, with its note."""

    statement: FitStatement
    answer: int

    def __post_init__(self) -> None:
        if not isinstance(self.statement, FitStatement):
            raise ValueError(
                f"statement must be a FitStatement; got {type(self.statement).__name__}"
            )
        _agreement("answer", self.answer)

    @property
    def key(self) -> str:
        """The statement's key."""
        return self.statement.key

    @property
    def answer_word(self) -> str:
        """The answer as the scale's words, e.g. ``"not sure"``."""
        return AGREEMENT[self.answer]

    @property
    def note(self) -> str:
        """What an answer like this may mean for the move (the statement's ``if_low``)."""
        return self.statement.if_low

    @property
    def try_this(self) -> str:
        """How to test it: an activity, and the course modules that help."""
        return self.statement.try_this


def fit_summary(answers: Mapping[str, int]) -> tuple[FitFinding, ...]:
    """Return the statements whose answers suggest something to explore, most pressing first.

    An answer of 3 ("not sure") or lower is a finding; 4 and 5 are not, and unanswered
    statements are left out. Findings are ordered by answer, lowest first, then in the order
    of :data:`FIT_STATEMENTS`. Nothing is added up: there is no overall score or verdict.

    >>> findings = fit_summary({"saying_no": 3, "slow_feedback": 2, "ambiguity": 5})
    >>> [(f.key, f.answer_word) for f in findings]
    [('slow_feedback', 'disagree'), ('saying_no', 'not sure')]
    """
    checked = fit_answers(answers, field_name="answers")
    findings = [
        FitFinding(s, checked[s.key])
        for s in FIT_STATEMENTS
        if s.key in checked and checked[s.key] <= EXPLORE_AT_MOST
    ]
    return tuple(sorted(findings, key=lambda f: f.answer))  # stable: statement order on ties


def fit_summary_markdown(answers: Mapping[str, int]) -> str:
    """Return the fit summary as Markdown: findings with notes, then what you agreed with.

    Each finding shows the statement, the answer, what it may mean and what to try. Then one
    line lists the statements answered 4-5 and one the statements not answered. With no answers
    at all, says the part was skipped.

    >>> print(fit_summary_markdown({}))
    You skipped the fit and motivation part: nothing to summarise.
    """
    checked = fit_answers(answers, field_name="answers")
    if not checked:
        return "You skipped the fit and motivation part: nothing to summarise."
    findings = fit_summary(checked)
    lines: list[str] = []
    if findings:
        lines.append("**Things to find out about before the move** (lowest answers first):")
        lines.append("")
        for i, f in enumerate(findings, start=1):
            lines.append(
                f"{i}. **{f.statement.theme}**: *{f.statement.statement}* "
                f"You answered {f.answer} ({f.answer_word})."
            )
            lines.append(f"   * What it may mean: {f.note}")
            lines.append(f"   * Try this: {f.try_this}")
    else:
        lines.append("No answer of 3 or lower: nothing on this list asks to be tested first.")
    agreed = [s.theme for s in FIT_STATEMENTS if checked.get(s.key, 0) > EXPLORE_AT_MOST]
    skipped = [s.theme for s in FIT_STATEMENTS if s.key not in checked]
    lines.append("")
    lines.append(f"Agreed (4-5): {', '.join(agreed) or 'none'}.")
    if skipped:
        lines.append("")
        lines.append(f"Not answered: {', '.join(skipped)}.")
    return "\n".join(lines)

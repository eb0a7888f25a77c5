"""The eight PM competencies of the self-assessment, each with anchored descriptions of 1-5.

An anchored scale describes what each level looks like in practice, so that "3" means the same
thing to every learner and to the same learner a month later. The levels are the kit's own,
written for people coming from IT and operations roles; they are a reflection aid, not a
validated psychometric instrument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

LEVELS: Mapping[int, str] = MappingProxyType(
    {1: "new to it", 2: "aware", 3: "practised", 4: "independent", 5: "leading"}
)
"""The 1-5 scale's words: 4 ("independent") is what a product manager does without help."""

DEFAULT_TARGET = 4
"""The level the recommended path aims for: doing it on your own, as a PM is expected to."""


@dataclass(frozen=True)
class Competency:
    """One competency: its key, name, what it covers and what each level 1-5 looks like."""

    key: str
    name: str
    description: str
    anchors: Mapping[int, str]

    def anchor(self, level: int) -> str:
        """Return the description of ``level`` (1-5).

        >>> COMPETENCIES[0].anchor(1).startswith("I build what I am asked")
        True
        """
        if isinstance(level, bool) or level not in self.anchors:
            raise ValueError(f"level must be a whole number from 1 to 5; got {level!r}")
        return self.anchors[level]


def _competency(key: str, name: str, description: str, *anchors: str) -> Competency:
    assert len(anchors) == 5
    return Competency(key, name, description, MappingProxyType(dict(enumerate(anchors, 1))))


COMPETENCIES: tuple[Competency, ...] = (
    _competency(
        "product_sense",
        "Product sense",
        "Understanding users' problems and judging what is worth building.",
        "I build what I am asked to build; I have not framed a problem before its solution.",
        "I can say who a change is for, but my proposals usually start from a solution.",
        "With someone reviewing, I write a problem statement with a specific user and need, "
        "and list options.",
        "I frame the problem before the solution, pick one need with a reason, make trade-offs "
        "visible and name a success metric, without being prompted.",
        "People bring me half-formed ideas and I help them find the user, the need and the bet; "
        "I can critique a product strategy.",
    ),
    _competency(
        "prioritization",
        "Prioritization",
        "Deciding what to do first, and what not to do, with a rationale others can check.",
        "I work items in the order they arrive or the order my manager sets.",
        "I triage by impact and urgency (as with incident priorities), not yet by value "
        "against effort.",
        "I can score a backlog with one framework (RICE, WSJF...) and explain the ranking when "
        "asked.",
        "I choose a framework that fits the decision, check it against capacity, say what we "
        "will not do and defend it to stakeholders.",
        "I set how a team or a portfolio prioritizes, and change the method when it misleads.",
    ),
    _competency(
        "data_sql",
        "Data and SQL",
        "Answering your own questions from data, and checking the numbers others show you.",
        "I read the reports and dashboards that others build.",
        "I filter and pivot in spreadsheets and can follow a simple SQL query.",
        "I write SELECT ... GROUP BY queries and simple joins on tables I know, with some "
        "trial and error.",
        "I answer a new product question with joins, window functions and CTEs, and "
        "sanity-check the result before I share it.",
        "I model data for others, catch data-quality problems before they mislead, and review "
        "other people's queries.",
    ),
    _competency(
        "metrics_experiments",
        "Metrics and experiments",
        "Defining success, reading product metrics and A/B tests, diagnosing changes.",
        "I track operational KPIs (SLA attainment, ticket volume) that others defined.",
        "I know active users, retention and conversion exist, but not how each is defined.",
        "I can compute retention, a funnel or NPS correctly, and read an A/B result with help.",
        "I choose a north star and its guardrails, diagnose a metric drop in order, and read an "
        "A/B test (intervals, sample ratio, power) on my own.",
        "I design a team's metrics and experiment practice and explain the pitfalls (peeking, "
        "novelty) to others.",
    ),
    _competency(
        "communication",
        "Communication and influence without authority",
        "Getting decisions made and work done with people who do not report to you.",
        "I communicate mostly inside my own team, in the team's own terms.",
        "I write clear status updates and incident notes for the people who depend on us.",
        "I present a recommendation to people outside my team and adjust it to their concerns.",
        "I get decisions made with people who do not report to me: I learn their goals, bring "
        "evidence and write the one-page memo.",
        "I align leaders across teams on contested trade-offs and coach others to do the same.",
    ),
    _competency(
        "execution",
        "Execution",
        "Turning a decision into shipped work: planning, sequencing, risk, follow-through.",
        "I complete the tasks assigned to me.",
        "I plan my own work and flag risks to my lead early.",
        "I run a small project: a plan, its dependencies, a release with a rollback.",
        "I deliver cross-team work in increments, cut scope to protect a date and keep "
        "stakeholders informed without being chased.",
        "I run several teams' delivery, unblock them, and improve how they plan and ship.",
    ),
    _competency(
        "technical_fluency",
        "Technical fluency",
        "Understanding how systems are built well enough to discuss trade-offs with engineers.",
        "I use the systems but do not know how they are built.",
        "I can explain at a high level how our systems fit together (apps, APIs, databases).",
        "I follow an engineering design discussion and ask useful questions about risk and effort.",
        "I discuss architecture trade-offs (build or buy, latency or cost, technical debt) with "
        "engineers and explain them to non-engineers.",
        "Engineers ask for my view on technical trade-offs; I spot a technically costly idea "
        "before it is estimated.",
    ),
    _competency(
        "user_research",
        "User research",
        "Learning what users need from users themselves: interviews, surveys, observation.",
        "I learn what users need from the tickets and requests that reach me.",
        "I have talked to users about their problems informally, usually after something broke.",
        "I can run a planned interview or a short survey from a guide someone else wrote.",
        "I plan and run interviews and surveys without leading questions, synthesise what I "
        "heard and change a decision because of it.",
        "I set up continuous discovery for a team and teach others to interview and synthesise.",
    ),
)
"""The competencies, in the order the self-assessment asks about them."""

COMPETENCY_KEYS: tuple[str, ...] = tuple(c.key for c in COMPETENCIES)
"""The competency keys, in order: the keys of an assessment's ``ratings``."""


def get_competency(key: str) -> Competency:
    """Return the competency with this key.

    >>> get_competency("data_sql").name
    'Data and SQL'
    """
    for competency in COMPETENCIES:
        if competency.key == key:
            return competency
    raise ValueError(
        f"competency must be one of {', '.join(map(repr, COMPETENCY_KEYS))}; got {key!r}"
    )

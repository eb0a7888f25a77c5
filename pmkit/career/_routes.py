"""The routes into a first PM role, with their trade-offs written as questions, not odds.

No route has a success rate the kit could honestly quote: outcomes depend on the person, the
market, the company and the year, and published numbers rarely say whom they counted. So each
route comes with the questions that decide whether it fits *your* situation, and why each
question matters. Answer them, then score the routes on your own criteria in a decision matrix
(:func:`pmkit.career.decision_matrix`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd


@dataclass(frozen=True)
class RouteQuestion:
    """A question about your situation, and why its answer matters for the route."""

    question: str
    why: str


@dataclass(frozen=True)
class Route:
    """A route into a PM role: what it is and the questions that decide whether it fits you."""

    key: str
    name: str
    summary: str
    questions: tuple[RouteQuestion, ...]


def _route(key: str, name: str, summary: str, *pairs: tuple[str, str]) -> Route:
    return Route(key, name, summary, tuple(RouteQuestion(q, why) for q, why in pairs))


ROUTES: tuple[Route, ...] = (
    _route(
        "internal_transfer",
        "Internal transfer",
        "Move into a product role (PM, product owner, technical PM) at the organization you "
        "work for now.",
        (
            "Does your organization have product managers or product owners, and do you know "
            "any of them by name?",
            "An internal move needs a team to move into and someone there who has seen your work.",
        ),
        (
            "Which product or internal platform do you already know as a user, a supporter or "
            "an operator?",
            "Knowledge of the domain and its users is what an internal candidate brings that an "
            "outside one cannot.",
        ),
        (
            "Would your manager support the move, and who would take over your current work?",
            "Internal moves often wait on the current team's needs rather than on the "
            "candidate; a handover plan removes an objection.",
        ),
        (
            "Can you take on product work now, in your current role: a discovery, a backlog, a "
            "pilot?",
            "A product task done in the open is evidence the hiring manager has seen first-hand.",
        ),
        (
            "What does your company's internal mobility policy say about posting, eligibility "
            "and timing?",
            "Rules differ between companies; read yours before you plan around a date.",
        ),
    ),
    _route(
        "apm_program",
        "Associate PM program",
        "Join a structured entry program for new product managers, with training, mentoring "
        "and often rotations between teams.",
        (
            "Do the programs you are looking at accept people with your years of experience?",
            "Each program's eligibility page says whom it is for; some are written for recent "
            "graduates, so check before you invest in an application.",
        ),
        (
            "Can you meet the program's calendar: application window, start date, location?",
            "Programs usually hire in yearly cycles, so a missed window can mean a long wait.",
        ),
        (
            "Would an entry-level title and pay work for you for the length of the program?",
            "The structure comes at the level of a new hire; weigh it against your finances and "
            "your current seniority.",
        ),
        (
            "How much structure and mentoring do you want while you learn?",
            "Training, a cohort and a mentor are what a program offers over a direct hire.",
        ),
    ),
    _route(
        "direct_applications",
        "Direct applications",
        "Apply for PM roles at other companies, on the strength of your evidence and your network.",
        (
            "Which companies build products for people like your current users or colleagues "
            "(service desks, IT teams, warehouses, logistics)?",
            "Domain fit gives a first-time PM the clearest story: you know the users.",
        ),
        (
            "What evidence can you show a stranger: case studies, impact bullets, a portfolio?",
            "An outside hiring manager sees only what you show; module 01 and this module "
            "build it.",
        ),
        (
            "How many hours a week can you give to outreach, applications and interview "
            "practice, and for how long?",
            "A search is a pipeline: what goes in each week decides what comes out later.",
        ),
        (
            "Would you take a role next to product management first (product operations, "
            "business analyst, product owner, technical PM)?",
            "An adjacent role can be a step with more openings for your background; decide "
            "whether it counts as progress for you.",
        ),
        (
            "How long could you search while staying in your current job?",
            "Searching while employed lowers the pressure to accept the first offer.",
        ),
    ),
    _route(
        "startup_or_own_product",
        "Startup or your own product",
        "Join an early-stage company in a product role, or build and sell a product yourself.",
        (
            "How much income risk can you carry, and for how long?",
            "Early companies and your own product can pay less, later or not at all.",
        ),
        (
            "Do you want breadth (many jobs at once, little structure) or depth (learning from "
            "experienced PMs)?",
            "A small company gives you every job; it rarely gives you a mentor.",
        ),
        (
            "Is there a problem from your own work that you know better than most?",
            "A tool you needed on the service desk or in the warehouse is a product idea with "
            "users you understand.",
        ),
        (
            "Who would give you honest feedback on your product decisions?",
            "Without a product team around you, you need to find your critics yourself.",
        ),
        (
            "If it ends in a year, what evidence will you have for your next role?",
            "Shipped work, users and numbers are portable evidence, whatever happens to the "
            "company.",
        ),
    ),
)
"""The four routes, each with the questions that decide whether it fits you."""

ROUTE_NAMES: tuple[str, ...] = tuple(r.name for r in ROUTES)
"""The routes' names, in order: the usual options of a route decision matrix."""

SUGGESTED_CRITERIA: Mapping[str, str] = MappingProxyType(
    {
        "finances": "How well does the route fit the income and risk I can carry?",
        "time_to_pm_role": "How soon could it give me a product role?",
        "learning": "How much will I learn, with what mentoring?",
        "domain_fit": "How much does it use what I already know (users, systems, operations)?",
        "life_fit": "How well does it fit my location, hours and commitments?",
        "evidence": "How much evidence will it give me for my next move?",
    }
)
"""Criteria you might score routes on (1-5 each); replace them with your own."""


def route_questions(route: str | None = None) -> pd.DataFrame:
    """Return the questions for every route (or one), to answer about your situation.

    ``route`` is a route's key or name; columns are ``route``, ``question`` and ``why``.

    >>> route_questions("Associate PM program")["question"].iloc[0][:40]
    'Do the programs you are looking at accep'
    """
    chosen = ROUTES
    if route is not None:
        matches = [r for r in ROUTES if route in (r.key, r.name)]
        if not matches:
            options = ", ".join(repr(r.name) for r in ROUTES)
            raise ValueError(f"route must be one of {options} (or its key); got {route!r}")
        chosen = tuple(matches)
    return pd.DataFrame(
        [
            {"route": r.name, "question": q.question, "why": q.why}
            for r in chosen
            for q in r.questions
        ]
    )

"""The course map: modules 00-09 with objectives, time, prerequisites and what is graded.

One record per module, so the start page, the README and the recommended path read the same
facts. Times are the authors' estimates for a first pass (a lesson read and run, an exercise
answered and self-checked), not measurements; people who know a topic already go faster.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from pmkit.assessment._competencies import COMPETENCY_KEYS

BACKGROUNDS: tuple[str, ...] = ("it", "ops")
"""The two backgrounds the kit is written for: IT roles and operations roles."""


@dataclass(frozen=True)
class CourseModule:
    """One module of the course: its files, objectives, time, prerequisites and grading.

    ``builds`` maps the competencies the module practises to a weight: 1.0 where the module is
    mainly about it, 0.5 where it practises it along the way. ``notes`` holds one note per
    background (``"it"``, ``"ops"``) for the recommended path. ``auto_points`` and
    ``manual_points`` are the exercise's points when it is settled (``None`` while the module is
    being written).
    """

    number: str
    title: str
    lesson: str
    exercise: str | None
    objectives: tuple[str, ...]
    lesson_minutes: int
    exercise_minutes: int
    prerequisites: tuple[str, ...]
    auto_graded: str
    manually_graded: str
    builds: Mapping[str, float]
    notes: Mapping[str, str]
    auto_points: int | None = None
    manual_points: int | None = None

    @property
    def hours(self) -> float:
        """Estimated hours for the lesson and the exercise, rounded to the quarter hour."""
        return round((self.lesson_minutes + self.exercise_minutes) / 15) / 4

    @property
    def graded(self) -> str:
        """What the module's exercise grades, in one line (``"-"`` when it has no exercise)."""
        if self.exercise is None:
            return "-"
        auto = f"auto: {self.auto_graded}"
        if self.auto_points is not None:
            auto += f" ({self.auto_points} points)"
        if not self.manually_graded:
            return auto
        manual = f"by an instructor: {self.manually_graded}"
        if self.manual_points is not None:
            manual += f" ({self.manual_points} points)"
        return f"{auto}; {manual}"


def _module(**fields: object) -> CourseModule:
    builds = fields.pop("builds")
    notes = fields.pop("notes")
    assert isinstance(builds, dict) and set(builds) <= set(COMPETENCY_KEYS)
    assert isinstance(notes, dict) and set(notes) == set(BACKGROUNDS)
    return CourseModule(
        builds=MappingProxyType(builds),
        notes=MappingProxyType(notes),
        **fields,  # type: ignore[arg-type]
    )


SYLLABUS: tuple[CourseModule, ...] = (
    _module(
        number="00",
        title="Start here",
        lesson="notebooks/00_start_here.ipynb",
        exercise=None,
        objectives=(
            "Explain how lessons, exercises, visible and hidden tests, the self-check and "
            "Validate fit together",
            "Rate yourself on eight PM competencies and read your gap chart",
            "Choose your order through the modules that follow",
        ),
        lesson_minutes=30,
        exercise_minutes=0,
        prerequisites=(),
        auto_graded="",
        manually_graded="",
        builds={},
        notes={"it": "", "ops": ""},
    ),
    _module(
        number="01",
        title="From IT/ops to PM evidence",
        lesson="notebooks/01_from_it_ops_to_pm.ipynb",
        exercise="01_pm_evidence",
        objectives=(
            "Map IT or operations work to the PM competencies it shows",
            "Rewrite duties as impact bullets (accomplished X, as measured by Y, by doing Z)",
            "Start a bank of STAR stories with quantified results",
            "Outline a portfolio case study: problem, users, hypothesis, metrics, outcome",
        ),
        lesson_minutes=60,
        exercise_minutes=60,
        prerequisites=("00",),
        auto_graded="the baseline and result of three rewritten bullets, passing vs "
        "duty-speak bullets, a story sorted into STAR, the competency a piece of work shows",
        manually_graded="three rewritten bullets and a portfolio case-study outline, with rubrics",
        builds={"communication": 1.0, "product_sense": 0.5, "user_research": 0.5},
        notes={
            "it": "Your rows of the skill map are incidents, changes, tooling and vendors; "
            "turn 'responsible for' lines into results users noticed.",
            "ops": "Your rows of the skill map are process redesign, capacity, vendors and "
            "coordination; your numbers (cost, time, service level) are your evidence.",
        },
        auto_points=7,
        manual_points=6,
    ),
    _module(
        number="02",
        title="Prioritization",
        lesson="notebooks/02_prioritization.ipynb",
        exercise="02_prioritization",
        objectives=(
            "Score a backlog with RICE, ICE, WSJF and CD3, and say where each one misleads",
            "Use weighted scoring, value vs effort and MoSCoW to negotiate a plan",
            "Classify Kano survey answers and compute opportunity scores",
            "Choose the best roadmap within a capacity, and show what greedy ordering costs",
        ),
        lesson_minutes=75,
        exercise_minutes=60,
        prerequisites=("00",),
        auto_graded="RICE scores and ranking, ICE both ways, WSJF, Kano classes, the best "
        "roadmap within capacity and what greedy planning costs",
        manually_graded="a trade-off memo, with its rubric",
        builds={"prioritization": 1.0, "execution": 0.5, "user_research": 0.5},
        notes={
            "it": "Incident priority (impact x urgency) is your starting point; what is new is "
            "value under uncertainty, which is why RICE has a confidence term.",
            "ops": "Capacity planning will feel familiar in section 8; spend your time on Kano "
            "and opportunity scoring, which start from what users say.",
        },
        auto_points=12,
        manual_points=3,
    ),
    _module(
        number="03",
        title="SQL for PMs",
        lesson="notebooks/03_sql_for_pms.ipynb",
        exercise="03_sql",
        objectives=(
            "Query product data in DuckDB: SELECT, WHERE, GROUP BY and HAVING",
            "Join events to users and tickets; write CTEs and window functions",
            "Handle dates, weeks and time zones, and avoid numbers that are quietly wrong",
            "Clean raw product data with documented quality problems",
        ),
        lesson_minutes=75,
        exercise_minutes=90,
        prerequisites=("00",),
        auto_graded="SQL answers on the product data compared as result sets (row order, "
        "column-name case and float noise do not matter), and a data-cleaning exercise",
        manually_graded="which data-quality problem would mislead a PM most, with its rubric",
        auto_points=20,
        manual_points=3,
        builds={"data_sql": 1.0, "technical_fluency": 0.5},
        notes={
            "it": "If you write SQL already, skim sections 1-3 and spend the time on the "
            "product questions, window functions and the cleaning exercise.",
            "ops": "If SQL is new, give this module extra time: GROUP BY is a pivot table, a "
            "join is a lookup; type every query yourself rather than reading it.",
        },
    ),
    _module(
        number="04",
        title="Product metrics",
        lesson="notebooks/04_product_metrics.ipynb",
        exercise="04_product_metrics",
        objectives=(
            "Compute active users and stickiness with stated conventions",
            "Compute N-day, unbounded and cohort retention, and funnels with a window",
            "Compute revenue metrics (ARPU, ARPPU, churn, simple LTV) and NPS",
            "Choose a north star with a metric tree, and diagnose a metric drop in order",
        ),
        lesson_minutes=80,
        exercise_minutes=75,
        prerequisites=("03",),
        auto_graded="metric values on the product data, and finding the planted incident "
        "behind a metric drop (day, platform and size)",
        manually_graded="an incident note to the engineering lead, with its rubric",
        auto_points=14,
        manual_points=3,
        builds={"metrics_experiments": 1.0, "data_sql": 0.5, "product_sense": 0.5},
        notes={
            "it": "Monitoring measures the system; product metrics measure what users do. "
            "Watch how each definition is pinned down (days, windows, denominators).",
            "ops": "KPIs such as on-time-in-full are metrics with definitions; retention and "
            "funnels are the same discipline applied to users.",
        },
    ),
    _module(
        number="05",
        title="Experimentation",
        lesson="notebooks/05_experimentation.ipynb",
        exercise="05_experimentation",
        objectives=(
            "Read an A/B readout: absolute and relative lift with confidence intervals",
            "Check for sample ratio mismatch before reading any number",
            "Plan sample size and power; explain why peeking inflates false positives",
            "Use CUPED, guardrails and a lift-by-day plot (novelty) in a ship decision",
        ),
        lesson_minutes=80,
        exercise_minutes=75,
        prerequisites=("04",),
        auto_graded="readout numbers (lift, intervals, SRM, sample size, CUPED, novelty) and "
        "ship decisions",
        manually_graded="a ship / no-ship memo, with its rubric",
        auto_points=12,
        manual_points=3,
        builds={"metrics_experiments": 1.0, "data_sql": 0.5},
        notes={
            "it": "A canary release compared with the fleet is half an experiment; this "
            "module adds random assignment and the statistics to read it.",
            "ops": "A pilot on one shift or site is half an experiment; this module adds "
            "random assignment and the statistics to read it.",
        },
    ),
    _module(
        number="06",
        title="Interview practice",
        lesson="notebooks/06_interview_practice.ipynb",
        exercise="06_interview_practice",
        objectives=(
            "Recognise the seven kinds of PM interview questions and a structure for each",
            "Use CIRCLES, STAR, the metric-drop checklist and estimation steps on real prompts",
            "Run a timed mock, score yourself with a rubric and track progress in a log",
            "Prepare your pitch (about yourself, why PM, why leave IT or ops) and run a 30-45 "
            "minute mock with a partner",
        ),
        lesson_minutes=90,
        exercise_minutes=90,
        prerequisites=("01",),
        auto_graded="an estimate as a function of its assumptions, a success metric and "
        "guardrail, the metric-drop checklist order, checks matched to a checklist and a STAR "
        "skeleton with its result as numbers",
        manually_graded="a diagnosis plan, a product-sense answer (CIRCLES) and a behavioral "
        "answer, with rubrics",
        builds={
            "product_sense": 1.0,
            "communication": 1.0,
            "execution": 0.5,
            "technical_fluency": 0.5,
        },
        notes={
            "it": "Technical PM roles add technical questions; practise explaining a system "
            "trade-off to someone who does not build systems.",
            "ops": "Estimation and execution questions draw on capacity planning; practise "
            "product-sense prompts most, since they are furthest from daily ops work.",
        },
        auto_points=9,
        manual_points=9,
    ),
    _module(
        number="07",
        title="Choosing your route",
        lesson="notebooks/07_choosing_your_route.ipynb",
        exercise="07_choosing_your_route",
        objectives=(
            "Compare internal transfer, associate PM programs, direct applications and "
            "startups by answering questions about your own situation",
            "Decide with a weighted decision matrix and find the weight change that flips it",
            "Track your outreach as a funnel, overall and per channel, and write the messages "
            "and informational-interview questions that fill it",
            "Write a portfolio case study as Markdown and HTML",
            "Compare certifications from their issuers' own pages: what each signals and what "
            "it does not",
        ),
        lesson_minutes=105,
        exercise_minutes=75,
        prerequisites=("01", "02"),
        auto_graded="decision-matrix scores and winner, the weight change that flips it, "
        "outreach funnel conversion overall and per channel, a case-study completeness check",
        manually_graded="your portfolio case study, with its rubric",
        builds={"communication": 0.5, "execution": 0.5},
        notes={
            "it": "An internal move often starts next to the product you support or run; "
            "the people who file tickets about it are its users.",
            "ops": "An internal move often starts with the internal tools you depend on; "
            "your process knowledge is domain expertise a product team lacks.",
        },
        auto_points=10,
        manual_points=5,
    ),
    _module(
        number="08",
        title="Discovery and specs",
        lesson="notebooks/08_discovery_and_specs.ipynb",
        exercise="08_discovery",
        objectives=(
            "Interview users about what they did, not what they think they would do (The Mom Test)",
            "Synthesise interview notes: count the people with evidence per opportunity, "
            "overall and per segment",
            "Turn evidence into a problem statement, job stories and an opportunity solution tree",
            "Write a one-page spec with user stories and Given/When/Then acceptance criteria, "
            "and a stakeholder update",
        ),
        lesson_minutes=75,
        exercise_minutes=75,
        prerequisites=("00",),
        auto_graded="what kind of statement each interview note is, evidence per opportunity "
        "by distinct interviewees, the opportunity per segment, broken job stories and your "
        "own, well-formed and testable acceptance criteria and your own",
        manually_graded="a one-page spec with a stakeholder update, with its rubric",
        builds={"user_research": 1.0, "product_sense": 0.5, "communication": 0.5},
        notes={
            "it": "Tickets tell you what broke; interviews tell you what people were trying "
            "to do. Ask about the last time, not about the fix they want.",
            "ops": "A process walk-through is already observation of past behaviour; what is "
            "new is counting evidence by person and writing criteria a team can test.",
        },
        auto_points=13,
        manual_points=5,
    ),
    _module(
        number="09",
        title="Business acumen",
        lesson="notebooks/09_business_acumen.ipynb",
        exercise="09_business_acumen",
        objectives=(
            "Size a market top-down and bottom-up from stated assumptions, with a sensitivity "
            "table",
            "Compute CAC, payback, LTV to CAC and contribution margin per channel on product data",
            "Read a Van Westendorp price survey in both conventions, by segment",
            "Plan a launch with a goal, stages, success metrics and guardrails",
        ),
        lesson_minutes=80,
        exercise_minutes=75,
        prerequisites=("04",),
        auto_graded="a bottom-up market size and its most sensitive assumption, CAC per channel "
        "and blended, churn, payback and LTV to CAC per channel, the optimal price and the "
        "original range, candidate prices per segment",
        manually_graded="a pricing memo with a launch plan, with its rubric",
        builds={
            "product_sense": 0.5,
            "metrics_experiments": 0.5,
            "data_sql": 0.5,
            "execution": 0.5,
        },
        notes={
            "it": "You have priced licences and sized capacity; here the customer is the one "
            "paying, and every assumption has to be written where finance can challenge it.",
            "ops": "Cost per unit and margin are familiar; what is new is CAC and lifetime "
            "value, and deciding what to charge rather than what to spend.",
        },
        auto_points=14,
        manual_points=5,
    ),
)
"""The course modules in order, 00 to 09."""


def get_module(number: str) -> CourseModule:
    """Return the module numbered ``number`` (``"00"`` to ``"09"``).

    >>> get_module("02").title
    'Prioritization'
    """
    for module in SYLLABUS:
        if module.number == number:
            return module
    numbers = ", ".join(repr(m.number) for m in SYLLABUS)
    raise ValueError(f"number must be one of {numbers}; got {number!r}")


def syllabus_frame() -> pd.DataFrame:
    """Return the course map as a DataFrame, one row per module.

    Columns: ``module``, ``title``, ``objectives`` (one string, "; "-separated), ``hours``
    (estimated, float), ``prerequisites`` (module numbers, comma-separated, "-" for none),
    ``lesson``, ``exercise`` (the folder in ``exercises/``, "-" for none) and ``graded``.

    >>> frame = syllabus_frame()
    >>> frame.loc[2, "title"], float(frame.loc[2, "hours"])
    ('Prioritization', 2.25)
    """
    return pd.DataFrame(
        [
            {
                "module": m.number,
                "title": m.title,
                "objectives": "; ".join(m.objectives),
                "hours": m.hours,
                "prerequisites": ", ".join(m.prerequisites) or "-",
                "lesson": m.lesson,
                "exercise": f"exercises/{m.exercise}/" if m.exercise else "-",
                "graded": m.graded,
            }
            for m in SYLLABUS
        ]
    )


def syllabus_markdown(*, present: Collection[str] | None = None) -> str:
    """Return the course map as a Markdown table (for the start page and the README).

    With ``present`` (the numbers of the modules whose lesson is in this copy of the course), a
    last column says which modules are here and which are still coming.

    >>> print(syllabus_markdown().splitlines()[0])
    | # | Module | You will be able to | Hours | Needs | Files | Graded |
    """
    if present is not None and (isinstance(present, str) or not isinstance(present, Collection)):
        raise ValueError(f"present must be a collection of module numbers; got {present!r}")
    header = "| # | Module | You will be able to | Hours | Needs | Files | Graded |"
    rule = "|---|---|---|---|---|---|---|"
    if present is not None:
        header += " In the kit |"
        rule += "---|"
    rows = [header, rule]
    for m in SYLLABUS:
        objectives = "<br>".join(f"• {o}" for o in m.objectives)
        files = f"`{m.lesson}`" + (f"<br>`exercises/{m.exercise}/`" if m.exercise else "")
        row = (
            f"| {m.number} | **{m.title}** | {objectives} | {m.hours:g} | "
            f"{', '.join(m.prerequisites) or '-'} | {files} | {m.graded} |"
        )
        if present is not None:
            row += " yes |" if m.number in present else " coming |"
        rows.append(row)
    return "\n".join(rows)

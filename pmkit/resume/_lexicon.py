"""The word lists behind the bullet analyzer, grouped by the question each one answers.

The lists are principled, not fitted to examples: each group is a category a recruiter uses when
reading a bullet, filled from ordinary English. Changing a list changes the analyzer for every
bullet, so each one says what belongs in it and why.

Verbs (the first word of a bullet, after a leading adverb or a short "In 2019," phrase)
    A bullet should open with a verb that claims an accomplishment. Strong verbs fall in three
    classes. *Result* verbs name a change in a measure (cut, reduced, raised, saved): the
    bullet's X. *Method* verbs name an intervention the writer made (built, automated,
    negotiated, migrated): the bullet's Z, so a bullet led by one already says how. *Lead*
    verbs claim ownership without saying what changed or how (led, managed, drove, oversaw).
    *Weak* verbs describe taking part or routine work (helped, assisted, supported, handled,
    processed, monitored, maintained, was): they don't count as action verbs. A past-tense word
    ending in "-ed" that is in none of the lists counts as a strong verb of no particular class,
    so "Replatformed ..." is recognised; participial adjectives ("Experienced ...", "Certified
    ...") are excluded.

Duty-speak and process-speak
    Phrases that describe a role or an activity instead of a result ("responsible for",
    "worked on") and vague process language that names no process and no change ("optimized
    processes", "streamlined operations", "various", "etc.").

People (for the user or customer outcome)
    Nouns for the humans a change was for: customers and users and their synonyms, and internal
    users (employees, agents, engineers...), because for IT and operations work the colleagues
    served are the customers.

Direction (for a change for the worse)
    A bullet's result is an accomplishment only if the measure moved the right way. Measures
    where lower is better (costs, times, errors, incidents, backlog, churn) and where higher is
    better (satisfaction, accuracy, uptime, revenue, adoption), with the verbs that move a
    measure up or down. Volume of work done (tickets closed) is not a problem measure; volume
    of problems (tickets raised, incidents) is.

Countable things (for scope)
    Nouns that measure the size of what the writer was responsible for: people, sites, assets,
    work items, money-bearing objects (contracts, accounts). A number before one of them is scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def words(text: str) -> tuple[str, ...]:
    """Split a space-separated word list (the lists below are easier to read that way)."""
    return tuple(text.split())


# ----------------------------------------------------------------------------------- verbs

RESULT_VERBS = words(
    "accelerate achieve beat boost cut decrease double eliminate exceed expand generate grow "
    "halve hit improve increase lift lower maximize minimize meet optimize prevent quadruple "
    "raise recover reduce resolve restore save secure shorten shrink slash speed stabilize "
    "streamline surpass triple trim win avoid recoup reclaim capture bring keep sell find"
)
"""Verbs that name a change in a measure: the "accomplished X" part of Bock's form."""

METHOD_VERBS = words(
    "add adopt analyze architect audit author automate build centralize codify configure "
    "consolidate convert create decommission define deploy design develop diagnose digitize "
    "document draft establish forecast hire implement install instrument integrate introduce "
    "launch map mentor migrate model move negotiate onboard outsource overhaul pilot prototype "
    "publish rebalance rebuild recruit redesign refactor reorganize replace require restructure "
    "retire revamp renegotiate rework reroute rewrite roll script set ship source stand "
    "standardize switch test train coach upgrade write re-slot tender insource teach spin "
    "split put swap shift pair merge tune retune schedule batch cache index route bundle "
    "template tag label purge archive patch harden encrypt segment simplify remove stop freeze "
    "enforce block rotate cross-train upskill offer open pre-provision provision containerize "
    "virtualize replatform reconfigure re-tender re-route rewire relocate "
    "reassign resequence sequence triage prioritize throttle dedupe deduplicate validate verify"
)
"""Verbs that name an intervention: the "by doing Z" part of Bock's form."""

LEAD_VERBS = words(
    "lead manage direct oversee own run drive spearhead champion head chair coordinate "
    "orchestrate supervise deliver execute plan complete organize facilitate guide steer "
    "sponsor partner collaborate accomplish earn promote make take hold"
)
"""Verbs that claim ownership or leadership without naming a change or a method."""

WEAK_VERBS = words(
    "help assist support work participate contribute involve handle perform attend serve "
    "provide ensure utilize use try attempt do maintain monitor process answer liaise act gain "
    "learn observe shadow follow receive respond update check assign task engage expose "
    "responsible duty duties responsibilities be was were is are am been being"
)
"""Verbs (and role words) that describe taking part or routine work, not an accomplishment."""

PARTICIPIAL_ADJECTIVES = frozenset(
    words(
        "experienced skilled motivated dedicated seasoned certified talented qualified trusted "
        "proven committed licensed self-motivated detail-oriented results-driven based required "
        "expected asked allowed used"
    )
)
"""Words ending in -ed that open a profile line, not an accomplishment."""

_IRREGULAR_PAST = {
    "beat": "beat",
    "bring": "brought",
    "find": "found",
    "hold": "held",
    "keep": "kept",
    "make": "made",
    "sell": "sold",
    "spin": "spun",
    "take": "took",
    "teach": "taught",
    "build": "built",
    "cut": "cut",
    "do": "did",
    "drive": "drove",
    "forecast": "forecast",
    "grow": "grew",
    "hit": "hit",
    "lead": "led",
    "meet": "met",
    "oversee": "oversaw",
    "rebuild": "rebuilt",
    "rewrite": "rewrote",
    "run": "ran",
    "set": "set",
    "shrink": "shrank",
    "speed": "sped",
    "stand": "stood",
    "win": "won",
    "write": "wrote",
    "be": "was",
}
_DOUBLE_FINAL = frozenset(
    words(
        "cut run win set hit ship plan trim map slot re-slot scrap stop drop commit control "
        "begin spin get"
    )
)


def past_tense(base: str) -> str:
    """Return the simple past of a lexicon verb ("reduce" -> "reduced", "lead" -> "led").

    >>> [past_tense(v) for v in ("reduce", "ship", "lead", "apply", "negotiate")]
    ['reduced', 'shipped', 'led', 'applied', 'negotiated']
    """
    if base in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[base]
    if base in _DOUBLE_FINAL:
        return base + base[-1] + "ed"
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u"):
        return base[:-1] + "ied"
    return base + "ed"


def gerund(base: str) -> str:
    """Return the -ing form of a lexicon verb ("automate" -> "automating", "cut" -> "cutting").

    >>> [gerund(v) for v in ("automate", "cut", "add", "see")]
    ['automating', 'cutting', 'adding', 'seeing']
    """
    if base in _DOUBLE_FINAL:
        return base + base[-1] + "ing"
    if base.endswith("e") and not base.endswith("ee"):
        return base[:-1] + "ing"
    return base + "ing"


def third_person(base: str) -> str:
    """Return the present third person ("cut" -> "cuts", "reach" -> "reaches")."""
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u"):
        return base[:-1] + "ies"
    return base + "s"


def verb_forms(bases: Iterable[str]) -> dict[str, str]:
    """Map every inflected form (base, -s, past, -ing) of ``bases`` to its base form."""
    forms: dict[str, str] = {}
    for base in bases:
        for form in (base, third_person(base), past_tense(base), gerund(base)):
            forms.setdefault(form, base)
    return forms


# ------------------------------------------------------------------------ duty-speak phrases

DUTY_SPEAK: tuple[tuple[str, str, str], ...] = (
    # (example phrase, category, regular expression)
    ("responsible for", "duty", r"\bresponsible\s+for\b"),
    (
        "duties included",
        "duty",
        r"\b(?:duties|responsibilities)\s+(?:included?|includes|were|are)\b",
    ),
    ("tasked with", "duty", r"\btasked\s+with\b"),
    ("in charge of", "duty", r"\bin\s+charge\s+of\b"),
    ("served as", "duty", r"\b(?:served|acted)\s+as\b"),
    ("helped", "duty", r"\bhelped\b|\bhelping\s+with\b"),
    ("assisted with", "duty", r"\bassist(?:ed|ing)\b(?:\s+(?:with|in)\b)?"),
    ("worked on", "duty", r"\bwork(?:ed|ing)\s+on\b"),
    ("participated in", "duty", r"\bparticipat(?:ed|ing)\s+in\b"),
    ("involved in", "duty", r"\binvolved\s+in\b"),
    ("contributed to", "duty", r"\bcontribut(?:ed|ing|or)\s+to\b"),
    ("day-to-day", "duty", r"\bday[- ]to[- ]day\b"),
    ("as needed", "duty", r"\bas\s+needed\b"),
    (
        "optimized processes",
        "process",
        r"\boptimi[sz](?:ed|ing)\s+(?:(?:business|internal|operational|key)\s+)?"
        r"(?:processes|operations|workflows)\b",
    ),
    (
        "streamlined operations",
        "process",
        r"\bstreamlin(?:ed|ing)\s+(?:(?:business|internal|operational|key)\s+)?"
        r"(?:operations|processes|workflows)\b",
    ),
    (
        "improved efficiency",
        "process",
        r"\b(?:improv|increas|enhanc|boost)(?:ed|ing)\s+(?:(?:overall|operational|team|process)\s+)?"
        r"efficienc(?:y|ies)\b",
    ),
    ("ensured smooth operations", "process", r"\bensur(?:ed|e|ing)\s+(?:the\s+)?smooth\b"),
    ("synergies", "buzzword", r"\bsynerg(?:y|ies|istic)\b"),
    (
        "aligning stakeholders",
        "buzzword",
        r"\balign(?:ed|ing|ment)?\s+(?:of\s+)?(?:(?:key|all|cross-functional|internal|senior)\s+)?"
        r"stakeholders\b|\b(?:stakeholder|cross[- ]functional)\s+alignment\b",
    ),
    (
        "improved outcomes",
        "buzzword",
        r"\b(?:improv|enhanc|boost|optimi[sz]|driv|drov|deliver|maximi[sz]|increas|elevat|accelerat)"
        r"(?:ed|e|es|ing)?\s+(?:(?:overall|business|key|team|organi[sz]ational|positive|better|"
        r"strong|measurable|tangible)\s+)?(?:outcomes|results|performance|effectiveness|impact|"
        r"value|excellence|success)\b(?=\s*(?:[,.;:]|$)|\s+(?:by|for|across|in|at|through|and|"
        r"while|with|of|to|that|which|over|within)\b)",
    ),
    (
        "best-in-class",
        "buzzword",
        r"\b(?:best[- ]in[- ]class|world[- ]class|state[- ]of[- ]the[- ]art|cutting[- ]edge|"
        r"next[- ]gen(?:eration)?|game[- ]chang(?:er|ing)|paradigm\s+shift|thought\s+leadership|"
        r"holistic|value[- ]add(?:ed)?|mov(?:ed|e|ing)\s+the\s+needle)\b",
    ),
    ("various", "vague", r"\bvarious\b"),
    ("etc.", "vague", r"\betc\b\.?"),
    ("and more", "vague", r"\band\s+(?:much\s+)?more\s*[.!]?\s*$"),
)
"""Duty-speak (a role, not a result), process-speak (no named process or change), buzzwords (a
slogan in place of a named measure or method) and vague filler."""

# ------------------------------------------------------------------------------------ people

PEOPLE = words(
    r"customers? clients? users? end[-\s]users? agents? employees? staff colleagues? coworkers? "
    r"tenants? patients? students? learners? members? shoppers? buyers? subscribers? callers? "
    r"guests? travell?ers? passengers? riders? drivers? residents? citizens? merchants? sellers? "
    r"developers? engineers? analysts? technicians? nurses? clinicians? doctors? teachers? "
    r"operators? associates? new[-\s]hires? hires workers? managers? planners? reps "
    r"representatives? recruiters? dispatchers? pickers? cashiers? partners? people teams? "
    r"crews? starters? new[-\s]starters? joiners? apprentices? interns? contractors? "
    r"volunteers? franchisees? admins? administrators? accountants? auditors? physicians? "
    r"requesters? approvers? owners?"
)
"""Regular expressions for the humans a change can be for."""

OUTCOME_NOUNS = words(
    r"satisfaction csat nps experience wait(?:ing)?(?:[-\s]times?)? hold[-\s]times? "
    r"queue[-\s]times? "
    r"response[-\s]times? resolution(?:[-\s]times?)? complaints? churn retention adoption errors? "
    r"effort onboarding escalations? tickets? calls? contacts? downtime outages? productivity "
    r"handle[-\s]times? logins? sign-?ups? conversion engagement usage trust self-service "
    r"self-serve access delays? refunds? pages? overtime"
)
"""Regular expressions for what a change can do for people."""

CUSTOMER_METRICS = (
    r"csat|nps|net\s+promoter(?:\s+score)?|customer\s+effort(?:\s+score)?|churn|retention|"
    r"first[- ]contact\s+resolution|fcr|otif|on[- ]time(?:\s+and\s+in[- ]full)?\s+deliver(?:y|ies)|"
    r"(?:daily|weekly|monthly)?\s*active\s+users|user\s+adoption"
)
"""Metrics that are by definition about customers or users (satisfaction, churn, adoption...)."""

OUTCOME_VERBS = (
    r"now|no\s+longer|could|can|were\s+able|are\s+able|got|get|gets|received|reported|rated|"
    r"waited|wait|saw|spent|stopped|resolved|self-serve[sd]?|completed|finished|found|"
    r"started|start|reached|avoided"
)
"""What people do after a change ("customers now ...", "agents could ...")."""

BENEFIT_VERBS = (
    r"freeing|freed|frees|letting|lets|allowing|allowed|enabling|enabled|helping|sparing|spared|"
    r"giving|gave|saving|saved"
)
"""Verbs that hand a benefit to people ("freeing agents to ...", "sparing merchants ...")."""

CHANGE_WORDS = (
    r"fewer|faster|less|lower|higher|shorter|quicker|sooner|no\s+longer|now|instead\s+of|"
    r"reduction|increase|decrease|improvement|drop|decline|growth|gain|rise|lift"
)
"""Words that say something changed, used to confirm an outcome phrase describes a result."""

# -------------------------------------------------------------------------------- direction

UP_VERBS = words("increase raise grow boost lift expand double triple quadruple maximize inflate")
"""Verbs that move a measure up."""

DOWN_VERBS = words(
    "cut reduce lower decrease halve shrink slash trim shorten minimize eliminate curb contain"
)
"""Verbs that move a measure down."""

LOWER_IS_BETTER = words(
    r"costs? spend spending expenses? bills? fees? overspend budget[-\s]overruns? overruns? "
    r"times? wait(?:s|ing)? latency delays? lead[-\s]times? cycle[-\s]times? backlogs? errors? "
    r"defects? bugs? incidents? outages? downtime failures? complaints? escalations? churn "
    r"attrition turnover overtime rework scrap waste returns? tickets? mttr mttd abandonment "
    r"no-shows? injur(?:y|ies) lockouts? false[-\s]positives? alerts? pages? breaches? "
    r"vulnerabilit(?:y|ies) stockouts? out-of-stocks? shrinkage write-offs? chargebacks? "
    r"mis-?picks? leakage loss(?:es)? debt effort handoffs? touches? risk exposure dso "
    r"absenteeism variance disputes? exceptions? violations? findings? re-?opens? "
    r"call[-\s]backs? callbacks? transfers? hold calls? contacts?"
)
"""Measures where lower is better, matched on the head of the measure's noun phrase."""

HIGHER_IS_BETTER = words(
    r"satisfaction csat nps uptime availability accuracy adoption revenue sales profits? "
    r"margins? retention renewals? conversions? throughput coverage compliance productivity "
    r"savings deflection engagement attendance capacity quality reliability trust mtbf yield "
    r"bookings win[-\s]rate usage sign-?ups? signups? subscribers? velocity"
)
"""Measures where higher is better, matched on the head of the measure's noun phrase."""

GOOD_MODIFIERS = (
    r"on[- ]time|first[- ](?:contact|call|visit|time)|self[- ](?:service|serve)|successful|"
    r"fill|fix|pass|success|win"
)
"""Words that make a measure a share of good results ("on-time delivery", "fix rate")."""

WORK_DONE = r"resolved|closed|completed|shipped|delivered|answered|handled|processed|fixed"
"""Participles that turn a problem noun into work done ("tickets resolved", "incidents closed")."""

BAD_MODIFIERS = (
    r"failed|late|missed|lost|duplicate|abandoned|unplanned|repeat|overdue|unresolved|"
    r"manual|wasted|idle|rejected|misrouted|lost-time"
)
"""Words that make a measure a count of problems ("failed changes", "late trucks")."""

PROBLEM_PLURALS = (
    r"incidents|errors|defects|outages|complaints|escalations|tickets|out-of-stocks|stockouts|"
    r"failures|bugs|alerts|pages|lockouts|returns|breaches|injuries|disputes|no-shows"
)
"""Plural problem nouns that name the measure wherever they stand in its phrase."""

GENERIC_MEASURE_WORDS = (
    r"rate|rates|level|levels|volume|volumes|count|counts|number|numbers|figures?|scores?|"
    r"ratio|percentage|share|totals?|amount|per|each|a|an|the|monthly|weekly|daily|annual|"
    r"yearly|quarterly|average|median|mean|overall|total"
)
"""Words dropped from the end of a measure's phrase before its head noun is read."""

# ------------------------------------------------------------------------- countable things

COUNT_NOUNS = words(
    r"users? customers? clients? employees? staff agents? engineers? analysts? technicians? "
    r"people persons? members? tenants? patients? students? associates? workers? drivers? "
    r"direct[-\s]reports? reports? contractors? hires? stores? sites? locations? branches? "
    r"offices? warehouses? plants? facilities? factories? data[-\s]centers? centers? "
    r"distribution[-\s]centers? hospitals? clinics? schools? campuses? regions? countries? "
    r"markets? time[-\s]zones? servers? hosts? vms? virtual[-\s]machines? machines? nodes? "
    r"clusters? endpoints? devices? laptops? workstations? desktops? printers? phones? routers? "
    r"switches? firewalls? access[-\s]points? applications? apps? services? microservices? "
    r"systems? databases? mailboxes? accounts? seats? licen[cs]es? tickets? incidents? "
    r"requests? calls? chats? cases? orders? shipments? skus? pallets? parcels? trucks? "
    r"vehicles? routes? lanes? vendors? suppliers? carriers? contracts? partners? projects? "
    r"releases? deployments? changes? tests? test[-\s]cases? lines? shifts? products? teams? "
    r"departments? business[-\s]units? squads? transactions? invoices? records? reports? "
    r"dashboards? repositories? repos? pipelines? jobs? workloads? apis? integrations? "
    r"circuits? links? sensors? units? items? parts? containers? loads? deliveries? "
    r"agencies? entities? starters? new[-\s]starters? joiners? apprentices? interns? "
    r"volunteers? franchisees? crews? clinics? wards? depots? hubs? kiosks? terminals? "
    r"brands? programs? programmes? forms? steps? workflows? processes? queues? runbooks? "
    r"alerts? playbooks? documents? articles? scripts? assets? applicants? candidates? "
    r"requesters? callers? cities? states? markets? languages?"
)
"""Regular expressions for things whose count says how big the writer's remit was."""

MAGNITUDE_WORDS = r"dozens|hundreds|thousands|millions|tens\s+of\s+thousands"
"""Vague magnitudes ("thousands of users"): scope, but not a metric."""

BREADTH = (
    r"company[- ]?wide|organi[sz]ation[- ]wide|org[- ]wide|enterprise[- ]wide|firm[- ]wide|"
    r"department[- ]wide|division[- ]wide|nation[- ]?wide|world[- ]?wide|globally|global|"
    r"multi[- ](?:site|region|country|national)|across\s+(?:all|every|the\s+(?:company|"
    r"organi[sz]ation|business|enterprise|group|firm))"
)
"""Words that state breadth without a number (company-wide, global, across all sites)."""

SPAN_UNITS = r"weeks?|wks?|months?|mos?|quarters?|years?|yrs?"
"""Units of a project's or a role's time span (days and shorter are results, not scope)."""

# ------------------------------------------------------------------------- method phrases

METHOD_PREPOSITIONS = (
    r"using|leveraging|utili[sz]ing|via|with\s+the\s+help\s+of|by\s+means\s+of|by\s+way\s+of"
)
"""Prepositions that always introduce the means ("using Ansible", "via a new portal")."""

NON_GERUNDS = frozenset(
    words(
        "during morning evening spring nothing something anything everything thing string king "
        "ring ceiling wing bring ping"
    )
)
"""Words ending in -ing that are not verbs (or not methods) after "by"."""

LEADING_PHRASE_STARTS = frozenset(
    words(
        "in during over as after within across at for from while since when following under on "
        "by throughout upon within"
    )
)
"""Words that open a short context phrase before the verb ("In 2021, launched ...")."""

ADVERB_EXCEPTIONS = frozenset(words("apply supply reply multiply comply rally ally fly only"))
"""Words ending in -ly that are not adverbs to skip at the start of a bullet."""


def alternation(patterns: Iterable[str]) -> str:
    """Join regular expressions into one non-capturing alternation, longest first."""
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def word_set_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Compile a case-insensitive whole-word pattern for literal ``words``."""
    return re.compile(r"\b" + alternation(re.escape(w) for w in words) + r"\b", re.IGNORECASE)

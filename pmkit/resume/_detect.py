"""The detectors: one function per part of an impact bullet, each returning its evidence.

Every detector reads the same :class:`Parsed` bullet (normalized text, quantities, the leading
verb) and returns a :class:`Detection`: whether the part is there and the words that show it.
The rules are written out in each function's docstring; :mod:`pmkit.resume._lexicon` holds the
word lists.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from pmkit.resume import _lexicon as lx
from pmkit.resume._quantities import MASK, Quantity, find_quantities, masked, quantity_value

DUTY_SPEAK_PHRASES: tuple[str, ...] = tuple(phrase for phrase, _, _ in lx.DUTY_SPEAK)
"""The duty-speak, process-speak and filler phrases the analyzer flags, by their canonical name."""

_Q = f"{MASK}+"
_WORD = rf"[^\s{MASK}]+"
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


@dataclass(frozen=True)
class Detection:
    """Whether one part of a bullet was found, and the words that show it.

    A detection is truthy when the part was found, so ``if analysis.metric:`` reads naturally.
    ``spans`` are (start, end) character offsets into the bullet, in the order of ``evidence``.
    """

    found: bool
    evidence: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()

    def __bool__(self) -> bool:
        return self.found


def _detection(text: str, spans: list[tuple[int, int]]) -> Detection:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):  # merge overlapping spans
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(end, kept[-1][1]))
        else:
            kept.append((start, end))
    return Detection(bool(kept), tuple(text[s:e] for s, e in kept), tuple(kept))


@dataclass(frozen=True)
class Lead:
    """The bullet's leading verb: its word, position, base form and class."""

    word: str
    start: int
    end: int
    base: str
    kind: str
    """"result", "method", "lead", "other" (an unlisted -ed verb), "weak" or "none"."""


@dataclass(frozen=True)
class Parsed:
    """A bullet prepared for the detectors."""

    text: str
    quantities: tuple[Quantity, ...]
    masked: str
    lead: Lead


@cache
def verb_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    return (
        lx.verb_forms(lx.WEAK_VERBS),
        lx.verb_forms(lx.RESULT_VERBS),
        lx.verb_forms(lx.METHOD_VERBS),
        lx.verb_forms(lx.LEAD_VERBS),
    )


def normalize(text: str) -> str:
    """Replace typographic quotes, dashes and spaces by ASCII ones of the same length."""
    return text.translate(_TRANSLATE)


def find_lead(text: str) -> Lead:
    """Find the verb that opens the bullet and classify it.

    Skipped before the verb: bullet marks, a leading "I", adverbs ending in -ly
    ("Successfully ...") and a short context phrase that opens with a preposition and ends with
    a comma ("In 2019, ...", "As incident manager, ..."). Passive bullets ("Backlog was
    reduced ...") have no leading verb.

    >>> find_lead("Successfully migrated 420 VMs").kind
    'method'
    >>> find_lead("In 2019, cut costs").word
    'cut'
    >>> find_lead("Helped reduce backlog").kind
    'weak'
    """
    weak, result, method, lead = verb_tables()
    pos = re.match(r"[\s\u2022\u25aa\u25e6\u2023\u00b7*>\-]*", text)
    at = pos.end() if pos else 0
    phrase = re.match(r"([A-Za-z]+)\b[^,;.]{0,60},\s*", text[at:])
    if phrase and phrase.group(1).lower() in lx.LEADING_PHRASE_STARTS:
        at += phrase.end()
    while True:
        token = re.match(r"([A-Za-z][A-Za-z'-]*)\s*", text[at:])
        if not token:
            return Lead("", at, at, "", "none")
        word = token.group(1)
        low = word.lower()
        if low == "i" or (low.endswith("ly") and len(low) > 3 and low not in lx.ADVERB_EXCEPTIONS):
            at += token.end()
            continue
        break
    start, end = at, at + len(word)
    for table, kind in ((weak, "weak"), (result, "result"), (method, "method"), (lead, "lead")):
        if low in table:
            return Lead(word, start, end, table[low], kind)
    if low.endswith("ed") and len(low) > 4 and low not in lx.PARTICIPIAL_ADJECTIVES:
        return Lead(word, start, end, low, "other")
    return Lead(word, start, end, "", "none")


def parse(text: str) -> Parsed:
    """Normalize ``text`` and find its quantities and leading verb."""
    norm = normalize(text)
    quantities = find_quantities(norm)
    return Parsed(norm, tuple(quantities), masked(norm, quantities), find_lead(norm))


# --------------------------------------------------------------------------- action verb


def action_verb(p: Parsed) -> Detection:
    """Detect a strong opening verb (result, method or lead class, or an unlisted -ed verb).

    Weak verbs (helped, assisted, supported, handled, processed, monitored, maintained, was...)
    and passive voice do not count.
    """
    if p.lead.kind in ("result", "method", "lead", "other"):
        return _detection(p.text, [(p.lead.start, p.lead.end)])
    return Detection(False)


def passive_participle(p: Parsed) -> re.Match[str] | None:
    """Return the "was reduced" part of a passive bullet with no leading verb, if any."""
    if p.lead.kind not in ("none", "weak"):
        return None
    weak, result, method, lead = verb_tables()
    for m in re.finditer(
        r"\b(?:was|were|has\s+been|have\s+been|had\s+been|got|is|are)\s+([A-Za-z-]+)\b", p.text
    ):
        word = m.group(1).lower()
        verb_like = word in result or word in method or word in lead or word.endswith("ed")
        if verb_like and word not in weak and word not in lx.PARTICIPIAL_ADJECTIVES:
            return m
    return None


# -------------------------------------------------------------------------------- metric


def metric(p: Parsed) -> Detection:
    """Detect a quantity: money, a percentage, a duration, a ratio ("doubled"), a count.

    Names and labels that contain digits are not metrics (see
    :mod:`pmkit.resume._quantities`).
    """
    return _detection(p.text, [(q.start, q.end) for q in p.quantities])


_FROM_TO = re.compile(
    rf"\bfrom\s+(?:{_WORD}\s+){{0,4}}?{_Q}(?:\s+{_WORD}){{0,3}}?\s*"
    rf"(?:to|→|->|-|down\s+to|up\s+to)\s*(?:{_WORD}\s+){{0,3}}?{_Q}",
    re.IGNORECASE,
)
_BY_AMOUNT = re.compile(
    rf"\bby\s+(?:(?:about|around|roughly|nearly|almost|over|more\s+than|up\s+to|~|some|"
    rf"approximately|an\s+average\s+of|a\s+further)\s*)?{_Q}",
    re.IGNORECASE,
)
_RELATIVE_WORD = re.compile(
    rf"{_Q}\s+(?:[\w-]+\s+)?(?:lower|higher|faster|slower|fewer|less|more|shorter|longer|"
    rf"cheaper|better|reduction|decrease|increase|improvement|drop|decline|gain|growth|rise|lift|"
    rf"uplift|jump|savings?|off)\b"
    rf"|{_Q}\s+(?:under|below|above|over|ahead\s+of|behind)\s+(?:the\s+)?(?:budget|target|plan|"
    rf"forecast|schedule|baseline|goal|sla)\b"
    rf"|\b(?:up|down)\s+{_Q}",
    re.IGNORECASE,
)
_COMPARISON_WORD = re.compile(
    r"\b(?:vs\.?|versus|compared\s+(?:to|with)|against|relative\s+to|up\s+from|down\s+from|"
    r"baseline|previously|prior[- ]year|year[- ]over[- ]year|year[- ]on[- ]year|yoy|qoq|"
    r"the\s+year\s+before|last\s+year|the\s+previous\s+\w+)(?![\w])",
    re.IGNORECASE,
)
_DELTA_VERB = re.compile(
    r"\b(?:sav(?:ed|ing|es)|avoid(?:ed|ing)|recover(?:ed|ing)|freed|freeing|reclaim(?:ed|ing)|"
    r"recoup(?:ed|ing)|cut|cutting|shav(?:ed|ing)|trimm(?:ed|ing)|reduc(?:ed|ing)|"
    r"eliminat(?:ed|ing)|spar(?:ed|ing))\s+",
    re.IGNORECASE,
)
# Words between a saving verb and its amount; a preposition makes the amount a target or a
# level ("reduced MTTR to 45 minutes"), not an amount saved.
_NOT_A_TARGET = (
    r"(?:(?!(?:to|at|of|for|in|into|within|under|below|over|across|from|per|with|by)\b)\S+\s+)"
)


def comparison(p: Parsed) -> Detection:
    """Detect a baseline or a comparison for a metric.

    Any of: "from X to Y" (or "X to Y", "X → Y" when X is not a bare count); "by X" after a
    change ("by 30%", "by 90 seconds"); X with a relative word ("30% fewer", "2 days faster",
    "10% under budget", "down 12%"); a comparison word within 40 characters of a quantity ("vs",
    "compared with", "up from", "year-over-year", "the previous release"); a ratio ("halved",
    "doubled", "3x", "by half") or a signed change ("-19%"); a saving or an amount removed
    ("saved $180K", "shaved 2 days"; not "reduced MTTR to 45 minutes", a result with no baseline).
    """
    spans: list[tuple[int, int]] = []
    for pattern in (_FROM_TO, _BY_AMOUNT, _RELATIVE_WORD):
        spans += [(m.start(), m.end()) for m in pattern.finditer(p.masked)]
    qs = p.quantities
    for first, second in itertools.pairwise(qs):
        between = p.text[first.end : second.start]
        arrow = re.fullmatch(r"\s*(?:→|->)\s*", between)
        worded = re.fullmatch(r"\s+to\s+(?:\w+\s+){0,2}", between) and first.kind != "count"
        if arrow or worded:
            spans.append((first.start, second.end))
    for m in _COMPARISON_WORD.finditer(p.masked):
        near = [q for q in qs if q.end >= m.start() - 40 and q.start <= m.end() + 40]
        if near:
            q = min(near, key=lambda q: min(abs(q.end - m.start()), abs(q.start - m.end())))
            spans.append((min(m.start(), q.start), max(m.end(), q.end)))
    for q in qs:
        if q.kind in ("ratio", "multiplier") or (q.kind == "percent" and q.text[0] in "+-"):
            spans.append((q.start, q.end))
        if q.kind != "count":
            before = p.text[max(0, q.start - 40) : q.start]
            delta = re.search(rf"{_DELTA_VERB.pattern}{_NOT_A_TARGET}{{0,3}}?$", before, re.I)
            if delta:
                spans.append((q.start - len(before) + delta.start(), q.end))
    return _detection(p.text, spans)


# ----------------------------------------------------------------------------- direction

_STOP_MEASURE = re.compile(
    rf"\s(?:from|by|to|for|across|in|at|over|within|with|using|via|through|after|while|so|and|"
    rf"among|on|into|under|than|vs|versus|when|as)\b|[,;:.(]|{MASK}|$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    rf"{_Q}\s+(?P<word>more|higher|greater|larger|bigger|fewer|lower|less|smaller|longer|"
    rf"shorter)\b",
    re.IGNORECASE,
)
_RELATIVE_DIRECTION = {
    "more": "up", "higher": "up", "greater": "up", "larger": "up", "bigger": "up",
    "longer": "up", "fewer": "down", "lower": "down", "less": "down", "smaller": "down",
    "shorter": "down",
}  # fmt: skip


@cache
def _direction_tables() -> tuple[dict[str, str], re.Pattern[str], tuple[re.Pattern[str], ...]]:
    verbs = {form: "up" for form in lx.verb_forms(lx.UP_VERBS)}
    verbs |= {form: "down" for form in lx.verb_forms(lx.DOWN_VERBS)}
    verb_rx = re.compile(
        rf"(?<![\w-])({lx.alternation(map(re.escape, verbs))})(?![\w-])", re.IGNORECASE
    )
    lists = (
        re.compile(rf"(?<![\w-])(?:{lx.GOOD_MODIFIERS})(?![\w])", re.IGNORECASE),
        re.compile(rf"(?<![\w-])(?:{lx.BAD_MODIFIERS})(?![\w-])", re.IGNORECASE),
        re.compile(rf"^(?:{lx.alternation(lx.LOWER_IS_BETTER)})$", re.IGNORECASE),
        re.compile(rf"^(?:{lx.alternation(lx.HIGHER_IS_BETTER)})$", re.IGNORECASE),
        re.compile(
            rf"(?<![\w-])(?:{lx.PROBLEM_PLURALS})(?P<done>\s+(?:{lx.WORK_DONE})\b)?",
            re.IGNORECASE,
        ),
    )
    return verbs, verb_rx, lists


def measure_polarity(phrase: str) -> str:
    """Tell whether lower ("down") or higher ("up") is better for the measure ``phrase`` names.

    In order: a bad modifier ("failed changes", "late trucks") makes it "down"; a problem
    plural with a work-done participle ("tickets resolved") "up"; a problem plural anywhere
    ("first-pass defects", "incidents per month") "down"; a good modifier ("on-time incident
    response", "fix rate") "up"; otherwise the last word (or hyphenated part) in the
    :data:`~pmkit.resume._lexicon.LOWER_IS_BETTER` or ``HIGHER_IS_BETTER`` lists decides.
    Returns "" for a measure with no known polarity (team size, deployments, prices).

    >>> [measure_polarity(m) for m in ("ticket volume", "on-time delivery", "team", "uptime")]
    ['down', 'up', '', 'up']
    >>> [measure_polarity(m) for m in ("tickets resolved per agent", "first-pass defects")]
    ['up', 'down']
    """
    _, _, (good, bad, lower, higher, problems) = _direction_tables()
    if bad.search(phrase):
        return "down"
    problem = problems.search(phrase)
    if problem:
        return "up" if problem.group("done") else "down"
    if good.search(phrase):
        return "up"
    words = re.findall(r"[A-Za-z][\w'-]*", phrase)
    for word in reversed(words):
        for part in reversed([word, *word.split("-")] if "-" in word else [word]):
            if lower.match(part.lower().strip("'")):
                return "down"
            if higher.match(part.lower().strip("'")):
                return "up"
    return ""


def _pair_direction(p: Parsed, start: int, end: int) -> str:
    """Return the direction of the first pair of comparable quantities in text[start:end]."""
    inside = [q for q in p.quantities if start <= q.start and q.end <= end]
    if len(inside) < 2:
        return ""
    first, second = inside[0], inside[1]
    a, b = quantity_value(first), quantity_value(second, like=first)
    if a is None or b is None or a[0] != b[0] or a[1] == b[1]:
        return ""
    return "up" if b[1] > a[1] else "down"


def _measure_after(p: Parsed, at: int) -> tuple[int, int]:
    stop = _STOP_MEASURE.search(p.masked, at)
    return at, stop.start() if stop else len(p.text)


def wrong_direction(p: Parsed) -> Detection:
    """Detect a change for the worse: a measure moved the wrong way for the business or users.

    A change is a verb that moves a measure ("increased ticket volume", "cutting accuracy"), a
    relative word after a quantity ("40% more complaints") or a "from X to Y" pair after a
    measure ("moved the defect rate from 3% to 7%"); its direction comes from the pair's values
    when they are comparable, else from the verb. The measure's polarity comes from
    :func:`measure_polarity`. Flagged when up meets lower-is-better (costs, times, errors,
    incidents, backlog, churn, tickets raised) or down meets higher-is-better (satisfaction,
    accuracy, uptime, revenue, adoption). A measure of unknown polarity is never flagged.
    """
    verbs, verb_rx, _ = _direction_tables()
    spans: list[tuple[int, int]] = []
    used: list[tuple[int, int]] = []
    for m in verb_rx.finditer(p.text):  # the text: "doubled" is also a quantity
        if p.masked[: m.start()].rstrip().endswith(MASK):
            continue  # "30% lower": a relative word, read below
        start, end = _measure_after(p, m.end())
        clause = re.search(r"[,;:]|\s-\s|$", p.masked[end:])
        clause_end = end + (clause.start() if clause else 0)
        pair = _FROM_TO.search(p.masked, end, clause_end)
        direction = _pair_direction(p, pair.start(), pair.end()) if pair else ""
        direction = direction or verbs[m.group(1).lower()]
        used.append((m.start(), pair.end() if pair else end))
        if measure_polarity(p.text[start:end]) not in ("", direction):
            spans.append((m.start(), pair.end() if pair else end))
    for pair in _FROM_TO.finditer(p.masked):
        if any(s <= pair.start() < e for s, e in used):
            continue
        head = p.masked[: pair.start()]
        cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"))
        start = max(cut + 1, p.lead.end if p.lead.kind != "none" else 0)
        start += len(p.text[start:]) - len(p.text[start:].lstrip())
        direction = _pair_direction(p, pair.start(), pair.end())
        if direction and measure_polarity(p.text[start : pair.start()]) not in ("", direction):
            spans.append((start, pair.end()))
    for m in _RELATIVE.finditer(p.masked):
        _, end = _measure_after(p, m.end())
        direction = _RELATIVE_DIRECTION[m.group("word").lower()]
        if measure_polarity(p.text[m.end() : end]) not in ("", direction):
            spans.append((m.start(), end))
    return _detection(p.text, spans)


# ------------------------------------------------------------------------------- outcome

_PEOPLE = r"(?<![\w-])" + lx.alternation(lx.PEOPLE)
_OUTCOME = lx.alternation(lx.OUTCOME_NOUNS)
_WITH_CHANGE = (
    # "customer satisfaction", "users' wait time"
    re.compile(rf"{_PEOPLE}(?:'s|s'|')?\s+(?:[\w-]+\s+)?{_OUTCOME}\b", re.IGNORECASE),
    # "adoption among 5,000 employees", "wait time for customers"
    re.compile(
        rf"\b{_OUTCOME}\s+(?:[\w-]+\s+){{0,2}}?(?:for|of|among|across|by|from|to)\s+"
        rf"(?:\S+\s+){{0,3}}?{_PEOPLE}\b",
        re.IGNORECASE,
    ),
    # "customers reported", "agents now ..."
    re.compile(rf"{_PEOPLE}\s+(?:{lx.OUTCOME_VERBS})\b", re.IGNORECASE),
    # CSAT, NPS, churn, retention, first-contact resolution, on-time delivery, active users
    re.compile(rf"\b(?:{lx.CUSTOMER_METRICS})\b", re.IGNORECASE),
    # "... for 3,000 employees"
    re.compile(rf"\bfor\s+(?:\S+\s+){{0,3}}?{_PEOPLE}\b", re.IGNORECASE),
)
_INHERENT = (
    # "so that new employees ...", "so 300 technicians could ..."
    re.compile(rf"\bso(?:\s+that)?\s+(?:\S+\s+){{0,3}}?{_PEOPLE}\b", re.IGNORECASE),
    # "freeing the 4-person team", "sparing merchants", "letting customers"
    re.compile(
        rf"\b(?:{lx.BENEFIT_VERBS})\s+(?:\S+\s+){{0,3}}?(?:{_PEOPLE}|teams?\b|staff\b)\b",
        re.IGNORECASE,
    ),
)


@cache
def _change_pattern() -> re.Pattern[str]:
    result_forms = lx.verb_forms(lx.RESULT_VERBS)
    return re.compile(
        rf"\b(?:{lx.CHANGE_WORDS}|{lx.alternation(map(re.escape, result_forms))})\b", re.IGNORECASE
    )


def has_change(p: Parsed, compared: Detection) -> bool:
    """Tell whether the bullet reports a change: a comparison, a result verb, a change word."""
    return bool(compared) or p.lead.kind == "result" or bool(_change_pattern().search(p.text))


def outcome(p: Parsed, compared: Detection) -> Detection:
    """Detect a user or customer outcome: a change stated for named people.

    Found when a phrase ties people (customers, users, employees, agents, tenants... see
    :data:`~pmkit.resume._lexicon.PEOPLE`) to the result: "so (that) <people> ...", "freeing /
    letting / sparing <people>"; or, when the bullet reports a change, "<people>'s <outcome>"
    ("customer wait times"), "<outcome> for/among <people>", "<people> now/could/reported",
    "... for <people>", or a customer metric (CSAT, NPS, churn, retention, first-contact
    resolution, on-time delivery, active users). Numbers glued to a noun ("60-agent") are size,
    not people.
    """
    spans = [(m.start(), m.end()) for rx in _INHERENT for m in rx.finditer(p.masked)]
    if has_change(p, compared):
        spans += [(m.start(), m.end()) for rx in _WITH_CHANGE for m in rx.finditer(p.masked)]
    return _detection(p.text, spans)


# --------------------------------------------------------------------------------- scope

_COUNT_NOUN = lx.alternation(lx.COUNT_NOUNS)
_NAMED_GROUPS = (
    r"teams?|departments?|org|organi[sz]ations?|divisions?|business\s+units?|groups?|functions?|"
    r"crews?|squads?|shifts?"
)
_NAMED_UNITS = (
    rf"{_NAMED_GROUPS}|offices?|branch(?:es)?|sites?|regions?|plants?|warehouses?|clinics?|"
    r"hospitals?|stores?|practices?|depots?|locations?|countries|country|markets?"
)
# A count served is scope whatever it counts: "for 120 starters", "across 9 franchisees".
_SERVED_COUNT = re.compile(
    r"\b(?:for|across|serving|supporting|among|covering)\s+(?:(?:about|around|over|nearly|"
    r"some|roughly|more\s+than)\s+)?$",
    re.IGNORECASE,
)
_PLURAL_AFTER_COUNT = re.compile(
    r"\+?(?:-|\s+)(?:(?!(?:of|per|to|from|by|in|a|an|for|and|or|with)\b)[\w'&/-]+\s+)?"
    r"(?P<noun>[A-Za-z][a-z-]{2,}(?<![isu])s)\b"
)
_NOT_PLURAL_NOUNS = frozenset(
    lx.words(
        "across always perhaps thus plus minus unless towards besides whereas its his this was "
        "has does yes afterwards upwards downwards sometimes hours minutes days weeks months "
        "years seconds times"
    )
)
_AFTER_COUNT = re.compile(
    rf"\+?(?:-|\s+)(?:(?!(?:of|per|to|from|by|in|a|an)\b)[\w'&/-]+\s+){{0,2}}{_COUNT_NOUN}\b",
    re.IGNORECASE,
)
_SCOPE_PHRASES = (
    re.compile(rf"\bteams?\s+of\s+{_Q}", re.IGNORECASE),
    re.compile(
        rf"\b(?:{lx.MAGNITUDE_WORDS})\s+of\s+(?:[\w-]+\s+){{0,2}}{_COUNT_NOUN}\b", re.IGNORECASE
    ),
    re.compile(rf"\b(?:{lx.BREADTH})\b", re.IGNORECASE),
    # a named group served ("for the payments team") or every unit ("for every branch")
    re.compile(
        rf"\b(?:for|across|to|serving|supporting)\s+(?:the|our|its|a|an)\s+"
        rf"(?:[\w&/-]+\s+){{0,3}}?(?:{_NAMED_GROUPS})\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:every|each|all)\s+(?:[\w-]+\s+)?(?:{_NAMED_UNITS})\b", re.IGNORECASE),
)
_SPAN_BEFORE = re.compile(
    r"\b(?:over|in|within|across|during|for|throughout)\s+"
    r"(?:(?:the|a|an|first|last|past|next|just|only|under|about)\s+){0,2}$",
    re.IGNORECASE,
)


def scope(p: Parsed) -> Detection:
    """Detect the scope: the size of the remit in people, things, money or time.

    Found for a count followed (within two words) by a countable noun ("600 Linux servers",
    "2,000-user help desk", "team of 6"), a count served of any plural noun ("for 120
    starters"), a vague magnitude ("thousands of users"), any amount of money, a time span in
    weeks, months, quarters or years introduced by over/in/within/across/during/for or used as
    a modifier ("9-month migration"), a breadth word (company-wide, global, across all sites),
    a named group served ("for the payments team") or every unit ("for every branch").
    """
    spans: list[tuple[int, int]] = []
    for q in p.quantities:
        if q.kind == "money":
            spans.append((q.start, q.end))
        elif q.kind == "count":
            m = _AFTER_COUNT.match(p.text, q.end)
            plural = _PLURAL_AFTER_COUNT.match(p.masked, q.end)
            if m:
                spans.append((q.start, m.end()))
            elif (
                plural
                and plural.group("noun").lower() not in _NOT_PLURAL_NOUNS
                and _SERVED_COUNT.search(p.text[max(0, q.start - 30) : q.start])
            ):
                spans.append((q.start, plural.end()))
        elif q.span_unit:
            before = _SPAN_BEFORE.search(p.text[: q.start])
            if before:
                spans.append((before.start(), q.end))
            elif "-" in q.text and re.match(r"\s+\w", p.text[q.end :]):
                spans.append((q.start, q.end))
    for rx in _SCOPE_PHRASES:
        spans += [(m.start(), m.end()) for m in rx.finditer(p.masked)]
    return _detection(p.text, spans)


# -------------------------------------------------------------------------------- method

_BY_GERUND = re.compile(
    r"\b(?:by|after|through|via)\s+(?:\w+ly\s+)?(?P<g>[A-Za-z-]+ing)\b", re.IGNORECASE
)
_MEANS = re.compile(rf"\b(?:{lx.METHOD_PREPOSITIONS})\s+(?!{MASK})\S", re.IGNORECASE)
_THROUGH = re.compile(rf"\bthrough\s+(?!{MASK})\S", re.IGNORECASE)
_WITH_A = re.compile(
    r"\bwith\s+(?:a|an|new|automated|weekly|daily|nightly|monthly|standard|shared|single|"
    r"self-service|scheduled|targeted)\s+"
    r"(?!(?:team|budget|staff|headcount|group|total|combined)\b)[A-Za-z]",
    re.IGNORECASE,
)
_AFTER_CHANGE = re.compile(
    r"\b(?:after|following|with|through)\s+(?:(?:the|a|an|our|its)\s+)?(?:new\s+)?"
    r"(?:move|switch|migration|rollout|roll-out|launch|introduction|redesign|rebuild|upgrade|"
    r"consolidation|automation|adoption|replacement|overhaul|re-?platforming)\b",
    re.IGNORECASE,
)
_CLAUSE_GERUND = re.compile(
    r"(?:[,;:]|\s-)\s+(?:and\s+)?(?:by\s+)?(?P<g>[A-Za-z-]+ing)\b", re.IGNORECASE
)


def _to_clause_end(text: str, start: int) -> tuple[int, int]:
    stop = re.compile(r"[,;.](?:\s|$)|\s-\s|$")
    m = stop.search(text, start)
    end = m.start() if m else len(text)
    return start, min(end, start + 80)


def method(p: Parsed, compared: Detection) -> Detection:
    """Detect the method: how the result was achieved.

    Found for "by / after / via <verb>-ing" ("by automating ..."), "using / leveraging / via
    <something>", "with a(n) <something>" (not "with a team of", "with a budget"), a clause
    opened by a method verb ("..., adding 2 pick lines"), "after / following / with the
    <move, switch, migration, rollout...>", a leading method verb (built, automated, negotiated,
    migrated...: the bullet names the intervention), an opening clause led by another -ed verb
    when a later clause reports the result ("Shifted deploys off-peak, cutting ..."), or
    "through <something>" when the bullet reports a change ("through" alone also means
    "during").
    """
    _, _, method_forms, _ = verb_tables()
    spans: list[tuple[int, int]] = []
    for m in _BY_GERUND.finditer(p.masked):
        if m.group("g").lower() not in lx.NON_GERUNDS:
            spans.append(_to_clause_end(p.text, m.start()))
    for rx in (_MEANS, _WITH_A, _AFTER_CHANGE):
        spans += [_to_clause_end(p.text, m.start()) for m in rx.finditer(p.masked)]
    if has_change(p, compared):
        spans += [_to_clause_end(p.text, m.start()) for m in _THROUGH.finditer(p.masked)]
    for m in _CLAUSE_GERUND.finditer(p.masked):
        if m.group("g").lower() in method_forms:
            spans.append(_to_clause_end(p.text, m.start("g")))
    if p.lead.kind == "method":
        spans.append(_to_clause_end(p.text, p.lead.start))
    elif p.lead.kind == "other":
        # "Shifted deploys to off-peak windows, cutting failed changes ...": the opening clause
        # is what was done when a later clause reports the result.
        result_forms = lx.verb_forms(lx.RESULT_VERBS)
        for m in _CLAUSE_GERUND.finditer(p.masked, p.lead.end):
            if m.group("g").lower() in result_forms:
                spans.append((p.lead.start, m.start()))
                break
    return _detection(p.text, spans)


# ---------------------------------------------------------------------------- duty-speak


@cache
def _duty_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((phrase, re.compile(rx, re.IGNORECASE)) for phrase, _, rx in lx.DUTY_SPEAK)


def duty_speak(p: Parsed) -> Detection:
    """Detect duty-speak, process-speak or vague filler (see :data:`DUTY_SPEAK_PHRASES`)."""
    spans = [(m.start(), m.end()) for _, rx in _duty_patterns() for m in rx.finditer(p.text)]
    return _detection(p.text, spans)


def duty_phrases(p: Parsed) -> tuple[str, ...]:
    """Return the canonical names of the duty-speak phrases found, in lexicon order."""
    return tuple(phrase for phrase, rx in _duty_patterns() if rx.search(p.text))

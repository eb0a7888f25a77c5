"""Heuristic structure checkers for practice answers: learning aids, not graders.

Each checker reads a written answer with keyword and pattern rules and reports which parts of
a structure it found, which it did not, and what to try next. The rules are simple on purpose:
they can miss a part phrased unusually and can be fooled by keywords, so a result is a prompt
to look again at the answer, never a score. Structures follow the course's content reference:
STAR (situation, task, action, result), the metric-drop checklist (data and tool first, then
seasonality and history, recent releases, segments, other teams, external events) and the
estimation steps (clarify, write the equation, decompose, sanity-check).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from pmkit import _validation as v
from pmkit.interview._bank import Prompt

LEARNING_AID = (
    "Learning aid: a keyword heuristic, not a grade. It can miss a part you phrased "
    "differently and can be fooled by keywords; use it to spot gaps, then judge your answer "
    "against the rubric."
)
"""The label every checker result carries."""


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class CheckResult:
    """What a structure checker found in an answer (a learning aid, not a grade).

    ``found`` and ``missing`` partition the checker's items, in the checker's order;
    ``evidence`` maps each found item to the sentence that matched; ``suggestions`` says what
    to add or change; ``note`` is the learning-aid label.
    """

    checker: str
    found: tuple[str, ...]
    missing: tuple[str, ...]
    suggestions: tuple[str, ...]
    evidence: Mapping[str, str] = field(default_factory=_empty)
    note: str = LEARNING_AID

    @property
    def coverage(self) -> float:
        """The share of items found, from 0 to 1."""
        total = len(self.found) + len(self.missing)
        return len(self.found) / total if total else 1.0

    @property
    def complete(self) -> bool:
        """True when nothing is missing."""
        return not self.missing

    def summary(self) -> str:
        """Return the result as plain text, starting with the learning-aid label."""
        lines = [f"{self.checker} (learning aid, heuristic)"]
        lines += [f"  found:   {item}" for item in self.found]
        lines += [f"  missing: {item}" for item in self.missing]
        lines += [f"  try: {s}" for s in self.suggestions]
        lines.append(self.note)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.checker}** · *learning aid, heuristic*", ""]
        lines += [f"- ✅ {item}" for item in self.found]
        lines += [f"- ⬜ {item}" for item in self.missing]
        if self.suggestions:
            lines += ["", "**Try:**"] + [f"- {s}" for s in self.suggestions]
        lines += ["", f"*{self.note}*"]
        return "\n".join(lines)


@dataclass(frozen=True)
class EstimateCheck(CheckResult):
    """An estimation check, with the final estimate it read and its distance from a reference.

    ``orders_off`` is how many orders of magnitude (powers of ten) the estimate lies outside
    ``reference``: 0 inside the range, 1 for ten times above the top or below the bottom.
    """

    estimate: float | None = None
    reference: tuple[float, float] | None = None
    orders_off: float | None = None


def _text_arg(answer: object) -> str:
    if not isinstance(answer, str) or not answer.strip():
        raise ValueError(f"answer must be non-empty text; got {answer!r}")
    return answer


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;])\s+|\n+|\s+\|\s+", text)
    return [p.strip(" -•*\t") for p in parts if p.strip(" -•*\t")]


def _first(pattern: re.Pattern[str], sentences: list[str]) -> int | None:
    for i, s in enumerate(sentences):
        if pattern.search(s):
            return i
    return None


def _result(
    checker: str,
    items: tuple[str, ...],
    evidence: dict[str, str],
    advice: Mapping[str, str],
    extra: list[str] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], Mapping[str, str]]:
    found = tuple(i for i in items if i in evidence)
    missing = tuple(i for i in items if i not in evidence)
    suggestions = tuple([advice[i] for i in missing] + (extra or []))
    return found, missing, suggestions, MappingProxyType(dict(evidence))


# ----------------------------------------------------------------------------- STAR

STAR_ITEMS: tuple[str, ...] = ("situation", "task", "action", "result", "quantified result")
"""What :func:`check_star` looks for, in order."""

_I = re.IGNORECASE
_LABEL = re.compile(
    r"\b(?:(situation|task|actions?|results?)\s*[:\-–—]|(?<![\w'])([STAR])\s*:)\s*", _I
)
_LETTERS = {"s": "situation", "t": "task", "a": "action", "r": "result"}
_SITUATION = re.compile(
    r"\b(situation|context|background|at the time|when i (was|joined|worked|started)|"
    r"i was (working|a|an|the|on|in)|i worked (as|at|in|on|for)|"
    r"our (team|company|department|site|warehouse|service desk|store|customers?)|"
    r"we (were|had)|there (was|were)|the company|last (year|quarter|month)|"
    r"in my (previous|last|current|old) (role|job|team)|had been|used to)\b",
    _I,
)
_TASK = re.compile(
    r"\b(task|goal|aim|objective|my (job|role|responsibility|target) was|"
    r"i was (responsible|asked|tasked|expected)|responsible for|needed to|had to|"
    r"wanted to|the challenge was|i owned|i needed)\b",
    _I,
)
_VERBS = (
    r"(led|built|created|proposed|organi[sz]ed|set up|wrote|ran|designed|introduced|analy[sz]ed|"
    r"pulled|met|worked|convinced|rolled|automated|negotiated|escalated|decided|started|mapped|"
    r"interviewed|piloted|trained|coordinated|launched|changed|reviewed|implemented|opened|"
    r"assigned|posted|talked|presented|added|gathered|shared|walked|broke|moved|replaced|"
    r"approved|apologi[sz]ed|paused|re-?planned|persuaded|prototyped|tested|measured|"
    r"documented|drafted|scheduled|hired|took|made|spoke|called|contacted|found|identified|"
    r"investigated|prioriti[sz]ed|simplified|suggested|recommended|brought|used|updated|pushed|"
    r"compared|priced|showed|explained|timed|separated|asked|rebuilt|fixed|wrote|sent)"
)
_ACTION = re.compile(rf"\bi (?:\w+ly |then |also |first |personally )?{_VERBS}\b", _I)
_WE_ACTION = re.compile(rf"\bwe (?:\w+ly |then |also |first )?{_VERBS}\b", _I)
_RESULT = re.compile(
    r"\b(results?|resulted|as a result|outcome|in the end|ended up|which (led|meant)|led to|"
    r"reduc(ed|ing)|increas(ed|ing)|improv(ed|ing)|cut|saved|fell|rose|dropped|went (from|down|up)|"
    r"grew|doubled|halved|achieved|learn(ed|t)|lesson|since then|afterwards|restored|"
    r"shortened|raised|lowered|down from|up from)\b",
    _I,
)
_QUANTITY = re.compile(
    r"\d|\b(half|halved|doubled|twice|tripled|a third|two thirds|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|"
    r"millions?|dozens?)\b",
    _I,
)
_BASELINE = re.compile(
    r"\bfrom\b.*\bto\b|\bcompared (with|to)\b|\bthan\b|\bbefore\b|\bversus\b|\bvs\.?\s|"
    r"\bdown from\b|\bup from\b|\bbaseline\b|%|\bper ?cent\b|\bhalved\b|\bdoubled\b",
    _I,
)

_STAR_ADVICE: Mapping[str, str] = MappingProxyType(
    {
        "situation": "Open with one or two sentences of context: where you were, what was at "
        "stake, who was affected.",
        "task": 'Say what you were responsible for or asked to achieve ("My job was to ...").',
        "action": 'Describe what you did yourself, with first-person verbs ("I mapped ...", '
        '"I proposed ...").',
        "result": "Close with the outcome: what changed because of your actions, and what you "
        "learned.",
        "quantified result": 'Put a number on the result, ideally with a baseline ("from 6 days '
        'to 2", "compared with the quarter before").',
    }
)


def _labelled_sections(text: str) -> dict[str, str]:
    marks = list(_LABEL.finditer(text))
    sections: dict[str, str] = {}
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        word = mark.group(1)
        name = word.lower().rstrip("s") if word else _LETTERS[mark.group(2).lower()]
        body = text[mark.end() : end].strip()
        if len(body.split()) >= 3:
            sections[name] = (sections.get(name, "") + " " + body).strip()
    return sections


def check_star(answer: str) -> CheckResult:
    """Check a behavioral answer for STAR structure and a quantified result (learning aid).

    Looks for the situation, the task, the learner's own actions, the result, and a number in
    the result. Explicit labels (``Situation:``, ``Task:``, ``Action:``, ``Result:``, or
    ``S:``/``T:``/``A:``/``R:``) are used when present; otherwise sentences are classified by
    cue words, and only sentences after the first action can count as the result. Also
    suggests adding a baseline when the result has a number but no comparison, and "I" when
    actions are described only as "we".

    >>> result = check_star(
    ...     "Our warehouse had a returns backlog. My job was to cut the time to refund. "
    ...     "I timed each step and piloted sorting returns on arrival. "
    ...     "As a result, time to refund fell from 6 days to 2."
    ... )
    >>> result.missing
    ()
    >>> check_star("We worked hard on the migration and it went well.").missing
    ('situation', 'task', 'action', 'result', 'quantified result')
    """
    text = _text_arg(answer)
    evidence: dict[str, str] = {}
    extra: list[str] = []
    sections = _labelled_sections(text)
    if len(sections) >= 2:
        for name in ("situation", "task", "action", "result"):
            if name in sections:
                evidence[name] = sections[name]
        result_text = sections.get("result", "")
    else:
        sentences = _sentences(text)
        first_action = _first(_ACTION, sentences)
        for name, pattern in (("situation", _SITUATION), ("task", _TASK), ("action", _ACTION)):
            hit = _first(pattern, sentences)
            if hit is not None:
                evidence[name] = sentences[hit]
        start = 0 if first_action is None else first_action + 1
        later = sentences[start:]
        results = [s for s in later if _RESULT.search(s)]
        if results:
            evidence["result"] = results[0]
            last_action = max(i for i, s in enumerate(sentences) if _ACTION.search(s) or i == 0)
            tail = sentences[last_action + 1 :] if first_action is not None else []
            result_text = " ".join(dict.fromkeys(results + tail))
        else:
            result_text = ""
        if "action" not in evidence and any(_WE_ACTION.search(s) for s in sentences):
            extra.append('Your actions are all described as "we": say which part you did yourself.')
    if "result" in evidence and _QUANTITY.search(result_text):
        evidence["quantified result"] = result_text
        if not _BASELINE.search(result_text):
            extra.append(
                'Your result has a number but no comparison: add a baseline ("from X to Y", '
                '"compared with last quarter").'
            )
    found, missing, suggestions, kept = _result(
        "STAR structure", STAR_ITEMS, evidence, _STAR_ADVICE, extra
    )
    return CheckResult("STAR structure", found, missing, suggestions, kept)


# ----------------------------------------------------------------------------- metric drop

METRIC_DROP_ITEMS: tuple[str, ...] = (
    "data and tool check",
    "seasonality and history",
    "recent releases",
    "segments",
    "other teams",
    "external events",
    "data checked first",
)
"""What :func:`check_metric_drop` looks for: the checklist in order, then the ordering rule."""

_DROP_CUES: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "data and tool check": re.compile(
            r"\b(tracking|logging|logged|instrumentation|pipeline|data (quality|issue|problem|"
            r"delay|bug)|the data|our data|measurement|measured|definition|defined|dashboard|"
            r"analytics|sdk|event names?|query|bug in|the tool|reporting)\b",
            _I,
        ),
        "seasonality and history": re.compile(
            r"\b(season\w*|holidays?|last year|year over year|year-over-year|history|historical|"
            r"day of (the )?week|weekly pattern|same (period|week|month)|normal variation|trend|"
            r"previous (weeks|years|drops)|happened before)\b",
            _I,
        ),
        "recent releases": re.compile(
            r"\b(releases?|released|deploy\w*|launch\w*|shipped|new version|app version|"
            r"roll(ed)? ?out|rollouts?|code change|product change|changes? we made|update[sd]?|"
            r"feature flags?|changes? to|software change|process change|migration)\b",
            _I,
        ),
        "segments": re.compile(
            r"\b(segments?|segmented|platforms?|countr(y|ies)|regions?|devices?|browsers?|"
            r"android|ios|new (vs\.?|versus|and|or) (returning|existing)|cohorts?|channels?|"
            r"break (it )?down|by market|user types?)\b",
            _I,
        ),
        "other teams": re.compile(
            r"\b(other teams?|another team|marketing|sales|support team|customer support|"
            r"campaigns?|pricing change|partner team|finance|customer success|hr|legal|"
            r"(security|notifications?|ops|operations|infrastructure|payments|platform) team|"
            r"other departments?|purchasing|procurement)\b",
            _I,
        ),
        "external events": re.compile(
            r"\b(external|competitors?|news|weather|storms?|strikes?|regulation\w*|app store|"
            r"economy|economic|outage (at|of)|provider outage|third[- ]party|market (event|change)|"
            r"public holiday|elections?|road closures?|mergers?|acquisitions?|office move|"
            r"supply disruptions?|roadworks)\b",
            _I,
        ),
    }
)

_DROP_ADVICE: Mapping[str, str] = MappingProxyType(
    {
        "data and tool check": "Start by ruling out the measurement: a tracking, logging, "
        "definition or pipeline change can look exactly like a real drop.",
        "seasonality and history": "Compare with history: the same period last year, the "
        "day-of-week pattern, and whether drops like this happened before.",
        "recent releases": "Line the drop up with recent releases and rollouts on each platform.",
        "segments": "Break the drop down by segment (platform, country, new vs returning "
        "users, channel) to find where it is concentrated.",
        "other teams": "Ask other teams what they changed: marketing campaigns, pricing, "
        "notifications, support processes.",
        "external events": "Check external events: competitors, holidays, outages at "
        "providers, news, weather.",
        "data checked first": "Put the data and tool check first, before hunting for real causes.",
    }
)


def check_metric_drop(answer: str) -> CheckResult:
    """Check a metric-drop diagnosis against the course's checklist (learning aid).

    The checklist: check the data and the tool first; then seasonality and history; recent
    releases; segments (platform, country, new vs returning, channel); other teams; external
    events. Each item is found by cue words; "data checked first" is found when the first
    checklist cue in the answer is a data or tool check.

    >>> answer = (
    ...     "First I'd confirm the tracking didn't change. Then compare with last year for "
    ...     "seasonality, check recent releases, and segment by platform and country."
    ... )
    >>> check_metric_drop(answer).missing
    ('other teams', 'external events')
    """
    text = _text_arg(answer)
    sentences = _sentences(text)
    evidence: dict[str, str] = {}
    positions: dict[str, int] = {}
    for item, pattern in _DROP_CUES.items():
        match = pattern.search(text)
        if match:
            positions[item] = match.start()
            hit = _first(pattern, sentences)
            evidence[item] = sentences[hit] if hit is not None else match.group(0)
    if positions and min(positions, key=lambda k: positions[k]) == "data and tool check":
        evidence["data checked first"] = evidence["data and tool check"]
    found, missing, suggestions, kept = _result(
        "Metric-drop checklist", METRIC_DROP_ITEMS, evidence, _DROP_ADVICE
    )
    if "data and tool check" in missing:  # the ordering advice repeats the first one
        suggestions = tuple(s for s in suggestions if s != _DROP_ADVICE["data checked first"])
    return CheckResult("Metric-drop checklist", found, missing, suggestions, kept)


# ----------------------------------------------------------------------------- estimation

ESTIMATE_ITEMS: tuple[str, ...] = (
    "assumptions stated",
    "equation",
    "final estimate",
    "units stated",
    "sanity check",
    "within the reference range",
)
"""What :func:`check_estimate` looks for (the range item only when a reference is given)."""

_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(k|m|mn|b|bn)\b|\s?(thousand|million|billion|trillion)\b)?",
    _I,
)
_ASSUME = re.compile(
    r"\b(assum\w*|let's say|let us say|suppose|say there are|roughly|guess)\b|~", _I
)
_EQUATION = re.compile(
    r"=|\w\s[×x*/÷]\s\w|\d\s?[×x*/÷+]\s?\d|\d\s(times|multiplied by|divided by)\s\d", _I
)
_SANITY = re.compile(
    r"\b(sanity|cross-?check\w*|double-?check\w*|check (it )?against|compar\w+|plausib\w*|"
    r"reasonable|order of magnitude|another angle|other angle|supply side|ballpark|"
    r"feels (right|high|low)|makes sense|sensitiv\w*|matters most|(key|biggest|most uncertain) "
    r"assumption|range)\b",
    _I,
)
_CROSS_CHECK = re.compile(
    r"\b(sanity|cross-?check\w*|double-?check\w*|check (it )?against|compar\w+|another angle|"
    r"other angle|supply side|order of magnitude|range|sensitiv\w*)\b",
    _I,
)
_CURRENCY = re.compile(r"([$€£¥]|\b(usd|eur|gbp))\s?[~≈]?\s?$", _I)
_NOT_UNITS = frozenset(
    {"a", "an", "and", "or", "the", "to", "of", "in", "on", "at", "for", "is", "are", "was"}
    | {"were", "be", "per", "so", "total", "about", "roughly", "around", "which", "that"}
    | {"this", "it", "we", "i", "as", "by", "with", "from", "than", "then"}
)

_ESTIMATE_ADVICE: Mapping[str, str] = MappingProxyType(
    {
        "assumptions stated": 'Label your inputs as assumptions ("assume ~2 tickets per '
        'employee per month") so the listener can challenge them.',
        "equation": 'Write the equation before the numbers ("vans = orders per day / orders '
        'per van per day").',
        "final estimate": "End with one clear number (or a range) as your estimate.",
        "units stated": "State the unit of the final answer (per day? per year? GB? people?).",
        "sanity check": "Sanity-check the result from another angle or against a reference "
        "point you know.",
        "within the reference range": "Your estimate is far from the reference range: find "
        "the assumption that drives the gap (often a per-unit rate or a time conversion).",
    }
)


def _numbers(text: str) -> list[tuple[float, int, int]]:
    """Return (value, start, end) for every number in ``text``, with k/million suffixes applied."""
    found = []
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        suffix = (match.group(2) or match.group(3) or "").lower()
        found.append((value * _SCALE.get(suffix, 1.0), match.start(), match.end()))
    return found


def _final_number(text: str) -> tuple[float, str, str, str] | None:
    """Return the final estimate, its sentence and the text before and after it, or None."""
    sentences = _sentences(text)
    with_numbers = [s for s in sentences if _numbers(s)]
    if not with_numbers:
        return None
    # A cross-check sentence has numbers too; the estimate is the last number before it.
    conclusions = [s for s in with_numbers if not _CROSS_CHECK.search(s)]
    sentence = (conclusions or with_numbers)[-1]
    value, start, end = _numbers(sentence)[-1]
    return value, sentence, sentence[:start], sentence[end:]


def check_estimate(
    answer: str,
    *,
    reference: tuple[float, float] | None = None,
    unit: str | None = None,
    estimate: float | None = None,
) -> EstimateCheck:
    """Check an estimation answer for the estimation steps and a sane result (learning aid).

    Looks for stated assumptions, an equation (``=`` or an operator between terms), a final
    number, its unit, and a sanity check. The final estimate is the last number of the last
    sentence that has numbers and is not a cross-check ("sanity", "compare", "range", ...),
    read with ``k``/``M``/``million`` suffixes; pass ``estimate`` to give it directly.
    ``unit`` (e.g. ``"tickets"``), when given, must appear in the answer; otherwise a word
    after the final number counts as its unit.
    ``reference=(low, high)`` adds an order-of-magnitude check: the result reports how many
    powers of ten the estimate lies outside the range (``orders_off``).

    >>> result = check_estimate(
    ...     "Assume ~4,000 office staff at ~1.5 tickets a month. "
    ...     "Tickets per year = staff x tickets per month x 12 = 4,000 x 1.5 x 12. "
    ...     "So about 72k tickets per year. Sanity check: ~24 agents at 3,000 each, plausible.",
    ...     reference=(20_000, 200_000),
    ... )
    >>> result.missing, result.estimate
    ((), 72000.0)
    >>> check_estimate("About 5,000,000.", reference=(100, 1_000)).orders_off
    3.7
    """
    text = _text_arg(answer)
    bounds: tuple[float, float] | None = None
    if reference is not None:
        if not isinstance(reference, tuple | list) or len(reference) != 2:
            raise ValueError(f"reference must be a (low, high) pair; got {reference!r}")
        low = v.number("reference[0]", reference[0], v.POSITIVE)
        high = v.number("reference[1]", reference[1], v.POSITIVE)
        if low > high:
            raise ValueError(f"reference must be (low, high) with low <= high; got {reference!r}")
        bounds = (low, high)
    if unit is not None and (not isinstance(unit, str) or not unit.strip()):
        raise ValueError(f"unit must be a non-empty word such as 'tickets'; got {unit!r}")

    sentences = _sentences(text)
    evidence: dict[str, str] = {}
    for item, pattern in (
        ("assumptions stated", _ASSUME),
        ("equation", _EQUATION),
        ("sanity check", _SANITY),
    ):
        hit = _first(pattern, sentences)
        if hit is not None:
            evidence[item] = sentences[hit]
    final = _final_number(text)
    value: float | None
    if estimate is not None:
        value = v.number("estimate", estimate, v.POSITIVE)
        evidence["final estimate"] = f"{value:g} (given)"
    elif final is not None:
        value = final[0]
        evidence["final estimate"] = final[1]
    else:
        value = None
    if unit is not None:
        unit_pattern = re.compile(rf"\b{re.escape(unit.strip())}(e?s)?\b", _I)
        hit = _first(unit_pattern, sentences)
        if hit is not None:
            evidence["units stated"] = sentences[hit]
    elif final is not None:
        _, sentence, before, after = final
        words = re.findall(r"[^\W\d_][\w/-]*|[$€£%]", after)
        if (words and words[0].lower() not in _NOT_UNITS) or _CURRENCY.search(before):
            evidence["units stated"] = sentence
    orders_off: float | None = None
    items = ESTIMATE_ITEMS if bounds is not None else ESTIMATE_ITEMS[:-1]
    extra: list[str] = []
    if bounds is not None and value is not None:
        if value <= 0:
            orders_off = math.inf
        elif value < bounds[0]:
            orders_off = round(math.log10(bounds[0] / value), 1)
        elif value > bounds[1]:
            orders_off = round(math.log10(value / bounds[1]), 1)
        else:
            orders_off = 0.0
        if orders_off < 1:  # within a factor of ten of the range still counts as sane
            evidence["within the reference range"] = f"{value:g} vs {bounds[0]:g}-{bounds[1]:g}"
            if orders_off > 0:
                extra.append(
                    f"{value:g} is outside the reference range {bounds[0]:g}-{bounds[1]:g} but "
                    "within a factor of ten: check your most uncertain assumption."
                )
    found, missing, suggestions, kept = _result(
        "Estimation steps", items, evidence, _ESTIMATE_ADVICE, extra
    )
    return EstimateCheck(
        "Estimation steps",
        found,
        missing,
        suggestions,
        kept,
        estimate=value,
        reference=bounds,
        orders_off=orders_off,
    )


def check_answer(prompt: Prompt, answer: str) -> CheckResult:
    """Run the structure checker that fits ``prompt``'s framework (learning aid).

    STAR prompts get :func:`check_star`, metric-drop prompts :func:`check_metric_drop` and
    estimation prompts :func:`check_estimate`; other frameworks have no checker (use the
    rubric) and raise a ValueError.
    """
    if prompt.framework == "STAR":
        return check_star(answer)
    if prompt.framework == "metric-drop checklist":
        return check_metric_drop(answer)
    if prompt.framework == "estimation steps":
        return check_estimate(answer)
    raise ValueError(
        f"prompt {prompt.id} uses framework {prompt.framework!r}, which has no structure "
        "checker; checkers exist for 'STAR', 'metric-drop checklist' and 'estimation steps'"
    )

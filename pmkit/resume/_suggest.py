"""Rewrite a bullet toward "Accomplished X, as measured by Y, by doing Z", without inventing.

The suggestion keeps the writer's own words and numbers and adds a placeholder in angle
brackets for every missing part: ``<Verb: cut/raised/launched>``, ``<baseline>``, ``<result>``,
``<what>``, ``<who: ...>``, ``<how: ...>``. It never adds a number: every digit in a suggestion
comes from the bullet.
"""

from __future__ import annotations

import re

from pmkit.resume import _detect as d, _lexicon as lx
from pmkit.resume._quantities import MASK, Quantity

VERB_SLOT = "<Verb: cut/raised/launched>"
RESULT_SLOT = "from <baseline> to <result>"
WHO_SLOT = "for <who: which users or customers, how many>"
HOW_SLOT = "by <how: the change you made>"
RESULT_CLAUSE = "<cutting/raising> <what> " + RESULT_SLOT
BETTER_SLOT = "<what got better: a measure that improved for users or the business>"
COUNT_SLOT = "(<how many: people or things it was for>)"

_DUTY_LEAD = re.compile(
    r"^\s*(?:(?:was|were)\s+)?(?:(?:a\s+)?key\s+)?(?:responsible\s+for|(?:duties|responsibilities)"
    r"\s+(?:included?|includes)|tasked\s+with|in\s+charge\s+of|(?:served|acted)\s+as|"
    r"work(?:ed|ing)\s+on|participat(?:ed|ing)\s+in|involved\s+in|contribut(?:ed|or|ing)\s+to|"
    r"assist(?:ed|ing)(?:\s+(?:with|in))?|help(?:ed|ing)(?:\s+(?:with|to))?)\s+",
    re.IGNORECASE,
)
_FILLER = (
    (re.compile(r",?\s*\betc\b\.?", re.IGNORECASE), ""),
    (re.compile(r"\bvarious\s+", re.IGNORECASE), ""),
    (re.compile(r",?\s*\bas\s+needed\b", re.IGNORECASE), ""),
    (re.compile(r",?\s*\band\s+(?:much\s+)?more\s*$", re.IGNORECASE), ""),
    (re.compile(r"\s*\bday[- ]to[- ]day\b", re.IGNORECASE), ""),
    (
        re.compile(
            r"\b(optimi[sz](?:ed|ing)|streamlin(?:ed|ing))\s+(?:(?:business|internal|operational|"
            r"key)\s+)?(?:processes|operations|workflows)\b",
            re.IGNORECASE,
        ),
        r"\1 <which process step>",
    ),
    (
        re.compile(
            r"\b((?:improv|increas|enhanc|boost)(?:ed|ing))\s+(?:(?:overall|operational|team|"
            r"process)\s+)?efficienc(?:y|ies)\b",
            re.IGNORECASE,
        ),
        r"\1 <which measure>",
    ),
    (re.compile(r"\bensur(?:ed|e|ing)\s+(?:the\s+)?smooth\s+\w+", re.IGNORECASE), "<what changed>"),
    (
        re.compile(
            r"\b((?:improv|enhanc|boost|optimi[sz]|driv|drov|deliver|maximi[sz]|increas|elevat|"
            r"accelerat)(?:ed|e|es|ing)?)\s+(?:(?:overall|business|key|team|organi[sz]ational|"
            r"positive|better|strong|measurable|tangible)\s+)?(?:outcomes|results|performance|"
            r"effectiveness|impact|value|excellence|success)\b",
            re.IGNORECASE,
        ),
        r"\1 <which measure>",
    ),
    (re.compile(r"\bsynerg(?:y|ies|istic)\b", re.IGNORECASE), "<what changed>"),
    (
        re.compile(
            r"\balign(?:ed|ing|ment)?\s+(?:of\s+)?(?:(?:key|all|cross-functional|internal|senior)"
            r"\s+)?stakeholders\b|\b(?:stakeholder|cross[- ]functional)\s+alignment\b",
            re.IGNORECASE,
        ),
        "<how: the change you made>",
    ),
    (re.compile(r"\bmov(?:ed|e|ing)\s+the\s+needle\b", re.IGNORECASE), "changed <which measure>"),
    (
        re.compile(
            r"\b(?:best[- ]in[- ]class|world[- ]class|state[- ]of[- ]the[- ]art|cutting[- ]edge|"
            r"next[- ]gen(?:eration)?|game[- ]chang(?:er|ing)|holistic|value[- ]add(?:ed)?)\s*",
            re.IGNORECASE,
        ),
        "",
    ),
)
_BUDGET = re.compile(
    r"(?:\s+[\w&-]+){0,2}?\s+(?:budgets?|spend|portfolios?|P&L|contracts?|programs?|accounts?)\b",
    re.IGNORECASE,
)
_OBJECT_STOP = re.compile(
    r"\s(?:from|by|to|for|using|through|via|with|in|so|across|at|among|after|while|vs)\s|[,;.]|$",
    re.IGNORECASE,
)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.isupper() and len(first) > 1:  # keep acronyms ("MTTR was reduced")
        return text
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _strip_adverbs(text: str) -> str:
    lead = d.find_lead(text)
    head = text[: lead.start]
    if lead.kind != "none" and re.fullmatch(r"(?:\s*[A-Za-z-]+ly\s+)+", head or "-"):
        return text[lead.start :]
    return text


def _while_clause(p: d.Parsed) -> str:
    """Turn a weak leading verb into context: "Processed 150 POs" -> "while processing 150 POs"."""
    base = p.lead.base if p.lead.base in lx.WEAK_VERBS else p.lead.word.lower()
    gerund = lx.gerund(base) if base.isalpha() and base not in ("be", "was", "were") else base
    rest = p.text[p.lead.end :].strip()
    return f"while {gerund} {rest}".strip()


def _rebuild_lead(text: str) -> tuple[str, bool]:
    """Replace duty-speak or weak openings by a strong verb (or a slot); True when complete."""
    duty = _DUTY_LEAD.match(text)
    if duty:
        rest = text[duty.end() :]
        _, result, method, lead = d.verb_tables()
        first = re.match(r"([A-Za-z-]+)\b", rest)
        word = first.group(1).lower() if first else ""
        strong = {**result, **method, **lead}
        if first and word in strong and word == strong[word]:  # "helped reduce X"
            return _upper_first(lx.past_tense(word)) + rest[first.end() :], False
        if first and word.endswith("ing") and "-" not in word and word not in lx.NON_GERUNDS:
            context = f"while {rest}"
            return f"{VERB_SLOT} <what> {RESULT_SLOT} {WHO_SLOT}, {HOW_SLOT}, {context}", True
        if duty.group().strip().lower() not in ("helped", "assisted"):
            return f"{VERB_SLOT} {rest}", False
        # "Assisted customers with ...": a weak verb with an object, handled below
    p = d.parse(text)
    if p.lead.kind == "weak":
        return f"{VERB_SLOT} <what> {RESULT_SLOT} {WHO_SLOT}, {HOW_SLOT}, {_while_clause(p)}", True
    passive = d.passive_participle(p)
    if passive and re.search(
        r"\b(?:after|when|because|since|once|while|until|as|so|before|and)\b|[,;]",
        text[: passive.start()],
        re.IGNORECASE,
    ):
        passive = None  # "alerts dropped ... after shares were archived": not the main clause
    if passive:
        subject = text[: passive.start()].strip()
        rest = text[passive.end() :]
        return _upper_first(passive.group(1)) + " " + _lower_first(subject) + rest, False
    if p.lead.kind == "none":
        return f"{VERB_SLOT} {_lower_first(text.strip())}", False
    return text, False


def _measures(p: d.Parsed) -> list[Quantity]:
    """Quantities that measure a result (not a count, a time span or a budget)."""
    spans = d.scope(p).spans
    out = []
    for q in p.quantities:
        if q.kind == "count" or (q.kind == "duration" and any(s <= q.start < e for s, e in spans)):
            continue
        if q.kind == "money" and _BUDGET.match(p.text, q.end):
            continue
        out.append(q)
    return out


def _better_instead(text: str, worse: d.Detection) -> str:
    """Replace the first change for the worse by a slot for a measure that improved."""
    start, end = worse.spans[0]
    while start < end and text[start].isspace():
        start += 1
    lead = d.find_lead(text)
    if start <= lead.end + 1:
        # the change opens the bullet, or follows its verb ("Moved the defect rate from ..."):
        # the verb goes too, and the lead rebuild puts a verb slot in front
        return BETTER_SLOT + " " + RESULT_SLOT + text[end:]
    return text[:start] + f"<cutting/raising> {BETTER_SLOT} {RESULT_SLOT}" + text[end:]


_FOR_PEOPLE = re.compile(
    rf"\bfor\s+(?:the\s+|our\s+|its\s+)?(?:[\w&-]+\s+){{0,2}}?(?:{lx.alternation(lx.PEOPLE)})\b",
    re.IGNORECASE,
)


def _for_people_end(p: d.Parsed) -> int | None:
    """End of a "for <people>" phrase with no count ("for the finance staff"), if any."""
    m = _FOR_PEOPLE.search(p.masked, p.lead.end)
    return m.end() if m else None


def _baseline_at(p: d.Parsed, q: Quantity) -> int:
    """Where "(vs <baseline>)" goes for ``q``: after the words it measures ("99.95% uptime")."""
    stop = _OBJECT_STOP.search(p.masked, q.end)
    return stop.start() if stop else len(p.text)


def suggest(text: str, missing: tuple[str, ...], worse: d.Detection | None = None) -> str:
    """Return the bullet rewritten toward Bock's form, with placeholders for ``missing`` parts.

    ``missing`` holds the names of the failed checks (see :data:`pmkit.resume.CHECKS`);
    ``worse`` is the bullet's change for the worse, replaced by a slot for a measure that got
    better (the writer's numbers for it are dropped: they measure the wrong thing).
    """
    if not missing:
        return text
    sentence = d.normalize(text).strip()
    if worse:
        sentence = _better_instead(sentence, worse)
    sentence = _strip_adverbs(sentence.rstrip(".;! "))
    for pattern, replacement in _FILLER:
        sentence = pattern.sub(replacement, sentence)
    sentence, complete = _rebuild_lead(sentence.strip())
    if complete:
        return sentence + "."
    # Detect on the sentence with its placeholders blanked (same length, so positions hold):
    # the words inside "<Verb: cut/raised/launched>" are not the writer's.
    p = d.parse(re.sub(r"<[^>]*>", lambda m: " " * len(m.group()), sentence))
    compared = d.comparison(p)
    inserts: list[tuple[int, str]] = []
    appended: list[str] = []
    # a measure inside "from X to Y" already has its pair, even when the pair was not read
    # nor does a horizon ("forecasts needs 6 months ahead")
    measures = [
        q
        for q in _measures(p)
        if not re.search(r"\b(?:from|to)\s+$", p.text[: q.start])
        and not re.match(r"\s+(?:to|ahead|early|earlier|in\s+advance|out)\b", p.text[q.end :])
    ]
    target = re.search(rf"\bto\s+{MASK}", p.masked[p.lead.end :])
    if worse:
        pass  # the slot that replaced the change for the worse asks for its baseline
    elif not compared:
        if p.lead.kind == "result" and target:
            # "Reduced MTTR to 45 minutes": the result is there, its baseline is not
            inserts.append((p.lead.end + target.start(), "from <baseline> "))
        elif measures:
            inserts.append((_baseline_at(p, measures[0]), " (vs <baseline>)"))
        elif p.lead.kind == "result":
            stop = _OBJECT_STOP.search(p.text, p.lead.end)
            inserts.append((stop.start() if stop else len(p.text), " " + RESULT_SLOT))
        else:
            appended.append(", " + RESULT_CLAUSE)
    has_method = d.method(p, compared)
    if "outcome or scope" in missing and not (d.outcome(p, compared) or d.scope(p)):
        later = [s for s, _ in has_method.spans if s > p.lead.end and p.text[s - 2 : s] != ", "]
        named = _for_people_end(p)
        if named is not None:
            inserts.append((named, " " + COUNT_SLOT))
        elif later and not appended:
            inserts.append((later[0], WHO_SLOT + " "))
        elif re.search(r"\bfor\s", p.text[p.lead.end :]):
            # "... for the payments API for <who>" reads twice: name the people in brackets
            appended.append(" (" + WHO_SLOT.removeprefix("for ") + ")")
        else:
            appended.append(" " + WHO_SLOT)
    if not has_method and "<how:" not in sentence:
        appended.append(", " + HOW_SLOT)
    for position, addition in sorted(inserts, reverse=True):
        sentence = sentence[:position] + addition + sentence[position:]
    sentence = sentence + "".join(appended)
    return _upper_first(re.sub(r"\s{2,}", " ", sentence).strip()) + "."

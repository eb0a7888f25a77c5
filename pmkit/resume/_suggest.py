"""Rewrite a bullet toward "Accomplished X, as measured by Y, by doing Z", without inventing.

The suggestion keeps the writer's own words and numbers and adds a placeholder in angle
brackets for every missing part: ``<Verb: cut/raised/launched>``, ``<baseline>``, ``<result>``,
``<what>``, ``<who: ...>``, ``<how: ...>``. It never adds a number: every digit in a suggestion
comes from the bullet.
"""

from __future__ import annotations

import re

from pmkit.resume import _detect as d
from pmkit.resume import _lexicon as lx
from pmkit.resume._quantities import Quantity

VERB_SLOT = "<Verb: cut/raised/launched>"
RESULT_SLOT = "from <baseline> to <result>"
WHO_SLOT = "for <who: which users or customers, how many>"
HOW_SLOT = "by <how: the change you made>"
RESULT_CLAUSE = "<cutting/raising> <what> " + RESULT_SLOT

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
        if first and word.endswith("ing") and word not in lx.NON_GERUNDS:
            context = f"while {rest}"
            return f"{VERB_SLOT} <what> {RESULT_SLOT} {WHO_SLOT}, {HOW_SLOT}, {context}", True
        if duty.group().strip().lower() not in ("helped", "assisted"):
            return f"{VERB_SLOT} {rest}", False
        # "Assisted customers with ...": a weak verb with an object, handled below
    p = d.parse(text)
    if p.lead.kind == "weak":
        return f"{VERB_SLOT} <what> {RESULT_SLOT} {WHO_SLOT}, {HOW_SLOT}, {_while_clause(p)}", True
    passive = d.passive_participle(p)
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


def suggest(text: str, missing: tuple[str, ...]) -> str:
    """Return the bullet rewritten toward Bock's form, with placeholders for ``missing`` parts.

    ``missing`` holds the names of the failed checks (see :data:`pmkit.resume.CHECKS`).
    """
    if not missing:
        return text
    sentence = _strip_adverbs(d.normalize(text).strip().rstrip(".;! "))
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
    measures = _measures(p)
    if not compared:
        if measures:
            inserts.append((measures[0].end, " (vs <baseline>)"))
        elif p.lead.kind == "result":
            stop = _OBJECT_STOP.search(p.text, p.lead.end)
            inserts.append((stop.start() if stop else len(p.text), " " + RESULT_SLOT))
        else:
            appended.append(", " + RESULT_CLAUSE)
    has_method = d.method(p, compared)
    if "outcome or scope" in missing and not (d.outcome(p, compared) or d.scope(p)):
        later = [s for s, _ in has_method.spans if s > p.lead.end and p.text[s - 2 : s] != ", "]
        if later and not appended:
            inserts.append((later[0], WHO_SLOT + " "))
        else:
            appended.append(" " + WHO_SLOT)
    if not has_method:
        appended.append(", " + HOW_SLOT)
    for position, addition in sorted(inserts, reverse=True):
        sentence = sentence[:position] + addition + sentence[position:]
    sentence = sentence + "".join(appended)
    return _upper_first(re.sub(r"\s{2,}", " ", sentence).strip()) + "."

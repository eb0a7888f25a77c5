"""Find the quantities in a bullet: money, percentages, durations, ratios, counts.

A number is a metric only when it measures something. Numbers that are part of a name or a
label are not: product versions and standards ("Windows 10", "ISO 27001", "ITIL 4"), support
tiers and priorities ("Tier 2", "P1"), coverage labels ("24/7"), years ("in 2019", "FY2023"),
ordinals ("1st") and numbers glued to a non-unit word ("3-tier", "64-bit", "27001-certified").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmkit.resume import _lexicon as lx

MASK = "\ue000"
"""Character that replaces every quantity in the masked text the detectors search."""

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_START = r"(?<![\w.,/\-\u2212])"  # not inside a word, a decimal, a date or "COVID-19"
_SIGN = r"(?:[-+\u2212](?=\d))?"
_MAGNITUDE = r"(?:\s?(?:k|K|m|M|mm|MM|bn|B|million|billion|thousand)\b)"
_SPELLED = (
    r"zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|hundred|thousand|a\s+dozen|dozen"
)
_TIME_UNITS = (
    r"milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|h|business\s+days?|days?|"
    r"nights?|weekends?|weeks?|wks?|months?|mos?|quarters?|years?|yrs?"
)
_COUNT_NOUN = lx.alternation(lx.COUNT_NOUNS)

_NOT_METRICS = re.compile(
    r"\b24\s?[/x×]\s?7\b|\b24/365\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}/\d{4}\b", re.IGNORECASE
)
_MONEY = re.compile(
    rf"{_START}(?:[$€£]\s?|(?:USD|EUR|GBP)\s?)(?:{_NUM}){_MAGNITUDE}?"
    rf"|{_START}(?:{_NUM}){_MAGNITUDE}?\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b"
)
_PERCENT = re.compile(
    rf"{_START}{_SIGN}(?:{_NUM})\s?(?:%|percent\b|per\s+cent\b|pp\b|percentage\s+points?\b|"
    rf"points?\b|pts\b|bps\b|basis\s+points\b)",
    re.IGNORECASE,
)
_RATING = re.compile(rf"{_START}(?:{_NUM})\s?(?:/\s?|out\s+of\s+)(?:5|10|100)\b", re.IGNORECASE)
_DURATION = re.compile(
    rf"{_START}(?:(?:{_NUM})(?:\s?-\s?(?:{_NUM}))?|\b(?:{_SPELLED}))(?:\s|-)?(?:{_TIME_UNITS})\b",
    re.IGNORECASE,
)
_MULTIPLIER = re.compile(
    rf"{_START}(?P<n>{_NUM})\s?(?:[x×](?![\w])|-fold\b|\s+times\b)", re.IGNORECASE
)
_RATIO = re.compile(
    r"\b(?:halv(?:ed|ing|es)|doubl(?:ed|ing|es)|tripl(?:ed|ing|es)|quadrupl(?:ed|ing|es))\b"
    r"|\b(?:in|by)\s+half\b|\bby\s+(?:a\s+|one[- ])?(?:third|quarter)\b|\bby\s+two[- ]thirds\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"{_START}{_SIGN}(?P<n>{_NUM})(?P<plus>\+)?{_MAGNITUDE}?(?P<after>-[A-Za-z]+|(?!\w|\.\d))"
)
_SPELLED_COUNT = re.compile(rf"\b(?P<n>{_SPELLED})\b(?P<after>-[A-Za-z]+)?", re.IGNORECASE)
_COUNT_NOUN_WORD = re.compile(rf"^-(?:{_COUNT_NOUN})$", re.IGNORECASE)
_ID_PREFIXES = frozenset(
    lx.words(
        "windows server office python java tier level phase stage wave release version v iso soc "
        "itil priority p sev severity layer gen generation series model type class category cat "
        "step sprint room floor gate ios android rhel ubuntu sql http ipv tls ssl wcag covid "
        "pci dss nist sp rfc ieee"
    )
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Quantity:
    """One quantity in a bullet, with its position and kind."""

    text: str
    start: int
    end: int
    kind: str
    """One of "money", "percent", "rating", "duration", "multiplier", "ratio", "count"."""

    @property
    def span_unit(self) -> bool:
        """True for durations in weeks, months, quarters or years (a project's time span)."""
        return self.kind == "duration" and bool(
            re.search(rf"(?:{lx.SPAN_UNITS})$", self.text, re.IGNORECASE)
        )


def _label_like(text: str, start: int) -> bool:
    """Tell whether the number at ``start`` is part of a name ("Windows 10", "ISO 27001")."""
    before = text[:start]
    match = re.search(r"([A-Za-z][A-Za-z&.]*) ?$", before)
    if not match:
        return False
    word = match.group(1).rstrip(".")
    if word.lower() in _ID_PREFIXES:
        return True
    if len(word) >= 2 and word.isupper() and word.isalpha():
        return True
    if word[:1].isupper():
        # A capitalized word directly before a number names something ("Server 2019"), unless
        # it opens the bullet or a sentence ("Migrated 420 VMs").
        head = before[: match.start(1)].rstrip()
        return bool(head) and not head.endswith((".", ";", ":", "!", "?", "\u2022"))
    return False


def _is_year(text: str, match: re.Match[str]) -> bool:
    if not _YEAR.match(match.group("n")) or match.group("plus"):
        return False
    following = text[match.end() : match.end() + 40]
    return not re.match(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{_COUNT_NOUN})\b", following, re.I)


def find_quantities(text: str) -> list[Quantity]:
    """Return the quantities in ``text`` in reading order, each claimed by one kind.

    >>> [(q.text, q.kind) for q in find_quantities("Cut MTTR from 4h to 45 min for 3,000 users")]
    [('4h', 'duration'), ('45 min', 'duration'), ('3,000', 'count')]
    >>> find_quantities("Provided 24/7 Tier 2 support on Windows 10 since 2019")
    []
    """
    work = _NOT_METRICS.sub(lambda m: " " * len(m.group()), text)
    claimed = [False] * len(text)
    found: list[Quantity] = []

    def claim(start: int, end: int, kind: str) -> None:
        if any(claimed[start:end]):
            return
        for i in range(start, end):
            claimed[i] = True
        found.append(Quantity(text[start:end], start, end, kind))

    for pattern, kind in (
        (_MONEY, "money"),
        (_PERCENT, "percent"),
        (_RATING, "rating"),
        (_DURATION, "duration"),
        (_RATIO, "ratio"),
    ):
        for m in pattern.finditer(work):
            claim(m.start(), m.end(), kind)
    for m in _MULTIPLIER.finditer(work):
        if float(m.group("n").replace(",", "")) <= 100:
            claim(m.start(), m.end(), "multiplier")
    for m in _COUNT.finditer(work):
        after = m.group("after")
        if after and not _COUNT_NOUN_WORD.match(after):
            continue  # "3-tier", "64-bit", "27001-certified": a label, not a count
        if _is_year(work, m) or _label_like(work, m.start()):
            continue
        claim(m.start(), m.end() - len(after or ""), "count")
    for m in _SPELLED_COUNT.finditer(work):
        after = m.group("after")
        if after and not _COUNT_NOUN_WORD.match(after):
            continue  # "zero-touch", "two-factor", "three-tier"
        claim(m.start(), m.start() + len(m.group("n")), "count")
    return sorted(found, key=lambda q: q.start)


def masked(text: str, quantities: list[Quantity]) -> str:
    """Return ``text`` with each quantity replaced by :data:`MASK` characters (same length)."""
    chars = list(text)
    for q in quantities:
        chars[q.start : q.end] = MASK * (q.end - q.start)
    return "".join(chars)

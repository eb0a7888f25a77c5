"""Find the quantities in a bullet: money, percentages, durations, rates, fractions, counts.

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
_SPELLED_VALUES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "thousand": 1000,
    "a dozen": 12, "dozen": 12,
}  # fmt: skip
_FRACTION_VALUES = {
    "half": 1 / 2, "a half": 1 / 2, "one half": 1 / 2, "a third": 1 / 3, "one third": 1 / 3,
    "two thirds": 2 / 3, "a quarter": 1 / 4, "one quarter": 1 / 4, "three quarters": 3 / 4,
    "a fifth": 1 / 5, "one fifth": 1 / 5, "two fifths": 2 / 5, "three fifths": 3 / 5,
    "four fifths": 4 / 5, "a tenth": 1 / 10, "one tenth": 1 / 10,
}  # fmt: skip
_SECONDS = {
    "ms": 0.001, "millisecond": 0.001, "s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60,
    "h": 3600, "hr": 3600, "hour": 3600, "shift": 28800, "night": 43200, "day": 86400,
    "business day": 86400, "weekend": 172800, "week": 604800, "wk": 604800,
    "fortnight": 1209600, "month": 2629800, "mo": 2629800, "quarter": 7889400,
    "year": 31557600, "yr": 31557600,
}  # fmt: skip
_SMALL_SPELLED = r"one|two|three|four|five|six|seven|eight|nine|ten"
_FRACTION_WORDS = r"(?:a|one|two|three|four)[- ](?:half|thirds?|quarters?|fifths?|tenths?)|half"
_WORD_UNITS = r"hour|day|week|minute|second|shift|night|weekend|month|quarter|year|fortnight"
_MEASURE_CONTEXT = (
    r"from|to|than|under|within|about|around|nearly|almost|only|just|below|over|roughly"
)
# Each pattern below claims its group "q" only. A rate: "1 in 200", "one in five", "1 week in 4".
_RATE = re.compile(
    rf"{_START}(?P<q>(?:{_NUM}|\b(?:{_SMALL_SPELLED}))\s+(?:[a-z]+\s+)?(?:in|out\s+of)\s+"
    rf"(?!(?:19|20)\d\d\b)(?:{_NUM}|(?:{_SPELLED})\b))(?!\d|[,.]\d|\s*%|\s*(?:{_TIME_UNITS})\b)",
    re.IGNORECASE,
)
# A duration in words: "half an hour", "an hour and a half", "one day" anywhere; "an hour",
# "a day" only after a word that makes them a measure ("from an hour to 10 minutes", "to a
# day"), not a rate ("$5K a year", "120 starters a quarter").
_WORD_DURATION = re.compile(
    rf"\b(?P<q>half\s+an?\s+(?:{_WORD_UNITS})|an?\s+(?:{_WORD_UNITS})\s+and\s+a\s+half|"
    rf"one\s+(?:{_WORD_UNITS}))\b"
    rf"|\b(?:{_MEASURE_CONTEXT})\s+(?P<c>an?\s+(?:{_WORD_UNITS}))\b(?!\s+(?:of|and)\b)",
    re.IGNORECASE,
)
# A frequency: "twice a week", "3 times per shift".
_FREQUENCY = re.compile(
    rf"\b(?P<q>(?:once|twice|(?:{_NUM}|{_SPELLED})\s+times)\s+(?:an?|per|every|each)\s+"
    rf"(?:{_WORD_UNITS}))\b",
    re.IGNORECASE,
)
# A fraction after a word that makes it a measure ("from a third to two thirds", "to over
# half") or before "of" ("a quarter of tickets"), not in "the second half of 2023".
_FRACTION = re.compile(
    rf"\b(?:{_MEASURE_CONTEXT})\s+(?:(?:about|around|nearly|almost|over|under|just|roughly|"
    rf"only)\s+)?(?P<q>{_FRACTION_WORDS})\b(?!\s+an?\s)"
    rf"|(?<!first )(?<!second )(?<!the )\b(?P<c>{_FRACTION_WORDS})\s+of\b",
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
    """One of "money", "percent", "rating", "duration", "frequency", "rate", "fraction",
    "multiplier", "ratio", "count"."""

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
    for pattern, kind in (
        (_FREQUENCY, "frequency"),
        (_WORD_DURATION, "duration"),
        (_RATE, "rate"),
        (_FRACTION, "fraction"),
    ):
        for m in pattern.finditer(work):
            group = "q" if m.group("q") else "c"
            claim(m.start(group), m.end(group), kind)
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


def _number(text: str) -> float | None:
    """Read the first number in ``text``: digits with a magnitude ("$1.2M", "40K") or a word."""
    low = text.lower()
    m = re.search(rf"(?P<n>{_NUM})\s?(?P<mag>k|m|mm|bn|b|million|billion|thousand)?\b", low)
    if m:
        n = float(m.group("n").replace(",", ""))
        mag = m.group("mag") or ""
        scale = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6}
        return n * scale.get(mag, 1e9 if mag in ("bn", "b", "billion") else 1)
    for word, value in sorted(_SPELLED_VALUES.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{word}\b", low):
            return float(value)
    return None


def _seconds(text: str) -> float | None:
    low = re.sub(r"\s+", " ", text.lower())
    unit = re.search(rf"({_TIME_UNITS})$", low)
    if not unit:
        return None
    name = unit.group(1)
    name = name if name in _SECONDS else name.rstrip("s") if name.rstrip("s") in _SECONDS else ""
    if not name:
        name = {"mins": "min", "hrs": "hr", "secs": "sec", "wks": "wk", "yrs": "yr"}.get(
            unit.group(1), ""
        )
    if not name:
        return None
    if low.startswith("half"):
        return _SECONDS[name] / 2
    if low.endswith("and a half"):
        return _SECONDS[name] * 1.5
    count = _number(low[: unit.start()]) if low[: unit.start()].strip() else None
    if count is None and re.match(r"an?\s", low):
        count = 1.0
    return None if count is None else count * _SECONDS[name]


def quantity_value(q: Quantity, like: Quantity | None = None) -> tuple[str, float] | None:
    """Return (dimension, value) so two quantities of one dimension can be compared.

    Shares (percentages, fractions, rates "1 in 200") are fractions of one; durations are
    seconds; frequencies are times per second; money and counts are plain numbers. A bare count
    read ``like`` a duration, percentage or money amount takes its unit ("from 6 hours to 2").
    Returns None when the quantity has no comparable value (a multiplier, a ratio word).
    """
    low = q.text.lower()
    if q.kind == "count" and like is not None and like.kind in ("duration", "percent", "money"):
        n = _number(low)
        base = quantity_value(like)
        unit = _number(like.text.lower())
        if n is None or base is None or not unit:
            return None
        return base[0], base[1] / unit * n
    if q.kind in ("money", "count"):
        n = _number(low)
        return None if n is None else (q.kind, n)
    if q.kind == "percent":
        n = _number(low.lstrip("+-\u2212"))
        if n is None or re.search(r"p(?:oin)?ts?\b|pp\b|bps\b", low):
            return None  # a change in points, not a level
        return "share", n / 100
    if q.kind == "fraction":
        key = re.sub(r"[-\s]+", " ", low)
        return ("share", _FRACTION_VALUES[key]) if key in _FRACTION_VALUES else None
    if q.kind == "rate":
        parts = re.split(r"\s+(?:in|out\s+of)\s+", low)
        top, bottom = _number(parts[0]), _number(parts[-1])
        return None if top is None or not bottom else ("share", top / bottom)
    if q.kind == "duration":
        seconds = _seconds(low)
        return None if seconds is None else ("duration", seconds)
    if q.kind == "frequency":
        times = 1.0 if low.startswith("once") else 2.0 if low.startswith("twice") else None
        times = times if times is not None else _number(low)
        period = _seconds("1 " + low.rsplit(" ", 1)[-1])
        return None if times is None or not period else ("frequency", times / period)
    if q.kind == "rating":
        given, best = re.split(r"\s?(?:/|out\s+of)\s?", low)
        value, scale = _number(given), _number(best)
        return None if value is None or not scale else ("rating", value / scale)
    return None

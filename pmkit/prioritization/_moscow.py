"""MoSCoW (DSDM): check a plan's balance of Must, Should, Could and Won't have this time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pmkit import _validation as v

MOSCOW_CATEGORIES: tuple[str, ...] = ("must", "should", "could", "won't")
"""The four MoSCoW categories, as :func:`moscow_check` reports them."""

_ALIASES = {
    "m": "must",
    "must": "must",
    "s": "should",
    "should": "should",
    "c": "could",
    "could": "could",
    "w": "won't",
    "wont": "won't",
    "won't": "won't",
    "won’t": "won't",
}


def _normalize(field_name: str, category: object) -> str:
    if isinstance(category, str):
        words = category.strip().lower().split()
        if words and words[-1] == "have":
            words = words[:-1]
        if words[-2:] == ["this", "time"]:
            words = words[:-2]
        if words and words[-1] == "have":
            words = words[:-1]
        key = " ".join(words)
        if key in _ALIASES:
            return _ALIASES[key]
    raise ValueError(
        f"{field_name} must be a MoSCoW category (Must, Should, Could, Won't, or M/S/C/W); "
        f"got {category!r}"
    )


@dataclass(frozen=True)
class MoscowCheck:
    """The effort balance of a MoSCoW plan against DSDM's guidance.

    Shares are of the effort in the timebox: Must + Should + Could. Won't items are listed but
    are not in the timebox.
    """

    effort: Mapping[str, float]
    """Total effort per category ("must", "should", "could", "won't")."""
    must_share: float
    """Must effort ÷ timebox effort."""
    could_share: float
    """Could effort ÷ timebox effort: the contingency."""
    must_limit: float = 0.6
    could_target: float = 0.2
    warnings: tuple[str, ...] = field(default=())

    @property
    def must_over_limit(self) -> bool:
        """True when Must effort is above ``must_limit`` of the timebox (DSDM: 60%)."""
        return self.must_share > self.must_limit

    @property
    def ok(self) -> bool:
        """True when the plan keeps Must effort within the limit."""
        return not self.must_over_limit

    def summary(self) -> str:
        """Return a short readout of the shares and any warnings."""
        status = "OK" if self.ok else "AT RISK"
        lines = [
            f"MoSCoW check: {status}. Must {self.must_share:.0%} of timebox effort "
            f"(limit {self.must_limit:.0%}); Could {self.could_share:.0%} "
            f"(about {self.could_target:.0%} recommended as contingency)."
        ]
        lines += [f"- {w}" for w in self.warnings]
        return "\n".join(lines)


def moscow_check(
    categories: Iterable[str],
    efforts: Iterable[float],
    *,
    must_limit: float = 0.6,
    could_target: float = 0.2,
) -> MoscowCheck:
    """Check a MoSCoW plan: flag it when Must effort exceeds ``must_limit`` of the timebox.

    DSDM's guidance: Must Have effort above 60% of the total puts the timebox at risk, and about
    20% of effort should be Could Have, the contingency that can be dropped when estimates slip.
    ``categories`` and ``efforts`` run in parallel (two lists, or two columns of a backlog);
    categories are Must/Should/Could/Won't in any case, "Must have", or M/S/C/W.

    >>> result = moscow_check(["Must", "Must", "Should", "Could"], [5, 3, 1, 1])
    >>> result.must_share, result.ok
    (0.8, False)
    >>> from pmkit.datasets import load_backlog
    >>> backlog = load_backlog()
    >>> round(moscow_check(backlog["moscow"], backlog["effort"]).must_share, 2)
    0.29
    """
    category_list = list(categories)
    effort_list = v.numbers_list("efforts", list(efforts), v.NON_NEGATIVE)
    v.same_length("categories", category_list, "efforts", effort_list)
    limit = v.number("must_limit", must_limit, v.FRACTION)
    target = v.number("could_target", could_target, v.FRACTION)
    totals = dict.fromkeys(MOSCOW_CATEGORIES, 0.0)
    for i, (category, effort) in enumerate(zip(category_list, effort_list, strict=True)):
        totals[_normalize(f"categories[{i}]", category)] += effort
    timebox = totals["must"] + totals["should"] + totals["could"]
    if timebox <= 0:
        raise ValueError(
            "the plan has no Must, Should or Could effort to check; "
            f"got effort per category {totals!r}"
        )
    # Rounded to 12 decimals so that exactly 60% (2.4 of 4.0 person-months) is not read as
    # 0.6000000000000001 and flagged as "above 60%".
    must_share = round(totals["must"] / timebox, 12)
    could_share = round(totals["could"] / timebox, 12)
    warnings = []
    if must_share > limit:
        warnings.append(
            f"Must effort is {must_share:.0%} of the timebox, above {limit:.0%}: one slipped "
            "estimate and the release date is lost. Challenge each Must: is the release "
            "pointless, illegal or unsafe without it?"
        )
    if could_share < target:
        warnings.append(
            f"Could effort is {could_share:.0%}, below about {target:.0%}: little contingency "
            "to drop if work overruns."
        )
    return MoscowCheck(
        effort=totals,
        must_share=must_share,
        could_share=could_share,
        must_limit=limit,
        could_target=target,
        warnings=tuple(warnings),
    )

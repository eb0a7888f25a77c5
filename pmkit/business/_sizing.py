"""Market sizing: TAM, SAM and SOM, top-down and bottom-up, and how much each assumption moves them.

Conventions (the course's content reference, "Business acumen"): TAM is everyone who could buy,
SAM the part the product and its channels serve, SOM the part it can win in a stated period.
Top-down starts from a market total and takes shares; bottom-up starts from a count of target
customers times the expected annual contract value (ACV). Every figure is per year, in the
currency of the inputs, and every assumption is an argument, so a sensitivity table can move
each one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pmkit._validation import FRACTION, NON_NEGATIVE, number

if TYPE_CHECKING:
    import pandas as pd

SizeName = Literal["tam", "sam", "som"]


@dataclass(frozen=True)
class MarketSize:
    """TAM, SAM and SOM per year, with the method and the assumptions that gave them."""

    tam: float
    sam: float
    som: float
    method: str
    assumptions: Mapping[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """Return a plain-text readout: the three sizes, then the assumptions."""
        lines = [
            f"Market size ({self.method})",
            f"  TAM  {self.tam:>16,.0f} a year",
            f"  SAM  {self.sam:>16,.0f} a year ({self.sam / self.tam:.1%} of TAM)"
            if self.tam
            else f"  SAM  {self.sam:>16,.0f} a year",
            f"  SOM  {self.som:>16,.0f} a year ({self.som / self.sam:.1%} of SAM)"
            if self.sam
            else f"  SOM  {self.som:>16,.0f} a year",
            "Assumptions:",
            *(f"  {name} = {value:,g}" for name, value in self.assumptions.items()),
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def top_down_market(
    market_total: float, serviceable_share: float, obtainable_share: float
) -> MarketSize:
    """Size a market from the top: a market total, then the shares you serve and can win.

    TAM = ``market_total``; SAM = TAM x ``serviceable_share``; SOM = SAM x
    ``obtainable_share``. Shares are fractions (0.25 means 25 %).

    >>> top_down_market(2_000_000_000, 0.15, 0.02).som
    6000000.0
    """
    total = number("market_total", market_total, NON_NEGATIVE)
    served = number("serviceable_share", serviceable_share, FRACTION)
    won = number("obtainable_share", obtainable_share, FRACTION)
    return MarketSize(
        tam=total,
        sam=total * served,
        som=total * served * won,
        method="top-down",
        assumptions={
            "market_total": total,
            "serviceable_share": served,
            "obtainable_share": won,
        },
    )


def bottom_up_market(
    customers: float,
    annual_contract_value: float,
    serviceable_share: float,
    obtainable_share: float,
) -> MarketSize:
    """Size a market from the bottom: target customers x annual contract value, then shares.

    TAM = ``customers`` x ``annual_contract_value`` (every organisation that could buy, at the
    price it would pay a year); SAM = TAM x ``serviceable_share`` (those your product and
    channels reach); SOM = SAM x ``obtainable_share`` (those you can win in the period).

    >>> bottom_up_market(40_000, 6_000, 0.25, 0.04).sam
    60000000.0
    """
    count = number("customers", customers, NON_NEGATIVE)
    acv = number("annual_contract_value", annual_contract_value, NON_NEGATIVE)
    served = number("serviceable_share", serviceable_share, FRACTION)
    won = number("obtainable_share", obtainable_share, FRACTION)
    tam = count * acv
    return MarketSize(
        tam=tam,
        sam=tam * served,
        som=tam * served * won,
        method="bottom-up",
        assumptions={
            "customers": count,
            "annual_contract_value": acv,
            "serviceable_share": served,
            "obtainable_share": won,
        },
    )


def sensitivity_table(
    model: Callable[..., MarketSize],
    base: Mapping[str, float],
    ranges: Mapping[str, tuple[float, float]],
    *,
    size: SizeName = "som",
) -> pd.DataFrame:
    """Move one assumption at a time to its low and high value; say how far ``size`` moves.

    ``model`` is a sizing function (:func:`top_down_market`, :func:`bottom_up_market` or your
    own returning a :class:`MarketSize`), ``base`` its arguments at their base values and
    ``ranges`` a ``(low, high)`` pair for each assumption to move (every other assumption stays
    at its base). Returns one row per assumption, the widest swing first: ``assumption``,
    ``low``, ``base``, ``high``, ``at_low``, ``at_base``, ``at_high`` (the size with the
    assumption at that value) and ``swing`` (``at_high - at_low``, its absolute value): the
    data of a tornado chart.

    >>> base = {"market_total": 2e9, "serviceable_share": 0.15, "obtainable_share": 0.02}
    >>> table = sensitivity_table(top_down_market, base, {"obtainable_share": (0.01, 0.04)})
    >>> table[["assumption", "at_low", "at_base", "at_high"]].to_dict("records")
    [{'assumption': 'obtainable_share', 'at_low': 3000000.0, 'at_base': 6000000.0, 'at_high': 12000000.0}]
    """  # noqa: E501
    import pandas as pd

    if size not in ("tam", "sam", "som"):
        raise ValueError(f"size must be 'tam', 'sam' or 'som'; got {size!r}")
    unknown = sorted(set(ranges) - set(base))
    if unknown:
        raise ValueError(
            f"ranges names {unknown}, which base does not have; base has {sorted(base)}"
        )
    at_base = getattr(model(**base), size)
    rows = []
    for name, pair in ranges.items():
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ValueError(f"ranges[{name!r}] must be a (low, high) pair; got {pair!r}")
        low, high = pair
        if not low <= base[name] <= high:
            raise ValueError(
                f"ranges[{name!r}] = ({low!r}, {high!r}) must hold the base value {base[name]!r}"
            )
        at_low = getattr(model(**{**base, name: low}), size)
        at_high = getattr(model(**{**base, name: high}), size)
        rows.append(
            {
                "assumption": name,
                "low": float(low),
                "base": float(base[name]),
                "high": float(high),
                "at_low": float(at_low),
                "at_base": float(at_base),
                "at_high": float(at_high),
                "swing": abs(float(at_high) - float(at_low)),
            }
        )
    table = pd.DataFrame(
        rows,
        columns=["assumption", "low", "base", "high", "at_low", "at_base", "at_high", "swing"],
    )
    return table.sort_values(["swing", "assumption"], ascending=[False, True]).reset_index(
        drop=True
    )

"""How every experiment result reads: plain text for ``print`` and an HTML table for notebooks.

Each result class defines ``summary()`` (the plain-text readout a PM can paste into a doc) and
``_rows()`` (label/value pairs). :class:`Readout` turns those into ``str(result)`` and
``_repr_html_`` (a small table, every piece of text escaped), so all results look alike.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from pmkit.experiments._inputs import Alternative


class Readout:
    """Mixin for result dataclasses: ``print(result)`` shows :meth:`summary`."""

    def summary(self) -> str:  # pragma: no cover - every result overrides it
        """Return the plain-text readout."""
        raise NotImplementedError

    def _rows(self) -> list[tuple[str, str]]:  # pragma: no cover - every result overrides it
        raise NotImplementedError

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        headline, *details = self.summary().split("\n")
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
            f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
            for label, value in self._rows()
        )
        notes = "".join(f"<p>{html.escape(line)}</p>" for line in details if line)
        return (
            f"<div class='pmkit-experiment'><p><b>{html.escape(headline)}</b></p>"
            f"{notes}<table>{rows}</table></div>"
        )


# ------------------------------------------------------------------------ number formatting


def count(n: float) -> str:
    """Format a count with thousands separators: 12,345."""
    return f"{n:,.0f}"


def pct(x: float, digits: int = 2) -> str:
    """Format a rate as a percentage: 0.112 -> 11.20%."""
    return "n/a" if math.isnan(x) else f"{x * 100:.{digits}f}%"


def signed_pct(x: float, digits: int = 1) -> str:
    """Format a relative change as a signed percentage: 0.12 -> +12.0%."""
    if math.isinf(x):
        return "+inf" if x > 0 else "-inf"
    return "n/a" if math.isnan(x) else f"{x * 100:+.{digits}f}%"


def pp(x: float, digits: int = 2) -> str:
    """Format a difference of rates in percentage points: 0.012 -> +1.20 pp."""
    if math.isinf(x):
        return "+inf" if x > 0 else "-inf"
    return "n/a" if math.isnan(x) else f"{x * 100:+.{digits}f} pp"


def num(x: float, signed: bool = False) -> str:
    """Format a mean or a difference of means with sensible precision."""
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return ("+" if x > 0 else "-") + "inf"
    sign = "+" if signed else ""
    if x == 0:
        return f"{sign}0"
    if abs(x) >= 1000:
        return f"{x:{sign},.0f}"
    if abs(x) >= 0.1:
        return f"{x:{sign},.2f}"
    return f"{x:{sign}.3g}"


def stat(x: float) -> str:
    """Format a test statistic (z, t, chi-square) to two decimals."""
    return "n/a" if math.isnan(x) else f"{x:.2f}"


def p_value(p: float) -> str:
    """Format a p-value for a readout: two significant digits, p < 0.0001 below that."""
    if math.isnan(p):
        return "p = n/a"
    if p < 1e-4:
        return "p < 0.0001"
    return f"p = {p:.2g}"


def level(alpha: float) -> str:
    """Format a confidence level from alpha: 0.05 -> 95%."""
    return f"{round((1 - alpha) * 100, 6):g}%"


def interval(
    bounds: tuple[float, float],
    alpha: float,
    alternative: Alternative,
    formatter: Callable[[float], str],
) -> str:
    """Describe a confidence interval, or a one-sided bound for a one-sided test."""
    low, high = bounds
    if alternative == "greater":
        return f"{level(alpha)} lower bound {formatter(low)}"
    if alternative == "less":
        return f"{level(alpha)} upper bound {formatter(high)}"
    low_text, high_text = formatter(low), formatter(high)
    if low_text.endswith(" pp") and high_text.endswith(" pp"):
        low_text = low_text.removesuffix(" pp")
    return f"{level(alpha)} CI {low_text} to {high_text}"


def verdict(p: float, alpha: float, alternative: Alternative) -> str:
    """Say whether a result is significant, and for which hypothesis when one-sided."""
    side = {"two-sided": "", "greater": " (one-sided, B > A)", "less": " (one-sided, B < A)"}
    if math.isnan(p):
        return "cannot test: there is no variation in either arm"
    word = "significant" if p < alpha else "not significant"
    return f"{word} at alpha {alpha:g}{side[alternative]}"


def direction(alternative: Alternative) -> str:
    """Name the direction of a test for the second line of a readout."""
    return {
        "two-sided": "Two-sided",
        "greater": "One-sided (B > A)",
        "less": "One-sided (B < A)",
    }[alternative]

"""Analyze impact bullets: one bullet into a :class:`BulletAnalysis`, many into a DataFrame."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmkit.resume import _detect as d
from pmkit.resume._detect import Detection
from pmkit.resume._suggest import suggest

DETECTORS: tuple[str, ...] = (
    "action_verb",
    "metric",
    "comparison",
    "outcome",
    "scope",
    "method",
    "duty_speak",
    "wrong_direction",
)
"""The detectors, in the order of :func:`analyze_bullets`'s boolean columns.

``duty_speak`` and ``wrong_direction`` are flags: found is bad."""

CHECKS: tuple[str, ...] = (
    "action verb",
    "metric",
    "baseline or comparison",
    "outcome or scope",
    "method",
    "no duty-speak",
    "no change for the worse",
)
"""The seven checks a bullet is scored on; ``score`` counts those met, ``missing`` the rest."""

VERDICT_RULE = (
    "A bullet passes when it opens with a strong action verb, has a metric, the metric has a "
    "baseline or comparison, it names a user or customer outcome or the scope, it says how "
    "(the method), it has no duty-speak, process-speak or buzzwords, and its result is not a "
    "change for the worse (a cost, time or error count that went up; satisfaction, accuracy or "
    "revenue that went down): action_verb and metric and comparison and (outcome or scope) and "
    "method and not duty_speak and not wrong_direction."
)
"""The verdict, in words and as a boolean expression over the detectors."""

_LABELS = {
    "action_verb": "action verb",
    "metric": "metric",
    "comparison": "baseline or comparison",
    "outcome": "user or customer outcome",
    "scope": "scope",
    "method": "method",
    "duty_speak": "duty-speak",
    "wrong_direction": "change for the worse",
}
_FLAGS = ("duty_speak", "wrong_direction")
_COLOURS = {
    "action_verb": "#cfe8ff",
    "metric": "#ffe8a3",
    "comparison": "#ffd0a8",
    "outcome": "#c9f0c9",
    "scope": "#e3d4ff",
    "method": "#c4ecec",
    "duty_speak": "#ffc2c2",
    "wrong_direction": "#ff9e9e",
}


@dataclass(frozen=True)
class BulletAnalysis:
    """What an impact bullet has and lacks, against Laszlo Bock's XYZ form.

    Bock (Google's head of People Operations, "My Personal Formula for a Winning Resume",
    LinkedIn, 2014): "Accomplished [X] as measured by [Y], by doing [Z]". X is the
    accomplishment (an outcome for users or customers, with its scope), Y a metric with a
    baseline or comparison, Z the method. Duties ("responsible for ...") are not
    accomplishments, and neither is a measure that moved the wrong way.

    Each detection is truthy when found and carries the words that show it (``evidence``) and
    their character ``spans`` in ``text``. ``duty_speak`` and ``wrong_direction`` are flags:
    truthy is bad.
    """

    text: str
    action_verb: Detection
    metric: Detection
    comparison: Detection
    outcome: Detection
    scope: Detection
    method: Detection
    duty_speak: Detection
    wrong_direction: Detection
    """A change for the worse: the measure and its change ("Increased ticket volume from 200
    to 900")."""
    duty_phrases: tuple[str, ...]
    """Canonical names of the duty-speak phrases found (see ``DUTY_SPEAK_PHRASES``)."""
    weak_verb: str
    """The weak verb that opens the bullet ("helped", "handled"...), or ""."""
    passive: bool
    """True when the bullet is in the passive voice ("Backlog was reduced ...")."""
    passes: bool
    score: int
    """How many of the seven :data:`CHECKS` the bullet meets."""
    missing: tuple[str, ...]
    """The :data:`CHECKS` the bullet fails, in order."""
    suggestion: str
    """A rewrite toward the XYZ form with placeholders; the bullet itself when it passes."""

    @property
    def checks(self) -> dict[str, bool]:
        """Each of the seven :data:`CHECKS` and whether the bullet meets it."""
        return {name: name not in self.missing for name in CHECKS}

    def detections(self) -> dict[str, Detection]:
        """Return each detector's :class:`Detection`, keyed by the names in :data:`DETECTORS`."""
        return {name: getattr(self, name) for name in DETECTORS}

    def summary(self) -> str:
        """Return a plain-text readout: verdict, each detector's evidence, the suggestion."""
        verdict = "PASSES" if self.passes else "NEEDS WORK"
        lines = [f"Bullet: {self.text}", f"Verdict: {verdict} ({self.score}/{len(CHECKS)} checks)"]
        if self.missing:
            lines.append("Missing: " + ", ".join(self.missing))
        for name, found in self.detections().items():
            good = (not found) if name in _FLAGS else bool(found)
            words = ", ".join(repr(e) for e in found.evidence) or (
                "none" if name in _FLAGS else "-"
            )
            note = ""
            if name == "action_verb" and self.weak_verb:
                note = f" (weak verb {self.weak_verb!r} does not count)"
            if name == "action_verb" and self.passive:
                note = " (passive voice: start with what you did)"
            lines.append(f"  [{'x' if good else ' '}] {_LABELS[name]}: {words}{note}")
        if not self.passes:
            lines.append(f"Suggestion: {self.suggestion}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        verdict = "passes" if self.passes else "needs work"
        colour = "#1a7f37" if self.passes else "#b35900"
        rows = []
        for name, found in self.detections().items():
            good = (not found) if name in _FLAGS else bool(found)
            words = ", ".join(html.escape(e) for e in found.evidence) or "&ndash;"
            rows.append(
                f"<tr><td>{'&#10003;' if good else '&#10007;'}</td>"
                f"<td><span style='background:{_COLOURS[name]};padding:0 3px'>"
                f"{_LABELS[name]}</span></td><td>{words}</td></tr>"
            )
        suggestion = (
            ""
            if self.passes
            else f"<p><b>Suggestion:</b> <code>{html.escape(self.suggestion)}</code></p>"
        )
        return (
            f"<div class='pmkit-bullet'><p>{self._highlighted()}</p>"
            f"<p><b style='color:{colour}'>Verdict: {verdict}</b> "
            f"({self.score}/{len(CHECKS)} checks"
            f"{'; missing ' + html.escape(', '.join(self.missing)) if self.missing else ''})</p>"
            f"<table>{''.join(rows)}</table>{suggestion}</div>"
        )

    def _highlighted(self) -> str:
        """Return the bullet as HTML, each detector's evidence marked in its colour."""
        marks: list[tuple[int, int, str]] = []
        for name, found in self.detections().items():
            for start, end in found.spans:
                if all(end <= s or start >= e for s, e, _ in marks):
                    marks.append((start, end, name))
        out, at = [], 0
        for start, end, name in sorted(marks):
            out.append(html.escape(self.text[at:start]))
            out.append(
                f"<mark title='{_LABELS[name]}' style='background:{_COLOURS[name]}'>"
                f"{html.escape(self.text[start:end])}</mark>"
            )
            at = end
        out.append(html.escape(self.text[at:]))
        return "".join(out)


def _check_text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(
            f"{field} must be a string (one resume bullet); got {value!r} "
            f"of type {type(value).__name__}"
        )
    if not value.strip():
        raise ValueError(f"{field} must be a non-empty bullet; got {value!r}")
    return value.strip()


def analyze_bullet(text: str) -> BulletAnalysis:
    """Analyze one resume bullet against the "Accomplished X, as measured by Y, by doing Z" form.

    Detects a strong leading action verb, a metric, a baseline or comparison for it, a user or
    customer outcome, the scope, the method, duty-speak and a change for the worse (a measure
    moved the wrong way); the verdict follows
    :data:`VERDICT_RULE`. The suggestion rewrites toward Bock's form with placeholders and
    never invents numbers. The rules are heuristics over word lists: read the evidence, not
    just the verdict.

    >>> a = analyze_bullet("Helped reduce ticket backlog by 35%.")
    >>> a.passes, a.weak_verb, a.duty_phrases, a.comparison.evidence
    (False, 'Helped', ('helped',), ('by 35%',))
    >>> print(a.suggestion)  # doctest: +NORMALIZE_WHITESPACE
    Reduced ticket backlog by 35% for <who: which users or customers, how many>,
    by <how: the change you made>.
    >>> b = analyze_bullet(
    ...     "Cut password-reset wait from 4 hours to 10 minutes for 3,000 employees "
    ...     "by launching a self-service portal."
    ... )
    >>> b.passes, b.score, b.missing
    (True, 7, ())
    >>> c = analyze_bullet(
    ...     "Raised monthly cloud spend from $10K to $50K by migrating 40 services to AWS."
    ... )
    >>> c.passes, c.wrong_direction.evidence, c.missing
    (False, ('Raised monthly cloud spend from $10K to $50K',), ('no change for the worse',))
    >>> analyze_bullet("")
    Traceback (most recent call last):
    ...
    ValueError: text must be a non-empty bullet; got ''
    """
    clean = _check_text("text", text)
    p = d.parse(clean)
    verb = d.action_verb(p)
    metric = d.metric(p)
    compared = d.comparison(p)
    outcome = d.outcome(p, compared)
    scope = d.scope(p)
    method = d.method(p, compared)
    duty = d.duty_speak(p)
    worse = d.wrong_direction(p)
    met = (
        bool(verb),
        bool(metric),
        bool(metric) and bool(compared),
        bool(outcome) or bool(scope),
        bool(method),
        not duty,
        not worse,
    )
    missing = tuple(name for name, ok in zip(CHECKS, met, strict=True) if not ok)
    return BulletAnalysis(
        text=clean,
        action_verb=verb,
        metric=metric,
        comparison=compared,
        outcome=outcome,
        scope=scope,
        method=method,
        duty_speak=duty,
        wrong_direction=worse,
        duty_phrases=d.duty_phrases(p),
        weak_verb=p.lead.word if p.lead.kind == "weak" else "",
        passive=d.passive_participle(p) is not None,
        passes=not missing,
        score=sum(met),
        missing=missing,
        suggestion=suggest(clean, missing, worse),
    )


def analyze_bullets(bullets: Sequence[str] | pd.Series) -> pd.DataFrame:
    """Analyze many bullets: one row per bullet, one boolean column per detector.

    Columns: ``bullet``, the :data:`DETECTORS` (``duty_speak`` and ``wrong_direction`` True
    mean flagged), ``passes``, ``score`` (checks met out of 7), ``missing`` (the failed checks,
    joined with "; ") and ``suggestion``. A Series keeps its index.

    >>> frame = analyze_bullets(["Responsible for the service desk.", "Increased revenue."])
    >>> frame[["action_verb", "duty_speak", "passes", "score"]]
       action_verb  duty_speak  passes  score
    0        False        True   False      1
    1         True       False   False      3
    """
    if isinstance(bullets, (str, bytes)) or not isinstance(
        bullets, (Sequence, pd.Series, pd.Index, np.ndarray)
    ):
        raise TypeError(
            f"bullets must be a list or pandas Series of strings; got {bullets!r} "
            f"of type {type(bullets).__name__}"
        )
    index = bullets.index if isinstance(bullets, pd.Series) else pd.RangeIndex(len(bullets))
    rows = []
    for label, value in zip(index, list(bullets), strict=True):
        _check_text(f"bullets[{label!r}]", value)
        a = analyze_bullet(value)
        row: dict[str, object] = {"bullet": a.text}
        row.update({name: bool(getattr(a, name)) for name in DETECTORS})
        row.update(
            passes=a.passes, score=a.score, missing="; ".join(a.missing), suggestion=a.suggestion
        )
        rows.append(row)
    columns = ["bullet", *DETECTORS, "passes", "score", "missing", "suggestion"]
    frame = pd.DataFrame(rows, columns=columns, index=index)
    return frame.astype({name: bool for name in (*DETECTORS, "passes")} | {"score": "int64"})

"""The portfolio case-study builder: answer eight prompts, get Markdown and (escaped) HTML.

A case study is the page you link from your resume: one project, told as a product decision.
Module 01 outlines one in five parts; here it grows to eight, adding the evidence you had,
what actually shipped, and what you learned:

problem -> users -> evidence -> hypothesis -> metrics -> what shipped -> outcome -> learnings.

:func:`check_case_study` is a completeness check, a learning aid like the kit's other checkers:
it finds empty or thin sections and metrics or outcomes without a number. It cannot tell
whether the story is true, important or well argued; a reader (or the rubric) does that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType

from pmkit._userdata import data_dir

CASE_STUDY_SECTIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "problem": (
            "Problem",
            "What was wrong, for whom, how big, and why did it matter then? Size it (volume, "
            "time, cost) and keep the solution out of it.",
        ),
        "users": (
            "Users",
            "Who had the problem, trying to do what? Name the roles or segments and how many "
            "people; primary and secondary users.",
        ),
        "evidence": (
            "Evidence",
            "How did you know? Data you pulled, people you interviewed or observed, tickets "
            "you read. Say what you did yourself.",
        ),
        "hypothesis": (
            "Hypothesis",
            "If we ..., then ... will change, because .... Something that could turn out wrong.",
        ),
        "metrics": (
            "Metrics",
            "The primary metric with its baseline, an adoption or input metric, and a guardrail "
            "that must not get worse.",
        ),
        "shipped": (
            "What shipped",
            "What was built or changed, in what steps (pilot, rollout), and your part in it. "
            "What you chose not to do.",
        ),
        "outcome": (
            "Outcome",
            "What happened against the baseline, with numbers; what did not work; what was "
            "decided because of it.",
        ),
        "learnings": (
            "Learnings",
            "What you would do differently, and what you now do as a habit because of this "
            "project.",
        ),
    }
)
"""The sections, in order: key -> (heading, prompt)."""

MIN_WORDS = 12
"""A section with fewer words than this is flagged as too short by :func:`check_case_study`."""

NUMBER_SECTIONS: tuple[str, ...] = ("metrics", "outcome")
"""Sections that need at least one number: a baseline, a result."""

OUTLINE_SECTIONS: tuple[str, ...] = ("problem", "users", "hypothesis", "metrics", "outcome")
"""Module 01's five-part outline: the sections every case study needs first. Module 07's
builder adds evidence, what shipped and learnings (all of :data:`CASE_STUDY_SECTIONS`)."""


def _sections(sections: tuple[str, ...] | None) -> tuple[str, ...]:
    if sections is None:
        return tuple(CASE_STUDY_SECTIONS)
    unknown = [key for key in sections if key not in CASE_STUDY_SECTIONS]
    if unknown or not sections:
        raise ValueError(
            f"sections must name some of {', '.join(CASE_STUDY_SECTIONS)}; got {sections!r}"
        )
    return tuple(key for key in CASE_STUDY_SECTIONS if key in sections)


@dataclass(frozen=True)
class CaseStudy:
    """A portfolio case study: a title, your role, the eight sections and an optional note.

    Every field is text; empty sections are allowed while you write (they show as "not written
    yet" and :func:`check_case_study` lists them). ``note`` is shown in italics under the title,
    for example "Numbers are illustrative".
    """

    title: str
    role: str = ""
    problem: str = ""
    users: str = ""
    evidence: str = ""
    hypothesis: str = ""
    metrics: str = ""
    shipped: str = ""
    outcome: str = ""
    learnings: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, str):
                raise ValueError(f"{item.name} must be text; got {value!r}")

    @classmethod
    def from_mapping(cls, answers: Mapping[str, str]) -> CaseStudy:
        """Build a case study from a dict of answers (unknown keys are an error).

        >>> CaseStudy.from_mapping({"title": "Dock booking", "problem": "Trucks waited."}).problem
        'Trucks waited.'
        """
        if isinstance(answers, CaseStudy):
            return answers
        if not isinstance(answers, Mapping):
            raise ValueError(
                f"answers must be a CaseStudy or a dict of section -> text; got {answers!r}"
            )
        known = {item.name for item in fields(cls)}
        unknown = [k for k in answers if k not in known]
        if unknown:
            raise ValueError(
                f"answers has unknown section(s) {unknown!r}; the sections are "
                f"{', '.join(['title', 'role', *CASE_STUDY_SECTIONS, 'note'])}"
            )
        return cls(**{"title": "", **answers})

    def sections(self) -> dict[str, str]:
        """Return the eight sections' texts, in order."""
        return {key: getattr(self, key) for key in CASE_STUDY_SECTIONS}


def _case(case: CaseStudy | Mapping[str, str]) -> CaseStudy:
    return case if isinstance(case, CaseStudy) else CaseStudy.from_mapping(case)


@dataclass(frozen=True)
class CaseStudyCheck:
    """What :func:`check_case_study` found: each section's gap, and whether none is left."""

    gaps: Mapping[str, str]
    words: Mapping[str, int]

    @property
    def complete(self) -> bool:
        """True when no section has a gap."""
        return not self.gaps

    def __str__(self) -> str:
        if self.complete:
            return "Complete: every section is written, and metrics and outcome have numbers."
        listed = "; ".join(f"{key}: {reason}" for key, reason in self.gaps.items())
        return f"Needs work: {listed}."


_NUMBER = re.compile(r"\d")


def check_case_study(
    case: CaseStudy | Mapping[str, str], *, sections: tuple[str, ...] | None = None
) -> CaseStudyCheck:
    """Check a case study for completeness (a learning aid, not a grade).

    ``sections`` checks only those (``OUTLINE_SECTIONS`` for module 01's five-part outline);
    by default all eight. Rules, per section in order (the title too): ``"missing"`` when
    empty; ``"too short"`` when under :data:`MIN_WORDS` words (the title is exempt); for
    ``metrics`` and ``outcome``, ``"no number"`` when no digit appears (a metric needs its
    baseline, an outcome its result).
    ``gaps`` maps each section with a problem to the first rule it breaks.

    >>> check = check_case_study({"title": "Dock booking", "problem": "Trucks waited."})
    >>> check.gaps["problem"], check.gaps["users"], check.complete
    ('too short', 'missing', False)
    """
    study = _case(case)
    gaps: dict[str, str] = {}
    words: dict[str, int] = {}
    if not study.title.strip():
        gaps["title"] = "missing"
    for key in _sections(sections):
        text = getattr(study, key)
        count = len(text.split())
        words[key] = count
        if count == 0:
            gaps[key] = "missing"
        elif count < MIN_WORDS:
            gaps[key] = "too short"
        elif key in NUMBER_SECTIONS and not _NUMBER.search(text):
            gaps[key] = "no number"
    return CaseStudyCheck(MappingProxyType(gaps), MappingProxyType(words))


def case_study_markdown(
    case: CaseStudy | Mapping[str, str], *, sections: tuple[str, ...] | None = None
) -> str:
    """Return the case study as Markdown: a title, your role, a note, one heading per section.

    The text is used as written (Markdown in your answers stays Markdown). ``sections`` shows
    only those, in the usual order (``OUTLINE_SECTIONS`` for module 01's outline); by default
    all eight.

    >>> print(case_study_markdown({"title": "Dock booking", "problem": "Trucks waited."}))
    ... # doctest: +ELLIPSIS
    # Dock booking
    <BLANKLINE>
    ## Problem
    <BLANKLINE>
    Trucks waited.
    <BLANKLINE>
    ## Users
    <BLANKLINE>
    _Not written yet._
    ...
    """
    study = _case(case)
    lines = [f"# {study.title.strip() or 'Untitled case study'}"]
    if study.role.strip():
        lines.append(f"**My role:** {study.role.strip()}")
    if study.note.strip():
        lines.append(f"_{study.note.strip()}_")
    for key in _sections(sections):
        text = getattr(study, key).strip()
        lines += [f"## {CASE_STUDY_SECTIONS[key][0]}", text or "_Not written yet._"]
    return "\n\n".join(lines) + "\n"


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in blocks
    )


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;"
    "line-height:1.5;color:#222}h1{margin-bottom:.2em}.role{color:#555}.note{font-style:italic;"
    "color:#555}.missing{color:#999;font-style:italic}"
)


def case_study_html(
    case: CaseStudy | Mapping[str, str],
    *,
    standalone: bool = False,
    sections: tuple[str, ...] | None = None,
) -> str:
    """Return the case study as HTML; every piece of your text is escaped.

    ``sections`` shows only those, as in :func:`case_study_markdown`.

    Paragraphs are separated by blank lines, and single line breaks are kept. With
    ``standalone=True`` the result is a complete page (with a little CSS) to save or print;
    otherwise an ``<article>`` to embed.

    >>> print(case_study_html({"title": "A <b> & C", "problem": "x < y"}).splitlines()[1])
    <h1>A &lt;b&gt; &amp; C</h1>
    """
    study = _case(case)
    parts = ['<article class="pmkit-case-study">']
    parts.append(f"<h1>{html.escape(study.title.strip() or 'Untitled case study')}</h1>")
    if study.role.strip():
        parts.append(f'<p class="role"><b>My role:</b> {html.escape(study.role.strip())}</p>')
    if study.note.strip():
        parts.append(f'<p class="note">{html.escape(study.note.strip())}</p>')
    for key in _sections(sections):
        text = getattr(study, key)
        parts.append(f"<h2>{html.escape(CASE_STUDY_SECTIONS[key][0])}</h2>")
        parts.append(
            _paragraphs(text) if text.strip() else '<p class="missing">Not written yet.</p>'
        )
    parts.append("</article>")
    body = "\n".join(parts)
    if not standalone:
        return body
    title = html.escape(study.title.strip() or "Case study")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].strip("-") or "case-study"


def save_case_study(
    case: CaseStudy | Mapping[str, str], *, folder: str | Path | None = None
) -> tuple[Path, Path]:
    """Write the case study as ``<title>.md`` and ``<title>.html``; return both paths.

    The files go to ``folder``, or to ``case_studies/`` in your data folder (``PMKIT_DATA_DIR``
    or the user data folder), never into the course repository. Existing files of the same
    name are replaced.
    """
    study = _case(case)
    target = data_dir(folder) if folder is not None else data_dir() / "case_studies"
    target.mkdir(parents=True, exist_ok=True)
    stem = _slug(study.title)
    markdown, page = target / f"{stem}.md", target / f"{stem}.html"
    markdown.write_text(case_study_markdown(study), encoding="utf-8")
    page.write_text(case_study_html(study, standalone=True), encoding="utf-8")
    return markdown, page

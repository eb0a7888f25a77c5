"""Answers that look alike across a cohort's submissions, per question, for a person to review.

For each answer cell of an assignment (code and written answers, by nbgrader grade id), every
submission's answer is normalised so that cosmetic changes do not hide a shared answer: code
loses its comments, blank lines and layout, and every name becomes ``N`` (renaming variables
changes nothing); text is lowercased and reduced to its words. The starter text of the student
version (``# YOUR CODE HERE``, a given skeleton) is removed first, so blank answers never match.
Two answers are compared by the Jaccard similarity of their k-token shingles (sets of
overlapping runs of k tokens, the fingerprinting idea behind MOSS: Schleimer, Wilkerson and
Aiken, "Winnowing", SIGMOD 2003), and pairs at or above a threshold are listed with both
answers side by side and how close each is to the model solution, since two right answers to a
short question are alike without anyone copying.

This is evidence for a conversation, never a verdict: nothing here changes a grade, and the
page says so. Submissions are read as JSON and never run.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import keyword
import re
import tokenize
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmkit.grading._course import (
    Course,
    CourseError,
    cell_kind,
    cell_source,
    grade_id,
    read_notebook,
)

if TYPE_CHECKING:
    import pandas as pd

PAIR_COLUMNS = [
    "question",
    "student_a",
    "student_b",
    "similarity",
    "shared_shingles",
    "a_like_model",
    "b_like_model",
]
SHOWN_PER_QUESTION = 50
"""Pairs per question shown side by side in the HTML page (the table and the CSV have all)."""
_STUBS = {"# YOUR CODE HERE", "raise NotImplementedError()", "YOUR ANSWER HERE"}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SKIP = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}


def code_tokens(source: str) -> list[str]:
    r"""Return the tokens of Python ``source`` with comments and layout gone and names as ``N``.

    Keywords, operators, numbers and strings stay. Source that does not tokenize (a syntax
    error half-way) keeps the tokens read before the error.

    >>> code_tokens("total = price * qty  # line total") == code_tokens("t=p*q")
    True
    >>> code_tokens("for x in rows:\n    print(x)")
    ['for', 'N', 'in', 'N', ':', 'N', '(', 'N', ')']
    """
    tokens: list[str] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in _SKIP:
                continue
            if token.type == tokenize.NAME and not keyword.iskeyword(token.string):
                tokens.append("N")
            else:
                tokens.append(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return tokens


def text_tokens(text: str) -> list[str]:
    """Return the words of ``text``, lowercased, without punctuation or Markdown.

    >>> text_tokens("**Ship F23** now: it's worth $1.2M!")
    ['ship', 'f23', 'now', "it's", 'worth', '1', '2m']
    """
    return _WORD.findall(text.lower())


def shingles(tokens: list[str], k: int) -> set[int]:
    """Return the hashes of every run of ``k`` consecutive tokens (one run if there are fewer)."""
    if not tokens:
        return set()
    if len(tokens) <= k:
        return {hash(tuple(tokens))}
    return {hash(tuple(tokens[i : i + k])) for i in range(len(tokens) - k + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    """Return ``|a & b| / |a | b|`` (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass(frozen=True)
class _Question:
    grade_id: str
    kind: str  # "code" or "text"
    starter: frozenset[str]
    model: str


@dataclass(frozen=True)
class SimilarityReport:
    """What :func:`similarity_report` found and where it wrote it."""

    pairs: pd.DataFrame
    """One row per pair at or above the threshold (:data:`PAIR_COLUMNS`), most alike first."""
    answers: int
    """Non-empty answers compared, over all questions."""
    html: Path
    csv: Path


def _questions(course: Course, assignment: str, notebook: str) -> list[_Question]:
    source = read_notebook(course.solutions_dir / assignment / notebook)
    release_path = course.exercises_dir / assignment / notebook
    release = read_notebook(release_path) if release_path.is_file() else {"cells": []}
    starters = {grade_id(c): cell_source(c) for c in release["cells"] if grade_id(c)}
    questions = []
    for cell in source["cells"]:
        if cell_kind(cell) not in ("solution", "manual"):
            continue
        gid = grade_id(cell)
        starter = frozenset(
            line.strip() for line in starters.get(gid, "").splitlines() if line.strip()
        )
        model = "\n".join(
            line
            for line in cell_source(cell).splitlines()
            if "### BEGIN" not in line and "### END" not in line
        )
        kind = "code" if cell.get("cell_type") == "code" else "text"
        questions.append(_Question(gid, kind, starter | _STUBS, model))
    return questions


def _own_part(answer: str, question: _Question) -> str:
    """Return the learner's lines: the answer without the student version's starter lines."""
    return "\n".join(
        line
        for line in answer.splitlines()
        if line.strip() and line.strip() not in question.starter
    )


def _tokens(text: str, kind: str) -> list[str]:
    return code_tokens(text) if kind == "code" else text_tokens(text)


def _read_answers(path: Path) -> dict[str, str]:
    """Return {grade id: source} of a submitted notebook; {} when it is not a readable notebook."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8", errors="replace"))
        cells = data["cells"]
        return {grade_id(c): cell_source(c) for c in cells if isinstance(c, dict) and grade_id(c)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def similar_pairs(
    answers: dict[str, str],
    *,
    kind: str,
    threshold: float,
    min_tokens: int,
    k: int | None = None,
) -> list[tuple[str, str, float, int]]:
    """Return (student a, student b, similarity, shared shingles) for pairs at or above threshold.

    ``answers`` maps each student to their answer (starter lines already removed); answers with
    fewer than ``min_tokens`` tokens are left out (too short to tell copying from agreement).
    Only pairs sharing a shingle are compared (an inverted index). That prunes written
    answers, whose words vary; it hardly prunes code, where every name is ``N`` and runs such as
    ``N = N ( N )`` are common to nearly every answer, so code costs one comparison per pair of
    answers: time grows with the square of the cohort. ``k`` defaults to 5 tokens for code and
    3 words for text.
    """
    size = k or _shingle_size(kind)
    prints = {}
    for student, text in answers.items():
        tokens = _tokens(text, kind)
        if len(tokens) >= min_tokens:
            prints[student] = shingles(tokens, size)
    holders: dict[int, list[str]] = defaultdict(list)
    for student in sorted(prints):
        for shingle in prints[student]:
            holders[shingle].append(student)
    candidates = {pair for group in holders.values() for pair in itertools.combinations(group, 2)}
    found = []
    for a, b in sorted(candidates):
        score = jaccard(prints[a], prints[b])
        if score >= threshold:
            found.append((a, b, round(score, 3), len(prints[a] & prints[b])))
    return sorted(found, key=lambda row: (-row[2], row[0], row[1]))


def similarity_report(
    course: Course,
    assignment: str,
    out_dir: Path,
    *,
    threshold: float = 0.8,
    min_tokens: int = 15,
) -> SimilarityReport:
    """Compare every submission's answers to ``assignment``, question by question; write a report.

    Reads ``submitted/<student>/<assignment>/*.ipynb`` (never runs them) and writes
    ``similarity.html`` (each pair with both answers side by side) and ``similarity.csv`` to
    ``out_dir``. ``threshold`` is the Jaccard similarity (0 to 1) at or above which a pair is
    listed; ``min_tokens`` the shortest answer compared. A threshold outside (0, 1] or a
    ``min_tokens`` under 1 is a ValueError naming it.
    """
    import pandas as pd

    from pmkit.grading._parallel import find_submissions

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold should be in (0, 1], like 0.8; got {threshold!r}")
    if min_tokens < 1:
        raise ValueError(f"min_tokens should be 1 or more; got {min_tokens!r}")
    course.check_assignment(assignment)
    submissions = find_submissions(course, assignment)
    if not submissions:
        raise CourseError(f"no submissions of {assignment!r} in {course.root / 'submitted'}")
    rows: list[dict[str, Any]] = []
    shown: dict[tuple[str, str], str] = {}
    compared = 0
    notebooks = course.source_notebooks(assignment)
    for notebook in notebooks:
        for question in _questions(course, assignment, notebook.name):
            # the model answer is compared against, never shown
            label = question.grade_id
            if len(notebooks) > 1:
                label = f"{notebook.stem}:{question.grade_id}"
            answers = {}
            for student, folder in submissions:
                text = _read_answers(folder / notebook.name).get(question.grade_id, "")
                own = _own_part(text, question)
                if own:
                    answers[student] = own
                    shown[(label, student)] = text
            compared += len(answers)
            rows += _question_pairs(label, question, answers, threshold, min_tokens)
    pairs = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "similarity.csv"
    pairs.to_csv(csv_path, index=False)
    html_path = out_dir / "similarity.html"
    html_path.write_text(
        _page(assignment, pairs, rows, shown, compared, len(submissions), threshold, min_tokens),
        encoding="utf-8",
    )
    return SimilarityReport(pairs=pairs, answers=compared, html=html_path, csv=csv_path)


def _shingle_size(kind: str) -> int:
    return 5 if kind == "code" else 3


def _question_pairs(
    label: str, question: _Question, answers: dict[str, str], threshold: float, min_tokens: int
) -> list[dict[str, Any]]:
    """Return the report rows of one question: its pairs, each with how alike the model it is."""
    size = _shingle_size(question.kind)
    model = shingles(_tokens(question.model, question.kind), size)

    def like_model(student: str) -> float:
        return round(jaccard(shingles(_tokens(answers[student], question.kind), size), model), 3)

    return [
        {
            "question": label,
            "student_a": a,
            "student_b": b,
            "similarity": score,
            "shared_shingles": shared,
            "a_like_model": like_model(a),
            "b_like_model": like_model(b),
        }
        for a, b, score, shared in similar_pairs(
            answers, kind=question.kind, threshold=threshold, min_tokens=min_tokens, k=size
        )
    ]


def _page(
    assignment: str,
    pairs: pd.DataFrame,
    rows: list[dict[str, Any]],
    shown: dict[tuple[str, str], str],
    compared: int,
    students: int,
    threshold: float,
    min_tokens: int,
) -> str:
    esc = html.escape
    intro = (
        f"<p>{students} submissions of <code>{esc(assignment)}</code>, {compared} non-empty "
        f"answers compared question by question; pairs at or above a similarity of {threshold:g} "
        f"(answers of at least {min_tokens} tokens) are listed, most alike first.</p>"
        "<p><strong>For a person to review, not a verdict.</strong> Similar answers are not proof "
        "of copying: short questions, the model answer and what the lesson showed make right "
        "answers alike (the <em>like model</em> columns say how close each is to the model "
        "answer). Nothing here changes a grade. Talk to the learners before drawing any "
        "conclusion.</p>"
    )
    if pairs.empty:
        body = "<p>No pair reached the threshold.</p>"
    else:
        parts = [pairs.to_html(index=False, border=0)]
        per_question: dict[str, int] = defaultdict(int)
        for row in rows:
            question, a, b = row["question"], row["student_a"], row["student_b"]
            per_question[question] += 1
            if per_question[question] > SHOWN_PER_QUESTION:
                continue
            parts.append(
                f"<h3>{esc(question)}: {esc(a)} and {esc(b)} ({row['similarity']:.0%} alike)</h3>"
                f"<table><tr><th>{esc(a)} (like model {row['a_like_model']:.0%})</th>"
                f"<th>{esc(b)} (like model {row['b_like_model']:.0%})</th></tr><tr>"
                f"<td><pre>{esc(shown[(question, a)])}</pre></td>"
                f"<td><pre>{esc(shown[(question, b)])}</pre></td></tr></table>"
            )
        over = {q: n for q, n in per_question.items() if n > SHOWN_PER_QUESTION}
        if over:
            parts.insert(
                1,
                "<p>Side by side below: the "
                f"{SHOWN_PER_QUESTION} most alike pairs of each question; "
                + ", ".join(f"{esc(q)} has {n}" for q, n in sorted(over.items()))
                + " (all are in the table above and in similarity.csv). Many pairs on one "
                "question usually mean one common answer: compare the like-model columns, or "
                "raise the threshold or --min-tokens.</p>",
            )
        body = "".join(parts)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Similar answers: {esc(assignment)}</title>"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;"
        "vertical-align:top}pre{white-space:pre-wrap;margin:0}</style></head><body>"
        f"<h1>Similar answers: {esc(assignment)}</h1>{intro}{body}</body></html>"
    )

"""The interview prompt bank: its schema, validation, loading, filtering and search.

The prompts live in ``prompts.json`` next to this module (data, not code). Every prompt, rubric
point and model answer was written for pmkit; none is copied from a question bank. Categories
and frameworks follow the course's content reference: CIRCLES (Lewis Lin), STAR, the estimation
steps (clarify, write the equation, decompose, sanity-check), the metric-drop checklist, HEART
(Rodden et al. 2010, goals -> signals -> metrics) and Amplitude's North Star with a metric tree.
The remaining outlines ("experiment readout", "prioritization scoring", "execution plan",
"strategy outline", "technical trade-off") are the kit's own structures, labelled as such in
:data:`FRAMEWORKS`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from pmkit import _validation as v

CATEGORIES: tuple[str, ...] = (
    "product sense",
    "metrics and analytics",
    "execution and prioritization",
    "estimation",
    "strategy",
    "behavioral",
    "technical",
)
"""The interview categories, in the order the course teaches them."""

BACKGROUNDS: tuple[str, ...] = ("it", "ops", "any")
"""Who a prompt is written for: IT switchers, operations switchers, or anyone."""

DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
"""Difficulty levels, easiest first."""

EXPERIENCE_AREAS: tuple[str, ...] = (
    "incident management",
    "change management",
    "vendor and SLA management",
    "process redesign",
    "tooling adoption",
    "capacity planning",
    "cross-team coordination",
)
"""IT and operations work a prompt draws on (its ``experience`` tags)."""


@dataclass(frozen=True)
class Framework:
    """An answer structure: its steps, in order, and where it comes from."""

    name: str
    steps: tuple[str, ...]
    origin: str


def _framework(name: str, steps: Sequence[str], origin: str) -> tuple[str, Framework]:
    return name, Framework(name, tuple(steps), origin)


FRAMEWORKS: Mapping[str, Framework] = MappingProxyType(
    dict(
        [
            _framework(
                "CIRCLES",
                [
                    "Comprehend",
                    "Identify the customer",
                    "Report needs",
                    "Cut through prioritization",
                    "List solutions",
                    "Evaluate trade-offs",
                    "Summarize",
                ],
                "Lewis Lin's CIRCLES method",
            ),
            _framework("STAR", ["Situation", "Task", "Action", "Result"], "STAR interview method"),
            _framework(
                "metric-drop checklist",
                [
                    "Check the data and the tool",
                    "Seasonality and history",
                    "Recent releases",
                    "Segments",
                    "Other teams",
                    "External events",
                ],
                "the course's checklist for diagnosing a metric drop",
            ),
            _framework(
                "HEART",
                ["Goals", "Signals", "Metrics"],
                "Google's HEART framework (Rodden et al. 2010): goals -> signals -> metrics",
            ),
            _framework(
                "north star and metric tree",
                ["North Star metric", "Input metrics", "Decomposition", "Levers and owners"],
                "Amplitude's North Star playbook with a metric tree down to levers teams own",
            ),
            _framework(
                "experiment readout",
                ["Hypothesis and metrics", "Trust checks", "Result", "Guardrails", "Decision"],
                "the kit's outline for reading an A/B test (SRM, guardrails, novelty)",
            ),
            _framework(
                "estimation steps",
                ["Clarify", "Write the equation", "Decompose", "Sanity-check"],
                "the course's estimation steps",
            ),
            _framework(
                "prioritization scoring",
                ["Goal", "Options", "Score", "Decide", "Communicate"],
                "the kit's outline for a prioritization answer (RICE, WSJF/CD3, MoSCoW, ...)",
            ),
            _framework(
                "execution plan",
                ["Goal and constraints", "Options", "Plan", "Risks", "Communicate and measure"],
                "the kit's outline for an execution answer",
            ),
            _framework(
                "strategy outline",
                [
                    "Goal",
                    "Customer and market",
                    "Company and competition",
                    "Options",
                    "Recommendation",
                    "Risks and signals",
                ],
                "the kit's outline for a strategy answer",
            ),
            _framework(
                "technical trade-off",
                [
                    "Clarify requirements",
                    "How it works",
                    "Options and trade-offs",
                    "Risks",
                    "Rollout and measurement",
                ],
                "the kit's outline for a technical answer",
            ),
        ]
    )
)
"""Every answer structure a prompt may name, with its steps and origin."""

CATEGORY_FRAMEWORKS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "product sense": ("CIRCLES",),
        "metrics and analytics": (
            "metric-drop checklist",
            "HEART",
            "north star and metric tree",
            "experiment readout",
        ),
        "execution and prioritization": ("prioritization scoring", "execution plan"),
        "estimation": ("estimation steps",),
        "strategy": ("strategy outline",),
        "behavioral": ("STAR",),
        "technical": ("technical trade-off",),
    }
)
"""The frameworks that fit each category (a behavioral prompt is answered with STAR, ...)."""

ID_PREFIXES: Mapping[str, str] = MappingProxyType(
    {
        "product sense": "PS",
        "metrics and analytics": "MA",
        "execution and prioritization": "EX",
        "estimation": "ES",
        "strategy": "ST",
        "behavioral": "BE",
        "technical": "TE",
    }
)
"""The two-letter id prefix of each category: ``PS-001`` is a product-sense prompt."""

_REQUIRED = (
    "id",
    "category",
    "background",
    "difficulty",
    "framework",
    "prompt",
    "rubric",
    "pitfalls",
    "follow_ups",
    "experience",
)
_OPTIONAL = ("model_answer",)
_ID = re.compile(r"^[A-Z]{2}-\d{3}$")


@dataclass(frozen=True)
class ModelAnswerStep:
    """One step of a model answer outline: the framework step and its points."""

    step: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class ModelAnswer:
    """A worked outline of a strong answer, one entry per step of the prompt's framework.

    Numbers in a model answer are either labelled assumptions (``assumptions``, each starting
    with "Assume") or part of an illustrative story (``note`` says so); none is a fact.
    """

    steps: tuple[ModelAnswerStep, ...]
    assumptions: tuple[str, ...] = ()
    note: str = ""

    def to_markdown(self) -> str:
        """Return the outline as Markdown: a bold step name followed by its points."""
        lines = [f"*{self.note}*", ""] if self.note else []
        for step in self.steps:
            lines.append(f"**{step.step}**")
            lines.extend(f"- {point}" for point in step.points)
        if self.assumptions:
            lines.append("**Assumptions**")
            lines.extend(f"- {a}" for a in self.assumptions)
        return "\n".join(lines)


@dataclass(frozen=True)
class Prompt:
    """One interview prompt from the bank, with its rubric, pitfalls and follow-ups."""

    id: str
    category: str
    background: str
    difficulty: str
    framework: str
    prompt: str
    rubric: tuple[str, ...]
    """What a strong answer covers (4-6 points); each is scored on the 1-5 rubric scale."""
    pitfalls: tuple[str, ...]
    follow_ups: tuple[str, ...]
    """Questions an interviewer asks next (at least two), from clarifying to stress-testing."""
    experience: tuple[str, ...] = ()
    """IT or operations work the prompt draws on (values of :data:`EXPERIENCE_AREAS`)."""
    model_answer: ModelAnswer | None = None

    @property
    def framework_steps(self) -> tuple[str, ...]:
        """The steps of the prompt's framework, in order."""
        return FRAMEWORKS[self.framework].steps

    def to_markdown(self, *, with_answer: bool = False) -> str:
        """Return a prompt card in Markdown; the model answer only when ``with_answer``."""
        lines = [
            f"**{self.id}** · {self.category} · {self.difficulty} · for {self.background}",
            "",
            f"> {self.prompt}",
            "",
            f"Framework: {self.framework} ({' → '.join(self.framework_steps)})",
        ]
        if with_answer:
            lines += ["", "**A strong answer covers**"]
            lines += [f"- {r}" for r in self.rubric]
            lines += ["", "**Common pitfalls**"]
            lines += [f"- {p}" for p in self.pitfalls]
            lines += ["", "**Follow-ups**"]
            lines += [f"- {q}" for q in self.follow_ups]
            if self.model_answer is not None:
                lines += ["", "**Model answer outline**", self.model_answer.to_markdown()]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def normalize_text(text: str) -> str:
    """Return ``text`` lower-cased with punctuation removed and whitespace collapsed.

    Two prompts whose normalized texts are equal are duplicates.

    >>> normalize_text("Design a  product -- for on-call engineers!")
    'design a product for on call engineers'
    """
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


# ----------------------------------------------------------------------------- validation


def _text(where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} must be non-empty text; got {value!r}")
    return value.strip()


def _texts(where: str, value: object, low: int, high: int | None = None) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"{where} must be a list of text; got {value!r}")
    if len(value) < low or (high is not None and len(value) > high):
        wanted = f"{low} to {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{where} must have {wanted} items; got {len(value)}")
    items = tuple(_text(f"{where}[{i}]", item) for i, item in enumerate(value))
    if len(set(items)) != len(items):
        raise ValueError(f"{where} repeats an item: {items!r}")
    return items


def _model_answer(where: str, value: object, framework: str) -> ModelAnswer:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object with 'steps'; got {value!r}")
    unknown = sorted(set(value) - {"steps", "assumptions", "note"})
    if unknown:
        raise ValueError(f"{where} has unknown field(s) {unknown}")
    raw_steps = value.get("steps")
    expected = FRAMEWORKS[framework].steps
    if not isinstance(raw_steps, list):
        raise ValueError(f"{where}.steps must be a list; got {raw_steps!r}")
    names = [s.get("step") if isinstance(s, dict) else s for s in raw_steps]
    if tuple(names) != expected:
        raise ValueError(
            f"{where}.steps must follow the {framework} steps {list(expected)} in order; "
            f"got {names}"
        )
    for i, s in enumerate(raw_steps):
        if not isinstance(s, dict):
            raise ValueError(
                f"{where}.steps[{i}] must be an object with 'step' and 'points'; got {s!r}"
            )
    steps = tuple(
        ModelAnswerStep(str(s["step"]), _texts(f"{where}.steps[{i}].points", s.get("points"), 1))
        for i, s in enumerate(raw_steps)
    )
    assumptions = _texts(f"{where}.assumptions", value.get("assumptions", []), 0)
    for i, assumption in enumerate(assumptions):
        if not assumption.lower().startswith("assume"):
            raise ValueError(
                f"{where}.assumptions[{i}] must start with 'Assume' (label numbers as "
                f"assumptions, not facts); got {assumption!r}"
            )
    if framework == "estimation steps" and not assumptions:
        raise ValueError(f"{where}.assumptions must list the estimate's assumptions; got none")
    note = value.get("note", "")
    if not isinstance(note, str):
        raise ValueError(f"{where}.note must be text; got {note!r}")
    return ModelAnswer(steps, assumptions, note)


def _prompt(position: int, raw: object) -> Prompt:
    where = f"prompts[{position}]"
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must be an object; got {raw!r}")
    if isinstance(raw.get("id"), str):
        where = f"prompt {raw['id']!r}"
    missing = [k for k in _REQUIRED if k not in raw]
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if missing or unknown:
        raise ValueError(f"{where} is missing field(s) {missing} or has unknown field(s) {unknown}")
    category = v.choice(f"{where}.category", raw["category"], CATEGORIES)
    prompt_id = _text(f"{where}.id", raw["id"])
    if not _ID.match(prompt_id) or not prompt_id.startswith(ID_PREFIXES[category] + "-"):
        raise ValueError(
            f"{where}.id must look like '{ID_PREFIXES[category]}-001' for category "
            f"{category!r}; got {prompt_id!r}"
        )
    framework = v.choice(f"{where}.framework", raw["framework"], CATEGORY_FRAMEWORKS[category])
    experience = _texts(f"{where}.experience", raw["experience"], 0)
    for i, area in enumerate(experience):
        v.choice(f"{where}.experience[{i}]", area, EXPERIENCE_AREAS)
    model = raw.get("model_answer")
    return Prompt(
        id=prompt_id,
        category=category,
        background=v.choice(f"{where}.background", raw["background"], BACKGROUNDS),
        difficulty=v.choice(f"{where}.difficulty", raw["difficulty"], DIFFICULTIES),
        framework=framework,
        prompt=_text(f"{where}.prompt", raw["prompt"]),
        rubric=_texts(f"{where}.rubric", raw["rubric"], 4, 6),
        pitfalls=_texts(f"{where}.pitfalls", raw["pitfalls"], 2),
        follow_ups=_texts(f"{where}.follow_ups", raw["follow_ups"], 2),
        experience=experience,
        model_answer=None
        if model is None
        else _model_answer(f"{where}.model_answer", model, framework),
    )


def validate_bank(data: object) -> tuple[Prompt, ...]:
    """Check a parsed prompt bank against the schema and return its prompts.

    ``data`` is the parsed JSON: an object with ``"schema_version": 1`` and a ``"prompts"``
    list. Each prompt needs ``id`` (``PS-001``-style, prefix per category), ``category``,
    ``background``, ``difficulty``, ``framework`` (one that fits the category, see
    :data:`CATEGORY_FRAMEWORKS`), ``prompt``, ``rubric`` (4-6 points), ``pitfalls`` (2+),
    ``follow_ups`` (2+), ``experience`` (tags, may be empty) and optionally ``model_answer``
    (one entry per framework step, in order, each with at least one point; an estimation
    answer also lists its ``assumptions``, each starting with "Assume"). Ids and normalized
    prompt texts must be unique.
    Errors name the prompt, the field and the value.

    >>> validate_bank({"schema_version": 1, "prompts": []})
    ()
    >>> validate_bank({"schema_version": 2, "prompts": []})
    Traceback (most recent call last):
    ...
    ValueError: the prompt bank's schema_version must be 1; got 2
    """
    if not isinstance(data, dict):
        raise ValueError(f"the prompt bank must be a JSON object; got {type(data).__name__}")
    if data.get("schema_version") != 1:
        raise ValueError(
            f"the prompt bank's schema_version must be 1; got {data.get('schema_version')!r}"
        )
    raw_prompts = data.get("prompts")
    if not isinstance(raw_prompts, list):
        raise ValueError(f"the prompt bank's 'prompts' must be a list; got {raw_prompts!r}")
    prompts = tuple(_prompt(i, raw) for i, raw in enumerate(raw_prompts))
    seen_ids: dict[str, int] = {}
    seen_texts: dict[str, str] = {}
    for i, p in enumerate(prompts):
        if p.id in seen_ids:
            raise ValueError(f"prompt id {p.id!r} is used twice (prompts[{seen_ids[p.id]}], [{i}])")
        seen_ids[p.id] = i
        key = normalize_text(p.prompt)
        if key in seen_texts:
            raise ValueError(
                f"prompt {p.id!r} repeats the text of prompt {seen_texts[key]!r}: {p.prompt!r}"
            )
        seen_texts[key] = p.id
    return prompts


# ----------------------------------------------------------------------------- loading


def bank_path() -> Path:
    """Return the path of the bundled prompt bank, ``pmkit/interview/prompts.json``."""
    return Path(str(resources.files("pmkit.interview").joinpath("prompts.json")))


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> tuple[Prompt, ...]:
    with open(path, encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path} is not valid JSON: {err}") from None
    return validate_bank(data)


def load_prompts(path: str | Path | None = None) -> tuple[Prompt, ...]:
    """Return the validated prompt bank as a tuple of frozen :class:`Prompt` objects.

    ``path`` defaults to the bundled bank. The parsed bank is cached until the file changes.

    >>> prompts = load_prompts()
    >>> len(prompts) >= 150, prompts[0].id
    (True, 'PS-001')
    """
    file = Path(path) if path is not None else bank_path()
    try:
        stat = file.stat()
    except FileNotFoundError:
        raise FileNotFoundError(f"prompt bank {str(file)!r} does not exist") from None
    return _load_cached(str(file.resolve()), stat.st_mtime_ns, stat.st_size)


def get_prompt(prompt_id: str, prompts: Iterable[Prompt] | None = None) -> Prompt:
    """Return the prompt with id ``prompt_id`` (e.g. ``"BE-001"``).

    >>> get_prompt("ES-001").framework
    'estimation steps'
    """
    for p in load_prompts() if prompts is None else prompts:
        if p.id == prompt_id:
            return p
    raise ValueError(f"prompt_id must be the id of a prompt in the bank; got {prompt_id!r}")


FRAME_COLUMNS: tuple[str, ...] = (
    "id",
    "category",
    "background",
    "difficulty",
    "framework",
    "prompt",
    "rubric",
    "pitfalls",
    "follow_ups",
    "experience",
    "has_model_answer",
)


def prompts_frame(prompts: Iterable[Prompt] | None = None) -> pd.DataFrame:
    """Return prompts as a DataFrame, one row per prompt (the whole bank by default).

    List fields (``rubric``, ``pitfalls``, ``follow_ups``, ``experience``) hold tuples;
    ``has_model_answer`` says whether a model answer outline exists.

    >>> frame = prompts_frame()
    >>> int(frame.groupby("category").size().min()) >= 12
    True
    """
    rows: list[dict[str, Any]] = [
        {
            "id": p.id,
            "category": p.category,
            "background": p.background,
            "difficulty": p.difficulty,
            "framework": p.framework,
            "prompt": p.prompt,
            "rubric": p.rubric,
            "pitfalls": p.pitfalls,
            "follow_ups": p.follow_ups,
            "experience": p.experience,
            "has_model_answer": p.model_answer is not None,
        }
        for p in (load_prompts() if prompts is None else prompts)
    ]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    return frame.astype({"has_model_answer": bool})


# ----------------------------------------------------------------------------- filtering


def _allowed(field: str, value: str | Iterable[str] | None, options: Sequence[str]) -> set[str]:
    if value is None:
        return set(options)
    values = [value] if isinstance(value, str) else list(value)
    if not values:
        raise ValueError(f"{field} must name at least one of {', '.join(map(repr, options))}")
    return {v.choice(field, item, options) for item in values}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _haystack(p: Prompt) -> list[str]:
    parts = [p.prompt, *p.rubric, *p.pitfalls, *p.follow_ups, *p.experience]
    return _words(" ".join(parts))


def find_prompts(
    *,
    category: str | Iterable[str] | None = None,
    background: str | Iterable[str] | None = None,
    difficulty: str | Iterable[str] | None = None,
    framework: str | Iterable[str] | None = None,
    experience: str | Iterable[str] | None = None,
    text: str | None = None,
    with_model_answer: bool | None = None,
    prompts: Iterable[Prompt] | None = None,
) -> tuple[Prompt, ...]:
    """Return the prompts that match every filter given, in bank order.

    Each of ``category``, ``background``, ``difficulty``, ``framework`` and ``experience``
    takes one value or several (any of them matches). ``background`` matches exactly: pass
    ``("ops", "any")`` for the prompts written for operations switchers plus the general ones.
    ``text`` is a free-text search over the prompt, its rubric, pitfalls, follow-ups and
    experience tags: every word of the query must start a word there, case-insensitively
    (``"incident"`` finds "incidents"). ``with_model_answer=True`` keeps prompts that have a
    model answer outline.

    >>> [p.id for p in find_prompts(category="estimation", text="laptops")]
    ['ES-004']
    >>> len(find_prompts(background="accounting"))
    Traceback (most recent call last):
    ...
    ValueError: background must be one of 'it', 'ops', 'any'; got 'accounting'
    """
    categories = _allowed("category", category, CATEGORIES)
    backgrounds = _allowed("background", background, BACKGROUNDS)
    difficulties = _allowed("difficulty", difficulty, DIFFICULTIES)
    frameworks = _allowed("framework", framework, tuple(FRAMEWORKS))
    areas = None if experience is None else _allowed("experience", experience, EXPERIENCE_AREAS)
    if text is not None and not isinstance(text, str):
        raise ValueError(f"text must be a search string; got {text!r}")
    query = _words(text or "")
    if text is not None and not query:
        raise ValueError(f"text must contain at least one letter or digit; got {text!r}")
    if with_model_answer is not None and not isinstance(with_model_answer, bool):
        raise ValueError(
            f"with_model_answer must be True, False or None; got {with_model_answer!r}"
        )
    found = []
    for p in load_prompts() if prompts is None else prompts:
        if (
            p.category not in categories
            or p.background not in backgrounds
            or p.difficulty not in difficulties
            or p.framework not in frameworks
        ):
            continue
        if areas is not None and not areas.intersection(p.experience):
            continue
        if with_model_answer is not None and (p.model_answer is not None) != with_model_answer:
            continue
        if query:
            words = _haystack(p)
            if not all(any(w.startswith(q) for w in words) for q in query):
                continue
        found.append(p)
    return tuple(found)

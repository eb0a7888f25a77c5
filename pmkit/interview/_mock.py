"""Seeded, balanced mock interviews drawn from the prompt bank."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from pmkit import _validation as v
from pmkit.interview._bank import (
    BACKGROUNDS,
    CATEGORIES,
    Prompt,
    find_prompts,
    load_prompts,
    prompts_frame,
)


@dataclass(frozen=True)
class MockInterview:
    """A drawn set of prompts, in the order to practise them, and how it was drawn."""

    prompts: tuple[Prompt, ...]
    seed: int | None
    background: str | None
    minutes_per_prompt: float

    def __len__(self) -> int:
        return len(self.prompts)

    def __iter__(self) -> Iterator[Prompt]:
        return iter(self.prompts)

    def __getitem__(self, position: int) -> Prompt:
        return self.prompts[position]

    @property
    def categories(self) -> tuple[str, ...]:
        """The category of each prompt, in order."""
        return tuple(p.category for p in self.prompts)

    @property
    def total_minutes(self) -> float:
        """The time the whole mock takes at ``minutes_per_prompt`` per prompt."""
        return self.minutes_per_prompt * len(self.prompts)

    def frame(self) -> pd.DataFrame:
        """Return the mock's prompts as a DataFrame (see :func:`prompts_frame`)."""
        return prompts_frame(self.prompts)

    def to_markdown(self) -> str:
        """Return the mock as a numbered Markdown list of prompts."""
        lines = [
            f"**Mock interview**: {len(self)} prompts, {self.minutes_per_prompt:g} minutes each "
            f"({self.total_minutes:g} minutes)",
            "",
        ]
        for number, p in enumerate(self.prompts, start=1):
            lines.append(f"{number}. **{p.id}** ({p.category}, {p.framework}): {p.prompt}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def mock_interview(
    n: int = 5,
    *,
    background: str | None = None,
    categories: str | Iterable[str] | None = None,
    difficulty: str | Iterable[str] | None = None,
    seed: int | None = None,
    minutes_per_prompt: float = 8,
    prompts: Iterable[Prompt] | None = None,
) -> MockInterview:
    """Draw a balanced mock interview of ``n`` prompts; the same seed gives the same mock.

    Balance: categories are dealt round-robin from a seeded shuffle of ``categories`` (all by
    default), so ``n`` up to the number of categories gives ``n`` distinct categories, and for
    larger ``n`` no category appears more than once more than any other. No prompt repeats.

    ``background="it"`` or ``"ops"`` draws from the prompts written for that background plus
    the general ones (``"any"``), with at least half of the mock (rounded up) written for that
    background whenever the bank has them; ``background="any"`` draws general prompts only;
    ``None`` draws from everything. ``difficulty`` restricts the pool (one level or several).

    >>> mock = mock_interview(3, background="ops", seed=7)
    >>> len(set(mock.categories))
    3
    >>> [p.id for p in mock] == [p.id for p in mock_interview(3, background="ops", seed=7)]
    True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of prompts >= 1; got {n!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError(f"seed must be an integer or None; got {seed!r}")
    if background is not None:
        v.choice("background", background, BACKGROUNDS)
    minutes = v.number("minutes_per_prompt", minutes_per_prompt, v.POSITIVE)
    wanted = [categories] if isinstance(categories, str) else categories
    chosen = list(CATEGORIES) if wanted is None else list(dict.fromkeys(wanted))
    if not chosen:
        raise ValueError("categories must name at least one category; got none")
    for category in chosen:
        v.choice("categories", category, CATEGORIES)

    bank = tuple(load_prompts() if prompts is None else prompts)
    pool = find_prompts(category=chosen, difficulty=difficulty, prompts=bank)
    if background == "any":
        pool = tuple(p for p in pool if p.background == "any")
    elif background is not None:
        pool = tuple(p for p in pool if p.background in (background, "any"))
    by_category = {c: [p for p in pool if p.category == c] for c in chosen}
    empty = [c for c, items in by_category.items() if not items]
    if empty:
        raise ValueError(
            f"categories {empty} have no prompts for background={background!r}, "
            f"difficulty={difficulty!r}; choose other categories or loosen the filters"
        )
    if n > len(pool):
        raise ValueError(
            f"n must be at most {len(pool)}, the number of prompts matching the filters; got {n}"
        )

    rng = random.Random(seed)
    order = list(chosen)
    rng.shuffle(order)
    remaining = {c: list(items) for c, items in by_category.items()}
    slots: list[str] = []
    while len(slots) < n:  # deal categories round-robin, skipping exhausted ones
        for category in order:
            if len(slots) < n and len(remaining[category]) > slots.count(category):
                slots.append(category)
    tailored = set(rng.sample(range(n), math.ceil(n / 2))) if background in ("it", "ops") else set()
    drawn: list[Prompt] = []
    for position, category in enumerate(slots):
        candidates = remaining[category]
        if position in tailored:
            specific = [p for p in candidates if p.background == background]
            candidates = specific or candidates
        pick = candidates[rng.randrange(len(candidates))]
        remaining[category].remove(pick)
        drawn.append(pick)
    return MockInterview(tuple(drawn), seed, background, minutes)

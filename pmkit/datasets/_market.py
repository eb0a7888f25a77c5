"""Module 09's bundled inputs: marketing spend by channel and a Van Westendorp price survey.

Both sit beside the HelpHarbor product data (``datasets/product/``, January to June 2025), so
unit economics can join spend to the paying customers each channel brought in. Both are
fictional: the spend was chosen by hand for teaching, the survey is generated from a seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmkit.datasets._bundled import _load_csv

MARKETING_SPEND_SCHEMA: dict[str, str] = {
    "month": "str",
    "channel": "str",
    "spend_usd": "float64",
    "what": "str",
}
"""Columns and dtypes of ``datasets/marketing_spend.csv``: one row per month and channel."""

PRICE_SURVEY_SCHEMA: dict[str, str] = {
    "respondent_id": "str",
    "segment": "str",
    "too_cheap": "float64",
    "cheap": "float64",
    "expensive": "float64",
    "too_expensive": "float64",
}
"""Columns and dtypes of ``datasets/price_survey.csv``: one row per respondent."""

PRICE_SURVEY_SEED = 2027

# Respondents per segment and the centre of their price sense (USD per agent per month): larger
# desks, with more tickets and reporting needs, put the same plan at higher prices.
_SURVEY_SEGMENTS: dict[str, tuple[int, float]] = {
    "small": (90, 26.0),
    "mid": (100, 34.0),
    "large": (50, 44.0),
}
# Each answer as a multiple of the respondent's centre, before noise and rounding.
_ANSWER_FACTORS = {"too_cheap": 0.42, "cheap": 0.72, "expensive": 1.22, "too_expensive": 1.75}
_OUT_OF_ORDER = 7
"""Respondents whose answers are planted out of order (cheap above expensive): a careless
respondent, or one who read the questions the wrong way round."""


def load_marketing_spend() -> pd.DataFrame:
    """Return HelpHarbor's marketing spend by month and channel, January to June 2025.

    ``channel`` uses the product data's ``acquisition_channel`` names (``organic_search``,
    ``paid_search``, ``paid_social``, ``partner``, ``referral``) plus ``events`` (trade
    shows), which no user lists as their channel: its spend counts in a blended CAC but wins
    no customer of its own. ``month`` is ``YYYY-MM``; ``what`` says what the money paid for.

    >>> spend = load_marketing_spend()
    >>> spend.groupby("channel")["spend_usd"].sum().idxmax()
    'paid_search'
    """
    return _load_csv("marketing_spend.csv", MARKETING_SPEND_SCHEMA)


def load_price_survey() -> pd.DataFrame:
    """Return the Van Westendorp survey of module 09: prices for HelpHarbor's planned Pro plan.

    240 prospects and customers (by desk ``segment``) each gave four prices in USD per agent
    per month: ``too_cheap`` (they would doubt the quality), ``cheap`` (a bargain),
    ``expensive`` (getting expensive, still considered) and ``too_expensive`` (not
    considered). A few answered out of order. :func:`generate_price_survey` rebuilds it.

    >>> survey = load_price_survey()
    >>> len(survey), survey["segment"].value_counts().to_dict()
    (240, {'mid': 100, 'small': 90, 'large': 50})
    """
    return _load_csv("price_survey.csv", PRICE_SURVEY_SCHEMA)


def generate_price_survey(seed: int = PRICE_SURVEY_SEED) -> pd.DataFrame:
    """Generate the price survey that ``datasets/price_survey.csv`` holds (same seed, same rows).

    Each respondent has a centre price drawn around their segment's; their four answers are
    fixed multiples of it with a little noise each, rounded as people answer (to the dollar
    under 20, else to 5 dollars). :data:`_OUT_OF_ORDER` respondents get ``cheap`` and
    ``expensive`` swapped, the kind of answer the meter leaves out.
    """
    rng = np.random.default_rng(seed)
    rows = []
    number = 0
    for segment, (count, centre) in _SURVEY_SEGMENTS.items():
        for _ in range(count):
            number += 1
            own = centre * float(rng.lognormal(0.0, 0.22))
            answers = {}
            for question, factor in _ANSWER_FACTORS.items():
                value = own * factor * float(rng.normal(1.0, 0.06))
                answers[question] = float(round(value) if value < 20 else 5 * round(value / 5))
            # keep the planted order intact: noise and rounding must not reorder the answers
            ordered = sorted(answers.values())
            answers = dict(zip(_ANSWER_FACTORS, ordered, strict=True))
            rows.append({"respondent_id": f"P{number:03d}", "segment": segment, **answers})
    frame = pd.DataFrame(rows)
    swapped = rng.choice(len(frame), size=_OUT_OF_ORDER, replace=False)
    for index in swapped:
        cheap, expensive = frame.loc[index, "cheap"], frame.loc[index, "expensive"]
        frame.loc[index, ["cheap", "expensive"]] = [expensive, cheap]
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    frame["respondent_id"] = [f"P{i:03d}" for i in range(1, len(frame) + 1)]
    return frame.astype(PRICE_SURVEY_SCHEMA)

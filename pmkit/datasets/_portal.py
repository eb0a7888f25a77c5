"""The knowledge-base portal's searches: lesson 04's artificial example of a metric drop.

Eight weeks (2 September to 27 October 2024) of daily sessions and searches on HelpHarbor's
help-centre portal, by country and user type, with two releases. What is planted (seeded, so
the lesson's numbers hold): steady growth of 0.4% a day; weekends and Germany's public holiday
(3 October) at 35% of weekday traffic; search v2 (release 7.4, 8 October) cutting German users'
searches per session to 60%; release 7.3 (19 September) changing nothing; the last day only
half loaded. Every number is invented for teaching.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PORTAL_SEED = 2024
"""The seed of lesson 04's copy of the portal data."""

_BASE_SESSIONS = {"US": 2700, "GB": 1200, "DE": 1050, "FR": 750, "IN": 900}
_USER_TYPES = (("new", 0.3, 0.80), ("returning", 0.7, 0.55))  # share of sessions, searches each
_HOLIDAY = pd.Timestamp("2024-10-03")  # German Unity Day
_SEARCH_V2 = pd.Timestamp("2024-10-08")


def generate_portal_searches(seed: int = PORTAL_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the portal's daily ``searches`` frame and its ``releases``, from ``seed``.

    ``searches``: one row per day, country and user type, with ``day`` (datetime64), ``country``,
    ``user_type`` ("new" or "returning"), ``sessions`` and ``searches`` (int64). ``releases``:
    ``day`` and ``release`` for the two releases. See the module docstring for what is planted.

    >>> portal, releases = generate_portal_searches()
    >>> len(portal), portal["day"].nunique(), list(releases["release"].str[:10])
    (560, 56, ['portal 7.3', 'portal 7.4'])
    """
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-09-02", "2024-10-27")  # eight weeks, Monday to Sunday
    rows = []
    for day in days:
        for country, base in _BASE_SESSIONS.items():
            traffic = base * (1 + 0.004 * (day - days[0]).days)  # steady growth
            if day.day_of_week >= 5 or (country == "DE" and day == _HOLIDAY):
                traffic *= 0.35  # weekends, and a public holiday in Germany
            for user_type, share, rate in _USER_TYPES:
                if country == "DE" and day >= _SEARCH_V2:
                    rate *= 0.6  # search v2 mishandles German compound words
                sessions = rng.poisson(traffic * share)
                rows.append(
                    {
                        "day": day,
                        "country": country,
                        "user_type": user_type,
                        "sessions": sessions,
                        "searches": rng.poisson(sessions * rate),
                    }
                )
    portal = pd.DataFrame(rows).astype({"sessions": "int64", "searches": "int64"})
    last_day = portal["day"] == days[-1]
    portal.loc[last_day, ["sessions", "searches"]] = (
        portal.loc[last_day, ["sessions", "searches"]] * 0.5
    ).round()  # still loading
    releases = pd.DataFrame(
        {
            "day": pd.to_datetime(["2024-09-19", "2024-10-08"]),
            "release": ["portal 7.3: new article layout", "portal 7.4: search index v2"],
        }
    )
    return portal, releases

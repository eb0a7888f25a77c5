"""Product metrics as DuckDB SQL that a learner can print, read and run.

Every metric takes its tables as a pandas DataFrame, a DuckDB relation or the name of a table on
a connection (``active_users("events", con=con)``), runs one SQL query in DuckDB and returns a
DataFrame (or a float) with plain dtypes: int64 counts, float64 rates, days as datetime64[us]
at midnight UTC. Every SQL metric also has a ``.sql`` method that takes the same arguments and
returns the exact query it runs, written to be read:
``print(funnel.sql(events, ["view", "buy"]))``. Each metric is one spec (:class:`Metric`), so
the call and its printed SQL come from the same code and check their arguments the same way.

Conventions (from the course's content reference; sources in each docstring):

* Times: a timestamp without a time zone is taken to be UTC; one with a time zone is converted
  to UTC in the SQL. Days are UTC calendar days.
* Active users (GA4): distinct users with an event in the trailing N days ending on the day.
  Stickiness = DAU / MAU (not Amplitude's "Stickiness" chart; see :func:`stickiness`).
* Retention (Amplitude, Mixpanel): N-day "on", unbounded "on or after", bracket, and cohort
  tables; calendar days by default, rolling 24-hour windows on request; users whose day N lies
  after the end of the data are left out of the denominator.
* Funnels: a window from each user's first step-1 event (Mixpanel, 7 days by default) and
  Amplitude's order modes "this", "exact" and "any".
* Churn rate, ARPU, ARPPU and simple LTV over a period ``[start, end)``; NPS from 0-10 scores.
* Segments (pandas): a rate's change before and after a day per segment, sized in what each
  segment lost, and bracket retention per signup month and segment with the blended value.

Bad arguments raise a ValueError naming the parameter and the value; a missing column raises a
ValueError naming it and listing the columns the table has.
"""

from pmkit.metrics._active import active_users, stickiness
from pmkit.metrics._funnel import FUNNEL_ORDERS, funnel
from pmkit.metrics._metric import Metric
from pmkit.metrics._nps import nps
from pmkit.metrics._retention import (
    COHORT_PERIODS,
    DAY_CONVENTIONS,
    RETENTION_KINDS,
    bracket_retention,
    cohort_retention,
    n_day_retention,
    retention_matrix,
)
from pmkit.metrics._revenue import (
    arppu,
    arpu,
    churn_rate,
    ltv,
)
from pmkit.metrics._segments import (
    BLENDED,
    bracket_retention_by_segment,
    rate_change_by_segment,
)

__all__ = [
    "BLENDED",
    "COHORT_PERIODS",
    "DAY_CONVENTIONS",
    "FUNNEL_ORDERS",
    "RETENTION_KINDS",
    "Metric",
    "active_users",
    "arppu",
    "arpu",
    "bracket_retention",
    "bracket_retention_by_segment",
    "churn_rate",
    "cohort_retention",
    "funnel",
    "ltv",
    "n_day_retention",
    "nps",
    "rate_change_by_segment",
    "retention_matrix",
    "stickiness",
]


def __getattr__(name: str) -> object:
    # Older lessons called ``funnel_sql(...)``: say what replaced it.
    metric = name.removesuffix("_sql")
    if name.endswith("_sql") and isinstance(globals().get(metric), Metric):
        raise AttributeError(
            f"pmkit.metrics has no {name!r}: every metric prints its SQL with .sql(...), "
            f"e.g. print({metric}.sql(...)) with the arguments you pass to {metric}(...)"
        )
    raise AttributeError(f"module 'pmkit.metrics' has no attribute {name!r}")

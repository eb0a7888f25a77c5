"""Product metrics as DuckDB SQL that a learner can print, read and run.

Every metric takes its tables as a pandas DataFrame, a DuckDB relation or the name of a table on
a connection (``active_users("events", con=con)``), runs one SQL query in DuckDB and returns a
DataFrame (or a float) with plain dtypes: int64 counts, float64 rates, days as datetime64[us]
at midnight UTC. Each metric has a ``*_sql`` twin with the same arguments that returns the exact
query, written to be read: ``print(funnel_sql(events, ["view", "buy"]))``.

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

from pmkit.metrics._active import active_users, active_users_sql, stickiness, stickiness_sql
from pmkit.metrics._funnel import FUNNEL_ORDERS, funnel, funnel_sql
from pmkit.metrics._nps import nps, nps_sql
from pmkit.metrics._retention import (
    COHORT_PERIODS,
    DAY_CONVENTIONS,
    RETENTION_KINDS,
    bracket_retention,
    bracket_retention_sql,
    cohort_retention,
    cohort_retention_sql,
    n_day_retention,
    n_day_retention_sql,
    retention_matrix,
)
from pmkit.metrics._revenue import (
    arppu,
    arppu_sql,
    arpu,
    arpu_sql,
    churn_rate,
    churn_rate_sql,
    ltv,
    ltv_sql,
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
    "active_users",
    "active_users_sql",
    "arppu",
    "arppu_sql",
    "arpu",
    "arpu_sql",
    "bracket_retention",
    "bracket_retention_by_segment",
    "bracket_retention_sql",
    "churn_rate",
    "churn_rate_sql",
    "cohort_retention",
    "cohort_retention_sql",
    "funnel",
    "funnel_sql",
    "ltv",
    "ltv_sql",
    "n_day_retention",
    "n_day_retention_sql",
    "nps",
    "nps_sql",
    "rate_change_by_segment",
    "retention_matrix",
    "stickiness",
    "stickiness_sql",
]

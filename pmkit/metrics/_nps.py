"""Net Promoter Score as DuckDB SQL.

NPS = % promoters (scores 9-10) - % detractors (scores 0-6), of all respondents; passives (7-8)
count in the denominator only. It runs from -100 (all detractors) to +100 (all promoters).
Bain & Company / Fred Reichheld, "The One Number You Need to Grow" (HBR, 2003).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from pmkit.metrics import _params, _sql
from pmkit.metrics._inputs import Bound, Role, TableLike
from pmkit.metrics._metric import Query, metric

Responses = TableLike | Sequence[float] | pd.Series | np.ndarray


def _nps_sql(r: Bound) -> str:
    score = r.col("score")
    head = (
        "-- Net Promoter Score: % promoters (9-10) - % detractors (0-6) of all respondents,\n"
        "-- from -100 to +100. Scores must be whole numbers from 0 to 10: the last two columns\n"
        "-- count the rows that are not and show one of them.\n"
    )
    invalid = (
        f"{score} IS NULL OR {score} NOT BETWEEN 0 AND 10\n{' ' * 43}OR {score} <> round({score})"
    )
    select = f"""
        SELECT CAST(count(*) AS BIGINT) AS respondents,
               CAST(count(*) FILTER (WHERE {score} >= 9) AS BIGINT) AS promoters,
               CAST(count(*) FILTER (WHERE {score} <= 6) AS BIGINT) AS detractors,
               CAST(100 * (count(*) FILTER (WHERE {score} >= 9)
                           - count(*) FILTER (WHERE {score} <= 6)) AS DOUBLE)
                   / NULLIF(count(*), 0) AS nps,
               -- invalid: missing, outside 0-10 or not a whole number
               CAST(count(*) FILTER (WHERE {invalid}) AS BIGINT) AS invalid_scores,
               CAST(min({score}) FILTER (WHERE {invalid}) AS DOUBLE)
                   AS an_invalid_score
        FROM {r.name}
        """
    return head + _sql.block(select)


def _role(responses: object, score: str) -> Role:
    if isinstance(responses, (list, tuple, pd.Series, np.ndarray)):
        values = list(responses)
        if any(isinstance(x, (bool, np.bool_)) or not _is_number(x) for x in values):
            bad = next(x for x in values if isinstance(x, (bool, np.bool_)) or not _is_number(x))
            raise ValueError(f"scores must be numbers from 0 to 10; got {bad!r}")
        responses = pd.DataFrame({score: pd.Series(values, dtype="float64")})
    return Role(
        "responses",
        responses,
        {"score": _params.column_name("score", score)},
        numbers=("score",),
    )


def _is_number(value: object) -> bool:
    return value is None or isinstance(value, (int, float, np.integer, np.floating))


def _nps_value(result: pd.DataFrame, score: str) -> float:
    """Return the NPS of the query's one row, refusing the scores that are not 0-10."""
    invalid = int(result["invalid_scores"].iloc[0])
    if invalid:
        example = result["an_invalid_score"].iloc[0]
        shown = "a missing value" if pd.isna(example) else f"{float(example):g}"
        rows = f"{invalid} invalid row" + ("" if invalid == 1 else "s")
        raise ValueError(
            f"responses[{score!r}] must be a whole number from 0 to 10; got {shown} ({rows})"
        )
    value = result["nps"].iloc[0]
    return math.nan if pd.isna(value) else float(value)


@metric
def nps(
    responses: Responses,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    score: str = "score",
) -> Query[float]:
    """Return the Net Promoter Score: % promoters (9-10) - % detractors (0-6), -100 to +100.

    ``responses`` is a table with a ``score`` column (a DataFrame, a DuckDB relation or a table
    name on ``con``, e.g. ``nps_responses``) or simply a list of scores. Every respondent counts
    in the denominator, passives (7-8) included. Scores must be whole numbers from 0 to 10: any
    other value, or a missing one, is a ValueError naming it. NaN when there are no responses.
    ``nps.sql(...)`` returns the SQL, which returns the counts too.

    >>> nps([10, 9, 8, 7, 6, 0])  # 2 promoters, 2 detractors of 6
    0.0
    >>> nps([10, 10, 9, 3])
    50.0
    >>> nps([10, 11])
    Traceback (most recent call last):
    ...
    ValueError: responses['score'] must be a whole number from 0 to 10; got 11 (1 invalid row)
    >>> print(nps.sql("nps_responses").splitlines()[0])
    -- Net Promoter Score: % promoters (9-10) - % detractors (0-6) of all respondents,
    """
    return Query(
        [_role(responses, score)],
        lambda b: _nps_sql(b["responses"]),
        con,
        lambda result: _nps_value(result, score),
    )

"""Small helpers that write SQL text: quoted names, literals, UTC times, intervals.

Everything here returns plain strings, so the SQL a metric runs reads like SQL a person wrote:
names are quoted only when they must be, times are literals (``TIMESTAMP '2024-01-01 00:00:00'``)
and intervals say what they are (``INTERVAL 168 HOUR``).
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd

# DuckDB's reserved keywords (``SELECT keyword_name FROM duckdb_keywords() WHERE
# keyword_category = 'reserved'``): a column called ``order`` or ``from`` must be quoted.
_RESERVED = frozenset(
    {
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "column",
        "constraint",
        "create",
        "default",
        "deferrable",
        "desc",
        "describe",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "from",
        "group",
        "having",
        "in",
        "initially",
        "intersect",
        "into",
        "lambda",
        "lateral",
        "leading",
        "limit",
        "not",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "pivot",
        "pivot_longer",
        "pivot_wider",
        "placing",
        "primary",
        "qualify",
        "references",
        "returning",
        "select",
        "show",
        "some",
        "summarize",
        "symmetric",
        "table",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "unpivot",
        "using",
        "variadic",
        "when",
        "where",
        "window",
        "with",
    }
)
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")

# DuckDB types a time column may have. TIMESTAMP WITH TIME ZONE is converted to UTC; the others
# carry no time zone and are read as UTC.
_NAIVE_TIMES = frozenset({"TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"})
_AWARE_TIMES = frozenset({"TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"})
TIME_TYPES = _NAIVE_TIMES | _AWARE_TIMES | {"DATE"}


def ident(name: str) -> str:
    """Return ``name`` as a SQL identifier, quoted only when it has to be.

    >>> ident("user_id"), ident("User ID"), ident("order")
    ('user_id', '"User ID"', '"order"')
    """
    if _PLAIN_NAME.fullmatch(name) and name not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def table_name(name: str) -> str:
    """Return a table name, keeping a ``schema.table`` form when every part is a plain name.

    >>> table_name("events"), table_name("main.events"), table_name("my events")
    ('events', 'main.events', '"my events"')
    """
    parts = name.split(".")
    if len(parts) > 1 and all(_PLAIN_NAME.fullmatch(p) and p not in _RESERVED for p in parts):
        return name
    return ident(name)


def string(value: str) -> str:
    """Return a SQL string literal.

    >>> string("add_to_cart"), string("it's")
    ("'add_to_cart'", "'it''s'")
    """
    return "'" + value.replace("'", "''") + "'"


def timestamp(value: pd.Timestamp) -> str:
    """Return a naive (UTC) pandas Timestamp as a SQL TIMESTAMP literal.

    >>> timestamp(pd.Timestamp("2024-03-01"))
    "TIMESTAMP '2024-03-01 00:00:00'"
    """
    text = value.isoformat(sep=" ")
    return f"TIMESTAMP '{text}'"


def hours(days: float) -> str:
    """Return an interval of ``days`` x 24 hours, in hours when whole, else in seconds.

    >>> hours(7), hours(0.5), hours(1 / 1440)
    ('INTERVAL 168 HOUR', 'INTERVAL 12 HOUR', 'INTERVAL 60 SECOND')
    """
    in_hours = days * 24
    if float(in_hours).is_integer():
        return f"INTERVAL {int(in_hours)} HOUR"
    seconds = round(days * 86400, 6)
    shown = int(seconds) if float(seconds).is_integer() else seconds
    return f"INTERVAL {shown} SECOND"


def hours_words(days: float) -> str:
    """Return ``days`` x 24 hours in words, as :func:`hours` writes the interval.

    >>> hours_words(7), hours_words(1 / 24), hours_words(0.001)
    ('168 hours', '1 hour', '86.4 seconds')
    """
    amount, unit = hours(days).removeprefix("INTERVAL ").split(" ")
    unit = unit.lower()
    return f"{amount} {unit}" if amount == "1" else f"{amount} {unit}s"


def utc_time(column: str, duckdb_type: str | None) -> str:
    """Return an expression giving ``column`` as a time-zone-free UTC TIMESTAMP.

    A TIMESTAMP WITH TIME ZONE is converted to UTC with ``timezone('UTC', ...)``; a timestamp
    without a time zone is taken to be UTC already and used as it is; a DATE becomes midnight.

    >>> utc_time("event_time", "TIMESTAMP"), utc_time("event_time", "TIMESTAMP WITH TIME ZONE")
    ('event_time', "timezone('UTC', event_time)")
    """
    if duckdb_type in _AWARE_TIMES:
        return f"timezone('UTC', {column})"
    if duckdb_type == "DATE":
        return f"CAST({column} AS TIMESTAMP)"
    return column


def utc_day(column: str, duckdb_type: str | None) -> str:
    """Return an expression giving the UTC calendar day of a time column.

    >>> utc_day("event_time", "TIMESTAMP WITH TIME ZONE")
    "CAST(timezone('UTC', event_time) AS DATE)"
    """
    if duckdb_type == "DATE":
        return column
    return f"CAST({utc_time(column, duckdb_type)} AS DATE)"


def block(text: str, indent: int = 0) -> str:
    """Dedent a triple-quoted SQL fragment, strip blank edges and indent it by ``indent`` spaces."""
    body = textwrap.dedent(text).strip("\n")
    return textwrap.indent(body, " " * indent) if indent else body


def join_ctes(ctes: list[tuple[str, str]]) -> str:
    """Return ``WITH name AS (...), ...`` from (name, body) pairs, bodies indented 4 spaces."""
    parts = [f"{name} AS (\n{block(body, 4)}\n)" for name, body in ctes]
    return "WITH " + ",\n".join(parts)


def prefixed(columns: list[str], table: str = "") -> str:
    """Return ``a, b, `` (or ``t.a, t.b, ``) to put segment columns before others in a list."""
    dot = f"{table}." if table else ""
    return "".join(f"{dot}{c}, " for c in columns)


def same_segment(columns: list[str], left: str, right: str) -> str:
    """Return `` AND l.a IS NOT DISTINCT FROM r.a ...`` (segments may be NULL) or nothing."""
    return "".join(f" AND {left}.{c} IS NOT DISTINCT FROM {right}.{c}" for c in columns)


def aliased(expression: str, name: str) -> str:
    """Return ``expression AS name``, or just ``name`` when they are the same.

    >>> aliased("user_id", "user_id"), aliased('"User ID"', "user_id")
    ('user_id', '"User ID" AS user_id')
    """
    return name if expression == name else f"{expression} AS {name}"


def days(count: int) -> str:
    """Return "1 day" or "N days".

    >>> days(1), days(30)
    ('1 day', '30 days')
    """
    return "1 day" if count == 1 else f"{count} days"

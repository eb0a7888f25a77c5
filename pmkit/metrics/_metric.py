"""One spec per metric: its inputs, its SQL and how its result is read, with one runner.

A metric is written once, as a *plan*: a function with the metric's public signature and
docstring that checks its arguments and returns a :class:`Query` (the input tables as roles, the
SQL builder and the step that turns the query's result into the answer). :func:`metric` makes
the plan the public metric, a :class:`Metric`:

* calling it runs the SQL in DuckDB and returns the answer, ``active_users(events, 7)``;
* ``.sql(...)``, with the same arguments, returns the exact SQL text it runs, to print, read
  and run yourself: ``print(active_users.sql(events, 7))``.

Both go through the same plan, so the SQL a learner prints is the SQL that ran, and every
argument is checked the same way for both.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

import pandas as pd

from pmkit.metrics._inputs import Builder, Role, run, sql_text

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Query(Generic[T]):
    """What a metric runs for one set of arguments.

    ``roles`` are the input tables and the columns the SQL needs, ``build`` writes the SQL from
    the bound inputs, ``con`` is the caller's DuckDB connection (or None) and ``finish`` turns the
    query's result into the metric's answer (dtypes, a single value, checks that need the data).
    ``finish`` runs only when the metric is called, not when its SQL is printed.
    """

    roles: Sequence[Role]
    build: Builder
    con: object
    finish: Callable[[pd.DataFrame], T]


class Metric(Generic[P, T]):
    """A product metric: call it to run its SQL in DuckDB, or ask for the SQL with ``.sql``.

    ``metric(*args, **kwargs)`` returns the answer; ``metric.sql(*args, **kwargs)`` takes the
    same arguments and returns the SQL text the call runs. ``help(metric)`` and ``metric?`` show
    the metric's own signature and docstring.
    """

    sql: Callable[P, str]
    """Return the SQL the metric runs with these arguments (the same arguments as the call)."""

    def __init__(self, plan: Callable[P, Query[T]]) -> None:
        functools.update_wrapper(self, plan)
        self._plan = plan
        self._name: str = plan.__qualname__
        # The signatures learners see (help, Shift-Tab) are the plan's, returning the answer or
        # the SQL text rather than a Query.
        signature = inspect.signature(plan)
        self.__signature__ = signature.replace(
            return_annotation=_answer_annotation(signature.return_annotation)
        )
        self.sql = _sql_of(plan, signature.replace(return_annotation="str"))

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the metric's SQL in DuckDB and return the answer."""
        query = self._plan(*args, **kwargs)
        return query.finish(run(query.roles, query.con, query.build))

    def __repr__(self) -> str:
        return f"<metric {self._name}{self.__signature__}>"

    def __reduce__(self) -> str:
        # Pickle by reference, as a function is: the module attribute is this Metric.
        return self._name


def metric(plan: Callable[P, Query[T]]) -> Metric[P, T]:
    """Make ``plan`` a :class:`Metric`: calling runs its SQL, ``.sql(...)`` returns it.

    >>> import pandas as pd
    >>> from pmkit.metrics._inputs import Role
    >>> @metric
    ... def rows(items: pd.DataFrame) -> Query[int]:
    ...     '''Return the number of rows.'''
    ...     return Query(
    ...         [Role("items", items, {})],
    ...         lambda b: f"SELECT count(*) AS n FROM {b['items'].name}",
    ...         None,
    ...         lambda result: int(result["n"].iloc[0]),
    ...     )
    >>> rows(pd.DataFrame({"x": [1, 2]})), rows.sql(pd.DataFrame({"x": [1]}))
    (2, 'SELECT count(*) AS n FROM items')
    """
    return Metric(plan)


def _sql_of(plan: Callable[P, Query[Any]], signature: inspect.Signature) -> Callable[P, str]:
    """Return the ``.sql`` of the metric ``plan``: the SQL text it runs, for the same arguments."""

    def sql(*args: P.args, **kwargs: P.kwargs) -> str:
        query = plan(*args, **kwargs)
        return sql_text(query.roles, query.con, query.build)

    name = plan.__qualname__
    sql.__name__ = "sql"
    sql.__qualname__ = f"{name}.sql"
    sql.__module__ = plan.__module__
    sql.__doc__ = (
        f"Return the SQL ``{name}(...)`` runs with these arguments, to print, read and run.\n\n"
        "Tables passed as DataFrames or relations are called by their role names (``events``,\n"
        "``users``, ...), a table on ``con`` by its own name. A bare table name is allowed\n"
        "without ``con`` here: its times are then taken to be UTC timestamps without a time\n"
        "zone. Arguments are checked as the call checks them; the data is not read beyond the\n"
        f"column types, so checks of the data itself happen only when ``{name}`` runs.\n"
    )
    sql.__signature__ = signature  # type: ignore[attr-defined]
    return sql


def _answer_annotation(annotation: Any) -> Any:
    """Return ``X`` for a plan's ``Query[X]`` return annotation (a string under PEP 563)."""
    if isinstance(annotation, str) and annotation.startswith("Query[") and annotation[-1] == "]":
        return annotation[len("Query[") : -1]
    arguments = getattr(annotation, "__args__", None)
    if getattr(annotation, "__origin__", None) is Query and arguments:
        return arguments[0]
    return annotation

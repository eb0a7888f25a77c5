"""Run one read-only SQL query on the product data: what a SQL exercise's answer is run with.

A SQL answer is a string, and grading runs it apart from everything else: each query gets a
fresh DuckDB connection of its own, holds exactly one statement that reads data (``SELECT``,
``WITH ... SELECT``, ``FROM ...``, ``VALUES``, ``DESCRIBE``, ``SHOW``), and can read no file but
the product data. So a query cannot change the tables the reference answers are computed from
(``CREATE OR REPLACE VIEW users AS ...`` is refused, and would touch only its own connection
anyway), cannot write files (``COPY``), and cannot read other files (``read_text('/etc/...')``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn, Protocol

import duckdb
import pandas as pd

from pmkit.datasets._connect import _folder, _sql_string, connect
from pmkit.datasets._product import PRODUCT_TABLES, RAW_TABLES


class _Fails(Protocol):
    def fail(self, message: str) -> NoReturn: ...


class QueryRunner:
    """Run learners' SQL, one read-only query at a time, on its own connection.

    ``raw`` adds the raw tables (``users_raw``, ``events_raw``); ``tables`` keeps only the
    named ones. Call it with the SQL (and, in a test cell, the question, whose ``fail``
    reports a bad query as that question's failed check, with its hint); it returns the
    result as a pandas DataFrame.

    >>> run = QueryRunner()
    >>> bool(run("SELECT count(*) AS n FROM users WHERE plan = 'free'")["n"].iloc[0] > 0)
    True
    >>> run("DROP VIEW users")
    Traceback (most recent call last):
    ...
    ValueError: the SQL should be a query that reads data (SELECT ...), not a DROP statement
    """

    def __init__(
        self,
        *,
        raw: bool = False,
        tables: Iterable[str] | None = None,
        folder: str | Path | None = None,
    ) -> None:
        known = PRODUCT_TABLES + (RAW_TABLES if raw else ())
        kept = tuple(known if tables is None else tables)
        unknown = [t for t in kept if t not in known]
        if unknown:
            raise ValueError(
                f"tables: {', '.join(map(repr, unknown))} is not a product table"
                f"{'' if raw else ' (raw tables need raw=True)'}; the tables are {', '.join(known)}"
            )
        self.raw = raw
        self.tables = kept
        self.folder = _folder(folder)

    def __call__(self, sql: object, question: _Fails | None = None) -> pd.DataFrame:
        """Run ``sql``; return its result, or fail (the question, else a ``ValueError``)."""
        problem = self._problem(sql)
        if problem is None:
            assert isinstance(sql, str)
            con = self._connection()
            try:
                result: pd.DataFrame = con.sql(sql).df()
                return result
            except duckdb.Error as err:
                problem = f"DuckDB could not run the query: {err}"
            finally:
                con.close()
        if question is not None:
            question.fail(problem)
        raise ValueError(problem)

    def _problem(self, sql: object) -> str | None:
        if not isinstance(sql, str) or not sql.strip():
            return f"the SQL should be a non-empty string, but it is {sql!r}"
        try:
            statements = duckdb.extract_statements(sql)
        except duckdb.Error as err:
            return f"DuckDB could not run the query: {err}"
        if len(statements) != 1:
            return (
                f"the SQL should be one query, but it holds {len(statements)} statements "
                "(separated by ;)"
            )
        kind = statements[0].type
        if kind != duckdb.StatementType.SELECT:
            name = str(kind.name).replace("_", " ")
            return f"the SQL should be a query that reads data (SELECT ...), not a {name} statement"
        return None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        con = connect(self.folder, raw=self.raw)
        try:
            for table in PRODUCT_TABLES + (RAW_TABLES if self.raw else ()):
                if table not in self.tables:
                    con.execute(f"DROP VIEW {table}")
            con.execute(f"SET allowed_directories = [{_sql_string(str(self.folder))}]")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        except BaseException:
            con.close()
            raise
        return con

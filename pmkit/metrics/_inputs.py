"""Input coercion: turn a DataFrame, a DuckDB relation or a table name into a name the SQL can use.

Every metric takes its tables in any of three forms and runs one SQL text on them:

* a pandas DataFrame: registered on a private in-memory DuckDB connection under the table's role
  name (``events``, ``users``, ...), so the SQL runs exactly as ``metric.sql(...)`` prints it;
* a table or view name on a connection, ``active_users("events", con=con)``: the SQL names that
  table and runs on ``con``, exactly as printed;
* a DuckDB relation: the SQL runs on the relation's own connection with the relation bound to the
  role name for that one query (``relation.query("events", sql)``), which shadows any table of the
  same name without touching it. When a metric takes two relations, the second one is bound as a
  temporary view with a unique name (``pmkit_users_1a2b3c4d``) that is dropped afterwards, and
  DataFrames passed together with a table name are registered the same way; the printed SQL
  calls them by their role names.

Column names can be overridden (``event_time="ts"``); a missing column is a ValueError that names
it and lists the columns the table has. Time columns must be timestamps or dates: a timestamp
without a time zone is read as UTC, one with a time zone is converted to UTC in the SQL.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeAlias

import duckdb
import pandas as pd

from pmkit.metrics import _sql

TableLike: TypeAlias = duckdb.DuckDBPyRelation | pd.DataFrame | str
"""A table a metric accepts: a DuckDB relation, a pandas DataFrame or a table name on ``con``."""

_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE")


@dataclass(frozen=True)
class Role:
    """One input table of a metric: what it is called, the value given and the columns it needs.

    ``columns`` maps the keyword argument (``"event_time"``) to the column name in the data
    (``"ts"`` when the caller passed ``event_time="ts"``). ``times`` and ``numbers`` list the
    keywords whose columns must hold times or numbers.
    """

    role: str
    value: object
    columns: Mapping[str, str]
    times: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bound:
    """An input as the SQL text sees it: its table name, quoted columns and their DuckDB types."""

    name: str
    columns: Mapping[str, str]
    types: Mapping[str, str | None] = field(default_factory=dict)

    def col(self, key: str) -> str:
        """Return the quoted column for keyword ``key``."""
        return self.columns[key]

    def time(self, key: str, table: str = "") -> str:
        """Return the column for ``key`` (of alias ``table``) as a UTC TIMESTAMP expression."""
        column = f"{table}.{self.columns[key]}" if table else self.columns[key]
        return _sql.utc_time(column, self.types.get(key))

    def day(self, key: str) -> str:
        """Return the UTC calendar day (DATE) of the time column for ``key``."""
        return _sql.utc_day(self.columns[key], self.types.get(key))


Builder = Callable[[Mapping[str, Bound]], str]


def check_connection(con: object) -> duckdb.DuckDBPyConnection | None:
    """Return ``con`` if it is a DuckDB connection or None; otherwise raise naming the value."""
    if con is None or isinstance(con, duckdb.DuckDBPyConnection):
        return con
    raise ValueError(f"con must be a DuckDB connection (duckdb.connect()) or None; got {con!r}")


def sql_text(roles: Sequence[Role], con: object, build: Builder) -> str:
    """Return the SQL a metric runs on these inputs, with each input called by its role name.

    A table name without a connection is allowed here (only here): its columns are then taken
    as given and its times as TIMESTAMP without a time zone.
    """
    connection = check_connection(con)
    bounds: dict[str, Bound] = {}
    private = None
    try:
        for role in roles:
            value = _check_kind(role)
            if isinstance(value, str):
                if connection is None:
                    bounds[role.role] = _bind_columns(role, _sql.table_name(value), None)
                else:
                    relation = _table_relation(role, value, connection)
                    bounds[role.role] = _bind_columns(role, _sql.table_name(value), relation)
            elif isinstance(value, pd.DataFrame):
                private = private or duckdb.connect()
                private.register(role.role, _prepare_frame(value, role))
                bounds[role.role] = _bind_columns(role, role.role, private.table(role.role))
            else:
                assert isinstance(value, duckdb.DuckDBPyRelation)
                bounds[role.role] = _bind_columns(role, role.role, value)
    finally:
        if private is not None:
            private.close()
    return _checked(build(bounds), bounds)


def run(roles: Sequence[Role], con: object, build: Builder) -> pd.DataFrame:
    """Bind the inputs to names on one connection, build the SQL and return its result."""
    with _bound(roles, check_connection(con)) as (bounds, execute):
        _check_keys(roles, bounds)
        return execute(_checked(build(bounds), bounds))


def _key_family(duckdb_type: str | None) -> str:
    """Group DuckDB types into the families a join key can be matched within."""
    kind = str(duckdb_type)
    if kind in ("VARCHAR", "STRING", "TEXT") or kind.startswith("VARCHAR"):
        return "text"
    if kind.startswith(("DECIMAL", "U")) or kind in _NUMERIC_TYPES:
        return "number"
    return kind


def _check_keys(roles: Sequence[Role], bounds: Mapping[str, Bound]) -> None:
    """Refuse inputs whose user ids cannot be matched: numbers in one table, text in another.

    DuckDB would otherwise cast one side, silently matching "1" with 1 or failing on "u2" with
    a conversion error that names neither table.
    """
    keyed = [r for r in roles if "user_id" in r.columns and "user_id" in bounds[r.role].types]
    for first, second in itertools.pairwise(keyed):
        a = bounds[first.role].types["user_id"]
        b = bounds[second.role].types["user_id"]
        if _key_family(a) != _key_family(b):
            other = first if _key_family(a) == "number" else second
            raise ValueError(
                f"{first.role}[{first.columns['user_id']!r}] holds {a} but "
                f"{second.role}[{second.columns['user_id']!r}] holds {b}: the user ids cannot "
                "be matched. Give both the same type first, e.g. "
                f"{other.role}[{other.columns['user_id']!r}].astype(str)."
            )


def frame(
    result: pd.DataFrame,
    *,
    dates: Sequence[str] = (),
    ints: Sequence[str] = (),
    floats: Sequence[str] = (),
) -> pd.DataFrame:
    """Give a result its documented dtypes: datetime64[us] days, int64 counts, float64 rates."""
    out = result.reset_index(drop=True)
    for name in dates:
        out[name] = pd.to_datetime(out[name]).astype("datetime64[us]")
    for name in ints:
        out[name] = out[name].astype("int64")
    for name in floats:
        out[name] = out[name].astype("float64")
    return out


# --------------------------------------------------------------------------------- internals


def _check_kind(role: Role) -> object:
    value = role.value
    if isinstance(value, (pd.DataFrame, duckdb.DuckDBPyRelation)):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"{role.role} must name a table; got {value!r}")
        return value
    raise ValueError(
        f"{role.role} must be a pandas DataFrame, a DuckDB relation or the name of a table on "
        f"con; got {type(value).__name__}"
    )


def _prepare_frame(data: pd.DataFrame, role: Role) -> pd.DataFrame:
    """Give an empty DataFrame's untyped columns the types the SQL expects.

    ``pd.DataFrame({"event_time": []})`` has no timestamp dtype to go by; with no rows there is
    nothing to misread, so such columns become timestamps (or numbers).
    """
    if len(data) > 0:
        return data
    fixed = data.copy()
    for key in (*role.times, *role.numbers):
        name = _find_column(role.columns[key], [str(c) for c in fixed.columns])
        if name is None:
            continue
        column = fixed[name]
        if key in role.times and not pd.api.types.is_datetime64_any_dtype(column):
            fixed[name] = pd.Series([], dtype="datetime64[us]", index=fixed.index)
        elif key in role.numbers and not pd.api.types.is_numeric_dtype(column):
            fixed[name] = pd.Series([], dtype="float64", index=fixed.index)
    return fixed


def _table_relation(
    role: Role, name: str, con: duckdb.DuckDBPyConnection
) -> duckdb.DuckDBPyRelation:
    try:
        return con.sql(f"SELECT * FROM {_sql.table_name(name)} LIMIT 0")
    except duckdb.CatalogException as error:
        raise ValueError(
            f"{role.role}: there is no table or view named {name!r} on the connection con "
            f"({str(error).splitlines()[0]})"
        ) from None


def _find_column(wanted: str, present: Sequence[str]) -> str | None:
    """Find the column called ``wanted``; as in DuckDB, case matters only to tell two apart."""
    if wanted in present:
        return wanted
    matches = [c for c in present if c.lower() == wanted.lower()]
    return matches[0] if len(matches) == 1 else None


def _bind_columns(role: Role, name: str, relation: duckdb.DuckDBPyRelation | None) -> Bound:
    if relation is None:
        return Bound(name, {k: _sql.ident(c) for k, c in role.columns.items()})
    present = [str(c) for c in relation.columns]
    types = dict(zip(present, (str(t) for t in relation.types), strict=True))
    found = {key: _find_column(column, present) for key, column in role.columns.items()}
    missing = [role.columns[key] for key, column in found.items() if column is None]
    if missing:
        example = next(k for k, c in found.items() if c is None)
        raise ValueError(
            f"{role.role} is missing the column(s) {', '.join(map(repr, missing))}; its columns "
            f"are {', '.join(map(repr, present)) or 'none'}. If yours has another name, pass it, "
            f"e.g. {example}='your_column'."
        )
    actual = {key: column for key, column in found.items() if column is not None}
    bound = Bound(
        name,
        {key: _sql.ident(column) for key, column in actual.items()},
        {key: types[column] for key, column in actual.items()},
    )
    for key in role.times:
        if bound.types[key] not in _sql.TIME_TYPES:
            column = actual[key]
            raise ValueError(
                f"{role.role}[{column!r}] must hold timestamps (TIMESTAMP, TIMESTAMP WITH TIME "
                f"ZONE or DATE); got {bound.types[key]}. Convert it first, e.g. with "
                f"pd.to_datetime(df[{column!r}], utc=True) or CAST({_sql.ident(column)} AS "
                f"TIMESTAMPTZ)."
            )
    for key in role.numbers:
        kind = str(bound.types[key])
        if not (kind.startswith(("DECIMAL", "U")) or kind in _NUMERIC_TYPES):
            raise ValueError(f"{role.role}[{actual[key]!r}] must hold numbers; got {kind}")
    return bound


def _checked(sql: str, bounds: Mapping[str, Bound]) -> str:
    """Refuse a table whose name is also the name of one of the query's own steps (CTEs)."""
    for bound in bounds.values():
        step = re.compile(rf"^(WITH\s+)?{re.escape(bound.name)}\s+AS\s+\(", re.I | re.M)
        if step.search(sql):
            raise ValueError(
                f"the table name {bound.name!r} is also the name of a step of the query; "
                "rename the table or pass it as a DataFrame or relation"
            )
    return sql


Execute = Callable[[str], pd.DataFrame]


@contextmanager
def _bound(
    roles: Sequence[Role], con: duckdb.DuckDBPyConnection | None
) -> Iterator[tuple[dict[str, Bound], Execute]]:
    values = [_check_kind(role) for role in roles]
    has_name = any(isinstance(v, str) for v in values)
    relations = [v for v in values if isinstance(v, duckdb.DuckDBPyRelation)]
    if has_name and con is None:
        role, value = next((r, v) for r, v in zip(roles, values, strict=True) if isinstance(v, str))
        raise ValueError(
            f"{role.role} is a table name ({value!r}); pass the DuckDB connection that holds it "
            "as con=..."
        )
    if not has_name and not relations:
        yield from _on_private_connection(roles, values)
    elif not relations:
        assert con is not None
        yield from _on_connection(roles, values, con)
    else:
        yield from _on_relation_connection(roles, values, relations[0], con)


def _on_private_connection(
    roles: Sequence[Role], frames: Sequence[object]
) -> Iterator[tuple[dict[str, Bound], Execute]]:
    private = duckdb.connect()
    try:
        bounds = {}
        for role, data in zip(roles, frames, strict=True):
            assert isinstance(data, pd.DataFrame)
            private.register(role.role, _prepare_frame(data, role))
            bounds[role.role] = _bind_columns(role, role.role, private.table(role.role))
        yield bounds, lambda sql: private.execute(sql).df()
    finally:
        private.close()


def _unique(role: Role) -> str:
    return f"pmkit_{role.role}_{uuid.uuid4().hex[:8]}"


def _on_connection(
    roles: Sequence[Role], values: Sequence[object], con: duckdb.DuckDBPyConnection
) -> Iterator[tuple[dict[str, Bound], Execute]]:
    registered: list[str] = []
    try:
        bounds = {}
        for role, value in zip(roles, values, strict=True):
            if isinstance(value, str):
                bounds[role.role] = _bind_columns(
                    role, _sql.table_name(value), _table_relation(role, value, con)
                )
            else:
                assert isinstance(value, pd.DataFrame)
                name = _unique(role)
                con.register(name, _prepare_frame(value, role))
                registered.append(name)
                bounds[role.role] = _bind_columns(role, name, con.table(name))
        yield bounds, lambda sql: con.execute(sql).df()
    finally:
        for name in registered:
            con.unregister(name)


def _on_relation_connection(
    roles: Sequence[Role],
    values: Sequence[object],
    primary: duckdb.DuckDBPyRelation,
    con: duckdb.DuckDBPyConnection | None,
) -> Iterator[tuple[dict[str, Bound], Execute]]:
    views: list[tuple[duckdb.DuckDBPyRelation, str]] = []
    registered: list[str] = []
    primary_role = ""
    try:
        bounds = {}
        for role, value in zip(roles, values, strict=True):
            if value is primary and not primary_role:
                primary_role = role.role
                bounds[role.role] = _bind_columns(role, role.role, primary)
            elif isinstance(value, duckdb.DuckDBPyRelation):
                name = _unique(role)
                value.create_view(name, replace=False)
                views.append((value, name))
                bounds[role.role] = _bind_columns(role, name, value)
            elif isinstance(value, str):
                assert con is not None
                bounds[role.role] = _bind_columns(
                    role, _sql.table_name(value), _table_relation(role, value, con)
                )
            else:
                assert isinstance(value, pd.DataFrame)
                if con is None:
                    raise ValueError(
                        f"{role.role} is a DataFrame while {primary_role or 'another input'} is "
                        "a DuckDB relation; pass the relation's connection as con=..., or pass "
                        "both as DataFrames"
                    )
                name = _unique(role)
                con.register(name, _prepare_frame(value, role))
                registered.append(name)
                bounds[role.role] = _bind_columns(role, name, con.table(name))

        def execute(sql: str) -> pd.DataFrame:
            try:
                result = primary.query(primary_role, sql)
                assert result is not None
                out: pd.DataFrame = result.df()
                return out
            except duckdb.CatalogException as error:
                if views or registered:
                    raise ValueError(
                        "the input relations must come from the same DuckDB connection "
                        f"({str(error).splitlines()[0]})"
                    ) from None
                raise

        yield bounds, execute
    finally:
        for relation, name in views:
            relation.query("pmkit_cleanup", f"DROP VIEW IF EXISTS {name}")
        if con is not None:
            for name in registered:
                con.unregister(name)

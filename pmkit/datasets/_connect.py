"""Open the product data: DuckDB views over the Parquet files, or pandas frames on request."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pmkit.datasets._bundled import datasets_dir
from pmkit.datasets._product import PRODUCT_SCHEMA, PRODUCT_TABLES, RAW_TABLES


def product_data_dir() -> Path:
    """Return the folder of the bundled product data: ``product/`` in :func:`datasets_dir`."""
    return datasets_dir() / "product"


def _folder(folder: str | Path | None) -> Path:
    path = product_data_dir() if folder is None else Path(folder)
    if not path.is_dir():
        raise FileNotFoundError(
            f"product data folder {path} does not exist; generate one with "
            "`pmkit data generate --out FOLDER` or pass the folder that holds events.parquet"
        )
    return path


def _file(folder: Path, table: str) -> Path:
    path = folder / f"{table}.parquet"
    if not path.is_file():
        hint = (
            "raw tables are written only with `pmkit data generate --raw`"
            if table in RAW_TABLES
            else "regenerate the folder with `pmkit data generate`"
        )
        raise FileNotFoundError(f"table {table!r} has no file {path}; {hint}")
    return path


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(folder: str | Path | None = None, *, raw: bool = False) -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB connection with one view per product table.

    The views read the Parquet files in ``folder`` (default: the bundled
    ``datasets/product/``) where they lie: nothing is copied, so opening is instant and a
    query reads only the columns it needs. ``raw=True`` adds the views ``users_raw`` and
    ``events_raw``. The connection's time zone is UTC, the zone every timestamp is in.

    >>> con = connect()
    >>> con.execute("SELECT count(*) FROM users WHERE plan = 'free'").fetchone()[0] > 0
    True
    >>> con.close()
    """
    path = _folder(folder)
    tables = PRODUCT_TABLES + (RAW_TABLES if raw else ())
    files = {table: _file(path, table) for table in tables}
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        for table, file in files.items():
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_string(str(file))})"
            )
    except BaseException:
        con.close()
        raise
    return con


def load_product_table(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Return one product table as a pandas DataFrame with the dtypes of ``PRODUCT_SCHEMA``.

    Strings load as ``str``, times as ``datetime64[us]`` (UTC, no time zone), counts and ids
    as ``int64`` (``Int64`` where values may be missing) and amounts as ``float64``. The
    events table of a large generated folder may not fit in memory: query it with
    :func:`connect` instead.

    >>> users = load_product_table("users")
    >>> list(users.columns)
    ['user_id', 'signup_time', 'country', 'platform', 'plan', 'acquisition_channel']
    >>> str(users["signup_time"].dtype)
    'datetime64[us]'
    """
    if name not in PRODUCT_SCHEMA:
        raise ValueError(
            f"unknown product table {name!r}; the tables are {', '.join(PRODUCT_SCHEMA)}"
        )
    file = _file(_folder(folder), name)
    schema = PRODUCT_SCHEMA[name]
    con = duckdb.connect()
    try:
        frame = con.execute(f"SELECT * FROM read_parquet({_sql_string(str(file))})").df()
    finally:
        con.close()
    missing = [c for c in schema if c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema]
    if missing or extra:
        raise ValueError(
            f"{file} does not match the schema of {name!r}: missing columns {missing}, "
            f"unexpected {extra}"
        )
    return frame[list(schema)].astype(schema)


def load_product_data(
    folder: str | Path | None = None, *, raw: bool = False
) -> dict[str, pd.DataFrame]:
    """Return every product table (and the raw ones with ``raw=True``) as DataFrames, by name."""
    tables = PRODUCT_TABLES + (RAW_TABLES if raw else ())
    return {table: load_product_table(table, folder) for table in tables}

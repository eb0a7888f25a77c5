"""The course's bundled data: loaders for ``datasets/`` and the seeded generators behind them.

Every table has a schema here (column -> dtype); loaders check the file against it, so a damaged
or hand-edited file fails with a message that names the column, instead of a confusing error
three cells later. Files are looked up in ``datasets/`` at the top of the repository, or in the
folder named by the ``PMKIT_DATASETS`` environment variable.

The product world of HelpHarbor (users, events, revenue, NPS, support tickets, experiments)
lives in ``datasets/product/`` as Parquet: :func:`connect` opens it as DuckDB views,
:func:`load_product_table` as pandas frames, and :func:`generate_product_data` regenerates it
at any size from a seed (``pmkit data generate``).

Names are imported on first use (PEP 562), so the ``pmkit`` command can register its ``data``
commands without importing pandas, numpy or DuckDB.
"""

from typing import TYPE_CHECKING

from pmkit._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from pmkit.datasets._bundled import (
        BACKLOG_SCHEMA,
        KANO_SURVEY_SCHEMA,
        datasets_dir,
        generate_kano_survey,
        load_backlog,
        load_kano_survey,
    )
    from pmkit.datasets._connect import (
        connect,
        load_product_data,
        load_product_table,
        product_data_dir,
    )
    from pmkit.datasets._product import (
        EXPERIMENTS,
        PRODUCT_EVENTS,
        PRODUCT_SCHEMA,
        PRODUCT_SEED,
        PRODUCT_TABLES,
        RAW_TABLES,
        generate_product_data,
    )
    from pmkit.datasets._query import QueryRunner

_LAZY: dict[str, str] = {
    "BACKLOG_SCHEMA": "pmkit.datasets._bundled",
    "EXPERIMENTS": "pmkit.datasets._product",
    "KANO_SURVEY_SCHEMA": "pmkit.datasets._bundled",
    "PRODUCT_EVENTS": "pmkit.datasets._product",
    "PRODUCT_SCHEMA": "pmkit.datasets._product",
    "PRODUCT_SEED": "pmkit.datasets._product",
    "PRODUCT_TABLES": "pmkit.datasets._product",
    "QueryRunner": "pmkit.datasets._query",
    "RAW_TABLES": "pmkit.datasets._product",
    "connect": "pmkit.datasets._connect",
    "datasets_dir": "pmkit.datasets._bundled",
    "generate_kano_survey": "pmkit.datasets._bundled",
    "generate_product_data": "pmkit.datasets._product",
    "load_backlog": "pmkit.datasets._bundled",
    "load_kano_survey": "pmkit.datasets._bundled",
    "load_product_data": "pmkit.datasets._connect",
    "load_product_table": "pmkit.datasets._connect",
    "product_data_dir": "pmkit.datasets._connect",
}


__all__ = [
    "BACKLOG_SCHEMA",
    "EXPERIMENTS",
    "KANO_SURVEY_SCHEMA",
    "PRODUCT_EVENTS",
    "PRODUCT_SCHEMA",
    "PRODUCT_SEED",
    "PRODUCT_TABLES",
    "RAW_TABLES",
    "QueryRunner",
    "connect",
    "datasets_dir",
    "generate_kano_survey",
    "generate_product_data",
    "load_backlog",
    "load_kano_survey",
    "load_product_data",
    "load_product_table",
    "product_data_dir",
]

__getattr__, __dir__ = _lazy_exports("pmkit.datasets", _LAZY, globals(), __all__)

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
        BACKLOG_SCHEMA as BACKLOG_SCHEMA,
        INTERVIEW_NOTES_SCHEMA as INTERVIEW_NOTES_SCHEMA,
        INTERVIEWS_SCHEMA as INTERVIEWS_SCHEMA,
        KANO_SURVEY_SCHEMA as KANO_SURVEY_SCHEMA,
        datasets_dir as datasets_dir,
        generate_kano_survey as generate_kano_survey,
        load_backlog as load_backlog,
        load_interview_notes as load_interview_notes,
        load_interviews as load_interviews,
        load_kano_survey as load_kano_survey,
    )
    from pmkit.datasets._connect import (
        connect as connect,
        load_product_data as load_product_data,
        load_product_table as load_product_table,
        product_data_dir as product_data_dir,
    )
    from pmkit.datasets._market import (
        MARKETING_SPEND_SCHEMA as MARKETING_SPEND_SCHEMA,
        PRICE_SURVEY_SCHEMA as PRICE_SURVEY_SCHEMA,
        PRICE_SURVEY_SEED as PRICE_SURVEY_SEED,
        generate_price_survey as generate_price_survey,
        load_marketing_spend as load_marketing_spend,
        load_price_survey as load_price_survey,
    )
    from pmkit.datasets._portal import (
        PORTAL_SEED as PORTAL_SEED,
        generate_portal_searches as generate_portal_searches,
    )
    from pmkit.datasets._product import (
        EXPERIMENTS as EXPERIMENTS,
        PRODUCT_EVENTS as PRODUCT_EVENTS,
        PRODUCT_SCHEMA as PRODUCT_SCHEMA,
        PRODUCT_SEED as PRODUCT_SEED,
        PRODUCT_TABLES as PRODUCT_TABLES,
        RAW_TABLES as RAW_TABLES,
        generate_product_data as generate_product_data,
    )
    from pmkit.datasets._query import QueryRunner as QueryRunner


__getattr__, __dir__, __all__ = _lazy_exports(__name__, __file__, globals())

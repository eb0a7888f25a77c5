"""The course's bundled data: loaders for ``datasets/`` and the seeded generators behind them.

Every table has a schema here (column -> dtype); loaders check the file against it, so a damaged
or hand-edited file fails with a message that names the column, instead of a confusing error
three cells later. Files are looked up in ``datasets/`` at the top of the repository, or in the
folder named by the ``PMKIT_DATASETS`` environment variable.
"""

from pmkit.datasets._bundled import (
    BACKLOG_SCHEMA,
    KANO_SURVEY_SCHEMA,
    datasets_dir,
    generate_kano_survey,
    load_backlog,
    load_kano_survey,
)

__all__ = [
    "BACKLOG_SCHEMA",
    "KANO_SURVEY_SCHEMA",
    "datasets_dir",
    "generate_kano_survey",
    "load_backlog",
    "load_kano_survey",
]

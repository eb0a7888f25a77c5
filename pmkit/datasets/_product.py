"""The seeded product world of HelpHarbor: tables, their schema, and the Parquet writer.

:func:`generate_product_data` simulates the world with numpy (``_world.py``, ``_business.py``)
and writes one Parquet file per table with DuckDB. The same seed and size give byte-identical
files (with the same numpy and DuckDB versions), so the bundled copy in
``datasets/product/`` can be checked against a fresh run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pmkit.datasets import _business as biz, _raw, _world as w

PRODUCT_SEED = 2026
"""Seed of the bundled product data in ``datasets/product/``."""

PRODUCT_EVENTS = 400_000
"""Requested size (``events``) of the bundled product data."""

EVENTS_PER_USER = 19.4
"""Average number of events a simulated user produces (measured); sets users from ``events``."""

MIN_EVENTS = 1_000
MAX_EVENTS = 100_000_000

PRODUCT_TABLES: tuple[str, ...] = (
    "users",
    "events",
    "subscriptions",
    "payments",
    "nps_responses",
    "support_tickets",
    "experiment_assignments",
    "experiment_daily",
)
"""The clean tables of the product world, in the order they are written."""

RAW_TABLES: tuple[str, ...] = ("users_raw", "events_raw")
"""The raw tables written with ``raw=True`` (as the pipeline delivered them)."""

# DuckDB type of every column. Every time is TIMESTAMP (no time zone) holding UTC.
_SQL_SCHEMA: dict[str, dict[str, str]] = {
    "users": {
        "user_id": "VARCHAR",
        "signup_time": "TIMESTAMP",
        "country": "VARCHAR",
        "platform": "VARCHAR",
        "plan": "VARCHAR",
        "acquisition_channel": "VARCHAR",
    },
    "events": {
        "user_id": "VARCHAR",
        "event_name": "VARCHAR",
        "event_time": "TIMESTAMP",
        "platform": "VARCHAR",
        "session_id": "BIGINT",
        "app_version": "VARCHAR",
        "properties": "VARCHAR",
    },
    "subscriptions": {
        "subscription_id": "BIGINT",
        "user_id": "VARCHAR",
        "plan": "VARCHAR",
        "seats": "BIGINT",
        "start_time": "TIMESTAMP",
        "end_time": "TIMESTAMP",
        "mrr_usd": "DOUBLE",
    },
    "payments": {
        "payment_id": "BIGINT",
        "subscription_id": "BIGINT",
        "user_id": "VARCHAR",
        "payment_time": "TIMESTAMP",
        "amount_usd": "DOUBLE",
    },
    "nps_responses": {
        "response_id": "BIGINT",
        "user_id": "VARCHAR",
        "response_time": "TIMESTAMP",
        "score": "BIGINT",
        "platform": "VARCHAR",
    },
    "support_tickets": {
        "ticket_id": "BIGINT",
        "user_id": "VARCHAR",
        "created_time": "TIMESTAMP",
        "first_response_minutes": "DOUBLE",
        "resolved_time": "TIMESTAMP",
        "priority": "VARCHAR",
        "category": "VARCHAR",
        "channel": "VARCHAR",
        "csat_score": "BIGINT",
    },
    "experiment_assignments": {
        "experiment_id": "VARCHAR",
        "user_id": "VARCHAR",
        "variant": "VARCHAR",
        "assigned_time": "TIMESTAMP",
        "platform": "VARCHAR",
        "pre_period_value": "DOUBLE",
        "outcome_value": "DOUBLE",
        "converted": "BOOLEAN",
    },
    "experiment_daily": {
        "experiment_id": "VARCHAR",
        "user_id": "VARCHAR",
        "day_since_exposure": "BIGINT",
        "outcome_value": "DOUBLE",
    },
    "users_raw": {
        "user_id": "VARCHAR",
        "email": "VARCHAR",
        "signup_time": "VARCHAR",
        "country": "VARCHAR",
        "platform": "VARCHAR",
        "plan": "VARCHAR",
        "acquisition_channel": "VARCHAR",
    },
    "events_raw": {
        "user_id": "VARCHAR",
        "event_name": "VARCHAR",
        "event_time": "VARCHAR",
        "platform": "VARCHAR",
        "session_id": "BIGINT",
        "app_version": "VARCHAR",
        "properties": "VARCHAR",
    },
}

# Integer columns that may be missing load as pandas' nullable Int64.
_NULLABLE_INT = {("support_tickets", "csat_score")}
_PANDAS_DTYPE = {
    "VARCHAR": "str",
    "TIMESTAMP": "datetime64[us]",
    "BIGINT": "int64",
    "DOUBLE": "float64",
    "BOOLEAN": "bool",
}

PRODUCT_SCHEMA: dict[str, dict[str, str]] = {
    table: {
        column: "Int64" if (table, column) in _NULLABLE_INT else _PANDAS_DTYPE[sql]
        for column, sql in columns.items()
    }
    for table, columns in _SQL_SCHEMA.items()
}
"""pandas dtype of every column of every product table (clean and raw), by table name."""

EXPERIMENTS: dict[str, str] = {
    "sla_alerts": "SLA breach early warnings (backlog F03)",
    "canned_responses": "Canned responses with variables (backlog F20)",
    "ai_replies": "AI-suggested replies (backlog F08)",
}
"""The experiments in ``experiment_assignments``: id -> the feature tested."""

# (window of local days in which users are exposed, lift on P(active) and on tickets per active
# day by day since exposure, hazard ratio of going dormant, share of treatment users exposed
# in the iOS or Android app whose exposure was never logged)
_ONES = np.ones(biz.EXPERIMENT_DAYS)
_DAYS = np.arange(biz.EXPERIMENT_DAYS)
_EXPERIMENT_DESIGN: dict[str, tuple[tuple[int, int], np.ndarray, np.ndarray, float, float]] = {
    "sla_alerts": ((70, 126), _ONES * 1.04, _ONES * 1.04, 0.88, 0.0),
    "canned_responses": ((35, 91), _ONES, _ONES, 1.0, 0.7),
    "ai_replies": (
        (105, 154),
        biz.novelty_lift(_DAYS, early=0.45, late=0.02, half_life=2.0),
        biz.novelty_lift(_DAYS, early=0.35, late=0.02, half_life=2.0),
        1.0,
        0.0,
    ),
}

_WRITER_THREADS = 2

ProgressCallback = Callable[[str, int, int], None]


def _user_id(column: str) -> str:
    """Return SQL for the ``u0000001``-style id of a 0-based user index column."""
    return f"'u' || substr(CAST({column} + 10000001 AS VARCHAR), 2)"  # faster than lpad


def _times(us: np.ndarray) -> np.ndarray:
    """Microsecond counts (``NAT`` for missing) as datetime64, truncated to the millisecond."""
    values = np.asarray(us, dtype=np.int64)
    ms = np.where(values == biz.NAT, biz.NAT, values - values % w.MS_US)
    return ms.view("datetime64[us]")


def _copy(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, select: str, path: Path) -> None:
    """Write ``SELECT <select> FROM frame`` to a zstd Parquet file, rows in frame order."""
    con.register("frame", frame)
    target = str(path).replace("'", "''")
    con.execute(
        f"COPY (SELECT {select} FROM frame) TO '{target}' (FORMAT parquet, COMPRESSION zstd)"
    )
    con.unregister("frame")


def _check_size(events: object, seed: object) -> tuple[int, int]:
    if isinstance(events, bool) or not isinstance(events, int):
        raise ValueError(f"events must be a whole number of events; got {events!r}")
    if not MIN_EVENTS <= events <= MAX_EVENTS:
        raise ValueError(
            f"events must be between {MIN_EVENTS:,} and {MAX_EVENTS:,}; got {events:,}"
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0; got {seed!r}")
    return events, seed


def generate_product_data(
    out_dir: str | Path,
    *,
    events: int = PRODUCT_EVENTS,
    seed: int = PRODUCT_SEED,
    raw: bool = False,
    progress: ProgressCallback | None = None,
) -> dict[str, Path]:
    """Generate HelpHarbor's product data and write one Parquet file per table to ``out_dir``.

    The world covers 24 weeks (2025-01-06 to 2025-06-22, UTC) of a fictional B2B service-desk
    SaaS: users who sign up, go through onboarding, work tickets in sessions, upgrade, pay,
    answer NPS surveys, file support tickets and take part in three A/B tests. ``events`` sets
    the size: the number of users is ``events / EVENTS_PER_USER`` (19.4) and the events table
    holds about ``events`` rows (within a few percent for 100,000 events and more; small
    worlds vary more). ``datasets/PRODUCT_DATA.md`` describes every table.

    Parameters
    ----------
    out_dir
        Folder for the files (created if needed). Existing files of the same names are
        replaced; with ``raw=False`` stale raw files from an earlier run are removed.
    events
        Approximate number of events, from 1,000 to 100,000,000.
    seed
        Seed of the random draws; the same seed and size give byte-identical files.
    raw
        Also write ``users_raw`` and ``events_raw``: the same data as the pipeline delivered
        it, for a cleaning exercise. The clean tables do not depend on this flag.
    progress
        Called as ``progress(step, done, total)`` after each step, for a progress bar.

    Returns
    -------
    dict[str, Path]
        The path of each table's file, by table name.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = generate_product_data(folder, events=5_000, seed=1)
    ...     sorted(paths) == sorted(PRODUCT_TABLES)
    True

    """
    n_events, seed = _check_size(events, seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_users = max(20, math.ceil(n_events / EVENTS_PER_USER))
    steps = ["simulate", *PRODUCT_TABLES, *(RAW_TABLES if raw else ())]
    done = 0

    def step(name: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(name, done, len(steps))

    world = w.simulate(n_users, np.random.default_rng([seed, 0]))
    # Planted for fair questions (instructors/PLANTED_FACTS.md), each from a stream of its own:
    # out-of-order funnel steps and plan switches.
    world = w.plant_sample_tickets(world, np.random.default_rng([seed, 3]))
    step("simulate")
    rng = np.random.default_rng([seed, 1])
    subs = biz.subscriptions(world, rng)
    world, subs = biz.switch_plans(world, subs, np.random.default_rng([seed, 4]))
    pays = biz.payments(subs)
    plan = biz.current_plan(world, subs)
    paying = np.zeros(n_users, dtype=np.bool_)
    paying[subs["user"]] = True
    nps = biz.nps_responses(world, rng, paying)
    tickets = biz.support_tickets(world, rng)
    experiments = [
        (name, biz.experiment(world, np.random.default_rng([seed, 2, i]), *design))
        for i, (name, design) in enumerate(_EXPERIMENT_DESIGN.items())
    ]

    paths = {name: out / f"{name}.parquet" for name in steps[1:]}
    con = duckdb.connect()
    try:
        # A fixed thread count: DuckDB's Parquet bytes can depend on it (same rows either way).
        con.execute(f"SET threads = {_WRITER_THREADS}")
        con.execute("SET enable_progress_bar = false")
        u, ev = world.users, world.events
        frames: dict[str, tuple[pd.DataFrame, str]] = {
            "users": (
                pd.DataFrame(
                    {
                        "u": np.arange(n_users, dtype=np.int64),
                        "signup_time": _times(u.signup_us),
                        "country": w.categorical(u.country, w.COUNTRIES),
                        "platform": w.categorical(u.platform, w.PLATFORMS),
                        "plan": w.categorical(plan, w.PLANS),
                        "acquisition_channel": w.categorical(u.channel, w.CHANNELS),
                    }
                ),
                f"{_user_id('u')} AS user_id, signup_time, country, platform, plan, "
                "acquisition_channel",
            ),
            "events": (
                pd.DataFrame(
                    {
                        "u": ev.user,
                        "event_name": w.categorical(ev.code, w.EVENT_NAMES),
                        "event_time": _times(ev.time_us),
                        "platform": w.categorical(ev.platform, w.PLATFORMS),
                        "session_id": ev.session,
                        "app_version": w.categorical(ev.version, w.APP_VERSIONS),
                        "properties": w.categorical(ev.prop, w.property_strings()),
                    }
                ),
                f"{_user_id('u')} AS user_id, event_name, event_time, platform, session_id, "
                f"{w.NULLABLE_ENUMS_SQL}",
            ),
            "subscriptions": (
                pd.DataFrame(
                    {
                        "subscription_id": subs["subscription_id"],
                        "u": subs["user"],
                        "plan": w.categorical(subs["plan"], w.PLANS),
                        "seats": subs["seats"],
                        "start_time": _times(subs["start_us"]),
                        "end_time": _times(subs["end_us"]),
                        "mrr_usd": subs["mrr_usd"],
                    }
                ),
                f"subscription_id, {_user_id('u')} AS user_id, plan, seats, start_time, "
                "end_time, mrr_usd",
            ),
            "payments": (
                pd.DataFrame(
                    {
                        "payment_id": pays["payment_id"],
                        "subscription_id": pays["subscription_id"],
                        "u": pays["user"],
                        "payment_time": _times(pays["time_us"]),
                        "amount_usd": pays["amount_usd"],
                    }
                ),
                f"payment_id, subscription_id, {_user_id('u')} AS user_id, payment_time, "
                "amount_usd",
            ),
            "nps_responses": (
                pd.DataFrame(
                    {
                        "response_id": nps["response_id"],
                        "u": nps["user"],
                        "response_time": _times(nps["time_us"]),
                        "score": nps["score"],
                        "platform": w.categorical(nps["platform"], w.PLATFORMS),
                    }
                ),
                f"response_id, {_user_id('u')} AS user_id, response_time, score, platform",
            ),
            "support_tickets": (
                pd.DataFrame(
                    {
                        "ticket_id": tickets["ticket_id"],
                        "u": tickets["user"],
                        "created_time": _times(tickets["created_us"]),
                        "first_response_minutes": tickets["first_response_minutes"],
                        "resolved_time": _times(tickets["resolved_us"]),
                        "priority": w.categorical(tickets["priority"], biz.TICKET_PRIORITIES),
                        "category": w.categorical(tickets["category"], biz.TICKET_CATEGORIES),
                        "channel": w.categorical(tickets["channel"], biz.TICKET_CHANNELS),
                        "csat_score": tickets["csat_score"],
                    }
                ),
                f"ticket_id, {_user_id('u')} AS user_id, created_time, first_response_minutes, "
                "resolved_time, priority, category, channel, CAST(csat_score AS BIGINT) "
                "AS csat_score",
            ),
            "experiment_assignments": _assignments_frame(experiments),
            "experiment_daily": _daily_frame(experiments),
        }
        for name in PRODUCT_TABLES:
            frame, select = frames.pop(name)
            _copy(con, frame, select, paths[name])
            step(name)
        if raw:
            raw_rng = np.random.default_rng([seed, 3])
            for name, (frame, select) in _raw.raw_frames(world, plan, raw_rng).items():
                _copy(con, frame, select, paths[name])
                step(name)
        else:
            for name in RAW_TABLES:
                (out / f"{name}.parquet").unlink(missing_ok=True)
    finally:
        con.close()
    return paths


def _assignments_frame(
    experiments: list[tuple[str, dict[str, np.ndarray]]],
) -> tuple[pd.DataFrame, str]:
    names = list(EXPERIMENTS)
    frame = pd.DataFrame(
        {
            "experiment_id": w.categorical(
                np.concatenate([np.full(e["user"].size, names.index(n)) for n, e in experiments]),
                names,
            ),
            "u": np.concatenate([e["user"] for _, e in experiments]),
            "variant": w.categorical(
                np.concatenate([e["treatment"] for _, e in experiments]), ("control", "treatment")
            ),
            "assigned_time": _times(np.concatenate([e["assigned_us"] for _, e in experiments])),
            "platform": w.categorical(
                np.concatenate([e["platform"] for _, e in experiments]), w.PLATFORMS
            ),
            "pre_period_value": np.concatenate([e["pre_period_value"] for _, e in experiments]),
            "outcome_value": np.concatenate([e["daily"].sum(axis=1) for _, e in experiments]),
            "converted": np.concatenate([e["converted"] for _, e in experiments]),
        }
    )
    select = (
        f"experiment_id, {_user_id('u')} AS user_id, variant, assigned_time, platform, "
        "pre_period_value, outcome_value, converted"
    )
    return frame, select


def _daily_frame(
    experiments: list[tuple[str, dict[str, np.ndarray]]],
) -> tuple[pd.DataFrame, str]:
    names = list(EXPERIMENTS)
    days = biz.EXPERIMENT_DAYS
    frame = pd.DataFrame(
        {
            "experiment_id": w.categorical(
                np.concatenate(
                    [np.full(e["user"].size * days, names.index(n)) for n, e in experiments]
                ),
                names,
            ),
            "u": np.concatenate([np.repeat(e["user"], days) for _, e in experiments]),
            "day_since_exposure": np.concatenate(
                [np.tile(np.arange(days, dtype=np.int64), e["user"].size) for _, e in experiments]
            ),
            "outcome_value": np.concatenate([e["daily"].ravel() for _, e in experiments]),
        }
    )
    select = f"experiment_id, {_user_id('u')} AS user_id, day_since_exposure, outcome_value"
    return frame, select

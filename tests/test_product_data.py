"""The HelpHarbor product world: determinism, schema, integrity, realistic shapes, planted facts.

Shapes and planted facts are checked on a freshly generated world with another seed (so they do
not hold by luck of the bundled seed) and, where the instructor notes quote numbers, on the
bundled files. Thresholds are generous but each can fail: a flat weekend, a flat funnel step,
an incident on the wrong platform or an experiment without its planted property all break a test.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from scipy import stats

from pmkit.cli import _data as _cli
from pmkit.datasets import (
    EXPERIMENTS,
    PRODUCT_EVENTS,
    PRODUCT_SCHEMA,
    PRODUCT_SEED,
    PRODUCT_TABLES,
    RAW_TABLES,
    connect,
    generate_product_data,
    load_product_data,
    load_product_table,
    product_data_dir,
)
from pmkit.datasets._product import _SQL_SCHEMA

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "datasets" / "product"
DATASHEET = REPO / "datasets" / "PRODUCT_DATA.md"
PLANTED = REPO / "instructors" / "PLANTED_FACTS.md"
ALL_TABLES = PRODUCT_TABLES + RAW_TABLES
INCIDENT = "2025-04-15"
FUNNEL = [
    "signup",
    "create_workspace",
    "invite_teammate",
    "create_ticket",
    "resolve_ticket",
    "upgrade",
]


@pytest.fixture(autouse=True)
def _bundled_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts on the committed files, whatever the caller's environment says."""
    monkeypatch.delenv("PMKIT_DATASETS", raising=False)


@pytest.fixture(scope="module")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("world")
    generate_product_data(folder, events=300_000, seed=7, raw=True)
    return folder


@pytest.fixture(scope="module")
def con(world_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(world_dir, raw=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def bundled() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(raw=True)
    yield connection
    connection.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    row = con.execute(sql).fetchone()
    assert row is not None
    return float(row[0])


def cleaning_recipe() -> str:
    text = PLANTED.read_text(encoding="utf-8")
    section = text.split("### Cleaning recipe", 1)[1]
    match = re.search(r"```sql\n(.*?)```", section, re.DOTALL)
    assert match, "the instructor notes lost their cleaning recipe"
    return match.group(1)


# ------------------------------------------------------------------------ determinism and files


def test_same_seed_gives_the_same_bytes_and_clean_tables_ignore_raw(tmp_path: Path) -> None:
    first = generate_product_data(tmp_path / "a", events=20_000, seed=11, raw=True)
    second = generate_product_data(tmp_path / "b", events=20_000, seed=11, raw=True)
    clean_only = generate_product_data(tmp_path / "c", events=20_000, seed=11)
    other_seed = generate_product_data(tmp_path / "d", events=20_000, seed=12)
    assert sorted(first) == sorted(ALL_TABLES)
    assert sorted(clean_only) == sorted(PRODUCT_TABLES)
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name
    for name, path in clean_only.items():
        assert path.read_bytes() == first[name].read_bytes(), name
    assert other_seed["events"].read_bytes() != first["events"].read_bytes()


def test_raw_false_removes_stale_raw_files(tmp_path: Path) -> None:
    generate_product_data(tmp_path, events=5_000, seed=1, raw=True)
    generate_product_data(tmp_path, events=5_000, seed=2)
    assert not any((tmp_path / f"{name}.parquet").exists() for name in RAW_TABLES)


def test_the_bundled_files_regenerate_byte_for_byte(tmp_path: Path) -> None:
    assert _cli.DEFAULT_EVENTS == PRODUCT_EVENTS and _cli.DEFAULT_SEED == PRODUCT_SEED
    paths = generate_product_data(tmp_path, events=PRODUCT_EVENTS, seed=PRODUCT_SEED, raw=True)
    assert sorted(p.name for p in BUNDLED.iterdir()) == sorted(p.name for p in paths.values())
    for name, path in paths.items():
        assert path.read_bytes() == (BUNDLED / path.name).read_bytes(), f"{name} is stale"
    total_mb = sum(p.stat().st_size for p in BUNDLED.iterdir()) / 1e6
    assert total_mb < 10, f"the bundled product data grew to {total_mb:.1f} MB"


def test_size_follows_the_requested_events(con: duckdb.DuckDBPyConnection) -> None:
    assert 0.9 * 300_000 < scalar(con, "SELECT count(*) FROM events") < 1.1 * 300_000
    bundled_events = scalar(connect(), "SELECT count(*) FROM events")
    assert 0.9 * PRODUCT_EVENTS < bundled_events < 1.1 * PRODUCT_EVENTS


# ------------------------------------------------------------------------ schema and loaders


@pytest.mark.parametrize("table", ALL_TABLES)
def test_views_have_the_documented_columns_and_types(
    con: duckdb.DuckDBPyConnection, table: str
) -> None:
    described = con.execute(f"DESCRIBE {table}").fetchall()
    assert {row[0]: row[1] for row in described} == _SQL_SCHEMA[table]
    assert [row[0] for row in described] == list(_SQL_SCHEMA[table])


def test_the_datasheet_documents_every_clean_column() -> None:
    sheet = DATASHEET.read_text(encoding="utf-8")
    for table in PRODUCT_TABLES:
        assert f"`{table}`" in sheet, table
        for column in PRODUCT_SCHEMA[table]:
            assert f"| `{column}` |" in sheet, f"{table}.{column}"


def test_the_datasheet_does_not_spoil_the_planted_facts() -> None:
    sheet = DATASHEET.read_text(encoding="utf-8").lower()
    for spoiler in (INCIDENT, "4.2.0", "incident", "sample ratio", "srm", "novelty", "test_"):
        assert spoiler.lower() not in sheet, spoiler


@pytest.mark.parametrize("table", ALL_TABLES)
def test_loaded_frames_have_clean_dtypes(world_dir: Path, table: str) -> None:
    frame = load_product_table(table, world_dir)
    assert {c: str(t) for c, t in frame.dtypes.items()} == PRODUCT_SCHEMA[table]
    assert len(frame) > 0


def test_missing_values_load_as_missing(world_dir: Path) -> None:
    tickets = load_product_table("support_tickets", world_dir)
    assert tickets["csat_score"].isna().any() and tickets["csat_score"].notna().any()
    assert set(tickets["csat_score"].dropna().astype(int)) <= {1, 2, 3, 4, 5}
    events = load_product_table("events", world_dir)
    assert events.loc[events["platform"] == "web", "app_version"].isna().all()
    assert events.loc[events["platform"] != "web", "app_version"].notna().all()


def test_connect_opens_views_over_the_files_without_copying(
    con: duckdb.DuckDBPyConnection,
) -> None:
    views = {
        row[0]
        for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    assert views == set(ALL_TABLES)
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
    assert con.execute("SELECT current_setting('TimeZone')").fetchone() == ("UTC",)


def test_default_folder_is_the_bundled_one() -> None:
    assert product_data_dir() == BUNDLED
    data = load_product_data()
    assert sorted(data) == sorted(PRODUCT_TABLES)
    assert len(data["users"]) == data["users"]["user_id"].nunique()


def test_errors_name_what_is_wrong(tmp_path: Path, world_dir: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown product table 'sessions'.*users, events"):
        load_product_table("sessions")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        connect(tmp_path / "nowhere")
    partial = tmp_path / "partial"
    shutil.copytree(world_dir, partial)
    (partial / "payments.parquet").unlink()
    (partial / "events_raw.parquet").unlink()
    with pytest.raises(FileNotFoundError, match=r"table 'payments' has no file"):
        connect(partial)
    with pytest.raises(FileNotFoundError, match=r"'events_raw'.*--raw"):
        load_product_table("events_raw", partial)
    for bad in (10, 200_000_000, 1.5e5, True):
        with pytest.raises(ValueError, match="events must be"):
            generate_product_data(tmp_path / "x", events=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seed must be a whole number >= 0; got -1"):
        generate_product_data(tmp_path / "x", events=5_000, seed=-1)


def test_cli_generates_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        _cli.data, ["generate", "--events", "5000", "--seed", "3", "--out", str(out), "--raw"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in out.iterdir()) == sorted(ALL_TABLES)
    assert "events_raw" in result.output and "MB" in result.output
    bad = CliRunner().invoke(_cli.data, ["generate", "--events", "10", "--out", str(out)])
    assert bad.exit_code == 2 and "events must be between" in bad.output


# ------------------------------------------------------------------------ integrity


def test_every_user_id_is_a_known_user(con: duckdb.DuckDBPyConnection) -> None:
    for table in PRODUCT_TABLES[1:]:
        orphans = scalar(
            con, f"SELECT count(*) FROM {table} WHERE user_id NOT IN (SELECT user_id FROM users)"
        )
        assert orphans == 0, table
    assert scalar(con, "SELECT count(*) - count(DISTINCT user_id) FROM users") == 0
    assert (
        scalar(con, "SELECT count(*) FROM users WHERE NOT regexp_matches(user_id, '^u\\d{7}$')")
        == 0
    )
    assert scalar(con, "SELECT count(*) FROM events WHERE user_id IS NULL") == 0


def test_events_start_with_the_signup_and_stay_inside_the_window(
    con: duckdb.DuckDBPyConnection,
) -> None:
    before_signup = scalar(
        con, "SELECT count(*) FROM events JOIN users USING (user_id) WHERE event_time < signup_time"
    )
    assert before_signup == 0
    first = con.execute(
        """
        SELECT count(*), count(*) FILTER (WHERE e.event_name = 'signup'
                                          AND e.event_time = u.signup_time)
        FROM (SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY event_time) AS k
              FROM events) AS e JOIN users AS u USING (user_id)
        WHERE k = 1
        """
    ).fetchone()
    assert first is not None and first[0] == first[1] == scalar(con, "SELECT count(*) FROM users")
    assert scalar(con, "SELECT count(*) FROM events WHERE event_name = 'signup'") == first[0]
    bounds = con.execute("SELECT min(event_time), max(event_time) FROM events").fetchone()
    assert bounds is not None
    assert str(bounds[0]) >= "2025-01-06" and str(bounds[1]) < "2025-06-23"


def test_events_are_sorted_unique_and_sessions_belong_to_one_user(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert scalar(con, "SELECT count(*) - count(DISTINCT (user_id, event_time)) FROM events") == 0
    unsorted = scalar(
        con,
        """
        SELECT count(*) FROM (
            SELECT user_id, event_time,
                   lag(user_id) OVER w AS prev_user, lag(event_time) OVER w AS prev_time
            FROM (SELECT *, row_number() OVER () AS pos FROM events)
            WINDOW w AS (ORDER BY pos))
        WHERE user_id < prev_user OR (user_id = prev_user AND event_time <= prev_time)
        """,
    )
    assert unsorted == 0
    assert (
        scalar(
            con,
            "SELECT count(*) FROM (SELECT session_id FROM events GROUP BY 1 "
            "HAVING count(DISTINCT user_id) > 1)",
        )
        == 0
    )
    longest_session_s = scalar(
        con,
        "SELECT max(epoch(last) - epoch(first)) FROM (SELECT max(event_time) AS last, "
        "min(event_time) AS first FROM events GROUP BY session_id)",
    )
    assert 60 < longest_session_s < 2 * 3600


def test_revenue_tables_agree(con: duckdb.DuckDBPyConnection) -> None:
    checks = {
        "subscription starts at an upgrade event": """
            SELECT count(*) FROM subscriptions s WHERE NOT EXISTS (
                SELECT 1 FROM events e WHERE e.user_id = s.user_id
                AND e.event_name = 'upgrade' AND e.event_time = s.start_time
                AND e.properties->>'plan' = s.plan)""",
        "end after start": "SELECT count(*) FROM subscriptions WHERE end_time <= start_time",
        "mrr is seats x price": """
            SELECT count(*) FROM subscriptions
            WHERE mrr_usd != seats * CASE plan WHEN 'team' THEN 19 ELSE 49 END""",
        "payment of a known subscription": """
            SELECT count(*) FROM payments p LEFT JOIN subscriptions s USING (subscription_id)
            WHERE s.user_id IS NULL OR s.user_id != p.user_id OR p.amount_usd != s.mrr_usd
               OR p.payment_time < s.start_time
               OR p.payment_time >= coalesce(s.end_time, TIMESTAMP '2025-06-23')""",
        "first payment at the start": """
            SELECT count(*) FROM subscriptions s WHERE start_time != (
                SELECT min(payment_time) FROM payments p
                WHERE p.subscription_id = s.subscription_id)""",
        "plan snapshot": """
            SELECT count(*) FROM users u LEFT JOIN subscriptions s
              ON s.user_id = u.user_id AND s.end_time IS NULL
            WHERE u.plan != coalesce(s.plan, 'free')""",
    }
    for name, sql in checks.items():
        assert scalar(con, sql) == 0, name
    assert scalar(con, "SELECT count(*) FROM subscriptions WHERE end_time IS NULL") > 0
    assert scalar(con, "SELECT count(*) FROM subscriptions WHERE end_time IS NOT NULL") > 0


def test_surveys_tickets_and_experiments_are_consistent(con: duckdb.DuckDBPyConnection) -> None:
    checks = {
        "nps score range": "SELECT count(*) FROM nps_responses WHERE score NOT BETWEEN 0 AND 10",
        "nps after signup": """SELECT count(*) FROM nps_responses JOIN users USING (user_id)
            WHERE response_time < signup_time + INTERVAL 29 DAY""",
        "ticket times": """SELECT count(*) FROM support_tickets
            WHERE resolved_time <= created_time OR first_response_minutes <= 0
            OR (resolved_time IS NOT NULL AND first_response_minutes IS NULL)""",
        "csat only when resolved": """SELECT count(*) FROM support_tickets
            WHERE csat_score IS NOT NULL AND resolved_time IS NULL""",
        "one assignment per user and experiment": """SELECT count(*) - count(DISTINCT
            (experiment_id, user_id)) FROM experiment_assignments""",
        "exposed during a session": """SELECT count(*) FROM experiment_assignments a
            WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.user_id = a.user_id
            AND e.event_name = 'session_start' AND e.event_time = a.assigned_time)""",
        "14 days after signup": """SELECT count(*) FROM experiment_assignments
            JOIN users USING (user_id) WHERE assigned_time < signup_time + INTERVAL 13 DAY""",
        "14 daily rows summing to the outcome": """
            SELECT count(*) FROM experiment_assignments a JOIN (
                SELECT experiment_id, user_id, count(*) AS n, sum(outcome_value) AS total,
                       bool_or(outcome_value > 0 AND day_since_exposure >= 7) AS week2
                FROM experiment_daily GROUP BY ALL) d USING (experiment_id, user_id)
            WHERE d.n != 14 OR d.total != a.outcome_value OR d.week2 != a.converted""",
    }
    for name, sql in checks.items():
        assert scalar(con, sql) == 0, name
    assert scalar(con, "SELECT count(*) FROM experiment_daily") == 14 * scalar(
        con, "SELECT count(*) FROM experiment_assignments"
    )
    assert {
        r[0] for r in con.execute("SELECT DISTINCT experiment_id FROM experiment_daily").fetchall()
    } == set(EXPERIMENTS)


# ------------------------------------------------------------------------ realistic shapes


def test_weekends_dip(con: duckdb.DuckDBPyConnection) -> None:
    dau = con.execute(
        """
        SELECT dayofweek(d) IN (0, 6) AS weekend, avg(n) FROM (
            SELECT CAST(event_time AS DATE) AS d, count(DISTINCT user_id) AS n
            FROM events GROUP BY 1) GROUP BY 1
        """
    ).fetchall()
    by_kind = dict(dau)
    assert by_kind[True] < 0.5 * by_kind[False]
    signups = dict(
        con.execute(
            "SELECT dayofweek(signup_time) IN (0, 6), count(*) / count(DISTINCT "
            "CAST(signup_time AS DATE)) FROM users GROUP BY 1"
        ).fetchall()
    )
    assert signups[True] < 0.6 * signups[False]


def test_signups_grow(con: duckdb.DuckDBPyConnection) -> None:
    first = scalar(con, "SELECT count(*) FROM users WHERE signup_time < '2025-02-03'")
    last = scalar(con, "SELECT count(*) FROM users WHERE signup_time >= '2025-05-26'")
    assert last > 1.4 * first


def ordered_funnel(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Users reaching each step in order (each step after the previous one), any window."""
    ctes = [
        "s0 AS (SELECT user_id, min(event_time) AS t FROM events "
        f"WHERE event_name = '{FUNNEL[0]}' GROUP BY 1)"
    ]
    for k, step in enumerate(FUNNEL[1:], start=1):
        ctes.append(
            f"s{k} AS (SELECT e.user_id, min(e.event_time) AS t FROM events e "
            f"JOIN s{k - 1} p USING (user_id) WHERE e.event_name = '{step}' "
            "AND e.event_time > p.t GROUP BY 1)"
        )
    counts = ", ".join(f"(SELECT count(*) FROM s{k})" for k in range(len(FUNNEL)))
    row = con.execute(f"WITH {', '.join(ctes)} SELECT {counts}").fetchone()
    assert row is not None
    return [int(v) for v in row]


def test_the_funnel_loses_users_at_every_step(con: duckdb.DuckDBPyConnection) -> None:
    counts = ordered_funnel(con)
    rates = [after / before for before, after in itertools.pairwise(counts)]
    assert all(0.1 < r < 0.95 for r in rates), rates
    assert counts[-1] / counts[0] < 0.15


def test_retention_decays_and_differs_by_channel(con: duckdb.DuckDBPyConnection) -> None:
    frame = (
        con.execute(
            """
        WITH active AS (
            SELECT DISTINCT e.user_id,
                   datediff('day', CAST(u.signup_time AS DATE), CAST(e.event_time AS DATE)) AS k
            FROM events e JOIN users u USING (user_id))
        SELECT u.acquisition_channel AS channel,
               avg((EXISTS (SELECT 1 FROM active a WHERE a.user_id = u.user_id
                            AND a.k BETWEEN 7 AND 13))::INT) AS week1,
               avg((EXISTS (SELECT 1 FROM active a WHERE a.user_id = u.user_id
                            AND a.k BETWEEN 28 AND 34))::INT) AS week4,
               avg((EXISTS (SELECT 1 FROM active a WHERE a.user_id = u.user_id
                            AND a.k BETWEEN 56 AND 62))::INT) AS week8
        FROM users u WHERE signup_time < '2025-04-01' GROUP BY 1
        """
        )
        .df()
        .set_index("channel")
    )
    assert (frame["week1"] > frame["week4"]).all() and (frame["week4"] > frame["week8"]).all()
    assert frame.loc["referral", "week4"] > 2 * frame.loc["paid_social", "week4"]
    assert frame.loc["organic_search", "week4"] > 1.5 * frame.loc["paid_social", "week4"]


# ------------------------------------------------------------------------ planted facts


def create_rate_change(con: duckdb.DuckDBPyConnection, days: int) -> dict[str, float]:
    """Per platform: create_ticket events per session, ``days`` after / before the release."""
    frame = con.execute(
        f"""
        SELECT platform, event_time >= DATE '{INCIDENT}' AS after,
               count(*) FILTER (WHERE event_name = 'create_ticket')
                   / count(DISTINCT session_id) AS rate
        FROM events
        WHERE event_time >= DATE '{INCIDENT}' - INTERVAL {days} DAY
          AND event_time < DATE '{INCIDENT}' + INTERVAL {days} DAY
        GROUP BY ALL
        """
    ).df()
    pivot = frame.pivot(index="platform", columns="after", values="rate")
    return (pivot[True] / pivot[False]).to_dict()


@pytest.mark.parametrize("data", ["generated", "bundled"])
def test_the_incident_hits_android_ticket_creation_only(
    data: str, con: duckdb.DuckDBPyConnection, bundled: duckdb.DuckDBPyConnection
) -> None:
    change = create_rate_change(con if data == "generated" else bundled, days=28)
    assert 0.55 < change["android"] < 0.85, change
    assert 0.9 < change["ios"] < 1.1 and 0.9 < change["web"] < 1.1, change


def test_the_incident_starts_on_the_release_day(con: duckdb.DuckDBPyConnection) -> None:
    assert create_rate_change(con, days=7)["android"] < 0.85
    earlier = con.execute(
        """
        SELECT event_time >= DATE '2025-04-01' AS after,
               count(*) FILTER (WHERE event_name = 'create_ticket') / count(DISTINCT session_id)
        FROM events WHERE platform = 'android'
          AND event_time >= DATE '2025-03-18' AND event_time < DATE '2025-04-15'
        GROUP BY 1
        """
    ).fetchall()
    rates = dict(earlier)
    assert 0.85 < rates[True] / rates[False] < 1.15  # no drop two weeks before the release
    versions = con.execute(
        f"""
        SELECT DISTINCT app_version FROM events
        WHERE platform != 'web' AND CAST(event_time AS DATE) = DATE '{INCIDENT}'
        """
    ).fetchall()
    assert versions == [("4.2.0",)]


def test_the_incident_shows_in_support_tickets_and_nps(con: duckdb.DuckDBPyConnection) -> None:
    mobile = dict(
        con.execute(
            f"""
            SELECT created_time >= DATE '{INCIDENT}',
                   avg((category = 'mobile_app')::INT) FROM support_tickets GROUP BY 1
            """
        ).fetchall()
    )
    assert mobile[True] > 2 * mobile[False]
    nps = (
        con.execute(
            f"""
        SELECT platform, response_time >= DATE '{INCIDENT}' AS after,
               100 * (avg((score >= 9)::INT) - avg((score <= 6)::INT)) AS nps
        FROM nps_responses GROUP BY ALL
        """
        )
        .df()
        .pivot(index="platform", columns="after", values="nps")
    )
    assert pivot_drop(nps, "android") > 20
    assert pivot_drop(nps, "web") < 15


def pivot_drop(frame: pd.DataFrame, platform: str) -> float:
    return float(frame.loc[platform, False] - frame.loc[platform, True])


def test_weekend_tickets_wait_longer(con: duckdb.DuckDBPyConnection) -> None:
    medians = dict(
        con.execute(
            "SELECT dayofweek(created_time) IN (0, 6), median(first_response_minutes) "
            "FROM support_tickets GROUP BY 1"
        ).fetchall()
    )
    assert medians[True] > 1.8 * medians[False]


def srm_pvalue(con: duckdb.DuckDBPyConnection, experiment: str) -> float:
    counts = [
        int(n)
        for (n,) in con.execute(
            "SELECT count(*) FROM experiment_assignments WHERE experiment_id = ? "
            "GROUP BY variant ORDER BY variant",
            [experiment],
        ).fetchall()
    ]
    return float(stats.chisquare(counts).pvalue)


@pytest.mark.parametrize("data", ["generated", "bundled"])
def test_only_the_srm_experiment_has_a_sample_ratio_mismatch(
    data: str, con: duckdb.DuckDBPyConnection, bundled: duckdb.DuckDBPyConnection
) -> None:
    connection = con if data == "generated" else bundled
    assert srm_pvalue(connection, "canned_responses") < 0.001
    assert srm_pvalue(connection, "sla_alerts") > 0.001
    assert srm_pvalue(connection, "ai_replies") > 0.001
    by_platform = dict(
        connection.execute(
            """
            SELECT platform, count(*) FILTER (WHERE variant = 'treatment') / count(*)
            FROM experiment_assignments WHERE experiment_id = 'canned_responses' GROUP BY 1
            """
        ).fetchall()
    )
    assert 0.4 < by_platform["web"] < 0.6
    assert by_platform["android"] < 0.35 and by_platform["ios"] < 0.35


def daily_lift(con: duckdb.DuckDBPyConnection, experiment: str, days: tuple[int, int]) -> float:
    return scalar(
        con,
        f"""
        SELECT avg(d.outcome_value) FILTER (WHERE a.variant = 'treatment')
             / avg(d.outcome_value) FILTER (WHERE a.variant = 'control') - 1
        FROM experiment_daily d JOIN experiment_assignments a USING (experiment_id, user_id)
        WHERE experiment_id = '{experiment}'
          AND day_since_exposure BETWEEN {days[0]} AND {days[1]}
        """,
    )


@pytest.mark.parametrize("data", ["generated", "bundled"])
def test_the_novelty_effect_fades(
    data: str, con: duckdb.DuckDBPyConnection, bundled: duckdb.DuckDBPyConnection
) -> None:
    connection = con if data == "generated" else bundled
    early = daily_lift(connection, "ai_replies", (0, 2))
    late = daily_lift(connection, "ai_replies", (7, 13))
    assert early > 0.3 and late < 0.15 and early > late + 0.25, (early, late)


def test_pre_period_values_correlate_with_the_outcome(con: duckdb.DuckDBPyConnection) -> None:
    frame = con.execute("SELECT * FROM experiment_assignments").df()
    for experiment, group in frame.groupby("experiment_id"):
        r = np.corrcoef(group["pre_period_value"], group["outcome_value"])[0, 1]
        assert 0.3 < r < 0.8, (experiment, r)
        control = group[group["variant"] == "control"]["pre_period_value"]
        treatment = group[group["variant"] == "treatment"]["pre_period_value"]
        assert stats.ttest_ind(treatment, control, equal_var=False).pvalue > 0.001


def test_the_clean_experiment_has_a_modest_positive_lift(
    bundled: duckdb.DuckDBPyConnection,
) -> None:
    lift = daily_lift(bundled, "sla_alerts", (0, 13))
    assert 0 < lift < 0.15


# ------------------------------------------------------------------------ raw data and cleaning


def test_the_raw_tables_have_each_problem(con: duckdb.DuckDBPyConnection) -> None:
    problems = {
        "duplicates": "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM "
        "events_raw)) FROM events_raw",
        "null user ids": "SELECT count(*) FROM events_raw WHERE user_id IS NULL",
        "test accounts": "SELECT count(*) FROM users_raw WHERE user_id LIKE 'test\\_%' ESCAPE '\\'",
        "test events": "SELECT count(*) FROM events_raw WHERE user_id LIKE 'test\\_%' ESCAPE '\\'",
        "internal users": "SELECT count(*) FROM users_raw WHERE email LIKE '%@helpharbor.example'",
        "internal events": """SELECT count(*) FROM events_raw e JOIN users_raw u USING (user_id)
            WHERE u.email LIKE '%@helpharbor.example'""",
        "mixed-case platforms": "SELECT count(*) FROM events_raw WHERE platform != lower(platform)",
        # Android 4.0.0's retried copies say "android" where the original says "Android": not
        # exact duplicates, so DISTINCT on fewer columns than all seven miscounts them
        "relabelled retries": """SELECT (SELECT count(*) FROM (SELECT DISTINCT * FROM events_raw))
            - (SELECT count(*) FROM (SELECT DISTINCT * REPLACE (lower(platform) AS platform)
                                     FROM events_raw))""",
        "out of order": """SELECT count(*) FROM (SELECT event_time, lag(event_time) OVER
            (ORDER BY pos) AS prev FROM (SELECT *, row_number() OVER () AS pos FROM events_raw))
            WHERE CAST(event_time AS TIMESTAMPTZ) < CAST(prev AS TIMESTAMPTZ)""",
    }
    for name, sql in problems.items():
        assert scalar(con, sql) > 0, name
    suffixes = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT regexp_extract(event_time, '(Z|[+-]\\d\\d:\\d\\d)$') FROM events_raw"
        ).fetchall()
    }
    assert {"Z", "-05:00", "+05:30", "+01:00"} <= suffixes
    assert scalar(con, "SELECT count(*) FROM users_raw WHERE signup_time LIKE '%+%'") > 0


def rows_differing(
    con: duckdb.DuckDBPyConnection, left: str, right: str, columns: list[str]
) -> int:
    """Rows that differ between two tables compared position by position (or count mismatch)."""
    same = " AND ".join(f"a.{c} IS NOT DISTINCT FROM b.{c}" for c in columns)
    return int(
        scalar(
            con,
            f"""
            SELECT count(*) FROM (SELECT row_number() OVER () AS pos, * FROM {left}) AS a
            FULL JOIN (SELECT row_number() OVER () AS pos, * FROM {right}) AS b USING (pos)
            WHERE NOT ({same})
            """,
        )
    )


@pytest.mark.parametrize("data", ["generated", "bundled"])
def test_the_documented_recipe_recovers_the_clean_tables(data: str, world_dir: Path) -> None:
    folder = world_dir if data == "generated" else BUNDLED
    connection = connect(folder, raw=True)
    try:
        connection.execute("SET TimeZone = 'America/New_York'")  # the recipe must not depend on it
        connection.execute(cleaning_recipe())
        for table in ("users", "events"):
            assert connection.execute(f"DESCRIBE {table}_clean").fetchall() == (
                connection.execute(f"DESCRIBE {table}").fetchall()
            )
            assert scalar(connection, f"SELECT count(*) FROM {table}_clean") > 0
            assert (
                rows_differing(connection, f"{table}_clean", table, list(_SQL_SCHEMA[table])) == 0
            )
        users = connection.execute("SELECT * FROM users_clean").df()
        pd.testing.assert_frame_equal(users, load_product_table("users", folder), check_exact=True)
    finally:
        connection.close()

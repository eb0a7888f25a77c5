"""Benchmark: pmkit.metrics (DuckDB SQL) against idiomatic pandas, on 1M and 10M events.

For each size the script writes the course's product world with
``pmkit.datasets.generate_product_data`` (Parquet files in a temporary folder), then starts two
worker processes that load the same columns of the same tables:

* pmkit: an in-memory DuckDB database (``CREATE TABLE events AS SELECT ... FROM read_parquet``,
  repeated strings as ENUM) and each metric called by table name,
  ``active_users("events", con=con)``: DuckDB's own workflow;
* pandas: DataFrames (repeated strings as categories) and a pandas implementation of the same
  definition, vectorised groupby/merge code the way an analyst would write it in a notebook.

Loading is not timed. The parent asks the workers for one metric run at a time, alternating the
sides, and keeps each side's best of ``--repeat`` runs, so a change in the machine's load hits
both sides alike. Peak memory is the worker's peak resident set size while the metric ran
(VmHWM, reset through /proc/self/clear_refs before each run), loaded data included. Both sides'
answers are compared, so a fast wrong answer cannot pass. Goals on the course machine
(2 cores): every pandas/pmkit ratio >= 2 at 10M events, pmkit peak <= 2 GB.

Run from the repository root:  .venv/bin/python benchmarks/metrics.py [--sizes 1000000 10000000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
STEPS = ["signup", "create_workspace", "invite_teammate", "create_ticket"]
PERIOD = ("2025-03-01", "2025-04-01")
BRACKETS = [(1, 1), (2, 7), (8, 30)]

# ------------------------------------------------------------------------ data


def build_data(out_dir: Path, events: int, seed: int) -> None:
    """Write the product world's tables (users, events, payments, ...) as Parquet files."""
    from pmkit.datasets import generate_product_data

    generate_product_data(out_dir, events=events, seed=seed)


# ------------------------------------------------------------------------ pandas baselines
# The same definitions as pmkit.metrics, written the way an analyst would in pandas: groupby,
# merge and boolean masks on DataFrames (naive timestamps, UTC).

DAY = pd.Timedelta(days=1)


def pd_activity(ev: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {"user_id": ev["user_id"], "day": ev["event_time"].dt.floor("D")}
    ).drop_duplicates()


def pd_calendar(days: pd.Series) -> pd.DatetimeIndex:
    return pd.date_range(days.min(), days.max(), freq="D")


def pd_active_users(ev: pd.DataFrame, window: int) -> pd.DataFrame:
    if window == 1:
        day = ev["event_time"].dt.floor("D")
        counts = ev.groupby(day)["user_id"].nunique()
        counts = counts.reindex(pd_calendar(day), fill_value=0)
    else:
        act = pd_activity(ev).sort_values("day")
        calendar = pd_calendar(act["day"])
        days = act["day"].to_numpy()
        users, _ = pd.factorize(act["user_id"])  # integer codes: unique() on ints is fast
        # each day: the distinct users among the active days in (day - window, day]
        lo = np.searchsorted(days, (calendar - window * DAY).to_numpy(), side="right")
        hi = np.searchsorted(days, calendar.to_numpy(), side="right")
        counts = pd.Series(
            [np.unique(users[a:b]).size for a, b in zip(lo, hi, strict=True)], index=calendar
        )
    return pd.DataFrame({"day": counts.index, "active_users": counts.to_numpy()})


def pd_stickiness(ev: pd.DataFrame) -> pd.DataFrame:
    dau = pd_active_users(ev, 1)
    mau = pd_active_users(ev, 30)
    out = dau.rename(columns={"active_users": "dau"})
    out["mau"] = mau["active_users"].to_numpy()
    out["stickiness"] = out["dau"] / out["mau"]
    return out


def pd_signups(us: pd.DataFrame) -> pd.Series:
    return us.groupby("user_id")["signup_time"].min()


def pd_n_day(ev: pd.DataFrame, us: pd.DataFrame, n: int, kind: str, days: str) -> float:
    signup = pd_signups(us)
    if days == "calendar":
        signup_day = signup.dt.floor("D")
        last = ev["event_time"].max().floor("D")
        eligible = signup_day[signup_day + n * DAY <= last].rename("signup_day")
        act = pd_activity(ev).merge(eligible, left_on="user_id", right_index=True)
        target = act["signup_day"] + n * DAY
        hit = act["day"] == target if kind == "on" else act["day"] >= target
        return act.loc[hit, "user_id"].nunique() / len(eligible)
    last = ev["event_time"].max()
    eligible = signup[signup + n * DAY <= last].rename("signup_time")
    m = ev[["user_id", "event_time"]].merge(eligible, left_on="user_id", right_index=True)
    start = m["signup_time"] + n * DAY
    hit = m["event_time"] >= start
    if kind == "on":
        hit &= m["event_time"] < start + DAY
    return m.loc[hit, "user_id"].nunique() / len(eligible)


def pd_cohorts(ev: pd.DataFrame, us: pd.DataFrame, kind: str) -> pd.DataFrame:
    signup_day = pd_signups(us).dt.floor("D")
    last = ev["event_time"].max().floor("D")
    signup_day = signup_day[signup_day <= last]
    cohort = signup_day - pd.to_timedelta(signup_day.dt.day_of_week, unit="D")
    people = pd.DataFrame({"signup_day": signup_day, "cohort": cohort})
    sizes = people.groupby("cohort").size()
    cells = [(c, p) for c in sizes.index for p in range((last - c).days // 7 + 1)]
    grid = pd.DataFrame(cells, columns=["cohort", "period_number"])
    act = pd_activity(ev).merge(people, left_on="user_id", right_index=True)
    act = act[act["day"] >= act["signup_day"]]
    act["period_number"] = (act["day"] - act["cohort"]).dt.days // 7
    if kind == "on":
        retained = act.groupby(["cohort", "period_number"])["user_id"].nunique()
    else:
        last_period = act.groupby(["cohort", "user_id"])["period_number"].max()
        counts = last_period.groupby(level="cohort").value_counts().rename("n").reset_index()
        full = grid.merge(
            counts,
            how="left",
            left_on=["cohort", "period_number"],
            right_on=["cohort", "period_number"],
        ).fillna({"n": 0})
        full = full.sort_values(["cohort", "period_number"], ascending=[True, False])
        full["n"] = full.groupby("cohort")["n"].cumsum()
        retained = full.set_index(["cohort", "period_number"])["n"]
    grid["cohort_size"] = grid["cohort"].map(sizes)
    grid["retained"] = grid.set_index(["cohort", "period_number"]).index.map(retained)
    grid["retained"] = grid["retained"].fillna(0).astype("int64")
    grid["retention"] = grid["retained"] / grid["cohort_size"]
    return grid


def pd_brackets(
    ev: pd.DataFrame, us: pd.DataFrame, brackets: list[tuple[int, int]]
) -> pd.DataFrame:
    signup_day = pd_signups(us).dt.floor("D").rename("signup_day")
    last = ev["event_time"].max().floor("D")
    act = pd_activity(ev).merge(signup_day, left_on="user_id", right_index=True)
    offset = (act["day"] - act["signup_day"]).dt.days
    rows = []
    for first, end in brackets:
        eligible = signup_day[signup_day + end * DAY <= last]
        hit = act.loc[offset.between(first, end) & act["user_id"].isin(eligible.index), "user_id"]
        rows.append((len(eligible), hit.nunique()))
    out = pd.DataFrame(rows, columns=["eligible_users", "retained"])
    out["retention"] = out["retained"] / out["eligible_users"]
    return out


def pd_funnel(ev: pd.DataFrame, steps: list[str], window_days: float, order: str) -> pd.DataFrame:
    window = pd.Timedelta(days=window_days)
    fe = ev.loc[ev["event_name"].isin(steps), ["user_id", "event_name", "event_time"]]
    first = fe[fe["event_name"] == steps[0]].groupby("user_id")["event_time"].min()
    reached = [pd.DataFrame({"start": first, "prev": first, "t": first})]
    if order == "this":
        for step in steps[1:]:
            cur = reached[-1]
            cand = fe[fe["event_name"] == step].merge(cur, left_on="user_id", right_index=True)
            ok = (cand["event_time"] > cand["t"]) & (cand["event_time"] <= cand["start"] + window)
            cand = cand[ok]
            reached.append(
                cand.groupby("user_id").agg(
                    start=("start", "first"), prev=("t", "first"), t=("event_time", "min")
                )
            )
    elif order == "exact":
        moments = ev[["user_id", "event_time"]].merge(
            first.rename("start"), left_on="user_id", right_index=True
        )
        in_window = moments["event_time"].between(moments["start"], moments["start"] + window)
        moments = moments[in_window].drop_duplicates()
        moments = moments.sort_values(["user_id", "event_time"])
        moments["next"] = moments.groupby("user_id")["event_time"].shift(-1)
        nxt = moments.set_index(["user_id", "event_time"])["next"]
        for step in steps[1:]:
            cur = reached[-1]
            key = pd.MultiIndex.from_arrays([cur.index, cur["t"]])
            cand = cur.assign(nt=nxt.reindex(key).to_numpy())
            cand = cand[cand["nt"] <= cand["start"] + window]
            hits = fe[fe["event_name"] == step].set_index(["user_id", "event_time"]).index
            ok = pd.MultiIndex.from_arrays([cand.index, cand["nt"]]).isin(hits)
            cand = cand[ok]
            reached.append(
                pd.DataFrame({"start": cand["start"], "prev": cand["t"], "t": cand["nt"]})
            )
    else:
        later = fe.merge(first.rename("start"), left_on="user_id", right_index=True)
        later = later[
            (later["event_time"] > later["start"])
            & (later["event_time"] <= later["start"] + window)
        ]
        firsts = (
            later.groupby(["user_id", "event_name"], observed=True)["event_time"].min().unstack()
        )
        done = None
        for step in steps[1:]:
            col = firsts[step] if step in firsts else pd.Series(dtype="datetime64[us]")
            prev_done = done
            done = col if done is None else pd.concat([done, col], axis=1).max(axis=1, skipna=False)
            ok = done.dropna()
            start = first.reindex(ok.index)
            prev = start if prev_done is None else prev_done.reindex(ok.index)
            reached.append(pd.DataFrame({"start": start, "prev": prev, "t": ok}))
    users = np.array([len(r) for r in reached])
    return pd.DataFrame(
        {
            "step": np.arange(1, len(steps) + 1),
            "users": users,
            "conversion_from_start": users / users[0],
            "conversion_from_previous": users / np.r_[users[0], users[:-1]],
            "median_seconds_from_start": [
                (r["t"] - r["start"]).dt.total_seconds().median() for r in reached
            ],
            "median_seconds_from_previous": [
                (r["t"] - r["prev"]).dt.total_seconds().median() for r in reached
            ],
        }
    )


def pd_customers_at(subs: pd.DataFrame, at: pd.Timestamp) -> pd.Index:
    active = (subs["start_time"] <= at) & (subs["end_time"].isna() | (subs["end_time"] > at))
    return pd.Index(subs.loc[active, "user_id"].unique())


def pd_churn(subs: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> float:
    at_start = pd_customers_at(subs, start)
    lost = at_start.difference(pd_customers_at(subs, end))
    return len(lost) / len(at_start)


def pd_arpu(pays: pd.DataFrame, ev: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> float:
    revenue = pays.loc[
        pays["payment_time"].between(start, end, inclusive="left"), "amount_usd"
    ].sum()
    active = ev.loc[ev["event_time"].between(start, end, inclusive="left"), "user_id"].nunique()
    return float(revenue / active)


def pd_arppu(pays: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> float:
    paid = (
        pays[pays["payment_time"].between(start, end, inclusive="left")]
        .groupby("user_id")["amount_usd"]
        .sum()
    )
    return float(paid.sum() / (paid > 0).sum())


def pd_ltv(
    pays: pd.DataFrame,
    ev: pd.DataFrame,
    subs: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    margin: float,
) -> float:
    return pd_arpu(pays, ev, start, end) * margin / pd_churn(subs, start, end)


def pd_nps(responses: pd.DataFrame) -> float:
    s = responses["score"]
    if not s.between(0, 10).all() or (s != s.round()).any():
        raise ValueError("scores must be whole numbers from 0 to 10")
    return 100.0 * ((s >= 9).mean() - (s <= 6).mean())


# ------------------------------------------------------------------------ the metrics timed

Frames = dict[str, pd.DataFrame]


def metric_calls() -> list[tuple[str, Callable[[Any], Any], Callable[[Frames], Any], list[str]]]:
    """(name, pmkit call on a connection, pandas call on frames, columns to compare)."""
    from pmkit import metrics as m

    start, end = (pd.Timestamp(x) for x in PERIOD)
    funnel_cols = [
        "users",
        "conversion_from_start",
        "conversion_from_previous",
        "median_seconds_from_start",
        "median_seconds_from_previous",
    ]
    calls: list[tuple[str, Callable[[Any], Any], Callable[[Frames], Any], list[str]]] = [
        (
            "active_users (DAU)",
            lambda c: m.active_users("events", 1, con=c),
            lambda f: pd_active_users(f["events"], 1),
            ["active_users"],
        ),
        (
            "active_users (WAU)",
            lambda c: m.active_users("events", 7, con=c),
            lambda f: pd_active_users(f["events"], 7),
            ["active_users"],
        ),
        (
            "active_users (MAU)",
            lambda c: m.active_users("events", 30, con=c),
            lambda f: pd_active_users(f["events"], 30),
            ["active_users"],
        ),
        (
            "stickiness",
            lambda c: m.stickiness("events", con=c),
            lambda f: pd_stickiness(f["events"]),
            ["dau", "mau", "stickiness"],
        ),
    ]
    for kind, days in [("on", "calendar"), ("on_or_after", "calendar"), ("on", "rolling")]:
        calls.append(
            (
                f"n_day_retention (7, {kind}, {days})",
                lambda c, k=kind, d=days: m.n_day_retention("events", "users", 7, k, days=d, con=c),
                lambda f, k=kind, d=days: pd_n_day(f["events"], f["users"], 7, k, d),
                [],
            )
        )
    for kind in ("on", "on_or_after"):
        calls.append(
            (
                f"cohort_retention (week, {kind})",
                lambda c, k=kind: m.cohort_retention("events", "users", "week", k, con=c),
                lambda f, k=kind: pd_cohorts(f["events"], f["users"], k),
                ["period_number", "cohort_size", "retained", "retention"],
            )
        )
    calls.append(
        (
            "bracket_retention",
            lambda c: m.bracket_retention("events", "users", BRACKETS, con=c),
            lambda f: pd_brackets(f["events"], f["users"], BRACKETS),
            ["eligible_users", "retained", "retention"],
        )
    )
    for order in ("this", "exact", "any"):
        calls.append(
            (
                f"funnel ({order}, 7 days)",
                lambda c, o=order: m.funnel("events", STEPS, 7, o, con=c),
                lambda f, o=order: pd_funnel(f["events"], STEPS, 7, o),
                funnel_cols,
            )
        )
    calls += [
        (
            "churn_rate",
            lambda c: m.churn_rate("subscriptions", start, end, con=c),
            lambda f: pd_churn(f["subscriptions"], start, end),
            [],
        ),
        (
            "arpu",
            lambda c: m.arpu("payments", "events", start, end, con=c),
            lambda f: pd_arpu(f["payments"], f["events"], start, end),
            [],
        ),
        (
            "arppu",
            lambda c: m.arppu("payments", start, end, con=c),
            lambda f: pd_arppu(f["payments"], start, end),
            [],
        ),
        (
            "ltv",
            lambda c: m.ltv("payments", "events", "subscriptions", start, end, 0.8, con=c),
            lambda f: pd_ltv(f["payments"], f["events"], f["subscriptions"], start, end, 0.8),
            [],
        ),
        ("nps", lambda c: m.nps("nps_responses", con=c), lambda f: pd_nps(f["nps_responses"]), []),
    ]
    return calls


# the columns the metrics use, loaded on both sides (events also has session_id, app_version
# and a JSON properties column, which no metric here reads)
TABLES = {
    "users": "user_id, signup_time",
    "events": "user_id, event_name, event_time, platform",
    "subscriptions": "user_id, start_time, end_time",
    "payments": "user_id, payment_time, amount_usd",
    "nps_responses": "user_id, response_time, score",
}


def memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def values(result: Any, columns: list[str]) -> list[float | None]:
    if isinstance(result, pd.DataFrame):
        array = result[columns].to_numpy(dtype=np.float64).ravel()
    else:
        array = np.array([result], dtype=np.float64)
    return [None if np.isnan(x) else float(x) for x in array]


def worker(side: str, data: Path) -> None:
    """Load the tables once; then run the metric whose number arrives on stdin, once per line."""
    if side == "pmkit":
        con = duckdb.connect()
        for table, columns in TABLES.items():
            source = f"read_parquet('{data / table}.parquet')"
            con.execute(f"CREATE TABLE {table} AS SELECT {columns} FROM {source}")
        # repeated strings as ENUM, DuckDB's counterpart of the pandas side's categories
        for table, column in [("events", "event_name"), ("events", "platform")]:
            kind = f"{table}_{column}"
            con.execute(
                f"CREATE TYPE {kind} AS ENUM (SELECT DISTINCT {column} FROM {table} "
                f"WHERE {column} IS NOT NULL)"
            )
            con.execute(f"ALTER TABLE {table} ALTER {column} TYPE {kind}")
        subject: Any = con
    else:
        loader = duckdb.connect()
        frames = {
            t: loader.sql(f"SELECT {columns} FROM read_parquet('{data / t}.parquet')").df()
            for t, columns in TABLES.items()
        }
        loader.close()
        for frame in frames.values():  # categories: pandas' fastest form for repeated strings
            for column in ("event_name", "platform", "plan"):
                if column in frame:
                    frame[column] = frame[column].astype("category")
        subject = frames
    calls = metric_calls()
    print(json.dumps({"loaded_mb": memory_kb("VmRSS") / 1024}), flush=True)
    for line in sys.stdin:
        _, call_pmkit, call_pandas, columns = calls[int(line)]
        call = call_pmkit if side == "pmkit" else call_pandas
        reset_peak()
        started = time.perf_counter()
        result = call(subject)
        seconds = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "peak_mb": memory_kb("VmHWM") / 1024,
                    "values": values(result, columns),
                }
            ),
            flush=True,
        )


class Worker:
    """A worker process holding one side's data, answering one metric run per request."""

    def __init__(self, side: str, data: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.side = side
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", side, "--data", str(data)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.loaded_mb = float(self.read()["loaded_mb"])

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.side} worker stopped (see its error above)")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(self, index: int) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{index}\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def measure(data: Path, repeat: int, count: int, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """Run every metric ``repeat`` times on each side, alternating sides run by run."""
    names = [name for name, *_ in metric_calls()]
    workers = {side: Worker(side, data) for side in ("pmkit", "pandas")}
    print(
        f"\n{count:,} events (generate_product_data, seed {seed}); data loaded: "
        f"pmkit {workers['pmkit'].loaded_mb:.0f} MB, pandas {workers['pandas'].loaded_mb:.0f} MB; "
        f"load average {os.getloadavg()[0]:.1f} before the runs",
        flush=True,
    )
    try:
        for index, name in enumerate(names):
            best: dict[str, dict[str, Any]] = {}
            for run in range(repeat):
                order = ("pmkit", "pandas") if run % 2 == 0 else ("pandas", "pmkit")
                for side in order:
                    answer = workers[side].run(index)
                    kept = best.setdefault(side, answer)
                    kept["peak_mb"] = max(kept["peak_mb"], answer["peak_mb"])
                    kept["seconds"] = min(kept["seconds"], answer["seconds"])
            yield name, best
    finally:
        for w in workers.values():
            w.close()


def same(a: list[float | None], b: list[float | None]) -> bool:
    if len(a) != len(b):
        return False
    x = np.array([np.nan if v is None else v for v in a])
    y = np.array([np.nan if v is None else v for v in b])
    return bool(np.allclose(x, y, rtol=1e-9, atol=1e-6, equal_nan=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per metric (best is kept)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", choices=["pmkit", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data)
        return
    print(
        f"pmkit.metrics vs pandas {pd.__version__}, DuckDB {duckdb.__version__}, "
        f"{os.cpu_count()} cores; best of {args.repeat} runs; peak = max RSS while the metric "
        "ran, loaded data included",
        flush=True,
    )
    failures = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="pmkit-metrics-") as tmp:
            data = Path(tmp)
            build_data(data, size, args.seed)
            count = duckdb.sql(f"SELECT count(*) FROM '{data / 'events'}.parquet'").fetchall()[0][0]
            header = (
                f"{'metric':<42} {'pmkit s':>8} {'pandas s':>9} {'ratio':>7} {'pmkit MB':>9} "
                f"{'pandas MB':>10}  same answer"
            )
            for i, (name, row) in enumerate(measure(data, args.repeat, count, args.seed)):
                if i == 0:
                    print(header)
                mine, base = row["pmkit"], row["pandas"]
                ratio = base["seconds"] / mine["seconds"]
                agree = same(mine["values"], base["values"])
                print(
                    f"{name:<42} {mine['seconds']:>8.3f} {base['seconds']:>9.3f} {ratio:>6.1f}x "
                    f"{mine['peak_mb']:>9.0f} {base['peak_mb']:>10.0f}  {'yes' if agree else 'NO'}",
                    flush=True,
                )
                if size >= 10_000_000 and (ratio < 2 or mine["peak_mb"] > 2048):
                    failures.append(f"{name} ({ratio:.1f}x, {mine['peak_mb']:.0f} MB)")
                if not agree:
                    failures.append(f"{name} at {count:,} events: pmkit and pandas disagree")
        print(f"load average {os.getloadavg()[0]:.1f} after the runs", flush=True)
    print(
        "\ngoal: every ratio >= 2x at 10M events and pmkit peak <= 2048 MB: "
        + ("met" if not failures else "MISSED for " + "; ".join(failures))
    )


if __name__ == "__main__":
    main()

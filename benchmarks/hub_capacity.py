"""What one learner and one submission cost on a pmkit cohort hub, measured (as root).

Stands up a throwaway hub with ``pmkit.hub`` (as ``pmkit hub init`` and ``start`` do) on free
loopback ports, with N learners, and measures on this machine:

* memory per active learner: the proportional set size (PSS, shared pages split between the
  processes sharing them) of all the learner account's processes, with the server idle and then
  with a kernel that has run lesson 04's first two cells (pandas, DuckDB, the product data,
  DAU/WAU/MAU);
* a learner's server start, and a self-check through the course's check service (wall time);
* a burst: every learner sends a solved notebook to the check service at the same moment
  (latency median and worst, and checks per minute);
* grading: N submissions of 01_pm_evidence collected through the exchange and graded by
  ``pmkit hub cohort grade`` (wall time, and per submission);
* the idle culler: the hub again with ``idle_minutes=1``, and how long an untouched server
  lives (the culler looks every 30 s, so 60 to 90 s is right).

These are the inputs of instructors/SCALING.md, not a speed goal with a baseline: the same
script on the cohort's own server gives that server's numbers. Run:
``sudo .venv/bin/python benchmarks/hub_capacity.py --learners 4``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from pmkit.hub import HubSettings, init_hub, start_hub, stop_hub
from pmkit.hub._accounts import remove_account

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hubfactory import start_server, throwaway_hub  # noqa: E402
from nbfactory import solved_copy  # noqa: E402

ASSIGNMENT, NOTEBOOK = "01_pm_evidence", "pm_evidence.ipynb"
LESSON_CELLS = [
    "import pandas as pd\nimport pmkit.metrics as pm\nfrom pmkit import connect\ncon = connect()",
    "dau = pm.active_users('events', window_days=1, con=con)\n"
    "wau = pm.active_users('events', window_days=7, con=con)\n"
    "mau = pm.active_users('events', window_days=30, con=con)\nlen(dau)",
]


def _pss_mib(user: str) -> float:
    """Return the PSS of every process of ``user``, in MiB."""
    pids = subprocess.run(["pgrep", "-u", user], capture_output=True, text=True).stdout.split()
    total_kib = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kib += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total_kib / 1024


async def _run_cells(ws_url: str, token: str, cells: list[str]) -> None:
    """Run ``cells`` in a kernel over its websocket, each to completion."""
    connection = await websocket_connect(
        HTTPRequest(ws_url, headers={"Authorization": f"token {token}"})
    )
    for code in cells:
        msg_id = uuid.uuid4().hex
        message = {
            "header": {
                "msg_id": msg_id,
                "username": "bench",
                "session": uuid.uuid4().hex,
                "msg_type": "execute_request",
                "version": "5.3",
                "date": "",
            },
            "parent_header": {},
            "metadata": {},
            "content": {"code": code, "silent": False, "store_history": False},
            "channel": "shell",
            "buffers": [],
        }
        await connection.write_message(json.dumps(message))
        while True:
            reply = json.loads(await connection.read_message())
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if reply["msg_type"] == "error":
                raise RuntimeError(f"cell failed: {reply['content']['evalue']}")
            if reply["msg_type"] == "execute_reply":
                break
    connection.close()


def _cull(s: HubSettings) -> str:
    """Restart the hub with a 1-minute idle time; return how long an untouched server lived."""
    stop_hub(s.state_dir)
    quick = dataclasses.replace(s, idle_minutes=1)
    init_hub(quick, ROOT, s.state_dir.parent / "roster.csv")
    start_hub(quick.state_dir)
    admin_token = json.loads((s.secrets_dir / "hub.json").read_text())["admin_token"]
    admin = {"Authorization": f"token {admin_token}"}
    api, user = f"http://127.0.0.1:{s.hub_port}/hub/api", s.students[0]
    start_server(api, user, admin_token)
    ready = time.perf_counter()
    while _servers(api, user, admin):
        if time.perf_counter() - ready > 600:
            return "NOT stopped within 600 s"
        time.sleep(1)
    return f"after {time.perf_counter() - ready:.0f} s"


def _servers(api: str, user: str, admin: dict[str, str]) -> dict:
    servers: dict = requests.get(f"{api}/users/{user}", headers=admin, timeout=10).json()["servers"]
    return servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=4, help="learner accounts (1 or more)")
    args = parser.parse_args()
    if args.learners < 1:
        parser.error(f"--learners must be 1 or more (a hub needs a learner); got {args.learners}")
    if os.geteuid() != 0:
        print("skipped: the hub benchmark needs root (accounts, PostgreSQL, spawning)")
        return
    state, s = throwaway_hub("b", [f"s{i}" for i in range(args.learners)])
    roster = state / "roster.csv"
    rows: list[tuple[str, str]] = []
    try:
        started = time.perf_counter()
        init_hub(s, ROOT, roster)
        rows.append(("pmkit hub init", f"{time.perf_counter() - started:.1f} s"))
        started = time.perf_counter()
        start_hub(s.state_dir)
        rows.append(("pmkit hub start", f"{time.perf_counter() - started:.1f} s"))
        admin_token = json.loads((s.secrets_dir / "hub.json").read_text())["admin_token"]
        admin = {"Authorization": f"token {admin_token}"}
        api, public = f"http://127.0.0.1:{s.hub_port}/hub/api", f"http://127.0.0.1:{s.public_port}"
        tokens = {}
        spawn_times = []
        for user in s.students:
            tokens[user] = requests.post(
                f"{api}/users/{user}/tokens", headers=admin, json={"expires_in": 3600}, timeout=10
            ).json()["token"]
            spawn_times.append(start_server(api, user, admin_token))
        rows.append(("a learner's server starts", f"{sum(spawn_times) / len(spawn_times):.1f} s"))
        time.sleep(3)
        idle = [_pss_mib(user) for user in s.students]
        rows.append(("memory per learner, server idle (PSS)", f"{sum(idle) / len(idle):.0f} MiB"))
        for user in s.students:
            headers = {"Authorization": f"token {tokens[user]}"}
            kernel = requests.post(
                f"{public}/user/{user}/api/kernels", headers=headers, json={}, timeout=60
            ).json()
            ws = f"ws://127.0.0.1:{s.public_port}/user/{user}/api/kernels/{kernel['id']}/channels"
            asyncio.run(_run_cells(ws, tokens[user], LESSON_CELLS))
        working = [_pss_mib(user) for user in s.students]
        rows.append(
            (
                "memory per learner, lesson 04 loaded in a kernel (PSS)",
                f"{sum(working) / len(working):.0f} MiB",
            )
        )

        # self-checks through the check service, then submissions through the exchange
        staff = {
            "Authorization": "token "
            + requests.post(
                f"{api}/users/{s.instructor}/tokens", headers=admin, json={}, timeout=10
            ).json()["token"]
        }
        formgrader = f"{public}/services/{s.course_id}/formgrader/api/assignment/{ASSIGNMENT}"
        requests.post(f"{formgrader}/release", headers=staff, timeout=60).raise_for_status()
        blank = json.loads((ROOT / "exercises" / ASSIGNMENT / NOTEBOOK).read_text())
        check_times = []
        service = f"http://127.0.0.1:{s.check_port}/services/{s.check_service}/check"
        for user in s.students:
            headers = {"Authorization": f"token {tokens[user]}"}
            server = f"{public}/user/{user}"
            form = {"course_id": s.course_id, "assignment_id": ASSIGNMENT}
            requests.post(f"{server}/assignments/fetch", headers=headers, data=form, timeout=60)
            started = time.perf_counter()
            answer = requests.post(
                service, headers=headers, json={"name": NOTEBOOK, "notebook": blank}, timeout=300
            ).json()
            check_times.append(time.perf_counter() - started)
            assert answer["status"] == 1, answer
            requests.post(f"{server}/assignments/submit", headers=headers, data=form, timeout=60)
        rows.append(
            ("a self-check through the service", f"{sum(check_times) / len(check_times):.1f} s")
        )
        solution = json.loads((ROOT / "solutions" / ASSIGNMENT / NOTEBOOK).read_text())
        solved = solved_copy(blank, solution)

        def one_check(user: str) -> float:
            began = time.perf_counter()
            reply = requests.post(
                service,
                headers={"Authorization": f"token {tokens[user]}"},
                json={"name": NOTEBOOK, "notebook": solved},
                timeout=600,
            ).json()
            assert reply["status"] == 0, reply
            return time.perf_counter() - began

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(s.students)) as pool:
            latencies = sorted(pool.map(one_check, s.students))
        burst = time.perf_counter() - started
        rows.append(
            (
                f"{len(s.students)} self-checks sent at once (solved notebooks)",
                f"median {statistics.median(latencies):.1f} s, worst {latencies[-1]:.1f} s, "
                f"{60 * len(latencies) / burst:.0f} checks per minute",
            )
        )
        requests.post(f"{formgrader}/collect", headers=staff, timeout=60).raise_for_status()
        started = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.prefix) / "bin" / "pmkit"),
                "hub",
                "cohort",
                "--state",
                str(s.state_dir),
                "grade",
                ASSIGNMENT,
            ],
            check=True,
            capture_output=True,
        )
        graded = time.perf_counter() - started
        rows.append(
            (
                f"grading {len(s.students)} submissions (pmkit hub cohort grade, "
                f"{os.cpu_count()} cores)",
                f"{graded:.1f} s, {graded / len(s.students):.2f} s per submission",
            )
        )
        rows.append(("an untouched server stopped by the culler (idle 1 min)", _cull(s)))
    finally:
        if s.state_dir.exists():
            stop_hub(s.state_dir)
        for account in s.accounts:
            remove_account(account)
        shutil.rmtree(state, ignore_errors=True)
    width = max(len(name) for name, _ in rows)
    print(f"pmkit hub capacity, {args.learners} learners, {os.cpu_count()} cores")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()

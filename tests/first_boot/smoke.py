"""Drive a freshly set-up cohort hub as its people would: the end of tests/first_boot/run.sh.

Run by run.sh inside the fresh Debian, after `pmkit hub init` and `start` with the roster
ann, ben and the instructor ada: ann logs in with her first password, her server starts, she
self-checks the blank and the solved copy of exercise 01 through JupyterLab's Check route,
the instructor opens the formgrader and ann cannot. Prints each step; exits 1 on a failure.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hubfactory import start_server
from nbfactory import solved_copy

STATE = Path("/srv/pmkit-hub")
CHECKOUT = Path("/opt/pmkit")
PUBLIC = "http://127.0.0.1:8000"
API = "http://127.0.0.1:8081/hub/api"
ASSIGNMENT, NOTEBOOK = "01_pm_evidence", "pm_evidence.ipynb"


def step(name: str, ok: bool, detail: object = "") -> None:
    print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}", flush=True)
    if not ok:
        sys.exit(1)


def login(user: str, password: str) -> int:
    session = requests.Session()
    session.get(f"{PUBLIC}/hub/login", timeout=10)
    answer = session.post(
        f"{PUBLIC}/hub/login",
        data={"username": user, "password": password, "_xsrf": session.cookies["_xsrf"]},
        allow_redirects=False,
        timeout=30,
    )
    return answer.status_code


def solved() -> dict:
    return solved_copy(
        json.loads((CHECKOUT / "exercises" / ASSIGNMENT / NOTEBOOK).read_text()),
        json.loads((CHECKOUT / "solutions" / ASSIGNMENT / NOTEBOOK).read_text()),
    )


def main() -> None:
    with (STATE / "secrets" / "first_passwords.csv").open() as handle:
        passwords = {row["account"]: row["first_password"] for row in csv.DictReader(handle)}
    step("ann logs in with her first password", login("ann", passwords["ann"]) == 302)
    step("a wrong password is refused", login("ann", passwords["ben"]) == 403)
    admin_token = json.loads((STATE / "secrets" / "hub.json").read_text())["admin_token"]
    admin = {"Authorization": f"token {admin_token}"}

    def token(user: str) -> dict[str, str]:
        made = requests.post(f"{API}/users/{user}/tokens", headers=admin, json={}, timeout=10)
        return {"Authorization": f"token {made.json()['token']}"}

    ann, ada = token("ann"), token("ada")
    try:
        took = start_server(API, "ann", admin_token, timeout=120)
    except (RuntimeError, TimeoutError) as err:
        step("ann's server starts", False, err)
    step("ann's server starts", True, f"{took:.1f} s")
    server = f"{PUBLIC}/user/ann"
    lessons = requests.get(f"{server}/api/contents/lessons", headers=ann, timeout=10)
    step("ann has the lessons", lessons.status_code == 200, len(lessons.json().get("content", [])))
    blank = json.loads((CHECKOUT / "exercises" / ASSIGNMENT / NOTEBOOK).read_text())
    for label, notebook, expected in (("blank", blank, 1), ("solved", solved(), 0)):
        requests.put(
            f"{server}/api/contents/{label}.ipynb",
            headers=ann,
            json={"type": "notebook", "format": "json", "content": notebook},
            timeout=30,
        ).raise_for_status()
        began = time.monotonic()
        answer = requests.post(
            f"{server}/pmkit/check", headers=ann, json={"path": f"{label}.ipynb"}, timeout=300
        ).json()
        report = answer.get("report", {})
        step(
            f"Check this exercise on the {label} copy, through the check service",
            answer.get("status") == expected and not report.get("missing"),
            f"{report.get('earned')}/{report.get('possible')} in "
            f"{time.monotonic() - began:.1f} s {answer.get('error', '')}",
        )
    formgrader = f"{PUBLIC}/services/pm101/formgrader/api/assignments"
    ada_code = requests.get(formgrader, headers=ada, timeout=30, allow_redirects=False).status_code
    ann_code = requests.get(formgrader, headers=ann, timeout=30, allow_redirects=False).status_code
    step(
        "the formgrader opens for ada and not for ann",
        ada_code == 200 and ann_code == 403,
        (ada_code, ann_code),
    )


if __name__ == "__main__":
    main()

"""System accounts for a cohort hub: one per person, private homes, first-login passwords.

nbgrader's exchange knows a student by the name of the account their server runs as, and
JupyterHub's local spawner starts each server as that account, so every learner, the instructor
and the grader get a real account (``useradd``), with a home only they can read (0700).
Logins go through PAM with the account's password: :func:`set_passwords` sets random first
passwords, which the instructor hands out and learners change with ``passwd`` in a terminal.
"""

from __future__ import annotations

import pwd
import secrets
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from pmkit.hub._errors import run_or_fail

# Words a person can read out and type: no 0/O or 1/l/I.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def account_exists(name: str) -> bool:
    """Return whether the system has an account called ``name``."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ensure_account(name: str, home_root: Path) -> Path:
    """Create the account ``name`` with a private home under ``home_root`` if it is missing.

    Returns the home folder. An existing account is kept as it is (its home made private), so
    ``pmkit hub init`` can run again after the roster grows.
    """
    if not account_exists(name):
        run_or_fail(
            [
                "useradd",
                "--create-home",
                "--home-dir",
                str(home_root / name),
                "--shell",
                "/bin/bash",
                "--user-group",
                name,
            ],
            f"useradd {name}",
        )
    home = Path(pwd.getpwnam(name).pw_dir)
    home.mkdir(mode=0o700, exist_ok=True)
    entry = pwd.getpwnam(name)
    shutil.chown(home, entry.pw_uid, entry.pw_gid)
    home.chmod(0o700)
    return home


def remove_account(name: str) -> None:
    """Delete the account ``name``, its home and its files (for throwaway accounts)."""
    if account_exists(name):
        subprocess.run(["pkill", "-KILL", "-u", name], check=False, capture_output=True)
        run_or_fail(["userdel", "--remove", "--force", name], f"userdel {name}", ok=(0, 6, 12))


def new_password() -> str:
    """Return a random first-login password: 12 characters, about 70 bits."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


def set_passwords(passwords: Mapping[str, str]) -> None:
    """Set each account's password (``chpasswd``): ``{account: password}``."""
    lines = "".join(f"{name}:{password}\n" for name, password in passwords.items())
    run_or_fail(["chpasswd"], "chpasswd", stdin=lines)


def own(paths: Iterable[Path], account: str) -> None:
    """Give ``paths`` (and everything below them) to ``account`` and its group."""
    entry = pwd.getpwnam(account)
    for top in paths:
        for path in [top, *top.rglob("*")]:
            if not path.is_symlink():
                shutil.chown(path, entry.pw_uid, entry.pw_gid)

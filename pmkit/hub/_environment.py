"""The learners' Python environment: the course's tested packages, and pmkit without its answers.

The learners' servers and the formgrader run as their own accounts, so they need an environment
those accounts can read, outside the course checkout (whose ``solutions/`` and ``instructors/``
they must not read). It is made from the environment ``make setup`` built from
``requirements.lock``, so learners run exactly the tested versions:

* a new venv on Debian's ``/usr/bin/python3`` (the checkout's Python may live under ``/root``);
* the checkout venv's site-packages, scripts (their ``#!`` line pointed at the new venv) and
  Jupyter data (``share/``, ``etc/``), hard-linked where the file system allows, else copied;
* ``pip install -r requirements.lock`` on top, which changes only what the lock pins differently
  for this interpreter's full version (soupsieve below Python 3.11.5, for one);
* pmkit installed from the checkout as a regular package: the wheel holds the ``pmkit`` package
  only, never ``solutions/``, ``instructors/`` or ``tests/``.

Both Pythons must share a minor version (3.11 here), which keeps compiled packages compatible;
otherwise the build stops and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

from pmkit.hub._errors import HubError, run_or_fail

SYSTEM_PYTHON = Path("/usr/bin/python3")
# What the checkout's editable install of pmkit adds to site-packages: left out, pmkit itself is
# installed as a package instead.
_EDITABLE = ("_pmkit.pth", "pmkit-", "__editable__")


def build_learner_env(project_root: Path, target: Path) -> Path:
    """Make the learners' environment in ``target`` from the checkout at ``project_root``.

    Its packages come from the environment running this code (the checkout's venv), so the
    system Python must have the same minor version. An existing ``target`` is replaced.
    Returns ``target``.
    """
    source = Path(sys.prefix).resolve()
    version = _minor_version(SYSTEM_PYTHON)
    ours = f"{sys.version_info.major}.{sys.version_info.minor}"
    if version != ours:
        raise HubError(
            f"{SYSTEM_PYTHON} is Python {version} but the course's environment is Python {ours}: "
            f"the learners' environment needs the same minor version. Run make setup with "
            f"PYTHON={SYSTEM_PYTHON} first."
        )
    if target.exists():
        shutil.rmtree(target)
    subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(target)],
        check=True,
        capture_output=True,
    )
    relative_site = Path(sysconfig.get_path("purelib", vars={"base": ""}).lstrip("/"))
    source_site, target_site = source / relative_site, target / relative_site
    _link_tree(
        source_site,
        target_site,
        skip=lambda name: name.startswith(_EDITABLE),
    )
    for folder in ("share", "etc"):
        if (source / folder).is_dir():
            _link_tree(source / folder, target / folder)
    _copy_scripts(source / "bin", target / "bin")
    python = str(target / "bin" / "python")
    # The lock pins some packages by the interpreter's full version (soupsieve 2.10 below Python
    # 3.11.5, whose possessive quantifiers are broken): pip puts in what the lock says for this
    # interpreter; every other copied package already matches and stays.
    _pip(python, "-r", str(project_root / "requirements.lock"))
    _pip(python, "--no-deps", "--no-index", "--no-build-isolation", str(project_root))
    for path in [target, *target.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    return target


def _pip(python: str, *arguments: str) -> None:
    run_or_fail(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *arguments],
        f"pip install {' '.join(arguments)} in the learners' environment",
    )


def _minor_version(python: Path) -> str:
    if not python.exists():
        raise HubError(f"{python} does not exist: apt-get install python3 python3-venv")
    done = subprocess.run(
        [str(python), "-c", "import sys; print(*sys.version_info[:2], sep='.')"],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _link_tree(source: Path, target: Path, skip: Callable[[str], bool] | None = None) -> None:
    """Copy ``source`` into ``target`` with hard links where possible (same file system)."""

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    def ignore(folder: str, names: list[str]) -> list[str]:
        if skip is not None and Path(folder) == source:
            return [n for n in names if skip(n)]
        return []

    shutil.copytree(
        source,
        target,
        symlinks=True,
        ignore=ignore,
        copy_function=link_or_copy,
        dirs_exist_ok=True,
    )


def _copy_scripts(source: Path, target: Path) -> None:
    """Copy the console scripts of ``source``, their ``#!`` line pointed at ``target``'s Python."""
    old = f"#!{source}/python".encode()
    new = f"#!{target}/python".encode()
    for script in sorted(source.iterdir()):
        destination = target / script.name
        if script.is_symlink() or not script.is_file() or destination.exists():
            continue  # python, python3, ...: the new venv has its own; activate scripts stay
        data = script.read_bytes()
        if not data.startswith(old):
            continue
        destination.write_bytes(new + data[len(old) :])
        destination.chmod(0o755)

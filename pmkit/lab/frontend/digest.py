"""The digest of the JupyterLab extension's sources, recorded beside its committed build.

``make labextension`` builds ``pmkit/lab/labextension`` from this folder and then runs
``python pmkit/lab/frontend/digest.py --write``; the test suite recomputes the digest, so a
source changed without a rebuild fails a test instead of shipping a stale build.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECORD = HERE.parent / "labextension" / "source-digest.txt"
SOURCES = ("package.json", "package-lock.json", "tsconfig.json", "src", "style", "schema")


def source_digest(folder: Path = HERE) -> str:
    """Return the sha256 of the extension's source files (names and contents, sorted)."""
    digest = hashlib.sha256()
    for name in SOURCES:
        path = folder / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        RECORD.write_text(source_digest() + "\n")
    print(source_digest())

"""Lazy re-exports for package ``__init__`` modules (PEP 562).

A package lists ``name -> module`` and gets module-level ``__getattr__`` and ``__dir__`` that
import each name on first use, so importing the package (and starting the ``pmkit`` command)
does not pull in pandas, DuckDB or nbgrader.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any


def lazy_exports(
    package: str, names: dict[str, str], namespace: MutableMapping[str, Any], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package``, loading ``names`` on first use.

    ``namespace`` is the package's ``globals()``; a loaded name is cached there, so
    ``__getattr__`` runs once per name. ``public`` is the package's ``__all__``.
    """
    exported = list(public)

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exported))

    return __getattr__, __dir__

"""Lazy re-exports for package ``__init__`` modules (PEP 562), listed once.

A package lists its public names once, as ``from module import Name as Name`` lines in an
``if TYPE_CHECKING:`` block (what type checkers and editors read), and calls
:func:`lazy_exports` with its ``__file__``. That reads the block and returns the package's
``__getattr__``, ``__dir__`` and ``__all__``: each name is imported from its module on first
use, so importing the package (and starting the ``pmkit`` command) does not pull in pandas,
DuckDB or nbgrader.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path
from typing import Any


def type_checking_imports(source: str) -> dict[str, str]:
    r"""Map each name imported in the ``if TYPE_CHECKING:`` blocks of ``source`` to its module.

    >>> type_checking_imports(
    ...     "if TYPE_CHECKING:\n    from pkg._a import A as A, b as b\n"
    ... )
    {'A': 'pkg._a', 'b': 'pkg._a'}
    """
    names: dict[str, str] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module:
                for alias in statement.names:
                    names[alias.asname or alias.name] = statement.module
    return names


def lazy_exports(
    package: str,
    init_file: str,
    namespace: MutableMapping[str, Any],
    also: Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Return ``(__getattr__, __dir__, __all__)`` for ``package``, from its TYPE_CHECKING block.

    ``init_file`` is the package's ``__file__`` and ``namespace`` its ``globals()``; a loaded
    name is cached there, so ``__getattr__`` runs once per name. ``__all__`` is every name of
    the block and the names in ``also`` (defined in the package itself), sorted.
    """
    names = type_checking_imports(Path(init_file).read_text(encoding="utf-8"))
    exported = sorted({*names, *also})

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exported))

    return __getattr__, __dir__, exported

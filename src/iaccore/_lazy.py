"""Lazy package attributes (PEP 562): public names import their module on first use.

This keeps ``import iaccore`` cheap and keeps provider SDKs out of ``sys.modules`` until a
component is actually asked for.

Examples:
    >>> namespace: dict[str, object] = {}
    >>> getattr_ = lazy_attributes("demo", {"dumps": "json"}, namespace)
    >>> getattr_("dumps").__name__, "dumps" in namespace
    ('dumps', True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str,
    where: Mapping[str, str],
    namespace: dict[str, Any],
    *,
    before_import: Callable[[], None] | None = None,
) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` resolving ``name`` from the module ``where[name]``.

    Args:
        package: The package's name, for the ``AttributeError`` message.
        where: Public name → module that defines it.
        namespace: The package's ``globals()``; resolved names are cached there.
        before_import: Called before the first import of any name (e.g. an SDK check).
    """

    def module_getattr(name: str) -> Any:
        module_name = where.get(name)
        if module_name is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if before_import is not None:
            before_import()
        value = getattr(importlib.import_module(module_name), name)
        namespace[name] = value
        return value

    return module_getattr

"""Modules imported when first used, not when the module naming them is imported.

A command checking one text file should not pay for lxml (XML output and input), ``concurrent.futures``
(parallel batches) or what only another format's loader needs. :func:`lazy_module` gives a module object whose
import runs on its first attribute access (the standard library's :class:`importlib.util.LazyLoader`)::

    from budgetrules.core.lazy import lazy_module

    etree = lazy_module("lxml.etree")   # nothing imported yet
    etree.Element("a")                  # lxml imported here

A module already imported is returned as it is; a module that does not exist raises ``ModuleNotFoundError``
at once, as an import would.

Asking the lazy module for its class (``isinstance``, which pluggy's registration runs on every attribute of
a plugin module) does not import it.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from types import ModuleType
from typing import Any

__all__ = ["lazy_module"]

_LOCK = threading.Lock()

_LAZY = getattr(importlib.util, "_LazyModule", None)  # the class LazyLoader gives a module not loaded yet


if _LAZY is not None:
    class _QuietLazyModule(_LAZY):  # type: ignore[misc, valid-type]
        """A module not loaded yet that tells its class without loading (``isinstance`` falls back on
        ``__class__`` for a type that does not match, and a lazy module loads on any attribute)."""

        def __getattribute__(self, attr: str) -> Any:
            if attr == "__class__":
                return object.__getattribute__(self, attr)
            return super().__getattribute__(attr)


def lazy_module(name: str) -> ModuleType:
    """``name``, imported on first use (see the module documentation)."""
    with _LOCK:
        module = sys.modules.get(name)
        if module is not None:
            return module
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        loader = importlib.util.LazyLoader(spec.loader)
        spec.loader = loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
        if _LAZY is not None and type(module) is _LAZY:
            module.__class__ = _QuietLazyModule
        parent, _, child = name.rpartition(".")
        if parent:  # as an import does: ``import concurrent.futures`` then finds ``concurrent.futures``
            setattr(sys.modules[parent], child, module)
        return module

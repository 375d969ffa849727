"""Compiled regular expressions kept between runs of the program, as Python keeps compiled bytecode.

The checker compiles several hundred regular expressions, many of them over Chinese character classes, whose
compilation (:mod:`re`'s parser and charset optimiser, in Python) is a fifth of a cold ``budgetrules check``.
What :mod:`re` compiles a pattern into is plain data — a list of integers, the group count and names — that
:func:`_sre.compile` turns into a pattern object at once. :func:`install` makes :mod:`re` look that data up in
a store written by a former run of the same Python, and compile (and remember) only what is not there; at
exit the store is written back when something new was compiled.

Only the program installs it (:mod:`budgetrules.entry`); importing :mod:`budgetrules` leaves :mod:`re` alone.
The store is ``regex-<python version>.marshal`` in the store of derived data
(:func:`budgetrules.derived.directory`), keyed by the exact Python build (``sys.version``); it is turned off
with the rest of that store (``BUDGETRULES_NO_DERIVED=1``), and bounded: when it holds half as many again as
the patterns a run used (other commands' patterns, patterns that differ in every run), it is rewritten with
that run's patterns only. Anything unexpected — an unreadable store, a Python whose
:mod:`re` internals differ — leaves :mod:`re` compiling as usual.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
import tempfile
import threading

__all__ = ["install"]

_LOCK = threading.Lock()
_installed = False


def _store_path():
    from .derived import directory

    return directory() / f"regex-{sys.implementation.cache_tag}.marshal"


def install() -> bool:
    """Serve :mod:`re` compilations from the store (see the module documentation); True when installed."""
    global _installed
    if _installed:
        return True
    from .derived import enabled

    if not enabled():
        return False
    try:
        import _sre
        import re._compiler as compiler
        import re._parser as parser
    except ImportError:  # pragma: no cover - another Python's re
        return False
    if not all(hasattr(m, n) for m, n in ((compiler, "_code"), (compiler, "compile"), (_sre, "compile"))):
        return False  # pragma: no cover
    path = _store_path()
    try:
        with open(path, "rb") as fh:
            version, stored = marshal.load(fh)
        if version != sys.version or not isinstance(stored, dict):
            stored = {}
    except Exception:  # noqa: BLE001 - missing or unreadable: start empty
        stored = {}
    used: dict = {}
    original = compiler.compile

    def compile(p, flags=0):
        if not isinstance(p, (str, bytes)) or flags & compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = (p, flags)
        hit = stored.get(key)
        if hit is not None:
            final_flags, code, groups, groupindex, indexgroup = hit
            try:
                pattern = _sre.compile(p, final_flags, code, groups, groupindex, indexgroup)
            except Exception:  # noqa: BLE001 - a stale entry: compile it as usual
                pattern = None
            if pattern is not None:
                used[key] = hit
                return pattern
        parsed = parser.parse(p, flags)
        code = compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        entry = (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex,
                 tuple(indexgroup))
        pattern = _sre.compile(p, *entry)
        with _LOCK:
            used[key] = entry
            new.append(key)
        return pattern

    new: list = []
    compiler.compile = compile
    _installed = True

    def save() -> None:
        if not new:
            return
        merged = {**stored, **used}
        if len(merged) > len(used) * 3 // 2 + 64:  # grown by patterns other runs needed: keep this run's
            merged = dict(used)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
            try:
                with os.fdopen(fd, "wb") as fh:
                    marshal.dump((sys.version, merged), fh)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            pass  # a read-only cache directory, or a value marshal cannot write: compiled again next time

    atexit.register(save)
    return True

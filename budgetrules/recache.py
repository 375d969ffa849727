"""What the program compiles at start-up, kept between runs, as Python keeps compiled bytecode.

Two things dominate a cold ``budgetrules check`` besides the checking itself, and both are compiled again by
every process although they never change:

* **regular expressions** — several hundred, many over Chinese character classes, whose compilation
  (:mod:`re`'s parser and charset optimiser, in Python) was a fifth of the run. What :mod:`re` compiles a
  pattern into is plain data — a list of integers, the group count and names — that :func:`_sre.compile`
  turns into a pattern object at once;
* **the methods attrs generates** (``__init__``, ``__eq__``, ``__hash__`` … of over a hundred classes), which
  attrs writes as source text and hands to :func:`compile`. The code object compiled from a given text and
  file name is always the same, and :mod:`marshal` stores code objects (as ``.pyc`` files do).

:func:`install` makes :mod:`re` and attrs look the compiled form up in a store written by a former run of the
same Python, and compile (and remember) only what is not there; at exit a store is written back when
something new was compiled. Only the program installs it (:mod:`budgetrules.entry`); importing
:mod:`budgetrules` leaves :mod:`re` and attrs alone.

The stores are ``regex-<python>.marshal`` and ``attrs-<python>.marshal`` in the store of derived data
(:func:`budgetrules.derived.directory`), checked against the exact Python build (``sys.version``; and the
attrs version); they are turned off with the rest of that store (``BUDGETRULES_NO_DERIVED=1``), and bounded:
an entry that no run writing the store has used for :data:`KEEP_WRITES` writes (one that differs in every
run, or that only a command not run for long needed) is dropped. Anything unexpected — an unreadable store, a Python
or attrs whose internals differ — leaves compilation as usual.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
import tempfile
import threading
from array import array
from typing import Any, Callable

__all__ = ["install", "KEEP_WRITES"]

_installed = False


#: An entry no run has used in this many writes of its store is dropped (entries that differ in every run, or
#: that only a command not run for long needed).
KEEP_WRITES = 50


class _Store:
    """Compiled forms by key, read from one file at start and written back at exit when something was added.

    The file holds a write counter and, with each entry, the count of the last write of a run that used it:
    entries unused for :data:`KEEP_WRITES` writes are dropped, so that the store keeps to what runs use."""

    def __init__(self, name: str, version: str):
        from .derived import directory

        self.path = directory() / f"{name}-{sys.implementation.cache_tag}.marshal"
        self.version = version
        self.lock = threading.Lock()
        self.used: dict = {}
        self.new = 0
        self.writes = 0
        self.stored: dict = {}
        try:
            with open(self.path, "rb") as fh:
                version_read, writes, stored = marshal.load(fh)
            if version_read == version and isinstance(stored, dict) and isinstance(writes, int):
                self.stored, self.writes = stored, writes
        except Exception:  # noqa: BLE001 - missing, unreadable or of another format: start empty
            pass
        atexit.register(self.save)

    def get(self, key, make: Callable[[Any], Any] | None = None):
        """The stored value of ``key`` (passed through ``make``), or None; ``make`` failing is a miss."""
        found = self.stored.get(key)
        if found is None:
            return None
        value = found[0]
        try:
            made = make(value) if make else value
        except Exception:  # noqa: BLE001 - a stale entry
            return None
        self.used[key] = value
        return made

    def put(self, key, value) -> None:
        with self.lock:
            self.used[key] = value
            self.new += 1

    def save(self) -> None:
        if not self.new:
            return
        writes = self.writes + 1
        merged = {k: v for k, v in self.stored.items() if v[1] > writes - KEEP_WRITES}
        merged.update((k, (v, writes)) for k, v in self.used.items())
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".marshal")
            try:
                with os.fdopen(fd, "wb") as fh:
                    marshal.dump((self.version, writes, merged), fh)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            pass  # a read-only cache directory, or a value marshal cannot write: compiled again next time


def install() -> bool:
    """Serve :mod:`re` compilations and attrs' generated methods from the stores (see the module
    documentation); True when installed."""
    global _installed
    if _installed:
        return True
    from .derived import enabled

    if not enabled():
        return False
    _install_re()
    _install_attrs()
    _installed = True
    return True


def _install_re() -> None:
    try:
        import _sre
        import re._compiler as compiler
        import re._parser as parser
    except ImportError:  # pragma: no cover - another Python's re
        return
    if not all(hasattr(m, n) for m, n in ((compiler, "_code"), (compiler, "compile"), (_sre, "compile"))):
        return  # pragma: no cover
    if array("I").itemsize != 4 or getattr(_sre, "CODESIZE", 4) != 4:
        return  # pragma: no cover - a platform whose code words are not 32-bit
    store = _Store("regex", sys.version)
    original = compiler.compile

    def compile(p, flags=0):
        if not isinstance(p, (str, bytes)) or flags & compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = (p, flags)
        pattern = store.get(key, lambda e: _sre.compile(p, e[0], array("I", e[1]).tolist(), *e[2:]))
        if pattern is not None:
            return pattern
        parsed = parser.parse(p, flags)
        code = compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        final_flags, groups = int(flags | parsed.state.flags), parsed.state.groups - 1
        pattern = _sre.compile(p, final_flags, code, groups, groupindex, tuple(indexgroup))
        # the code words as bytes: read back far faster than a list of integers
        store.put(key, (final_flags, array("I", code).tobytes(), groups, groupindex, tuple(indexgroup)))
        return pattern

    compiler.compile = compile


#: Stands for the per-process number in attrs' ``__hash__`` while a method is compiled and stored.
_SALT_STAND_IN = 7355608231337001


def _install_attrs() -> None:
    """attrs compiles each generated method with the builtin ``compile`` looked up in its ``attr._make``
    module; a ``compile`` defined there (the same function, served from the store) is used instead.

    A generated ``__hash__`` starts from ``hash()`` of a name made from the class, a number that differs in
    every process (string hashing is randomised): it is stored as a stand-in constant, and the code object
    read back gets this process's number in its place."""
    try:
        import attr._make as make
        import re
        import types
    except ImportError:  # pragma: no cover
        return
    if not hasattr(make, "_compile_and_eval") or "compile" in vars(make):
        return  # pragma: no cover - another attrs
    # attrs' version, without asking its metadata for it (which imports importlib.metadata)
    made = os.stat(make.__file__)
    store = _Store("attrs", f"{sys.version} attrs {make.__file__} {made.st_size} {made.st_mtime_ns}")
    builtin_compile = compile
    generated = re.compile(r"<attrs generated \w+ (.+?)(?:-\d+)?>")

    def swap(code: types.CodeType, old: int, new: int) -> types.CodeType:
        consts = tuple(
            new if type(c) is int and c == old else swap(c, old, new) if isinstance(c, types.CodeType) else c
            for c in code.co_consts
        )
        return code.replace(co_consts=consts)

    def cached_compile(source, filename, mode, *args, **kwargs):
        if args or kwargs or not isinstance(source, str) or not isinstance(filename, str):
            return builtin_compile(source, filename, mode, *args, **kwargs)
        salt = None
        named = generated.fullmatch(filename) if "def __hash__" in source else None
        if named:
            salt = hash(f"<attrs generated hash {named.group(1)}>")
            stood_in = source.replace(f" {salt},", f" {_SALT_STAND_IN},")  # written ``        {salt},``
            if stood_in == source:
                salt = None
            source = stood_in
        key = hashlib.sha256(f"{mode}\0{filename}\0{source}".encode("utf-8", "surrogatepass")).digest()
        code = store.get(key, marshal.loads)
        if code is None:
            code = builtin_compile(source, filename, mode)
            store.put(key, marshal.dumps(code))
        return code if salt is None else swap(code, _SALT_STAND_IN, salt)

    make.compile = cached_compile

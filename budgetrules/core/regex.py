"""Regular expressions compiled once per machine: :func:`compile` is :func:`re.compile`, except that what
:mod:`re` compiles a pattern into is kept in the store of derived data (:mod:`budgetrules.core.derived`) and read
back by the next process instead of being compiled again.

Why
    The checker and its plugins compile a few hundred patterns, many of them over Chinese character classes
    such as ``[\\u4e00-\\u9fff]``, whose compilation (:mod:`re`'s parser and charset optimiser, written in
    Python) took about a third of a cold ``budgetrules check``. What :mod:`re` compiles a pattern into is
    plain data — the final flags, a list of integers (the program of the matching engine), the group count
    and the group names — which the C function ``_sre.compile`` turns into a pattern object at once.

How
    A module compiles its patterns with ``regex.compile(pattern, flags)`` (in a plugin,
    ``from budgetrules.api import regex``), with the same arguments as :func:`re.compile`; a test walks
    ``budgetrules/`` and ``plugins/`` and fails on a ``re.compile`` call made when a module is imported.

    Only the program uses the store: :func:`budgetrules.cli.entry.main` calls :func:`use_store` before it
    imports anything that compiles a pattern. Anywhere else (the API, a test process, a Dask worker)
    :func:`compile` *is* :func:`re.compile`, and nothing is read or written.

    Once the store is in use, the first call reads it: one file for all patterns, ``regex/<python cache tag>.marshal`` in the
    store of derived data, written in :mod:`marshal` format (plain data only: strings, integers, byte strings,
    tuples, dictionaries; each program packed into a byte string, unpacked when its pattern is asked for). A pattern found there is made by ``_sre.compile`` from the stored data; any other is
    compiled by :func:`re.compile` and remembered. At exit, when something new was compiled and the store's
    folder is writable, the new patterns are compiled a second time the way ``re._compiler.compile`` does
    (``re._parser.parse``, ``re._compiler._code``), and each is stored only if the pattern object that data
    makes is equal to the one :func:`re.compile` returned (CPython's pattern equality compares the pattern,
    the flags and the whole compiled program) and has the same groups; the file is written atomically.

Why it is safe
    It uses private parts of CPython (``_sre.compile``, ``re._parser``, ``re._compiler``), so it never trusts
    them beyond what it checks:

    * the store is keyed by everything the compiled program depends on — the exact Python build
      (``sys.version``), the engine's version and code size (``_sre.MAGIC``, ``_sre.CODESIZE``), the source of
      ``re/_compiler.py``, ``re/_parser.py``, ``re/_constants.py`` and ``re/_casefix.py``, and of this module —
      so another Python, or a patched :mod:`re`, never reads it;
    * nothing is stored that was not checked equal to :func:`re.compile`'s own result in the same Python;
    * :mod:`re` itself is never changed (nothing is replaced in it), and any exception at all — a missing
      private function, an unreadable or corrupt file, a stored entry ``_sre.compile`` refuses — makes
      :func:`compile` fall back to :func:`re.compile`;
    * byte patterns, ``re.DEBUG`` and patterns given as compiled objects go straight to :func:`re.compile`.

    ``BUDGETRULES_NO_DERIVED=1`` turns it off with the rest of the store (every pattern is then compiled by
    :func:`re.compile`), ``BUDGETRULES_DERIVED_DIR`` moves it. The store holds at most :data:`LIMIT` patterns
    (beyond, it is rewritten with those the writing process used), so patterns made from changing text cannot
    make it grow without end.
"""

from __future__ import annotations

import array
import atexit
import hashlib
import importlib
import marshal
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any, AnyStr

from budgetrules.core import derived

try:
    _sre: Any = importlib.import_module("_sre")  # CPython's matching engine
except ImportError:  # pragma: no cover - another Python: every call then falls back to re.compile
    _sre = None

#: The modules of :mod:`re` that compile a pattern (private to CPython).
COMPILER = ("re._compiler", "re._parser", "re._constants", "re._casefix")

__all__ = ["LIMIT", "compile", "use_store"]

#: The most patterns the store holds.
LIMIT = 4096

#: Bumped when the way patterns are stored changes.
FORMAT = b"2"

#: flags, the program packed as machine words (:data:`_WORD`), the group count, the names, the names by index
_Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]

#: The array type of one word of the engine's program (``_sre.CODESIZE`` bytes, unsigned): the program is stored
#: packed, read back as one byte string and unpacked only when its pattern is asked for — a list of integers
#: read by :mod:`marshal` makes every integer of every pattern at once (about four-fifths of the time the store
#: took to read). None on a Python whose word matches no array type: nothing is stored then.
_WORD = next((t for t in "IL" if _sre is not None and array.array(t).itemsize == _sre.CODESIZE), None)

_lock = threading.Lock()
_on = False
_EMPTY: dict[tuple[str, int], _Entry] = {}
_stored: dict[tuple[str, int], _Entry] | None = None  # None: not read yet
_made: dict[tuple[str, int], re.Pattern[str]] = {}  # what this process compiled or read, by pattern and flags
_new: dict[tuple[str, int], re.Pattern[str]] = {}
_path: Path | None = None
_key = ""
_registered = False


def compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, served from the store when a former process compiled it (see the module
    documentation). Like :func:`re.compile`, a pattern compiled again in the same process is the same object."""
    if not _on or type(pattern) is not str:
        return re.compile(pattern, flags)
    try:
        wanted = (pattern, int(flags))
        made = _made.get(wanted)
        if made is not None:
            return made
        stored = _stored if _stored is not None else _load()
        entry = stored.get(wanted)
        if entry is not None:
            compiled: re.Pattern[AnyStr] = _from_entry(pattern, entry)
            _remember(wanted, compiled, None)
            return compiled
    except Exception:  # noqa: BLE001 - anything unexpected: re.compile decides
        return re.compile(pattern, flags)
    compiled = re.compile(pattern, flags)
    if stored is not _EMPTY and not wanted[1] & (re.DEBUG | re.TEMPLATE):
        _remember(wanted, compiled, _new)
    return compiled


def _remember(wanted: tuple[str, int], compiled: re.Pattern[str], new: dict[tuple[str, int], re.Pattern[str]] | None,
              ) -> None:
    with _lock:
        if len(_made) >= LIMIT:  # patterns made from changing text: start again, as re's own cache does
            _made.clear()
        _made[wanted] = compiled
        if new is not None:
            new[wanted] = compiled


def use_store() -> None:
    """From now on, serve :func:`compile` from the store (unless ``BUDGETRULES_NO_DERIVED`` turns it off) and
    write it back at exit. Called by the program only."""
    global _on
    _on = True


def _load() -> dict[tuple[str, int], _Entry]:
    """Read the store once: an empty dictionary when it is missing, unreadable, corrupt or another Python's,
    :data:`_EMPTY` (nothing is remembered) when it is off or cannot be located."""
    global _stored, _path, _key, _registered
    with _lock:
        if _stored is not None:
            return _stored
        stored = _EMPTY
        try:
            if derived.enabled():
                _key = _source_key()
                _path = derived.directory() / "regex" / f"{sys.implementation.cache_tag}.marshal"
                stored = {}
                if not _registered:
                    atexit.register(_save)
                    _registered = True
                key, entries = marshal.loads(_path.read_bytes())  # marshal.load(file) reads piece by piece: slow
                if key == _key and type(entries) is dict:
                    stored = entries
        except Exception:  # noqa: BLE001 - missing, unreadable or corrupt: a miss
            pass
        _stored = stored
        return stored


def _source_key() -> str:
    """What the compiled programs depend on (see the module documentation)."""
    for name in COMPILER:
        importlib.import_module(name)
    h = hashlib.sha256()
    parts = [FORMAT, sys.version.encode(), str(_sre.MAGIC).encode(), str(_sre.CODESIZE).encode()]
    parts += [derived.module_digest(name) for name in (*COMPILER, __name__)]
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _from_entry(pattern: AnyStr, entry: _Entry) -> re.Pattern[AnyStr]:
    """The pattern ``_sre.compile`` makes from a stored entry."""
    flags, code, groups, groupindex, indexgroup = entry
    made: re.Pattern[AnyStr] = _sre.compile(pattern, flags, array.array(_WORD or "I", code).tolist(), groups,
                                            groupindex, indexgroup)
    return made


def _entry(pattern: str, flags: int, compiled: re.Pattern[str]) -> _Entry | None:
    """What ``_sre.compile`` takes to make ``compiled`` — computed as ``re._compiler.compile`` computes it —
    or None when the pattern it makes is not the same as ``compiled``."""
    parser, compiler = importlib.import_module("re._parser"), importlib.import_module("re._compiler")
    parsed = parser.parse(pattern, flags)
    code = [int(c) for c in compiler._code(parsed, flags)]
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    if _WORD is None:
        return None
    packed = array.array(_WORD, code).tobytes()
    entry: _Entry = (int(flags | parsed.state.flags), packed, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    made = _from_entry(pattern, entry)  # the pattern as a later process makes it, from what is stored
    if made == compiled and made.groups == compiled.groups and made.groupindex == compiled.groupindex:
        return entry
    return None


def _save() -> None:
    """Add the patterns this process compiled to the store (atomically), checked one by one."""
    with _lock:
        new = dict(_new)
        _new.clear()
    if not new or _path is None or _stored is None:
        return
    import tempfile  # only when something new is stored

    try:
        _path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=_path.parent, prefix=".tmp-", suffix=".marshal")
    except OSError:
        return  # a read-only or missing cache directory: compiled again next time
    try:
        with os.fdopen(fd, "wb") as fh:
            merged = dict(_stored)
            for (pattern, flags), compiled in new.items():
                try:
                    entry = _entry(pattern, flags, compiled)
                except Exception:  # noqa: BLE001 - not compiled as expected: never stored
                    entry = None
                if entry is not None:
                    merged[pattern, flags] = entry
            if len(merged) > LIMIT:
                merged = {k: v for k, v in merged.items() if k in _made}
            marshal.dump((_key, merged), fh)
        os.replace(tmp, _path)  # atomic: a concurrent reader sees the old file or the whole new one
    except Exception:  # noqa: BLE001 - a full disk, a value marshal refuses: the store stays as it was
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _reset() -> None:
    """Stop using the store and forget what was read and compiled (for tests)."""
    global _stored, _path, _on
    with _lock:
        _on = False
        _stored = None
        _path = None
        _made.clear()
        _new.clear()

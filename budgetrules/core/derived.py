"""Derived data kept between runs: what the checker computes from its own data files (parsed classification
catalogues, parsed ruleset files, the index of installed plugins) is stored once and read back by the next
process, as Python keeps compiled bytecode.

Each value is stored in a *slot* (one per data file, or one per Python environment for the plugin index)
together with a key made of everything it is computed from, so that nothing has to be invalidated by hand: a
value whose key differs is computed again and replaces the old one (so the store never holds more than one
value per slot). The key is made of

* the ``source`` the value is computed from — the bytes of a data file, or for the plugin index
  (:mod:`budgetrules.engine.plugins`) the installed distributions (:func:`installed_state`), so that installing,
  upgrading or removing a package rebuilds it;
* the source of the module that computes the value (an edited parser never serves an old result), the Python
  version and a ``kind`` naming what is computed.

The values are pickled into ``derived`` in the platform's user cache directory (``~/.cache/budgetrules`` on
Linux, never the checkout); ``BUDGETRULES_DERIVED_DIR`` moves them and ``BUDGETRULES_NO_DERIVED=1`` turns the
store off (every value is then computed in each process). A store that cannot be read or written is a miss,
never an error.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar, cast

__all__ = ["derived", "directory", "enabled", "installed_state", "module_digest"]

T = TypeVar("T")

#: Bumped when the way values are stored changes.
FORMAT = b"1"


def enabled() -> bool:
    """False when ``BUDGETRULES_NO_DERIVED`` is set to anything but ``0``/empty."""
    return os.environ.get("BUDGETRULES_NO_DERIVED", "").strip() in ("", "0")


def directory() -> Path:
    """``$BUDGETRULES_DERIVED_DIR``, else ``derived`` in the platform's user cache directory."""
    return _directory(os.environ.get("BUDGETRULES_DERIVED_DIR", "").strip(), os.environ.get("XDG_CACHE_HOME"),
                      os.environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _directory(env: str, xdg: str | None, home: str | None) -> Path:
    # keyed on the variables it depends on, so that a test setting them sees the change
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("budgetrules", appauthor=False)) / "derived"


@functools.lru_cache(maxsize=32)
def module_digest(module_name: str) -> bytes:
    """A digest of the source file of ``module_name`` (already imported), read once per process."""
    module = sys.modules[module_name]
    path = getattr(module, "__file__", None)
    try:
        return hashlib.sha256(Path(path).read_bytes()).digest() if path else module_name.encode()
    except OSError:  # pragma: no cover - a module whose file vanished
        return module_name.encode()


def key(kind: str, source: bytes, module_name: str) -> str:
    """The key of the value ``kind`` computed by ``module_name`` from ``source``."""
    h = hashlib.sha256()
    for part in (FORMAT, kind.encode(), module_digest(module_name), sys.version.encode(), source):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def derived(kind: str, slot: str, source: bytes, build: Callable[[], T]) -> T:
    """``build()``, or the value a former process stored in ``slot`` of ``kind`` for the same ``source`` and
    code of ``build``'s module. ``build`` must be a pure function of ``source`` and its module's code, and
    its value picklable."""
    if not enabled():
        return build()
    wanted = key(kind, source, build.__module__)
    path = directory() / kind / (hashlib.sha256(slot.encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".pickle")
    try:
        with open(path, "rb") as fh:
            stored_key, value = _unpickle(fh)
        if stored_key == wanted:
            return cast("T", value)
    except Exception:  # noqa: BLE001 - missing, unreadable or from an incompatible version: a miss
        pass
    value = build()
    _store(path, (wanted, value))
    return value


def _unpickle(fh: Any) -> Any:
    """The pickled value in ``fh``, read with the cyclic garbage collector paused (and then restored as it was):
    a stored value is made of tuples, strings and frozen classes (no cycles), and a collection started by every
    few hundred of the tens of thousands of objects it holds adds a third to the time it takes to read (a
    catalogue's history of 480 KB: ~13 → ~9 ms, median)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if paused:
            gc.enable()


def _store(path: Path, value: Any) -> None:
    import tempfile  # only when a value is written: not imported by a process that finds everything stored

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only or full cache directory: the value is computed again next time


def installed_state(paths: list[str] | None = None) -> bytes:
    """What the set of installed distributions depends on: for every folder of ``sys.path`` (or ``paths``)
    that holds distributions, in order, its name, the names of the distributions' metadata folders in it
    (``*.dist-info``, ``*.egg-info``: they carry the version, so that an upgrade changes them too) and the
    modification time of each one's ``entry_points.txt`` (rewritten by a reinstall, or edited by hand); and
    every zip file on it, by its modification time. Folders without distributions (the current folder, a script's folder) do not count, so that running the
    program from elsewhere does not make the state differ."""
    parts: list[str] = []
    for entry in sys.path if paths is None else paths:
        folder = entry or "."
        try:
            with os.scandir(folder) as it:
                names = sorted(e.name for e in it if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:  # not a folder: a zip file (its distributions change with it) or nothing
            try:
                parts.append(f"{entry}\0{os.stat(folder).st_mtime_ns}")
            except OSError:
                pass
            continue
        if names:
            parts.append(f"{entry}\0")
        for name in names:
            try:
                mtime = os.stat(os.path.join(folder, name, "entry_points.txt")).st_mtime_ns
            except OSError:
                mtime = 0
            parts.append(f"{name}\0{mtime}")
    return "\n".join(parts).encode("utf-8", "surrogatepass")

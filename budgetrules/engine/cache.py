"""The result cache: a file that has not changed is not read again.

``budgetrules check`` stores what it found for each file — the :class:`~budgetrules.core.report.FileReport`
(without the document), or for one half of a disclosure published as two files the
:class:`~budgetrules.reading.docsets.Half` needed to pair it — under a key made of

* the file's content (SHA-256) and the path it was named by (findings name the path);
* the *environment*: the checker's version, every installed plugin with its version and a hash of its code
  and data files, the versions of the libraries the loaders use, the imported classification catalogues
  (``budgetrules codes import``), and every ruleset file that can be chosen;
* the options that change findings: the ruleset named, ``--select``/``--ignore``,
  ``--year``/``--kind``/``--department``, ``--set`` and the content of ``--previous``.

So a new version, an edited rule, a re-imported catalogue or a changed ruleset never serves an old result.

The store is :mod:`diskcache` (SQLite underneath): safe when several runs share it at once, bounded in size
(least recently used entries go first; :data:`DEFAULT_SIZE_LIMIT`), in the user cache directory given by
:mod:`platformdirs` (``~/.cache/budgetrules`` on Linux). ``BUDGETRULES_CACHE_DIR`` moves it,
``BUDGETRULES_CACHE_SIZE_MB`` bounds it, ``BUDGETRULES_NO_CACHE=1`` (or ``check --no-cache``) turns it off.
A cache that cannot be opened or read is a miss, never an error: the file is checked again.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable

from budgetrules import __version__
from budgetrules.core.derived import derived, installed_state
from budgetrules.core.derived import enabled as derived_enabled

__all__ = [
    "DEFAULT_SIZE_LIMIT",
    "ResultCache",
    "default_directory",
    "enabled_by_default",
    "environment_key",
    "options_key",
    "content_hash",
]

#: The default bound of the cache's size on disk (``BUDGETRULES_CACHE_SIZE_MB`` changes it).
DEFAULT_SIZE_LIMIT = 1024 * 1024 * 1024

#: Bumped when what is stored changes shape.
SCHEMA = "2"


def default_directory() -> Path:
    """``$BUDGETRULES_CACHE_DIR``, else ``results`` in the platform's user cache directory."""
    env = os.environ.get("BUDGETRULES_CACHE_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("budgetrules", appauthor=False)) / "results"


def enabled_by_default() -> bool:
    """False when ``BUDGETRULES_NO_CACHE`` is set to anything but ``0``/empty."""
    return os.environ.get("BUDGETRULES_NO_CACHE", "").strip() in ("", "0")


def _size_limit() -> int:
    env = os.environ.get("BUDGETRULES_CACHE_SIZE_MB", "").strip()
    if env:
        try:
            return max(1, int(env)) * 1024 * 1024
        except ValueError:
            pass
    return DEFAULT_SIZE_LIMIT


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree_files(root: Path) -> Iterable[Path]:
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if not name.endswith((".pyc", ".pyo")) and not name.startswith("."):
                yield Path(base) / name


def _module_root(module: ModuleType) -> Path | None:
    file = getattr(module, "__file__", None)
    if not file:
        return None
    path = Path(file)
    return path.parent if path.name == "__init__.py" else path


def _hash_paths(h: "hashlib._Hash", roots: Iterable[Path]) -> None:
    for root in roots:
        files = [root] if root.is_file() else list(_tree_files(root)) if root.is_dir() else []
        for f in files:
            try:
                data = f.read_bytes()
            except OSError:
                continue
            h.update(str(f.relative_to(root.parent)).encode("utf-8") + b"\0" + hashlib.sha256(data).digest())


def _requirement_versions() -> list[str]:
    """The installed versions of the libraries budgetrules depends on (the loaders' results depend on them).

    Reading them means reading the metadata of several installed distributions (and importing
    :mod:`importlib.metadata` and :mod:`email`), so the list is kept in the store of derived data under the
    state of the installed distributions, as the plugin index is (:func:`budgetrules.engine.plugins.entry_points`):
    installing, upgrading or removing a package reads them again."""
    if not derived_enabled():
        return _read_requirement_versions()
    slot = "\0".join([sys.prefix, *sys.path])
    return derived("requirement-versions", slot, installed_state(), _read_requirement_versions)


def _read_requirement_versions() -> list[str]:
    import importlib.metadata

    out: list[str] = []
    try:
        requires = importlib.metadata.requires("budgetrules") or []
    except importlib.metadata.PackageNotFoundError:
        return out
    for req in requires:
        if "extra ==" in req:
            continue
        name = re.split(r"[\s<>=!~\[;(]", req, maxsplit=1)[0]
        try:
            out.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name}==?")
    return sorted(out)


def environment_key(registry: Any) -> str:
    """A hash of everything installed that decides what a check finds (see the module documentation)."""
    from budgetrules import catalogues

    h = hashlib.sha256()
    h.update(f"schema {SCHEMA}\nbudgetrules {__version__}\npython {sys.version_info[:2]}\n".encode())
    for line in _requirement_versions():
        h.update(line.encode() + b"\n")
    roots: list[Path] = [Path(__file__).resolve().parents[1]]  # the whole core: budgetrules/
    for name, module in sorted(registry.pm.list_name_plugin(), key=lambda x: x[0]):
        h.update(f"plugin {name} {registry.versions.get(name)} {getattr(module, '__name__', '?')}\n".encode())
        root = _module_root(module) if isinstance(module, ModuleType) else None
        if root is not None:
            roots.append(root.resolve())
    for error in registry.errors:
        h.update(f"broken {error.plugin} {error.stage} {error.error}\n".encode())
    roots.extend(Path(d).resolve() for d in registry.ruleset_dirs)
    roots.append(catalogues.user_catalogue_dir())
    _hash_paths(h, sorted(set(roots), key=str))
    return h.hexdigest()


def options_key(config: Any) -> str | None:
    """A hash of the options that change findings (``config`` is a :class:`~budgetrules.engine.check.CheckConfig`):
    the selection, the identity set on the command line, the explicit sets, the ruleset(s) in full (a
    loaded ruleset's ``repr`` lists every setting, so an edited ruleset file gives another key) and the
    per-file limits. None when
    results must not be cached: a ``--previous`` document or folder is given."""
    if config.previous is not None or getattr(config, "previous_for", None) is not None:
        return None
    from budgetrules.engine.check import LIMIT_VARIABLES

    limits = tuple(os.environ.get(name, "") for name in LIMIT_VARIABLES)  # a file refused at one limit …
    fields = (config.select, config.ignore, config.year, config.kind, config.department, config.sets,
              config.ruleset, config.ruleset_for, limits)
    return hashlib.sha256(repr(fields).encode("utf-8")).hexdigest()


class ResultCache:
    """What earlier runs found, by key (a string); values are pickled by :mod:`diskcache`.

    Every method swallows the store's own failures (a full disk, a corrupt database, a value that no
    longer unpickles): :meth:`get` then misses and :meth:`set` does nothing.
    """

    def __init__(self, directory: str | Path | None = None, size_limit: int | None = None):
        import diskcache

        self.directory = Path(directory) if directory is not None else default_directory()
        self._cache = diskcache.Cache(
            str(self.directory),
            size_limit=size_limit or _size_limit(),
            eviction_policy="least-recently-used",
            timeout=60,
        )
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(*parts: str) -> str:
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def get(self, key: str) -> Any:
        try:
            value = self._cache.get(key, default=None, retry=True)
        except Exception:
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def set(self, key: str, value: Any) -> None:
        try:
            self._cache.set(key, value, retry=True)
        except Exception:
            pass

    def volume(self) -> int:
        """Bytes on disk."""
        volume: int = self._cache.volume()
        return volume

    def clear(self) -> None:
        self._cache.clear(retry=True)

    def close(self) -> None:
        self._cache.close()

    def __len__(self) -> int:
        return len(self._cache)


def open_cache(directory: str | Path | None = None) -> ResultCache | None:
    """The result cache, or None when it cannot be opened (the run goes on without it)."""
    try:
        return ResultCache(directory)
    except Exception:
        return None

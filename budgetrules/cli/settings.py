"""Team settings: what a review team writes down once instead of on every command line.

The settings are read from the first of these found in the current folder or one of its parents:

* ``budgetrules.toml`` (the keys at the top level), or
* ``pyproject.toml`` with a ``[tool.budgetrules]`` table (a ``pyproject.toml`` without one is passed over).

::

    format = "text"                     # the default of check --format
    fail-on = "warning"                 # the default of check --fail-on
    baseline = "review.toml"            # accepted findings (budgetrules accept); used when the file exists
    exclude = ["草稿/**", "**/*备份*"]    # files never checked when a folder is walked
    ignore = ["HY"]                     # rules never run (added to --ignore)
    extend-select = ["EX"]              # rules of extra plugins that run even where a ruleset's select omits them

    [rulesets]                          # per-path rulesets, first match wins; otherwise the automatic choice
    "县级/**" = "xinjiang-county-budget"
    "上海/**" = "shanghai-district-budget"

    [per-file-ignores]                  # findings of these rules are not reported for these files
    "2019/**" = ["NC1", "CL104"]

Paths and patterns are relative to the folder of the settings file; patterns are gitignore-style
(:mod:`pathspec`: ``*`` within a folder name, ``**`` across folders, a pattern without a slash matches at any
depth). Keys may be written with ``-`` or ``_``. A key that is not one of these, or a value of the wrong type,
is a usage error naming the file and the key. Command-line options win over the settings: ``--format``,
``--fail-on``, ``--baseline`` and ``--ruleset`` given on the command line replace the setting; ``--ignore``
adds to it. ``--no-settings`` (or ``BUDGETRULES_NO_SETTINGS=1``) ignores the settings file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

import attrs

from budgetrules.core.errors import UsageError
from budgetrules.core.lazy import lazy_module
from budgetrules.core.tomlfile import parsed_toml

if TYPE_CHECKING:
    import pathspec
else:
    pathspec = lazy_module("pathspec")  # imported when first used: not by a check that does not need it

__all__ = ["Settings", "find", "load", "SETTINGS_FILE", "PathRulesets"]

SETTINGS_FILE = "budgetrules.toml"

_KEYS = {"format", "fail_on", "baseline", "exclude", "ignore", "extend_select", "rulesets", "per_file_ignores"}
_FAIL = {"error", "warning", "info"}


def _spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


@attrs.frozen
class Settings:
    """Loaded team settings. ``root`` is the folder of ``path`` (the settings file); every path and pattern
    is relative to it. ``rulesets`` and ``per_file_ignores`` keep the file's order (first match wins for
    rulesets; every matching entry applies for ignores)."""

    path: str | None = None
    format: str | None = None
    fail_on: str | None = None
    baseline: str | None = None
    exclude: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    rulesets: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def root(self) -> Path:
        return Path(self.path).parent if self.path else Path.cwd()

    def relative(self, path: str | os.PathLike[str]) -> str | None:
        """``path`` relative to :attr:`root` with ``/`` separators, None when it lies outside."""
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return None
        return Path(rel).as_posix()

    def _matches(self, patterns: Iterable[str], path: str | os.PathLike[str]) -> bool:
        rel = self.relative(path)
        return rel is not None and _spec(patterns).match_file(rel)

    def excluded(self, path: str | os.PathLike[str]) -> bool:
        """``path`` matches an ``exclude`` pattern."""
        return bool(self.exclude) and self._matches(self.exclude, path)

    def ruleset_for_path(self, path: str | os.PathLike[str]) -> str | None:
        """The ruleset named for ``path`` in ``[rulesets]`` (the first matching pattern), or None."""
        for pattern, name in self.rulesets:
            if self._matches([pattern], path):
                return name
        return None

    def ignored_rules(self, path: str | os.PathLike[str]) -> tuple[str, ...]:
        """The rules ``[per-file-ignores]`` turns off for ``path``."""
        return tuple(r for pattern, rules in self.per_file_ignores if self._matches([pattern], path) for r in rules)

    def baseline_path(self) -> Path | None:
        return self.root / self.baseline if self.baseline else None

    def default_map(self) -> dict[str, dict[str, Any]]:
        """Click ``default_map`` entries for the commands: the settings become the options' defaults."""
        check: dict[str, Any] = {}
        if self.format:
            check["fmt"] = self.format
        if self.fail_on:
            check["fail_on"] = self.fail_on
        if self.baseline:
            check["baseline"] = str(self.baseline_path())
        out: dict[str, dict[str, Any]] = {"check": check}
        if self.baseline:
            out["accept"] = {"baseline": str(self.baseline_path())}
        return out


def _fail(path: Path, key: str, problem: str) -> UsageError:
    return UsageError(f"{path}：设置 {key}：{problem}")


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, key, "应为字符串或字符串列表")
    return tuple(v.strip() for v in value)


def _table(path: Path, key: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, key, "应为表（[" + key.replace("_", "-") + "]）")
    return value


def from_mapping(data: Mapping[str, Any], path: Path) -> Settings:
    """Validate the settings ``data`` read from ``path``."""
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        if key not in _KEYS:
            raise _fail(path, raw_key, f"未知的设置项（可用：{', '.join(sorted(k.replace('_', '-') for k in _KEYS))}）")
        if key in ("format", "baseline"):
            if not isinstance(value, str) or not value.strip():
                raise _fail(path, raw_key, "应为非空字符串")
            values[key] = value.strip()
        elif key == "fail_on":
            if value not in _FAIL:
                raise _fail(path, raw_key, f"应为 {'、'.join(sorted(_FAIL))} 之一")
            values[key] = value
        elif key in ("exclude", "ignore", "extend_select"):
            values[key] = _strings(path, raw_key, value)
        elif key == "rulesets":
            table = _table(path, raw_key, value)
            for pattern, name in table.items():
                if not isinstance(name, str) or not name.strip():
                    raise _fail(path, f"{raw_key}.{pattern!r}", "应为规则集名称或 TOML 文件路径")
            values[key] = tuple((p, n.strip()) for p, n in table.items())
        else:
            table = _table(path, raw_key, value)
            values[key] = tuple((p, _strings(path, f"{raw_key}.{p!r}", rules)) for p, rules in table.items())
    for key in ("exclude", "rulesets", "per_file_ignores"):
        patterns = [p for p in values.get(key, ())] if key == "exclude" else [p for p, _ in values.get(key, ())]
        for pattern in patterns:
            try:
                _spec([pattern])
            except Exception as exc:  # pathspec raises its own errors for a malformed pattern
                raise _fail(path, key.replace("_", "-"), f"无效的路径模式 {pattern!r}：{exc}") from None
    return Settings(path=str(path), **values)


def load(path: Path) -> Settings | None:
    """The settings in ``path`` (a ``budgetrules.toml``, or a ``pyproject.toml``: None when it has no
    ``[tool.budgetrules]``); a file that is not valid TOML is a usage error."""
    try:
        source = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}：无法读取：{exc.strerror or exc}") from None
    data = parsed_toml("settings-toml", path, source, decimals=False, colon="：")  # parsed once, then stored
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "budgetrules" not in tool:
            return None
        return from_mapping(_table(path, "tool.budgetrules", tool["budgetrules"]), path)
    return from_mapping(data, path)


def find(start: Path | None = None) -> Settings:
    """The settings of the first folder from ``start`` (the current folder) upward holding a
    ``budgetrules.toml`` or a ``pyproject.toml`` with ``[tool.budgetrules]``; empty settings when none does,
    or when ``BUDGETRULES_NO_SETTINGS`` is set."""
    if os.environ.get("BUDGETRULES_NO_SETTINGS"):
        return Settings()
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        for name in (SETTINGS_FILE, "pyproject.toml"):
            candidate = directory / name
            if candidate.is_file():
                found = load(candidate)
                if found is not None:
                    return found
    return Settings()


@attrs.frozen(eq=False)
class PathRulesets:
    """A per-document ruleset chooser: the ruleset ``[rulesets]`` names for the document's path, else
    ``fallback`` (the automatic choice). Picklable when its parts are, so that ``--jobs`` can use it."""

    settings: Settings
    by_name: Mapping[str, Any]
    fallback: Callable[[Any], Any] | None = None

    def __call__(self, doc: Any) -> Any:
        name = self.settings.ruleset_for_path(doc.path)
        if name is not None:
            return self.by_name[name]
        return self.fallback(doc) if self.fallback is not None else None

    @property
    def candidates(self) -> tuple[Any, ...]:
        own = tuple(self.by_name.values())
        return (*getattr(self.fallback, "candidates", ()), *own)

    def __repr__(self) -> str:  # part of the result cache's key: every setting that decides a choice
        return f"PathRulesets({self.settings.rulesets!r}, {sorted(self.by_name.items())!r}, {self.fallback!r})"

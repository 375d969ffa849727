"""Plugin plumbing: load the ``budgetrules`` entry points and collect what they register."""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

import attrs
import pluggy

from budgetrules import hookspecs
from budgetrules.core import ruleids
from budgetrules.core.derived import derived, installed_state
from budgetrules.core.derived import enabled as derived_enabled
from budgetrules.engine.rendering import Renderer
from budgetrules.engine.rules import Rule
from budgetrules.reading.loading import Loader

__all__ = ["PluginError", "Registry", "get_registry", "entry_points", "ENTRY_POINT_GROUP"]

ENTRY_POINT_GROUP = "budgetrules"


@attrs.frozen
class PluginError:
    """A plugin that could not be imported, or a hook of it that raised."""

    plugin: str
    stage: str
    error: str
    detail: str = ""

    def describe(self) -> str:
        return f"插件 {self.plugin} 在{self.stage}时出错：{self.error}"


@attrs.frozen
class PluginInfo:
    name: str
    module: str
    version: str | None
    hooks: tuple[str, ...]


# Attribute types of a plugin module that are never routines (their type has no ``__get__``), so pluggy
# would pass over them: checked by exact type, since a subclass could add ``__get__``.
_NEVER_HOOKS = frozenset({ModuleType, str, bytes, int, float, bool, complex, tuple, list, dict, set, frozenset,
                          type(None), re.Pattern})


class _PluginManager(pluggy.PluginManager):
    """pluggy's plugin manager, quicker to register a module.

    Registering asks :meth:`pluggy.PluginManager.parse_hookimpl_opts` (the method pluggy provides to be
    overridden) about every name in ``dir(module)``; pluggy skips whatever :func:`inspect.isroutine` rejects.
    Here the attributes that are certainly no routine — a class, or an object whose exact type is one of
    :data:`_NEVER_HOOKS` (an imported module, a constant, a compiled pattern): nearly all of a module's names —
    are passed over without that test. Everything else, and any plugin that is not a plain module, is left to
    pluggy, so the hook implementations found are the same (``tests/test_speedups.py`` compares them)."""

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        if type(plugin) is ModuleType:
            value = plugin.__dict__.get(name)
            if isinstance(value, type) or type(value) in _NEVER_HOOKS:
                return None
        return super().parse_hookimpl_opts(plugin, name)


class Registry:
    """Every plugin loaded, and the rules, loaders and renderers they registered.

    Plugins are loaded in a fixed order — the built-in ones (the ``budgetrules`` distribution) first, then the
    others by entry-point name, then ``modules`` as given — and their hooks are called in that order. A rule
    is registered only when its ID is new and its prefix is its package's (:mod:`budgetrules.core.ruleids`); a rule
    whose ID another package registered first, or whose prefix is not its package's, is skipped and reported
    in :attr:`errors` naming both packages (the plugin's other rules still register).
    """

    def __init__(self, modules: Iterable[tuple[str, ModuleType]] = (), *, entry_points: bool = True):
        self.pm = _PluginManager(ENTRY_POINT_GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.errors: list[PluginError] = []
        self._versions_known: dict[str, str | None] = {}
        #: plugin name → the package (distribution name, normalised) it comes from
        self.packages: dict[str, str] = {}
        if entry_points:
            self._load_entry_points()
        for name, module in modules:
            self.register_module(name, module)
        self.rules: dict[str, Rule] = {}
        self.loaders: list[Loader] = []
        self.renderers: dict[str, Renderer] = {}
        self.ruleset_dirs: list[Path] = []
        self._collect()

    # -- loading ---------------------------------------------------------------------------------
    def _load_entry_points(self) -> None:
        for ep in entry_points():
            self.packages[ep.name] = ep.package
            try:
                module = ep.load()
            except Exception as exc:  # a broken plugin must not take the tool down
                import traceback

                self.errors.append(
                    PluginError(ep.name, "导入", f"{type(exc).__name__}: {exc}", traceback.format_exc())
                )
                continue
            self._versions_known[ep.name] = ep.version
            self.register_module(ep.name, module)

    def register_module(self, name: str, module: ModuleType) -> None:
        if name not in self.packages:  # entry points already know their distribution
            self.packages[name] = _package_of_module(module, name)
        try:
            self.pm.register(module, name=name)
        except Exception as exc:
            self.errors.append(PluginError(name, "注册", f"{type(exc).__name__}: {exc}"))

    def _call_register(self, hook_name: str, accept: Callable[[Any, str], None]) -> None:
        hook = getattr(self.pm.hook, hook_name)
        for impl in hook.get_hookimpls():  # in registration order: see the class docstring
            plugin_name = self.pm.get_name(impl.plugin) or "?"
            try:
                impl.function(lambda item, _p=plugin_name: accept(item, _p))
            except Exception as exc:
                import traceback

                self.errors.append(
                    PluginError(plugin_name, hook_name, f"{type(exc).__name__}: {exc}", traceback.format_exc())
                )

    def _collect(self) -> None:
        def add_rule(rule: Rule, plugin: str) -> None:
            if not isinstance(rule, Rule):
                raise TypeError(f"register_rules expects Rule objects, got {type(rule).__name__}")
            package = self.packages.get(plugin)
            first = self.rules.get(rule.id)
            if first is not None:
                self.errors.append(PluginError(
                    plugin, "登记规则",
                    f"规则编号 {rule.id} 重复：包 {first.package}（插件 {first.plugin}）已登记该规则，"
                    f"包 {package}（插件 {plugin}）的同号规则未登记",
                ))
                return
            problem = ruleids.problem(rule.id, package)
            if problem is not None:
                self.errors.append(PluginError(plugin, "登记规则", problem))
                return
            self.rules[rule.id] = attrs.evolve(rule, plugin=plugin, package=package)

        def add_loader(loader: Loader, plugin: str) -> None:
            self.loaders.append(attrs.evolve(loader, plugin=plugin))

        def add_renderer(renderer: Renderer, plugin: str) -> None:
            self.renderers[renderer.name] = attrs.evolve(renderer, plugin=plugin)

        def add_rulesets(path: str | os.PathLike[str], plugin: str) -> None:
            self.ruleset_dirs.append(Path(path))

        self._call_register("register_rules", add_rule)
        self._call_register("register_loaders", add_loader)
        self._call_register("register_renderers", add_renderer)
        self._call_register("register_rulesets", add_rulesets)
        self.loaders.sort(key=lambda l: (-l.priority, l.name))
        self.rules = dict(sorted(self.rules.items()))

    # -- queries ---------------------------------------------------------------------------------
    @property
    def versions(self) -> dict[str, str | None]:
        """Plugin name → the version of its distribution (for plugins loaded from entry points)."""
        return self._versions_known

    def plugins(self) -> list[PluginInfo]:
        infos = []
        for name, module in sorted(self.pm.list_name_plugin(), key=lambda x: x[0]):
            hooks = sorted(h.name for h in self.pm.get_hookcallers(module) or [])
            infos.append(PluginInfo(name, getattr(module, "__name__", "?"), self.versions.get(name), tuple(hooks)))
        return infos

    def loader(self, name: str) -> Loader:
        """The loader registered under ``name`` (``text``, ``pdf`` …); ``KeyError`` when there is none."""
        for loader in self.loaders:
            if loader.name == name:
                return loader
        raise KeyError(f"no loader {name!r} registered (loaders: {', '.join(l.name for l in self.loaders)})")

    def package_of(self, plugin: str | None) -> str | None:
        """The package (distribution) a plugin comes from."""
        return self.packages.get(plugin) if plugin else None

    def claim_extractors(self) -> list[tuple[str, Callable[..., Any]]]:
        """``(plugin name, function)`` for every ``extract_claims`` implementation, in a stable order."""
        impls = self.pm.hook.extract_claims.get_hookimpls()
        return sorted(((self.pm.get_name(i.plugin) or "?", i.function) for i in impls), key=lambda x: x[0])


@attrs.frozen
class EntryPoint:
    """One entry point of the ``budgetrules`` group, as the plugin index keeps it: its name, its target
    (``module`` or ``module:attribute``), the package (distribution, normalised) it comes from and that
    distribution's version."""

    name: str
    value: str
    package: str
    version: str | None

    def load(self) -> Any:
        """Import the target, as :meth:`importlib.metadata.EntryPoint.load` does (any ``[extras]`` after it are
        not part of the target)."""
        return pkgutil.resolve_name("".join(self.value.split("[", 1)[0].split()))



def entry_points() -> list[EntryPoint]:
    """The installed entry points of the ``budgetrules`` group, in the order plugins are loaded (the
    built-in package's first, then by name).

    Reading them means reading the metadata of every installed distribution, which is slow; so the list is
    kept in the store of derived data (:mod:`budgetrules.core.derived`) under the state of the installed
    distributions (:func:`budgetrules.core.derived.installed_state`): installing, upgrading or removing a package
    (or editing its entry points) reads them again."""
    if not derived_enabled():
        return _scan_entry_points()
    # one slot per environment and search path (``python -m`` searches the current folder first)
    slot = "\0".join([sys.prefix, *sys.path])
    return derived("plugin-index", slot, installed_state(), _scan_entry_points)


def _scan_entry_points() -> list[EntryPoint]:
    import importlib.metadata

    def package(ep: importlib.metadata.EntryPoint) -> str:
        if ep.dist:
            return ruleids.normalize(ep.dist.name)
        return ruleids.normalize(getattr(ep, "value", ep.name).split(".")[0].split(":")[0])

    found = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        found.append(EntryPoint(ep.name, getattr(ep, "value", ep.name), package(ep),
                                getattr(ep.dist, "version", None) if ep.dist else None))
    return sorted(found, key=lambda e: (e.package != ruleids.CORE_PACKAGE, e.name))


def _package_of_module(module: ModuleType, name: str) -> str:
    """The distribution that installed ``module`` (a module registered by hand, not by entry point), or the
    top-level package's name when no installed distribution has it."""
    top = getattr(module, "__name__", name).split(".")[0]
    dists = _packages_distributions().get(top)
    return ruleids.normalize(dists[0] if dists else top)


@functools.lru_cache(maxsize=1)
def _packages_distributions() -> dict[str, list[str]]:
    # reads the metadata of every installed distribution: once per process
    import importlib.metadata

    return dict(importlib.metadata.packages_distributions())


_REGISTRY: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry of installed plugins (loaded once)."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = Registry()
    return _REGISTRY

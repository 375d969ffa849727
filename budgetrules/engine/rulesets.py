"""Rulesets: which rules run on a disclosure, at which severity, with which parameters.

A ruleset is a TOML file (read with :mod:`tomllib`, decimals as :class:`~decimal.Decimal`)::

    name = "xinjiang-county-budget"          # optional; must equal the file name (without .toml)
    description = "新疆县级部门预算公开（九张表）"
    kind = "预算"                               # 预算 | 决算 (or budget | final)
    years = "2021-"                           # 2021 | "2021" | "2021-" | "-2020" | "2017-2020"
    region = "新疆维吾尔自治区（县级）"
    extends = "national-budget"               # a ruleset name, or a path ending in .toml (relative to this file)
    basis = ["财预〔2016〕143号"]                # the documents the ruleset implements
    auto = true                               # a candidate for automatic choice (default false)
    match = ["新疆", "克孜勒苏"]                 # regexes on the title / department that make it the choice

    select = ["MC", "SG", "AR"]               # ids, prefixes or globs; absent: every rule
    extend_select = ["XT"]                    # added to the inherited select
    ignore = ["SG108"]

    [severity]                                # by id, prefix or glob; "off" disables
    SG = "warning"
    SG102 = "error"

    [rules.MC101]                             # parameters of one rule (must be among the rule's params)
    tables = [{kind = "summary", title = "部门收支总表", aliases = ["收支总体情况表"]}]

    [[rule]]                                  # the ruleset's own declarative rules (budgetrules.engine.declarative)
    id = "ZJ201"                              # a private prefix (Z…): see budgetrules.core.ruleids
    kind = "limit"
    …

Without ``select`` every rule runs — the shipped families and every installed plugin's — except what ``ignore``
(or a severity ``off``) excludes; ``select`` narrows that to the rules it names. A ruleset's own ``[[rule]]``
rules run wherever it (or a ruleset extending it) is in force, unless ignored: ``select`` need not name them.

``extends`` builds a ruleset on another: ``select`` replaces the inherited one (``extend_select`` adds to it),
``ignore`` and ``basis`` add up, ``[severity]`` and each ``[rules.X]`` merge key by key (the child wins; a
list parameter is replaced as a whole). ``auto`` and ``match`` are never inherited.

Rulesets are found by name in the directories registered through the ``register_rulesets`` hook (first, so
that an organisation can replace a shipped ruleset) and then in the shipped package ``budgetrules_rulesets``.

Everything is validated when a ruleset is loaded, against the rules actually registered: an unknown top-level
key, an unknown rule named by its full id, a ``[rules.X]`` section for a rule that does not exist, a parameter
the rule does not have or a value of the wrong type is a :class:`~budgetrules.core.errors.UsageError` whose message
names the file and the key. Prefixes and globs (``AR``, ``SG1*``) may match no rule yet (rule families are
plugins, and a family may be absent).
"""

from __future__ import annotations

import fnmatch
import functools
import importlib.util
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import attrs

from budgetrules.core import regex
from budgetrules.core.errors import UsageError
from budgetrules.core.findings import Severity
from budgetrules.core.model import Document
from budgetrules.core.tomlfile import parsed_toml
from budgetrules.engine.rules import Rule

__all__ = [
    "Ruleset",
    "RulesetFile",
    "resolve",
    "load_file",
    "available",
    "default_for_factory",
    "choose",
    "DefaultChooser",
    "ruleset_dirs",
    "coerce_params",
    "runs",
    "running",
    "unselected",
]

_TOP_KEYS = {
    "name", "description", "kind", "years", "region", "extends", "basis", "auto", "match",
    "select", "extend_select", "ignore", "severity", "rules", "rule",
}
_KINDS = {"预算": "预算", "决算": "决算", "budget": "预算", "final": "决算"}
_FULL_ID = regex.compile(r"^[A-Z]{2,4}\d{3}$")
_PATTERN = regex.compile(r"^[A-Z0-9*?\[\]!-]+$")
_YEARS = regex.compile(r"^\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*$")
_SEVERITIES = {"error", "warning", "info", "off"}


_SPACES = regex.compile(r"\s+")


@attrs.frozen(eq=False)
class Ruleset:
    """A loaded, validated ruleset (its ``extends`` chain already merged in).

    ``years`` is ``(first, last)`` with None for an open end; ``chain`` lists the names from the root of the
    ``extends`` chain down to this ruleset.
    """

    name: str
    path: str
    description: str = ""
    kind: str | None = None
    years: tuple[int | None, int | None] = (None, None)
    region: str | None = None
    extends: str | None = None
    basis: tuple[str, ...] = ()
    auto: bool = False
    match: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, str] = attrs.field(factory=dict)
    params: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    chain: tuple[str, ...] = ()
    #: the declarative rules of this ruleset and of the rulesets it extends (``[[rule]]``)
    rules: tuple[Rule, ...] = ()

    # -- the interface CheckConfig uses --------------------------------------------------------
    def enabled(self, rule: Rule) -> bool:
        own = any(r.id == rule.id for r in self.rules)
        if self.select is not None and not own and not _matches(rule.id, self.select):
            return False
        if _matches(rule.id, self.ignore):
            return False
        return self._severity_text(rule.id) != "off"

    def params_for(self, rule: Rule) -> dict[str, Any]:
        return dict(self.params.get(rule.id, {}))

    def severity_for(self, rule: Rule) -> Severity | None:
        text = self._severity_text(rule.id)
        if text is None or text == "off":
            return None
        return Severity(text)

    # -- queries -----------------------------------------------------------------------------
    def _severity_text(self, rule_id: str) -> str | None:
        best: tuple[int, int] | None = None
        found = None
        for pattern, value in self.severities.items():
            score = _specificity(rule_id, pattern)
            if score is not None and (best is None or score > best):
                best, found = score, value
        return found

    def applies_to(self, doc: Document) -> bool:
        """Kind and year fit the document (an unknown year fits any range)."""
        if self.kind and (doc.kind is None or doc.kind.value != self.kind):
            return False
        first, last = self.years
        if doc.year is not None:
            if first is not None and doc.year < first:
                return False
            if last is not None and doc.year > last:
                return False
        return True

    def matches_document(self, doc: Document) -> bool:
        """One of the ``match`` patterns is found in the title or department name."""
        text = " ".join(x for x in (doc.title, doc.department.name or "") if x)
        text = _SPACES.sub("", text)
        return any(regex.compile(p).search(text) for p in self.match)

    @property
    def years_text(self) -> str:
        first, last = self.years
        if first is None and last is None:
            return "不限"
        if first == last:
            return str(first)
        return f"{first or ''}-{last or ''}"


def _specificity(rule_id: str, pattern: str) -> tuple[int, int] | None:
    if rule_id == pattern:
        return (2, len(pattern))
    if rule_id.startswith(pattern) and not any(c in pattern for c in "*?["):
        return (1, len(pattern))
    if fnmatch.fnmatchcase(rule_id, pattern):
        return (0, len(pattern))
    return None


def _matches(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(_specificity(rule_id, p) is not None for p in patterns)


# ---------------------------------------------------------------------------------------------------
# finding files


@attrs.frozen
class RulesetFile:
    """A ruleset file found by name: where it is and its name."""

    name: str
    path: Path
    origin: str  # "shipped" or "plugin"


def ruleset_dirs(registry: Any) -> list[tuple[Path, str]]:
    """Directories searched for rulesets, in order: registered by plugins, then shipped."""
    dirs: list[tuple[Path, str]] = [(Path(d), "plugin") for d in getattr(registry, "ruleset_dirs", ())]
    shipped = _shipped_dir()
    if shipped is not None:
        dirs.append((shipped, "shipped"))
    return dirs


@functools.lru_cache(maxsize=1)
def _shipped_dir() -> Path | None:
    """The folder of the shipped rulesets (the package ``budgetrules_rulesets``). Found from the package's import
    spec, as :func:`importlib.resources.files` finds a package in a folder, without importing
    :mod:`importlib.resources` (and :mod:`tempfile` with it) in every process; a package that is not one folder
    on disk is left to :func:`importlib.resources.files`."""
    try:
        spec = importlib.util.find_spec("budgetrules_rulesets")
    except (ModuleNotFoundError, ValueError):  # pragma: no cover - the package is part of the install
        return None
    if spec is None:  # pragma: no cover
        return None
    locations = list(spec.submodule_search_locations or ())
    if len(locations) == 1 and spec.origin and os.path.isdir(locations[0]):
        return Path(locations[0])
    from importlib import resources  # pragma: no cover - a zipped or namespace package

    try:  # pragma: no cover
        return Path(str(resources.files("budgetrules_rulesets")))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        return None


def _files(registry: Any) -> dict[str, RulesetFile]:
    found: dict[str, RulesetFile] = {}
    for directory, origin in ruleset_dirs(registry):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            found.setdefault(path.stem, RulesetFile(path.stem, path, origin))
    return found


def _registry(registry: Any) -> Any:
    if registry is None:
        from budgetrules.engine.plugins import get_registry

        return get_registry()
    return registry


# ---------------------------------------------------------------------------------------------------
# loading and validation


def _read(path: Path) -> dict[str, Any]:
    """The TOML in ``path``, parsed once and then read back from the store of derived data
    (:func:`budgetrules.core.tomlfile.parsed_toml`)."""
    try:
        data = path.read_bytes()
        return parsed_toml("ruleset-toml", path, data)
    except FileNotFoundError:
        raise UsageError(f"{path}: 规则集文件不存在") from None
    except OSError as exc:
        raise UsageError(f"{path}: 无法读取：{exc.strerror or exc}") from None


def _fail(path: Path, key: str, problem: str) -> UsageError:
    return UsageError(f"{path}: 键 {key}：{problem}")


def _str_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "应为字符串或字符串列表")
    return tuple(value)


def _years(path: Path, value: Any) -> tuple[int | None, int | None]:
    if isinstance(value, bool):
        raise _fail(path, "years", f"无效的年度 {value!r}")
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        first, last = value
    elif isinstance(value, str) and (m := _YEARS.match(value)) and (m.group(1) or m.group(3)):
        first = int(m.group(1)) if m.group(1) else None
        last = int(m.group(3)) if m.group(3) else None
        if not m.group(2):
            if first is None or last is not None:
                raise _fail(path, "years", f"无效的年度范围 {value!r}（如 \"2021\"、\"2021-\"、\"2017-2020\"）")
            last = first
    else:
        raise _fail(path, "years", f"无效的年度范围 {value!r}（如 \"2021\"、\"2021-\"、\"2017-2020\"）")
    if first is not None and last is not None and first > last:
        raise _fail(path, "years", f"起始年度 {first} 晚于结束年度 {last}")
    return (first, last)


def _check_patterns(path: Path, key: str, patterns: Iterable[str], registry: Any, lenient: bool = False) -> None:
    for p in patterns:
        if not _PATTERN.match(p):
            raise _fail(path, key, f"无效的规则编号、前缀或通配符 {p!r}")
        if _FULL_ID.match(p) and p not in registry.rules and not lenient:
            raise _fail(path, key, f"未知的规则 {p}（见 `budgetrules rules`）")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, Decimal, float)):
        return "数值"
    if isinstance(value, str):
        return "字符串"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, dict):
        return "表"
    return type(value).__name__


def _coerce(path: Path, key: str, default: Any, value: Any) -> Any:
    """``value`` checked against the type of the rule's default ``default`` (and converted: numbers → Decimal)."""
    if default is None:
        return value
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise _fail(path, key, f"应为布尔值（true/false），而不是 {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(path, key, f"应为整数，而不是 {value!r}")
        return value
    if isinstance(default, (Decimal, float)):
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise _fail(path, key, f"应为数值，而不是 {value!r}")
        return Decimal(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise _fail(path, key, f"应为字符串，而不是 {value!r}")
        return value
    if isinstance(default, (list, tuple)):
        if not isinstance(value, list):
            raise _fail(path, key, f"应为列表，而不是{_type_name(value)}")
        if not default:
            return list(value)
        if all(isinstance(d, dict) for d in default):
            template: dict[str, Any] = {}
            for d in default:
                for k, v in d.items():
                    template.setdefault(k, v)
            return [_coerce_table(path, f"{key}[{i}]", template, v) for i, v in enumerate(value)]
        return [_coerce(path, f"{key}[{i}]", default[0], v) for i, v in enumerate(value)]
    if isinstance(default, dict):
        return _coerce_table(path, key, default, value) if default else dict(value)
    return value


def _coerce_table(path: Path, key: str, template: Mapping[str, Any], value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, key, f"应为表（{{…}}），而不是{_type_name(value)}")
    out = {}
    for k, v in value.items():
        if k not in template:
            raise _fail(path, f"{key}.{k}", f"未知的键；可用：{', '.join(sorted(template))}")
        out[k] = _coerce(path, f"{key}.{k}", template[k], v)
    return out


@attrs.frozen
class _Known:
    """The registry's rules plus a ruleset's own: what a ruleset file may name."""

    rules: Mapping[str, Rule]


def _own_rules(path: Path, data: dict[str, Any], registry: Any, parent: "Ruleset | None") -> tuple[Rule, ...]:
    """The ``[[rule]]`` tables of a ruleset file, as rules; private prefixes only, no ID taken already."""
    if "rule" not in data:
        return ()
    from budgetrules.core import ruleids
    from budgetrules.engine import declarative

    name = data.get("name", path.stem) if isinstance(data.get("name", path.stem), str) else path.stem
    rules = declarative.rules_from_tables(data["rule"], str(path))
    inherited = {r.id for r in (parent.rules if parent else ())}
    for i, rule in enumerate(rules):
        if not ruleids.is_private(rule.id):
            raise _fail(path, f"rule[{i}].id", f"规则集中声明的规则须使用以 {ruleids.PRIVATE} 开头的私用前缀"
                                               f"（如 {ruleids.PRIVATE}J101），而不是 {rule.id}（见 budgetrules.core.ruleids）")
        if rule.id in registry.rules or rule.id in inherited:
            where = f"插件 {registry.rules[rule.id].plugin}" if rule.id in registry.rules else "所继承的规则集"
            raise _fail(path, f"rule[{i}].id", f"规则编号 {rule.id} 已由{where}使用")
    return tuple(attrs.evolve(r, plugin=f"ruleset:{name}") for r in rules)


def coerce_params(rule: Rule, values: Mapping[str, Any], where: str = "params") -> dict[str, Any]:
    """``values`` checked against ``rule``'s parameters and converted as a ruleset's ``[rules.X]`` section is
    (numbers → Decimal, lists and tables checked entry by entry); raises UsageError naming ``where``."""
    path = Path(where)
    out: dict[str, Any] = {}
    for pname, pvalue in _decimals(dict(values)).items():
        if pname not in rule.params:
            known = ", ".join(sorted(rule.params)) or "（该规则没有参数）"
            raise _fail(path, f"{rule.id}.{pname}", f"规则 {rule.id} 没有此参数；可用：{known}")
        out[pname] = _coerce(path, f"{rule.id}.{pname}", rule.params[pname], pvalue)
    return out


def _decimals(value: Any) -> Any:
    """Floats (from Python or YAML) as the Decimals they print as, in lists and tables too."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    return value


@attrs.frozen
class _Raw:
    """One file's own settings, validated, before merging its ``extends`` chain."""

    path: Path
    name: str
    data: Mapping[str, Any]
    severities: Mapping[str, str]
    params: Mapping[str, Mapping[str, Any]]


def _validate(path: Path, data: dict[str, Any], registry: Any, lenient: bool = False) -> _Raw:
    for key in data:
        if key not in _TOP_KEYS:
            raise _fail(path, key, f"未知的键；可用：{', '.join(sorted(_TOP_KEYS))}")
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, "name", "应为非空字符串")
    for key in ("description", "region", "extends"):
        if key in data and not isinstance(data[key], str):
            raise _fail(path, key, "应为字符串")
    if "kind" in data and data["kind"] not in _KINDS:
        raise _fail(path, "kind", f"应为 预算 或 决算，而不是 {data['kind']!r}")
    if "years" in data:
        _years(path, data["years"])
    if "auto" in data and not isinstance(data["auto"], bool):
        raise _fail(path, "auto", "应为布尔值（true/false）")
    for key in ("basis", "match", "select", "extend_select", "ignore"):
        if key in data:
            values = _str_list(path, key, data[key])
            if key in ("select", "extend_select", "ignore"):
                _check_patterns(path, key, values, registry, lenient)
            if key == "match":
                for p in values:
                    try:
                        regex.compile(p)
                    except re.error as exc:
                        raise _fail(path, "match", f"无效的正则表达式 {p!r}：{exc}") from None
    severities: dict[str, str] = {}
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise _fail(path, "severity", "应为表：规则（编号、前缀或通配符）= 级别")
    for pattern, value in sev.items():
        _check_patterns(path, f"severity.{pattern}", [pattern], registry, lenient)
        if value not in _SEVERITIES:
            raise _fail(path, f"severity.{pattern}", f"级别应为 error、warning、info 或 off，而不是 {value!r}")
        severities[pattern] = value
    params: dict[str, dict[str, Any]] = {}
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise _fail(path, "rules", "应为表：[rules.规则编号]")
    for rule_id, values in rules.items():
        where = f"rules.{rule_id}"
        rule = registry.rules.get(rule_id)
        if rule is None and lenient:
            continue  # its plugin failed to load (reported as BR001): nothing of it runs anyway
        if rule is None:
            raise _fail(path, where, f"未知的规则 {rule_id}（见 `budgetrules rules`）")
        if not isinstance(values, dict):
            raise _fail(path, where, "应为表：参数 = 值")
        own: dict[str, Any] = {}
        for pname, pvalue in values.items():
            if pname not in rule.params:
                known = ", ".join(sorted(rule.params)) or "（该规则没有参数）"
                raise _fail(path, f"{where}.{pname}", f"规则 {rule_id} 没有此参数；可用：{known}")
            own[pname] = _coerce(path, f"{where}.{pname}", rule.params[pname], pvalue)
        params[rule_id] = own
    return _Raw(path, name, data, severities, params)


def _merge(raw: _Raw, parent: Ruleset | None, own: tuple[Rule, ...] = ()) -> Ruleset:
    data = raw.data
    kind = _KINDS[data["kind"]] if "kind" in data else (parent.kind if parent else None)
    years = _years(raw.path, data["years"]) if "years" in data else (parent.years if parent else (None, None))
    basis = list(parent.basis) if parent else []
    for b in _str_list(raw.path, "basis", data.get("basis", [])):
        if b not in basis:
            basis.append(b)
    if "select" in data:
        select: tuple[str, ...] | None = _str_list(raw.path, "select", data["select"])
    else:
        select = parent.select if parent else None
    if "extend_select" in data and select is not None:
        select = (*select, *_str_list(raw.path, "extend_select", data["extend_select"]))
    ignore = (*(parent.ignore if parent else ()), *_str_list(raw.path, "ignore", data.get("ignore", [])))
    severities = {**(parent.severities if parent else {}), **raw.severities}
    params: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (parent.params if parent else {}).items()}
    for rule_id, values in raw.params.items():
        params.setdefault(rule_id, {}).update(values)
    return Ruleset(
        name=raw.name,
        path=str(raw.path),
        description=data.get("description", parent.description if parent else ""),
        kind=kind,
        years=years,
        region=data.get("region", parent.region if parent else None),
        extends=data.get("extends"),
        basis=tuple(basis),
        auto=data.get("auto", False),
        match=_str_list(raw.path, "match", data.get("match", [])),
        select=select,
        ignore=ignore,
        severities=severities,
        params=params,
        chain=(*(parent.chain if parent else ()), raw.name),
        rules=(*(parent.rules if parent else ()), *own),
    )


def load_file(
    path: str | Path, registry: Any = None, *, _seen: tuple[str, ...] = (), lenient: bool = False,
    _found: Mapping[str, RulesetFile] | None = None, _loaded: dict[str, Ruleset] | None = None,
) -> Ruleset:
    """Load and validate the ruleset in ``path`` (with its ``extends`` chain).

    ``lenient`` skips ``[rules.X]`` sections of rules that are not registered; it is used only for the
    automatic choice when a plugin failed to load, so that the failure is reported (BR001) and the other
    rules still run, instead of every check stopping on the ruleset. (``_loaded``: the files already loaded
    by the caller with the same registry and ``lenient``, by resolved path — a parent that several rulesets
    extend is loaded and validated once.)
    """
    registry = _registry(registry)
    path = Path(path)
    key = str(path.resolve())
    if key in _seen:
        raise _fail(path, "extends", "循环继承：" + " → ".join([*_seen, key]))
    if _loaded is not None and key in _loaded:
        return _loaded[key]
    data = _read(path)
    parent = None
    if "extends" in data:
        target = data["extends"]
        if not isinstance(target, str):
            raise _fail(path, "extends", "应为字符串")
        if target.endswith(".toml"):
            parent_path = (path.parent / target) if not Path(target).is_absolute() else Path(target)
        else:
            found = (_files(registry) if _found is None else _found).get(target)
            if found is None:
                raise _fail(path, "extends", f"未知的规则集 {target!r}（见 `budgetrules rulesets`）")
            parent_path = found.path
        parent = load_file(parent_path, registry, _seen=(*_seen, key), lenient=lenient, _found=_found,
                           _loaded=_loaded)
    own = _own_rules(path, data, registry, parent)
    rules = (*(parent.rules if parent else ()), *own)
    known = _Known({**registry.rules, **{r.id: r for r in rules}}) if rules else registry
    raw = _validate(path, data, known, lenient)
    ruleset = _merge(raw, parent, own)
    if _loaded is not None:
        _loaded[key] = ruleset
    return ruleset


def resolve(name_or_path: str, registry: Any = None, *, lenient: bool = False,
            _found: Mapping[str, RulesetFile] | None = None, _loaded: dict[str, Ruleset] | None = None) -> Ruleset:
    """The ruleset named ``name_or_path`` (a shipped or registered name), or the TOML file at that path.
    (``_found``: the ruleset files by name, when the caller has just listed them; ``_loaded``: see
    :func:`load_file`.)"""
    registry = _registry(registry)
    found = (_files(registry) if _found is None else _found).get(name_or_path)
    if found is not None:
        ruleset = load_file(found.path, registry, lenient=lenient, _found=_found, _loaded=_loaded)
        if ruleset.name != found.name:
            raise _fail(found.path, "name", f"规则集名称 {ruleset.name!r} 应与文件名 {found.name!r} 一致")
        return ruleset
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise UsageError(f"{path}: 规则集文件不存在")
        return load_file(path, registry)
    names = ", ".join(sorted(_files(registry))) or "（无）"
    raise UsageError(f"未知的规则集 {name_or_path!r}；可用：{names}（或给出 .toml 文件路径）")


def available(registry: Any = None) -> list[tuple[RulesetFile, Ruleset | None, str | None]]:
    """Every ruleset found by name: ``(file, ruleset or None, error message or None)``, sorted by name."""
    registry = _registry(registry)
    out: list[tuple[RulesetFile, Ruleset | None, str | None]] = []
    for name, found in sorted(_files(registry).items()):
        try:
            out.append((found, resolve(name, registry), None))
        except UsageError as exc:
            out.append((found, None, str(exc)))
    return out


def choose(doc: Document, candidates: Iterable[Ruleset]) -> Ruleset | None:
    """The automatic choice for ``doc`` among ``candidates`` (those with ``auto = true``).

    Among the rulesets whose kind and years fit the document, one whose ``match`` patterns are found in the
    title or department name wins over one without ``match``; then the deeper ``extends`` chain (the more
    specific ruleset), then the narrower year range, then the name (so the choice is deterministic). When the
    document's year is unknown, the wider year range comes before the deeper chain: a year's ruleset adds what
    that year's template added, which a document of another year need not have.
    """
    fitting = [r for r in candidates if r.auto and r.applies_to(doc)]
    ranked = []
    for r in fitting:
        if r.match and not r.matches_document(doc):
            continue
        first, last = r.years
        span = (last if last is not None else 9999) - (first if first is not None else 0)
        if doc.year is None:
            ranked.append(((0 if r.match else 1, -span, -len(r.chain), r.name), r))
        else:
            ranked.append(((0 if r.match else 1, -len(r.chain), span, r.name), r))
    if not ranked:
        return None
    return min(ranked, key=lambda x: x[0])[1]


@attrs.frozen(eq=False)
class DefaultChooser:
    """Picks the ruleset of each document among ``candidates`` (see :func:`choose`); picklable, so that
    ``check --jobs N`` can hand it to worker processes."""

    candidates: tuple[Ruleset, ...]

    def __call__(self, doc: Document) -> Ruleset | None:
        return choose(doc, self.candidates)


def default_for_factory(registry: Any = None) -> Callable[[Document], Ruleset | None]:
    """A function choosing the ruleset for each document from its kind and year (see :func:`choose`).

    Every candidate is loaded and validated now, so that a broken ruleset is a usage error before any file
    is checked — except that, when a plugin failed to load, sections for rules that are not registered are
    skipped (the failure is reported as BR001 on every file, and the other rules run).
    """
    registry = _registry(registry)
    lenient = bool(getattr(registry, "errors", None))
    candidates: list[Ruleset] = []
    files = _files(registry)  # listed once for every candidate and its ``extends`` chain
    loaded: dict[str, Ruleset] = {}  # a parent several candidates extend: loaded and validated once
    for name, found in sorted(files.items()):
        head = _read(found.path)
        if head.get("auto") is True:
            candidates.append(resolve(name, registry, lenient=lenient, _found=files, _loaded=loaded))
    return DefaultChooser(tuple(candidates))


# ---------------------------------------------------------------------------------------------------
# which rulesets run which rules


def runs(ruleset: Ruleset, rule: Rule) -> bool:
    """``ruleset`` runs ``rule`` on the documents it is for: enabled, and the rule is for the ruleset's kind."""
    if not ruleset.enabled(rule):
        return False
    return not (rule.kinds and ruleset.kind and ruleset.kind not in rule.kinds)


def running(rule: Rule, candidates: Iterable[Ruleset]) -> list[str]:
    """The names of the ``candidates`` that run ``rule`` (a ruleset's own rule only where it is declared or
    inherited)."""
    out = []
    for rs in candidates:
        if rule.plugin and rule.plugin.startswith("ruleset:") and not any(r.id == rule.id for r in rs.rules):
            continue
        if runs(rs, rule):
            out.append(rs.name)
    return out


def unselected(patterns: Iterable[str], rules: Iterable[Rule], candidates: Iterable[Ruleset]) -> dict[str, str]:
    """The ``--select`` patterns that would select nothing: ``{pattern: why}`` (in Chinese).

    A pattern that names no rule in ``rules`` is unknown; one whose rules none of the ``candidates`` runs
    (the ruleset named with ``--ruleset``, or every ruleset the automatic choice may pick) is unselected.
    Patterns are ids, prefixes or globs, as everywhere.
    """
    rules = list(rules)
    candidates = list(candidates)
    out: dict[str, str] = {}
    for pattern in patterns:
        matched = [r for r in rules if _matches(r.id, [pattern])]
        if not matched:
            out[pattern] = f"未知的规则 {pattern!r}（见 `budgetrules rules`）"
            continue
        if not candidates:
            continue
        if not any(running(r, candidates) for r in matched):
            names = "、".join(rs.name for rs in candidates)
            ids = "、".join(r.id for r in matched[:6]) + ("…" if len(matched) > 6 else "")
            out[pattern] = (f"--select {pattern}：规则 {ids} 不在规则集 {names} 所运行的规则中"
                            f"（被其 select、ignore 或级别 off 排除，或不适用于其文件类型），不会运行；"
                            f"见 `budgetrules rules`，或用 --ruleset 指定运行它的规则集")
    return out

"""What a reviewer is told about a rule besides its findings: what it checks (说明), how the department corrects
what it finds (整改建议) and the rules of law it rests on (依据).

Where it comes from, first found wins for each of the three:

1. the rule's docstring, in sections headed ``说明``, ``整改建议`` and ``依据`` (an indented block under the
   heading, as the docstrings' other sections; one basis a line);
2. ``guidance.toml`` in the package that defines the rule: a table per rule id, and a ``[family]`` table whose
   entries apply to every rule of the package that has none of its own::

       [family]
       "依据" = ["《中华人民共和国预算法》第十四条：……"]

       [AR101]
       "说明" = "……"
       "整改建议" = "……"

   (the core diagnostics BR… have theirs in ``budgetrules/guidance.toml``).

A rule from an outside plugin can ship either; a rule with neither is explained by its summary and docstring
alone. ``budgetrules explain RULE`` prints all of it; SARIF puts it in each rule's ``help``.
"""

from __future__ import annotations

import functools
import inspect
import tomllib
from importlib import resources
from types import ModuleType
from typing import Any, Mapping

import attrs

__all__ = ["Guidance", "guidance", "guidance_for", "SECTION_NAMES"]

#: The docstring sections read, and the keys of ``guidance.toml``.
SECTION_NAMES = ("说明", "整改建议", "依据")


@attrs.frozen
class Guidance:
    """说明 (``description``), 整改建议 (``advice``) and 依据 (``basis``, one entry a regulation) of a rule."""

    rule: str
    summary: str = ""
    description: str | None = None
    advice: str | None = None
    basis: tuple[str, ...] = ()

    def help_text(self) -> str:
        """Plain text for SARIF ``help.text``."""
        parts = [self.description or self.summary]
        if self.advice:
            parts.append(f"整改建议：{self.advice}")
        if self.basis:
            parts.append("依据：" + "；".join(self.basis))
        return "\n\n".join(parts)

    def help_markdown(self) -> str:
        """Markdown for SARIF ``help.markdown``."""
        parts = [f"**{self.rule}** {self.summary}", self.description or ""]
        if self.advice:
            parts.append(f"**整改建议**：{self.advice}")
        if self.basis:
            parts.append("**依据**\n\n" + "\n".join(f"- {b}" for b in self.basis))
        return "\n\n".join(p for p in parts if p)


def _docstring_sections(doc: str) -> dict[str, str]:
    """The ``说明``/``整改建议``/``依据`` sections of a docstring: a heading line with an indented block under
    it, or one line ``依据：text`` (as a declarative rule's documentation has it)."""
    out: dict[str, str] = {}
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        head, sep, rest = line.partition("：")
        if sep and head in SECTION_NAMES and rest.strip():
            out.setdefault(head, rest.strip())
            continue
        name = line.strip().rstrip("：:")
        if name not in SECTION_NAMES or line[:1].isspace():
            continue
        block = []
        for follow in lines[i + 1:]:
            if follow.strip() and not follow[:1].isspace():
                break
            block.append(follow.strip())
        text = "\n".join(block).strip()
        if text:
            out[name] = text
    return out


@functools.lru_cache(maxsize=None)
def _package_file(package: str) -> Mapping[str, Any]:
    try:
        ref = resources.files(package).joinpath("guidance.toml")
        if not ref.is_file():
            return {}
        return tomllib.loads(ref.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, tomllib.TOMLDecodeError, OSError, TypeError):
        return {}


def _basis(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(line.strip() for line in value.splitlines() if line.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def guidance_for(rule_id: str, summary: str, doc: str = "", package: str | None = None) -> Guidance:
    """The guidance of ``rule_id`` from its docstring ``doc`` and the ``guidance.toml`` of ``package``."""
    found = _docstring_sections(doc) if doc else {}
    data = _package_file(package) if package else {}
    own, family = data.get(rule_id, {}), data.get("family", {})

    def pick(name: str) -> Any:
        return found.get(name) or own.get(name) or family.get(name)

    return Guidance(rule=rule_id, summary=summary, description=pick("说明"), advice=pick("整改建议"),
                    basis=_basis(pick("依据")))


def guidance(rule: Any) -> Guidance:
    """The guidance of a :class:`~budgetrules.engine.rules.Rule`."""
    module = inspect.getmodule(rule.func)
    name = getattr(module, "__name__", "") or ""
    package = None if not name or name == "budgetrules" or name.startswith("budgetrules.") else _guidance_package(module)
    return guidance_for(rule.id, rule.summary, rule.doc, package)


def _guidance_package(module: ModuleType | None) -> str | None:
    """The package whose ``guidance.toml`` holds a rule's guidance: the nearest package, from the rule's module
    up, that has one (``budgetrules_plugins.arithmetic`` for ``budgetrules_plugins.arithmetic.ar101``); the
    module's own package when none has."""
    if module is None:
        return None
    package: str = module.__package__ or module.__name__.rpartition(".")[0] or module.__name__
    candidate = package
    while candidate:
        if _package_file(candidate):
            return candidate
        candidate = candidate.rpartition(".")[0]
    return package


def diagnostic_guidance(code: str, summary: str) -> Guidance:
    """The guidance of a core diagnostic (``BR…``)."""
    return guidance_for(code, summary, "", "budgetrules")


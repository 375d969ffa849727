"""Rule IDs and who may use which prefix.

A rule ID is a prefix of 2–4 capital letters and three digits (``AR101``); it is stable forever and never
reused. The prefix says whose rule it is:

* **Registered prefixes** (:data:`REGISTERED`) belong to one package (its distribution name on PyPI). The
  shipped families use ``AR CL HY MC NC SG XT`` and the core's own diagnostics ``BR``; the example plugin in
  ``examples/`` uses ``EX``. A package that publishes rules asks for a prefix by adding one line to
  :data:`REGISTERED` (a pull request to budgetrules), as with any registry of names; its rules then use that
  prefix and no other package may.
* **Private prefixes** start with ``Z`` (``ZJ101``, ``ZSJ201``): free for rules that are never published — a
  finance bureau's own ruleset, an in-house package. Nobody registers them, so two private rule sets may
  collide; the registry reports that like any other collision.

The registry checks every rule when plugins load (:func:`problem`): a rule whose prefix is registered to
another package, or is neither registered nor private, is not registered and the problem is reported
(``BR001``, naming the package). Rules declared in a ruleset file must use a private prefix.
"""

from __future__ import annotations

from typing import Mapping

from budgetrules.core import regex

__all__ = ["REGISTERED", "PRIVATE", "CORE_PACKAGE", "ID_PATTERN", "prefix", "normalize", "problem", "is_private"]

#: The distribution that ships the core and the built-in plugins.
CORE_PACKAGE = "budgetrules"

#: Every registered prefix and the package (distribution name, normalised) it belongs to.
REGISTERED: Mapping[str, str] = {
    "AR": CORE_PACKAGE,  # arithmetic inside a table
    "BR": CORE_PACKAGE,  # the core's diagnostics (not rules)
    "CL": CORE_PACKAGE,  # classification codes
    "HY": CORE_PACKAGE,  # document hygiene
    "MC": CORE_PACKAGE,  # mandatory contents
    "NC": CORE_PACKAGE,  # narrative claims
    "SG": CORE_PACKAGE,  # 八项规定 / “三公” spending
    "XT": CORE_PACKAGE,  # cross-table identities
    "EX": "budgetrules-example",  # examples/budgetrules-example: the plugin API's worked example
}

#: Prefixes starting with this letter are private: never registered, free for unpublished rules.
PRIVATE = "Z"

ID_PATTERN = regex.compile(r"^(?P<prefix>[A-Z]{2,4})\d{3}$")


_SEPARATORS = regex.compile(r"[-_.]+")


def prefix(rule_id: str) -> str:
    """``AR`` for ``AR101``."""
    m = ID_PATTERN.match(rule_id)
    if not m:
        raise ValueError(f"rule id {rule_id!r} must look like AR101 (2-4 capitals, 3 digits)")
    return m.group("prefix")


def normalize(package: str) -> str:
    """A distribution name as PyPI compares them (PEP 503): ``Budgetrules_Example`` → ``budgetrules-example``."""
    return _SEPARATORS.sub("-", package).lower()


def is_private(rule_id: str) -> bool:
    return prefix(rule_id).startswith(PRIVATE)


def problem(rule_id: str, package: str | None) -> str | None:
    """Why ``package`` may not register ``rule_id`` (in Chinese), or None when it may."""
    p = prefix(rule_id)
    owner = REGISTERED.get(p)
    package = normalize(package) if package else None
    if owner is not None:
        if owner == package:
            return None
        return (f"规则 {rule_id}（包 {package or '?'}）使用了登记给包 {owner} 的前缀 {p}；"
                f"请使用登记给本包的前缀，或以 {PRIVATE} 开头的私用前缀（见 docs/writing-rules.md “规则编号”）")
    if p.startswith(PRIVATE):
        return None
    return (f"规则 {rule_id}（包 {package or '?'}）的前缀 {p} 未登记；发布的规则须使用登记给本包的前缀"
            f"（在 budgetrules.core.ruleids.REGISTERED 中登记），不发布的规则使用以 {PRIVATE} 开头的私用前缀"
            f"（见 docs/writing-rules.md “规则编号”）")

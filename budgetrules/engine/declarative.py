"""Declarative rules: a local checklist written as data, without Python.

A rule file is TOML with one ``[[rule]]`` table per rule; the same tables may also stand in a ruleset file
(they are then that ruleset's own rules, see :mod:`budgetrules.engine.rulesets`)::

    [[rule]]
    id = "ZJ201"                       # a rule ID (budgetrules.core.ruleids: a registered prefix, or Z… private)
    kind = "limit"                     # limit | sum | present | ratio
    summary = "培训费不超过公用经费的 5%"   # one line, Chinese
    severity = "warning"               # error (default) | warning | info
    basis = "某省省直机关培训费管理办法第十条"  # the legal basis, shown by `explain` and in the docs
    description = "……"                 # optional: more reference text for `explain`
    documents = ["预算"]                # optional: 预算 and/or 决算 (default both)
    quantity = "econ:30216"            # kind-specific keys, below
    max = 0.05
    of = "public"
    message = "培训费 {value} 万元为公用经费 {base} 万元的 {share}，超过 {limit} 的上限（{where}）"
    failing = '''…a document in the text format on which the rule fires…'''
    passing = '''…one on which it is silent…'''

The kinds (quantities are named as in :mod:`budgetrules.core.quantities`; ``budgetrules quantities`` lists them):

``limit``
    ``quantity`` is at most ``max`` or at least ``min``: a number of ``unit`` (万元 by default), or, with
    ``of = "<quantity>"``, a share of that quantity (``max = 0.05`` is 5%). ``max``/``min`` are the rule's
    parameters, so a ruleset can set its own (``[rules.ZJ201] max = 0.03``). A limit is exceeded only when
    every number the printed value may stand for exceeds it (interval arithmetic: 0.51 of 10.0 is not above
    5%, the printed values may be 0.505 and 10.05). Placeholders: ``{quantity} {value} {limit} {bound}
    {where}``, and with ``of``: ``{base} {share} {base_where}``.
``sum``
    ``total`` equals the sum of ``parts`` (a list of quantities): consistent when the total's interval meets
    the sum of the parts' intervals, exactly as the arithmetic rules. Placeholders: ``{total} {sum} {terms}
    {difference} {tolerance} {explain} {where}``.
``present``
    exactly one of ``table = "<table kind>"`` (a table of that kind is published: ``gpb_project`` …, see
    ``budgetrules.core.tablekinds``), ``code = "func:2080505"`` (a row with that code is printed in some table),
    ``section = "<regex>"`` (a heading or paragraph of the explanation matches) or ``claim = "<subject>"``
    (the prose states a number about that subject). A document without tables is not judged on tables and
    codes, one without prose not on sections and claims. Placeholder: ``{what}``.
``ratio``
    every share the prose states of ``part`` in ``of`` (a claim with quantity ``share``, subject ``part`` and
    whole ``of``) equals part ÷ of computed from the tables (rounding intervals meet). Placeholders:
    ``{stated} {computed} {part} {whole} {explain} {text}``.

Every quantity a rule names must be stated consistently by the tables for the rule to judge: a quantity no
table states, or that two tables state differently (the cross-table rules report that), makes the rule stay
silent on the document. ``message`` must name at least one placeholder; a placeholder the kind does not have,
an unknown key, a bad quantity name or a missing example is a :class:`~budgetrules.core.errors.UsageError` that names
the file and the key. The examples are required, as for every rule: ``budgetrules explain`` prints them and the
testing kit runs them (the failing one must give a finding, the passing one none).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

import attrs

from budgetrules.core import quantities as q
from budgetrules.core import regex
from budgetrules.core.amounts import Amount, Percent, Unit, sum_intervals
from budgetrules.core.compare import check_ratio, fmt
from budgetrules.core.errors import UsageError
from budgetrules.core.findings import Finding, Severity
from budgetrules.core.model import Document
from budgetrules.core.tomlfile import parsed_toml
from budgetrules.engine.rules import Rule, RuleContext

__all__ = ["KINDS", "Spec", "Check", "load_rules", "rules_from_tables", "spec_from_table", "make_rule"]

KINDS = ("limit", "sum", "present", "ratio")

_COMMON = {"id", "kind", "summary", "severity", "basis", "description", "documents", "message", "failing",
           "passing", "family"}
_KEYS: Mapping[str, set[str]] = {
    "limit": {"quantity", "max", "min", "of", "unit"},
    "sum": {"total", "parts"},
    "present": {"table", "code", "section", "claim"},
    "ratio": {"part", "of"},
}
_PLACEHOLDERS: Mapping[str, set[str]] = {
    "limit": {"quantity", "value", "limit", "bound", "where", "base", "share", "base_where"},
    "sum": {"total", "sum", "terms", "difference", "tolerance", "explain", "where"},
    "present": {"what"},
    "ratio": {"stated", "computed", "part", "whole", "explain", "text"},
}
_DOCUMENTS = {"预算": "预算", "决算": "决算", "budget": "预算", "final": "决算"}
_UNITS = {u.value: u for u in Unit}
_HUNDRED = Decimal(100)


_RULE_ID = regex.compile(r"^[A-Z]{2,4}\d{3}$")


@attrs.frozen
class Spec:
    """One declarative rule as read from its file (validated)."""

    id: str
    kind: str
    summary: str
    message: str
    basis: str
    failing: str
    passing: str
    severity: Severity = Severity.ERROR
    description: str = ""
    documents: tuple[str, ...] = ()
    family: str = "declarative"
    fields: Mapping[str, Any] = attrs.field(factory=dict)
    source: str = ""


# ---------------------------------------------------------------------------------------------------
# reading


def _fail(where: str, key: str, problem: str) -> UsageError:
    return UsageError(f"{where}: 键 {key}：{problem}")


def _text(where: str, key: str, data: Mapping[str, Any], required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, key, "应为非空字符串" if value is not None else "缺少此键")
    return value


def _quantity(where: str, key: str, value: Any, claims: bool = False) -> str:
    if not isinstance(value, str):
        raise _fail(where, key, "应为数量名称（字符串）")
    problem = q.name_problem(value, claims=claims)
    if problem:
        raise _fail(where, key, problem)
    return value.strip()


def _number(where: str, key: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise _fail(where, key, f"应为数值，而不是 {value!r}")
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def spec_from_table(data: Mapping[str, Any], where: str) -> Spec:
    """Validate one ``[[rule]]`` table; ``where`` names it in errors (``file.toml: rule[0]``)."""
    if not isinstance(data, dict):
        raise UsageError(f"{where}: 应为表（[[rule]]）")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _fail(where, "kind", f"应为 {'、'.join(KINDS)} 之一，而不是 {kind!r}")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise _fail(where, "id", f"规则编号应如 ZJ101（2–4 个大写字母加 3 位数字），而不是 {rule_id!r}")
    where = f"{where}（{rule_id}）"
    for key in data:
        if key not in _COMMON | _KEYS[kind]:
            raise _fail(where, key, f"{kind} 规则没有此键；可用：{', '.join(sorted(_COMMON | _KEYS[kind]))}")
    summary = _text(where, "summary", data)
    if "\n" in summary.strip():
        raise _fail(where, "summary", "应为一行")
    severity = data.get("severity", "error")
    if severity not in ("error", "warning", "info"):
        raise _fail(where, "severity", f"应为 error、warning 或 info，而不是 {severity!r}")
    documents = data.get("documents", [])
    if isinstance(documents, str):
        documents = [documents]
    if not isinstance(documents, list) or any(d not in _DOCUMENTS for d in documents):
        raise _fail(where, "documents", "应为 预算、决算 的列表")
    fields = _fields(where, kind, data)
    message = _text(where, "message", data)
    import string  # only when a declarative rule is read (defining string.Template compiles a pattern)

    try:
        names = {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}
    except ValueError as exc:
        raise _fail(where, "message", f"无效的模板：{exc}") from None
    unknown = {n for n in names if n not in _PLACEHOLDERS[kind]}
    if unknown or not names:
        allowed = " ".join("{" + p + "}" for p in sorted(_PLACEHOLDERS[kind]))
        problem = f"未知的占位符 {', '.join(sorted(unknown))}" if unknown else "应至少含一个占位符，说明所涉数字"
        raise _fail(where, "message", f"{problem}；{kind} 规则可用：{allowed}")
    return Spec(
        id=rule_id,
        kind=kind,
        summary=summary.strip(),
        message=message.strip(),
        basis=_text(where, "basis", data).strip(),
        failing=_text(where, "failing", data),
        passing=_text(where, "passing", data),
        severity=Severity(severity),
        description=_text(where, "description", data, required=False).strip(),
        documents=tuple(dict.fromkeys(_DOCUMENTS[d] for d in documents)),
        family=_text(where, "family", data, required=False).strip() or "declarative",
        fields=fields,
        source=where,
    )


def _fields(where: str, kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if kind == "limit":
        out["quantity"] = _quantity(where, "quantity", data.get("quantity"))
        bounds = [k for k in ("max", "min") if k in data]
        if len(bounds) != 1:
            raise _fail(where, "max", "limit 规则须有 max（上限）或 min（下限）之一")
        out[bounds[0]] = _number(where, bounds[0], data[bounds[0]])
        if "of" in data:
            out["of"] = _quantity(where, "of", data["of"])
            if "unit" in data:
                raise _fail(where, "unit", "占比上限（有 of）不用单位")
        else:
            unit = data.get("unit", "万元")
            if unit not in _UNITS:
                raise _fail(where, "unit", f"应为 {'、'.join(_UNITS)} 之一")
            out["unit"] = _UNITS[unit]
    elif kind == "sum":
        out["total"] = _quantity(where, "total", data.get("total"))
        parts = data.get("parts")
        if not isinstance(parts, list) or len(parts) < 2:
            raise _fail(where, "parts", "应为至少两个数量名称的列表")
        out["parts"] = tuple(_quantity(where, f"parts[{i}]", p) for i, p in enumerate(parts))
    elif kind == "present":
        given = [k for k in ("table", "code", "section", "claim") if k in data]
        if len(given) != 1:
            raise _fail(where, "table", "present 规则须有 table、code、section、claim 之一（且只有一个）")
        key = given[0]
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise _fail(where, key, "应为非空字符串")
        if key == "table":
            from budgetrules.core.tablekinds import KINDS_BY_ID

            if value not in KINDS_BY_ID:
                raise _fail(where, key, f"未知的表格类型 {value!r}；可用：{', '.join(KINDS_BY_ID)}")
        elif key == "code":
            if not re.match(r"^(?:func|econ):\d{3,7}$", value):
                raise _fail(where, key, f"应如 func:2080505 或 econ:30216，而不是 {value!r}")
        elif key == "section":
            try:
                re.compile(value)
            except re.error as exc:
                raise _fail(where, key, f"无效的正则表达式：{exc}") from None
        else:
            _quantity(where, key, value, claims=True)
        out[key] = value.strip()
    elif kind == "ratio":
        out["part"] = _quantity(where, "part", data.get("part"))
        out["of"] = _quantity(where, "of", data.get("of"))
    return out


def load_rules(path: str | Path) -> list[Rule]:
    """The rules of a declarative rule file (``[[rule]]`` tables), validated; raises UsageError."""
    path = Path(path)
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: 规则文件不存在") from None
    data = parsed_toml("rules-toml", path, source)  # parsed once, then read back from the store
    for key in data:
        if key != "rule":
            raise UsageError(f"{path}: 键 {key}：规则文件只有 [[rule]] 表")
    return rules_from_tables(data.get("rule", []), str(path))


def rules_from_tables(tables: Any, where: str) -> list[Rule]:
    """Rules from a list of ``[[rule]]`` tables read from ``where`` (a rule file or a ruleset)."""
    if not isinstance(tables, list):
        raise UsageError(f"{where}: 键 rule：应为 [[rule]] 表的列表")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, table in enumerate(tables):
        spec = spec_from_table(table, f"{where}: rule[{i}]")
        if spec.id in seen:
            raise _fail(f"{where}: rule[{i}]", "id", f"规则编号 {spec.id} 在同一文件中出现两次")
        seen.add(spec.id)
        rules.append(make_rule(spec))
    return rules


# ---------------------------------------------------------------------------------------------------
# the rule a spec becomes


_KIND_NAMES = {"limit": "限额", "sum": "求和", "present": "必备内容", "ratio": "占比"}


def _what(spec: Spec) -> str:
    f = spec.fields
    if spec.kind == "limit":
        bound = "不超过" if "max" in f else "不低于"
        limit = f.get("max", f.get("min"))
        if "of" in f:
            return f"{f['quantity']} {bound} {f['of']} 的 {_pct(limit)}（参数 {'max' if 'max' in f else 'min'}）"
        return f"{f['quantity']} {bound} {limit} {f['unit'].value}（参数 {'max' if 'max' in f else 'min'}）"
    if spec.kind == "sum":
        return f"{f['total']} = " + " + ".join(f["parts"])
    if spec.kind == "present":
        key, value = next(iter(f.items()))
        return {"table": "须公开表格", "code": "须列出科目", "section": "须有说明", "claim": "文字须说明"}[key] + f" {value}"
    return f"所述 {f['part']} 占 {f['of']} 的比例 = {f['part']} ÷ {f['of']}"


def _doc(spec: Spec) -> str:
    parts = [f"{spec.summary}。"]
    if spec.description:
        parts.append(spec.description)
    parts.append(f"声明式规则（{spec.kind}，{_KIND_NAMES[spec.kind]}）：{_what(spec)}。")
    parts.append(f"依据：{spec.basis}")
    parts.append(f"来源：{spec.source}")
    for title, text in (("Failing example::", spec.failing), ("Passing example::", spec.passing)):
        body = "\n".join(("    " + line) if line.strip() else "" for line in text.strip("\n").splitlines())
        parts.append(f"{title}\n\n{body}")
    return "\n\n".join(parts)


def _pct(share: Decimal) -> str:
    text = f"{(share * _HUNDRED).normalize():f}"
    return f"{text}%"


class Check:
    """The function of a declarative rule: ``Check(spec)(doc, ctx)`` yields its findings. A module-level class
    (not a closure) so that a ruleset holding declarative rules can be sent to ``--jobs`` worker processes."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.__doc__ = _doc(spec)
        self.__name__ = f"declarative_{spec.id.lower()}"
        self.__module__ = __name__

    def __call__(self, doc: Document, ctx: RuleContext) -> Iterable[Any]:
        return _CHECKS[self.spec.kind](doc, ctx, self.spec)


def make_rule(spec: Spec) -> Rule:
    """The :class:`~budgetrules.engine.rules.Rule` that checks ``spec``."""
    params = {k: spec.fields[k] for k in ("max", "min") if k in spec.fields}
    return Rule(id=spec.id, summary=spec.summary, func=Check(spec), severity=spec.severity, family=spec.family,
                params=params, kinds=spec.documents)


def _message(spec: Spec, **values: Any) -> str:
    return spec.message.format_map({k: values.get(k, "") for k in _PLACEHOLDERS[spec.kind]})


def _amount_text(amount: Amount) -> str:
    return str(amount.value)


def _check_limit(doc: Document, ctx: RuleContext, spec: Spec) -> Iterator[Finding]:
    f = spec.fields
    upper = "max" in f
    limit = Decimal(ctx.params.get("max" if upper else "min", f.get("max", f.get("min"))))
    value = q.value(doc, f["quantity"])
    if value is None:
        return
    bound = "不超过" if upper else "不低于"
    if "of" in f:
        base = q.value(doc, f["of"])
        if base is None:
            return
        share = value.interval(value.amount.unit).divide(base.interval(value.amount.unit))
        if share is None:
            return
        broken = share.lo > limit if upper else share.hi < limit
        if not broken:
            return
        text = _message(spec, quantity=f["quantity"], value=_amount_text(value.amount), limit=_pct(limit),
                        bound=bound, where=value.describe(), base=_amount_text(base.amount),
                        share=f"{fmt(share.mid * _HUNDRED, 2)}%", base_where=base.describe())
        yield ctx.finding(text, at=value.fact.place, related=[base.fact.place],
                          expected=f"{bound} {_pct(limit)}", actual=f"{fmt(share.mid * _HUNDRED, 2)}%")
        return
    unit: Unit = f["unit"]
    iv = value.interval(unit)
    broken = iv.lo > limit if upper else iv.hi < limit
    if broken:
        text = _message(spec, quantity=f["quantity"], value=_amount_text(value.amount),
                        limit=f"{limit} {unit.value}", bound=bound, where=value.describe())
        yield ctx.finding(text, at=value.fact.place, expected=f"{bound} {limit} {unit.value}", actual=value.amount)


def _check_sum(doc: Document, ctx: RuleContext, spec: Spec) -> Iterator[Finding]:
    f = spec.fields
    total = q.value(doc, f["total"])
    stated = [q.value(doc, p) for p in f["parts"]]
    parts = [p for p in stated if p is not None]
    if total is None or len(parts) != len(stated):
        return
    unit = total.amount.unit
    total_iv = total.interval(unit)
    sum_iv = sum_intervals(p.interval(unit) for p in parts)
    if total_iv.meets(sum_iv):
        return
    places = max([total.amount.places] + [p.amount.places for p in parts])
    computed = sum((p.amount.in_unit(unit) for p in parts), Decimal(0))
    difference = total.amount.in_unit(unit) - computed
    tolerance = (total_iv.hi - total_iv.lo) / 2 + (sum_iv.hi - sum_iv.lo) / 2
    terms = " + ".join(_amount_text(p.amount) for p in parts)
    explain = f"差额 {fmt(difference, places)}，允许舍入误差 ±{fmt(tolerance, places + 1)}"
    text = _message(spec, total=_amount_text(total.amount), sum=fmt(computed, places), terms=terms,
                    difference=fmt(difference, places), tolerance=fmt(tolerance, places + 1), explain=explain,
                    where=total.describe())
    yield ctx.finding(text, at=total.fact.place, related=[p.fact.place for p in parts],
                      expected=fmt(computed, places), actual=total.amount)


def _check_present(doc: Document, ctx: RuleContext, spec: Spec) -> Iterator[Finding]:
    from budgetrules.reading.docsets import has_narrative

    key, wanted = next(iter(spec.fields.items()))
    if key in ("table", "code"):
        if not doc.tables:
            return
        if key == "table":
            found = doc.table(wanted) is not None
        else:
            system, code = wanted.split(":")
            found = any(r.code is not None and r.code.system == system and r.code.code == code
                        for t in doc.tables for r in t.rows)
    else:
        if not has_narrative(doc):
            return
        if key == "section":
            pattern = re.compile(wanted)
            found = any(pattern.search(s.heading) for s in doc.walk_sections()) or any(
                pattern.search(p.text) for _, p in doc.paragraphs())
        else:
            subject, scope = q.parse(wanted)
            found = any(c.subject == subject and (scope is None or c.scope == scope) for c in doc.claims
                        if c.reading is None)
    if not found:
        yield ctx.finding(_message(spec, what=wanted), at=None)


def _check_ratio(doc: Document, ctx: RuleContext, spec: Spec) -> Iterator[Finding]:
    f = spec.fields
    part_subject, _ = q.parse(f["part"])
    whole_subject, _ = q.parse(f["of"])
    claims = [c for c in doc.claims if c.reading is None and c.quantity == "share" and c.subject == part_subject and c.whole
              and q.parse(c.whole)[0] == whole_subject and isinstance(c.value, Percent)]
    if not claims:
        return
    part = q.value(doc, f["part"])
    whole = q.value(doc, f["of"])
    if part is None or whole is None:
        return
    unit = part.amount.unit
    for claim in claims:
        if not isinstance(claim.value, Percent):
            continue  # (the claims were chosen so)
        result = check_ratio(claim.value, part.interval(unit), whole.interval(unit), unit)
        if result.consistent or result.value is None:  # consistent, or undefined
            continue
        computed = f"{fmt(result.value, 2)}%"
        text = _message(spec, stated=str(claim.value), computed=computed, part=_amount_text(part.amount),
                        whole=_amount_text(whole.amount), explain=result.explain(), text=claim.text)
        yield ctx.finding(text, at=claim, related=[part.fact.place, whole.fact.place],
                          expected=computed, actual=str(claim.value))


_CHECKS: Mapping[str, Callable[[Document, RuleContext, Spec], Iterable[Any]]] = {
    "limit": _check_limit,
    "sum": _check_sum,
    "present": _check_present,
    "ratio": _check_ratio,
}

#!/usr/bin/env python
"""Write docs/rules.md: the reference page of every rule budgetrules ships (and of the core diagnostics), one
section a rule with an anchor ``#ar101`` — the ``helpUri`` of each rule in the SARIF output.

    python scripts/rules_reference.py           # rewrite docs/rules.md
    python scripts/rules_reference.py --check   # exit 1 when docs/rules.md is not what it would write
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs" / "rules.md"


def render() -> str:
    from budgetrules.engine.check import DIAGNOSTIC_SEVERITY, DIAGNOSTICS
    from budgetrules.engine.explain import diagnostic_guidance, guidance
    from budgetrules.engine.plugins import get_registry

    rules = sorted((r for r in get_registry().rules.values() if r.package == "budgetrules"), key=lambda r: r.id)
    out = ["# 规则参考（Rules reference）", "",
           "由 `python scripts/rules_reference.py` 从各规则的文档和 `guidance.toml` 生成；"
           "`budgetrules explain 规则编号` 打印同样的内容。SARIF 输出中每条规则的 `helpUri` 指向本页的对应一节。", ""]
    families: dict[str, list] = {}
    for r in rules:
        families.setdefault(r.id[:2], []).append(r)
    out.append(" · ".join(f"[{prefix}](#{rs[0].id.lower()})（{len(rs)}）" for prefix, rs in families.items())
               + " · [BR](#br001)")
    out.append("")

    def section(rule_id, summary, severity, family, g, doc):
        out.extend([f'<a id="{rule_id.lower()}"></a>', "", f"## {rule_id} {summary}", "",
                    f"默认级别：{severity}　类别：{family}", "", f"**说明**　{g.description or summary}", ""])
        if g.advice:
            out.extend([f"**整改建议**　{g.advice}", ""])
        if g.basis:
            out.extend(["**依据**", "", *(f"- {b}" for b in g.basis), ""])
        if doc:
            out.extend(["<details><summary>规则文档（含不合格与合格示例）</summary>", "", "```text", doc, "```", "",
                        "</details>", ""])

    for r in rules:
        section(r.id, r.summary, r.severity.label, r.family, guidance(r), r.doc)
    for code, text in DIAGNOSTICS.items():
        section(code, text.split("：")[0], DIAGNOSTIC_SEVERITY[code].label, "核心诊断",
                diagnostic_guidance(code, text), "")
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python scripts/rules_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

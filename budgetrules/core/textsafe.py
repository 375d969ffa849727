"""Text from a document made safe to print: control characters escaped.

Everything a report prints — a path, a message quoting the document, a source line, a table title — may come
from the file checked, and a file can hold anything: ESC sequences that clear a reviewer's terminal or set its
window title, the C0 controls XML 1.0 cannot carry (lxml refuses them), a newline in a file name that would
start a forged report line, or the bidirectional overrides that make text read differently from what it holds.

:func:`escape` writes each such character as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``), so that
nothing is lost and nothing acts; :func:`escape_block` keeps tabs (table cells in a source line). Every
renderer that writes text for a terminal, XML, HTML or a spreadsheet applies :func:`safe_report` to each
report first. JSON escapes the C0 controls by its own syntax; :func:`json_text` writes the rest (DEL, C1,
the bidirectional controls, the line separators) as ``\\uXXXX`` escapes too — which decode to the very same
text, so JSON output keeps the document's text exactly.
"""

from __future__ import annotations

import functools
import re
from typing import Any, overload

import attrs

from budgetrules.core import regex
from budgetrules.core.findings import Finding, Location
from budgetrules.core.report import FileReport

__all__ = ["escape", "escape_block", "safe_report", "json_text", "UNSAFE"]

#: C0 controls, DEL, C1 controls, the bidirectional embeddings/overrides/isolates, the line and paragraph
#: separators, and the noncharacters XML cannot carry.
UNSAFE = regex.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufffe\uffff"
                    "\ud800-\udfff]")
_BLOCK_UNSAFE = regex.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069"
                           "\ufffe\uffff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _sub(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@overload
def escape(text: str) -> str: ...
@overload
def escape(text: str | None) -> str | None: ...
def escape(text: str | None) -> str | None:
    """``text`` on one line with every control character written as a visible escape (None stays None)."""
    if text is None or not UNSAFE.search(text):
        return text
    return UNSAFE.sub(_sub, text)


def escape_block(text: str | None) -> str | None:
    """Like :func:`escape`, but keeps tabs (the cells of a printed table row)."""
    if text is None or not _BLOCK_UNSAFE.search(text):
        return text
    return _BLOCK_UNSAFE.sub(_sub, text)


@functools.cache
def _json_unsafe() -> re.Pattern[str]:
    # compiled when JSON is first written (a set reaching U+FFFF takes the regex compiler a few ms; kept in the
    # store of compiled patterns)
    return regex.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufffe\uffff]")


def json_text(serialized: str) -> str:
    """JSON text (from ``json.dumps(…, ensure_ascii=False)``) with the characters that act on a terminal or
    reorder text written as ``\\uXXXX`` escapes; the value it decodes to is unchanged."""
    unsafe = _json_unsafe()
    if not unsafe.search(serialized):
        return serialized
    return unsafe.sub(lambda m: f"\\u{ord(m.group(0)):04x}", serialized)


def _location(loc: Location) -> Location:
    changes: dict[str, Any] = {name: escape(getattr(loc, name)) for name in ("path", "table", "code", "row", "column", "section",
                                                              "ref")}
    if all(changes[n] is getattr(loc, n) for n in changes):
        return loc
    return attrs.evolve(loc, **changes)


def _finding(f: Finding) -> Finding:
    return attrs.evolve(
        f,
        message=escape(f.message),
        location=_location(f.location),
        expected=escape(f.expected),
        actual=escape(f.actual),
        related=tuple(_location(r) for r in f.related),
        key=f.key,
        snippet=escape_block(f.snippet),
    )


def safe_report(report: FileReport) -> FileReport:
    """``report`` with every text it prints escaped (see the module documentation). Text without control
    characters is left as it is, so fingerprints change only for a finding whose file name or place held one."""
    findings = tuple(_finding(f) for f in report.findings)
    parts = tuple(attrs.evolve(p, path=escape(p.path), department=escape(p.department)) for p in report.parts)
    return attrs.evolve(report, path=escape(report.path), findings=findings, error=escape(report.error),
                        department=escape(report.department), ruleset=escape(report.ruleset), parts=parts)

"""Template placeholders: text a disclosure template asks to fill in, left in the published document.

:func:`find_placeholders` finds them in one printed text; :func:`is_filler_cell` tells a table cell that holds
nothing but a template filler (``…``). What counts (each pattern is written to stay silent on real text):

* **runs of X** — ``XX局``, ``XXX万元``, ``20XX年``, ``x,xxx万元``, ``“xx”科目``, ``××``, ``ＸＸ``: two or more
  X (Latin, full-width, or the sign ×) not part of a Latin word (``XXL``, ``Excel``, ``X101`` stay silent);
* **a single X standing for a number** before a unit of date or count — ``X月X日``, ``X年``, ``X人``, ``X万元``
  — not when it follows a digit, a letter or a quantity it would multiply (``天数X人数``, ``标准X人``), and
  ``X光机``, ``X射线`` are not followed by a unit; a single sign × only in a date (``×年×月``, ``×月×日``):
  between numbers or quantities it is a multiplication (``760元×2天``, ``培训天数×人数×标准``);
* **three or more asterisks** ``***`` (one or two mark a footnote);
* **a bracketed blank** — ``（单位名称）``, ``（部门名称）``, ``【项目名称】`` — and **fill-in instructions** —
  ``此处填写``, ``请填写``, ``待填写`` (not ``待填补``, a vacancy);
* **underscores left as a blank** before a unit: ``____年``, ``___万元``;
* **an ellipsis standing for the content** right after ``是``/``为``/``于``/``指``/``包括``/``：`` and before the
  end of the sentence (``XX是…。``, ``主要用于……``) — not an ellipsis ending a list (``……等``), nor the dot
  leaders of a table of contents (a longer run, ``名词解释：…………``).
"""

from __future__ import annotations

import re

import attrs

from budgetrules.api import regex

__all__ = ["Placeholder", "find_placeholders", "is_filler_cell"]

_X = "XxＸｘ×"
_UNIT = "年|月|日|时|万元|亿元|元|人|名|个|家|辆|项|次|批|%|％"
_FILL = "填写|填列|填入|输入|录入"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("X", regex.compile(rf"(?<![A-Za-z])(?:[{_X}][,，][{_X}]{{3}}|[{_X}]{{2,}})(?![A-Za-z])")),
    ("X", regex.compile(rf"(?<![A-Za-z0-9０-９.数价准额率费量])[XxＸｘ](?=\s*(?:{_UNIT}))")),
    ("X", regex.compile(r"×\s*[年月]\s*×\s*[月日](?:\s*×\s*日)?")),
    ("*", regex.compile(r"[*＊]{3,}")),
    ("blank", regex.compile(r"[（(【\[〔]\s*(?:单位|部门|预算单位|主管部门|项目|单位全称|部门全称)\s*名\s*称\s*[）)】\]〕]")),
    ("blank", regex.compile(rf"(?:此处|在此)(?:{_FILL})|请(?:在此)?(?:{_FILL})|待(?:填写|填入|填列)")),
    ("blank", regex.compile(r"[_＿]{2,}\s*(?=年|月|日|万元|元|人|个|家)")),
    ("…", regex.compile(r"(?<=[是为于指括：:])\s*(?:…{1,3}|\.{3,6}|。{3})\s*(?=[。；;，,）)]|$)")),
)

#: A character or run every pattern above needs: a text without one holds no placeholder (most texts; one
#: search instead of eight). Any of ``XxＸｘ×*＊_＿…称填``, or 输入, 录入, ``...``, ``。。。`` — written as one
#: class first (the rest checked behind it) so that the engine skips to those characters instead of trying
#: every position.
_MAYBE = regex.compile(r"[XxＸｘ×*＊_＿…称填输录.。](?:(?<=[XxＸｘ×*＊_＿…称填])|(?<=[输录])入|(?<=\.)\.\.|(?<=。)。。)")

_FILLER = regex.compile(r"^(?:[一二三四五六七八九十\d]+\s*[、.．]\s*)?(?:…+|\.{3,}|。{3,}|⋯+)$")


@attrs.frozen
class Placeholder:
    """One placeholder found in a text: the printed characters and their offset."""

    text: str
    start: int
    end: int
    kind: str


def find_placeholders(text: str) -> list[Placeholder]:
    """The placeholders in ``text``, in order, overlapping matches merged (see the module docstring)."""
    found: list[Placeholder] = []
    if not _MAYBE.search(text):
        return found
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if m.group(0).strip():
                found.append(Placeholder(m.group(0).strip(), m.start(), m.end(), kind))
    found.sort(key=lambda p: (p.start, -p.end))
    merged: list[Placeholder] = []
    for p in found:
        if merged and p.start < merged[-1].end:
            continue
        merged.append(p)
    return merged


def is_filler_cell(text: str) -> bool:
    """Whether a table cell holds nothing but a template filler: ``…``, ``……``, ``二、…``."""
    return bool(_FILLER.match(text.strip()))

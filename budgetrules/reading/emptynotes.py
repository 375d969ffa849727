"""Notes that say a table is empty, in the wordings real disclosures use.

财预〔2016〕143号 asks that a table without data still be published, with a note saying so. The notes vary:

* the table is called empty — ``本表为空表``, ``此表为空``, ``该表为空表``, ``故本表无数据``, ``本表无内容``, ``空表``;
* the unit has no such money — ``本部门无相关收支``, ``本单位无此项收支``, ``本单位无政府性基金预算支出``,
  ``本年度无国有资本经营预算``, ``无“三公”经费``, ``本部门2024年无政府性基金预算财政拨款安排的预算``;
* it does not apply or nothing was arranged — ``不涉及``, ``本年度未安排政府性基金预算``, ``没有安排此项支出``.

:func:`says_empty` recognises all of them in a note (or a line printed right under a table); :func:`calls_table_empty`
only the first kind, which claims the *table itself* is empty (a note that says so under a table with amounts is a
contradiction; "本表不含上年结转" or "本单位无预留机动经费" under a full table is not). "无变化", "无偿", "无锡" and
the like are not notes of emptiness.
"""

from __future__ import annotations

import unicodedata

from budgetrules.core import regex

__all__ = ["says_empty", "calls_table_empty", "EMPTY_NOTE", "TABLE_EMPTY"]

#: Words after 无 that do not mean "none of": 无变化, 无增减, 无偿, 无锡 (a city), 无误, 无论 …
_NOT_NONE = r"(?!变化|增减|偿|锡|误|论|须|需|法|关紧要)"

#: The table itself is said to be empty.
TABLE_EMPTY = regex.compile(
    r"空表|(?:此|本|该|这)(?:张)?表(?:格)?(?:为空|是空|无(?:任何)?(?:数据|内容|数字|金额)|没有(?:任何)?(?:数据|内容|数字|金额))"
    r"|表(?:中|内)?(?:无|没有)(?:任何)?(?:数据|内容|数字|金额)"
)

#: Any wording of an empty-table note.
EMPTY_NOTE = regex.compile(
    TABLE_EMPTY.pattern
    + r"|无(?:任何)?(?:数据|内容)|没有(?:任何)?数据|不涉及|无发生额|未发生"
    + r"|无" + _NOT_NONE + r"[^，,。；;：:]{0,24}?(?:收入|支出|收支|预算|经费|拨款|资金|安排|项目|事项)"
    + r"|(?:未|没有)(?:安排|编制|列支)"
)


_SPACES = regex.compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def says_empty(text: str) -> bool:
    """True when ``text`` (a note under a table) says the table is empty or the unit has no such money."""
    return bool(EMPTY_NOTE.search(_fold(text)))


def calls_table_empty(text: str) -> bool:
    """True when ``text`` says the table itself is empty (空表, 本表为空, 本表无数据 …)."""
    return bool(TABLE_EMPTY.search(_fold(text)))

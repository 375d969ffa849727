"""The numbers prose states: amounts, shares, changes, growth rates and counts, with the words before them.

:func:`number_tokens` finds every printed number of a sentence that is a claim and classifies it by the
words right before it:

* ``比上年（预算）增加 49.26 万元`` / ``减少 0.03 万元`` / ``增加 1 人`` → ``change`` (negative for a decrease);
* ``增长 14.87%`` / ``下降 5%`` → ``growth`` (negative for a decline);
* ``占 39%`` / ``占总支出的 39%`` / ``占比 39%`` → ``share`` (the words between 占 and the number are kept:
  they may name the whole);
* any other ``N 万元`` / ``N 元`` → ``amount``; ``N 人`` / ``N 个`` … → ``count``; any other ``N%`` →
  ``percent`` (kept, never bound);
* a bare integer (``编制数 10，``) → ``bare``: a count only if a counted subject stands right before it;
* ``本年数小于上年预算数 29.65 万元`` → ``change`` (negative: 小于/低于/少于; positive: 大于/高于/超过);
* ``完成年初预算的 98.20%`` → ``completion`` (决算 ÷ 预算).

:func:`word_tokens` finds the comparisons stated without a number: ``与上年持平`` / ``与上年预算数相等`` /
``与上年数一致`` / ``与上年相比无变化`` → ``change`` of exactly zero (at the 0.01 万元 a disclosure prints), and
``决算数大于/小于/等于预算数`` / ``决算数与预算数持平`` → ``versus`` (+1 / −1 / 0, the 决算 against its 预算).
"基本持平" and "略有增加" compare nothing exactly and are not read.

Thresholds (``50 万元以上``) are not claims and are skipped. Values are exact Decimals with the printed
number of decimals (:mod:`budgetrules.core.amounts`).

Tokenisation is linear in the length of the sentence: a number starts only where a run of digits starts (never
inside one, so a run of 20,000 digits is scanned once, not once per digit), the words before a number are read
within :data:`BEFORE` characters of it, and only the sentence itself (plus the few characters around it that
the patterns look at) is folded.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import attrs

from budgetrules.api import Amount, Percent, Unit, plausible_digits, regex

from .linear import KEPT_BY_FOLDS, FoldTable, Taken

__all__ = ["Token", "number_tokens", "word_tokens", "MARKERS", "markers", "PREVIOUS_YEAR", "BEFORE"]

#: How many characters before a number are read for the words that classify it (``比上年预算数相比增加``,
#: ``占一般公共预算财政拨款支出的比例为``: a few dozen in any real sentence).
BEFORE = 160

# A number never starts inside a run of digits (or right after a thousands comma): without the look-behind,
# every digit of a long run would start a new attempt that scans the rest of the run (quadratic time). Each
# pattern starts with its first digit and looks behind it (``\d(?<![\d,]\d)``, "a digit not after a digit or a
# comma"), so that the regex engine skips straight to the digits of a sentence instead of trying every character.
_NUM = r"(?P<num>\d(?<![\d,]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)"
_AMOUNT = regex.compile(_NUM + r"\s*(?P<unit>亿元|万元|元|万(?=[\s，,。；;、)）]|$))")
_PERCENT = regex.compile(_NUM + r"\s*[%％]")
_COUNT = regex.compile(r"(?P<num>\d(?<![\d.]\d)\d*)\s*(?P<unit>人|名|个|家|辆|台|所|套)(?![民员百])")
_BARE = regex.compile(r"(?P<num>\d(?<![\d.]\d)\d*)(?![\d.])(?=\s*(?:[，,。；;、]|$))")
_DIGIT = regex.compile(r"\d")
_DIGIT_BEFORE = regex.compile(r"[\d.]\s*$")
_THRESHOLD = regex.compile(r"^\s*(?:[（(]\s*[含不]\s*[含]?\s*[)）]\s*)?(?:以上|以下|以内|及以上|及以下|左右|至|到|-|－|~|～)")

#: Last year (or a dated year) as the base of a comparison: "上年", "上年度", "2023 年", "2025"
_YEAR = r"(?:上年|上一年|去年|(?:19|20)\d{2}\s*年?)度?"
#: Which figure of that year: "预算数", "预算执行数", "年初预算", "决算数", "同期" …
_BASIS = r"(?:同期)?(?:年初|当年)?(?:预算|决算)?(?:执行)?数?"
_COMPARE = r"(?:(?:比|较|与|同)\s*" + _YEAR + r"\s*" + _BASIS + r"\s*(?:相比)?\s*[，,]?\s*|同比\s*)?"
_CHANGE = regex.compile(_COMPARE + r"各?(?P<verb>增加|减少|增长|下降|上升|降低|增|减)了?\s*$")
_COMPARATIVE = regex.compile(
    r"(?:本年(?:预算)?数?|今年)?(?P<verb>小于|低于|少于|大于|高于|多于|超过|超出)\s*" + _YEAR + r"\s*" + _BASIS
    + r"\s*(?:的)?\s*$"
)
#: The last character (trailing spaces aside) of a match of ``_CHANGE`` (a verb's, or 了) and of ``_COMPARATIVE``
#: (a year's or a basis', or 的; or a digit of a year): words ending otherwise are not searched from every position.
_CHANGE_LAST = "加少长降升低增减了"
_COMPARATIVE_LAST = "年度期初算行数的"
_COMPLETION = regex.compile(r"完成(?:了)?(?:年初|全年)?(?:调整)?预算(?:数)?的?\s*$")
#: A figure dated to last year: "2023 年当年预算执行数为", "上年预算数为", "上年决算数" (the year is checked by
#: the caller against the document's year).
PREVIOUS_YEAR = regex.compile(
    r"(?:^|(?<=[，,。；;：:\s]))(?:(?P<year>(?:19|20)\d{2})\s*年度?|上年度?|去年|上一年度?)(?:当年|全年|同期)?(?:年初)?"
    r"(?:预算|决算)?(?:执行)?数?(?:为|是)?\s*$"
)
_FLAT = regex.compile(
    r"(?:(?:比|较|与|同)\s*" + _YEAR + r"\s*" + _BASIS + r"\s*(?:相比)?\s*相?\s*[，,]?\s*"
    r"|本年数?\s*与\s*" + _YEAR + r"\s*" + _BASIS + r"\s*)"
    r"(?:保持)?(?:持平|相等|一致|相同|未发生变化|没有变化|无变化|不变|无增减(?:变化)?)"
)
_VERSUS = regex.compile(
    r"决算数?\s*(?P<verb>大于|高于|超过|超出|多于|小于|低于|少于|等于)\s*(?:年初)?预算数?"
    r"|决算数?\s*与\s*(?:年初)?预算数?\s*(?:相比)?\s*(?P<flat>持平|相等|一致|相同)"
)
#: A word every match of ``_FLAT`` ends with (as does every flat match of ``_VERSUS``, and its other matches hold
#: 决算): a sentence with neither is not searched.
_FLAT_WORDS = regex.compile(r"持平|相等|一致|相同|变化|不变|无增减")
_UP_WORDS = {"大于", "高于", "超过", "超出", "多于"}
_GROWTH = regex.compile(
    _COMPARE + r"(?P<verb>增长|下降|减少|增加|上升|降低|增幅|降幅)率?了?\s*(?:为|是|达)?\s*$"
)
_SHARE = regex.compile(r"(?:占(?P<of>[^，,。；;%％\d]{0,24}?)(?:的)?(?:比例|比重)?|占比)\s*(?:为|是|约)?\s*$")
_NEGATIVE = {"减少", "下降", "降低", "减", "降幅"}


@attrs.frozen
class Token:
    """A number in a sentence: ``kind``, offsets (``start`` includes the prefix words), value, extras."""

    kind: str  # amount | change | growth | share | count | percent | bare | completion | versus
    start: int
    num_start: int
    end: int
    value: Amount | Percent | int
    of: str | None = None  # share: the words between 占 and the number ("总支出")


def _places(num: str) -> int:
    return len(num.split(".")[1]) if "." in num else 0


def _unit(text: str) -> Unit:
    return {"亿元": Unit.YI, "元": Unit.YUAN}.get(text, Unit.WAN)


def _negate(value):
    if isinstance(value, Amount):
        return Amount(-value.value, value.places, value.unit)
    if isinstance(value, Percent):
        return Percent(-value.value, value.places)
    return -value


# the full-width comma stays (see fold)
_FOLD = FoldTable(lambda ch: ch if ch == "，" else unicodedata.normalize("NFKC", ch), kept=KEPT_BY_FOLDS)


def fold(text: str) -> str:
    """Full-width digits, points and signs made ASCII, character by character (offsets survive).

    The full-width comma stays: in Chinese prose it separates clauses ("编制数 10，实有人数 31 人"), it is
    never a thousands separator.
    """
    return _FOLD.fold(text)


def _window(text: str, start: int, end: int, before: int = 2, after: int = 8,
            folded: str | None = None) -> tuple[str, int]:
    """``text[start - before:end + after]`` folded, and the offset it starts at; ``folded`` is ``fold(text)``
    when the caller has it (the fold is character by character: a slice of it is the fold of the slice)."""
    lo = max(0, start - before)
    return (fold(text[lo:end + after]) if folded is None else folded[lo:end + after]), lo


def number_tokens(text: str, start: int = 0, end: int | None = None, folded: str | None = None) -> list[Token]:
    """The number tokens of ``text[start:end]`` in order (offsets are into ``text``); ``folded``: ``fold(text)``
    when the caller reads several sentences of one text."""
    end = len(text) if end is None else end
    # only the sentence is folded, with the two characters before it and the eight after it the checks read
    text, shift = _window(text, start, end, folded=folded)
    start, end = start - shift, end - shift
    if _DIGIT.search(text, start, end) is None:
        return []  # every token is a number
    segment = text[start:end]
    taken = Taken(len(text))
    raw: list[tuple[str, re.Match]] = []
    for kind, pattern in (("percent", _PERCENT), ("amount", _AMOUNT), ("count", _COUNT), ("bare", _BARE)):
        for m in pattern.finditer(segment):
            a, b = m.start() + start, m.end() + start
            if taken.overlaps(a, b):
                continue
            if kind != "percent" and _THRESHOLD.match(text[b:b + 8]):
                taken.take(a, b)
                continue
            if kind == "bare" and (a > 0 and text[a - 1] in ".．" or _DIGIT_BEFORE.search(text[max(0, a - 2):a])):
                continue
            taken.take(a, b)
            raw.append((kind, m))
    tokens: list[Token] = []
    for kind, m in raw:
        a, b = m.start() + start, m.end() + start
        num = m.group("num").replace(",", "")
        if not plausible_digits(num):
            continue  # more digits than any amount, share or count has: no claim
        before = text[max(start, a - BEFORE):a]
        offset = a - len(before) + shift  # where ``before`` starts in the caller's text
        if kind == "percent":
            value: Amount | Percent | int = Percent(Decimal(num), _places(num))
            g = _GROWTH.search(before)
            s = _SHARE.search(before)
            c = _COMPLETION.search(before)
            a, b = a + shift, b + shift
            if c:
                tokens.append(Token("completion", c.start() + offset, a, b, value))
            elif g:
                value = _negate(value) if g.group("verb") in _NEGATIVE else value
                tokens.append(Token("growth", g.start() + offset, a, b, value))
            elif s:
                tokens.append(Token("share", s.start() + offset, a, b, value, (s.group("of") or "").strip()))
            else:
                tokens.append(Token("percent", a, a, b, value))
            continue
        if kind == "amount":
            value = Amount(Decimal(num), _places(num), _unit(m.group("unit")))
        else:
            if "." in num:
                continue
            value = int(num)
        last = before.rstrip()[-1:]
        c = _CHANGE.search(before) if kind != "bare" and last in _CHANGE_LAST else None
        cmp = (_COMPARATIVE.search(before) if kind != "bare" and (last in _COMPARATIVE_LAST or last.isdigit())
               else None)
        a, b = a + shift, b + shift
        if c and kind != "bare":
            value = _negate(value) if c.group("verb") in _NEGATIVE else value
            tokens.append(Token("change", c.start() + offset, a, b, value))
        elif cmp:
            value = value if cmp.group("verb") in _UP_WORDS else _negate(value)
            tokens.append(Token("change", cmp.start() + offset, a, b, value))
        else:
            tokens.append(Token(kind, a, a, b, value))
    tokens.sort(key=lambda t: t.num_start)
    return tokens


#: The change a flat comparison states: zero, at the 0.01 万元 a disclosure prints.
FLAT_CHANGE = Amount(Decimal(0), 2, Unit.WAN)


def word_tokens(text: str, start: int = 0, end: int | None = None, folded: str | None = None) -> list[Token]:
    """Comparisons stated in words, without a number, in ``text[start:end]``: 持平 → ``change`` 0, and
    决算数大于/小于/等于预算数 → ``versus`` (+1 / −1 / 0). ``num_start`` is where the comparison begins."""
    end = len(text) if end is None else end
    text, shift = _window(text, start, end, after=0, folded=folded)
    start, end = start - shift, end - shift
    tokens: list[Token] = []
    if _FLAT_WORDS.search(text, start, end) is None and text.find("决算", start, end) < 0:
        return tokens  # neither a flat comparison nor one with the budget
    for m in _FLAT.finditer(text, start, end):
        if text[max(0, m.start() - 2):m.start()] in ("基本", "大致", "大体"):
            continue
        tokens.append(Token("change", m.start() + shift, m.start() + shift, m.end() + shift, FLAT_CHANGE))
    for m in _VERSUS.finditer(text, start, end):
        verb = m.group("verb")
        sign = 0 if m.group("flat") or verb == "等于" else (1 if verb in _UP_WORDS else -1)
        if m.group("flat") and "基本" in text[m.start():m.end()]:
            continue
        tokens.append(Token("versus", m.start() + shift, m.start() + shift, m.end() + shift, sign))
    tokens.sort(key=lambda t: t.start)
    return tokens


#: Words that open a breakdown or a list: "其中：", "主要包括：", "分别是"; the value names its kind.
MARKERS = regex.compile(r"(?P<parts>其中)\s*[：:，,]?|(?P<items>(?:主要)?(?:包括|包含)|主要用于(?:以下方面)?(?=\s*[：:]))\s*[：:]?|(?P<named>分别(?:是|为))\s*[：:]?")


#: A word every match of :data:`MARKERS` holds: a sentence without one has no marker (most sentences; this
#: pattern's alternatives all start with a character, so the engine skips to them).
_MARKER_WORDS = regex.compile(r"其中|包括|包含|主要用于|分别")


def markers(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """``(start, end, kind, words)`` of the list markers in ``text[start:end]``; kind is parts/items/named."""
    out: list[tuple[int, int, str, str]] = []
    if _MARKER_WORDS.search(text, start, end) is None:
        return out
    for m in MARKERS.finditer(text, start, end):
        kind = next(k for k in ("parts", "items", "named") if m.group(k))
        out.append((m.start(), m.end(), kind, m.group(0)))
    return out

"""Subject binding: the phrases of a sentence that name a fact, and the fact (``Claim.subject``) each names.

A *mention* is a span of text naming a fact. Three sources of mentions:

* a fixed vocabulary (:data:`VOCABULARY`): totals (收入预算 → ``income.total``, 支出预算 → ``expense.total``),
  sources of funds (一般公共预算拨款 → ``income.gpb``), 基本支出/项目支出/人员经费/公用经费, the 三公 items,
  机关运行经费, 政府采购, staffing (编制数, 实有人数, 在职, 退休, 离休) and vehicles;
* the document's own table rows: a 功能分类 name printed in a table (城乡社区支出 → ``func:212``) and, inside a
  基本支出 context, an 经济分类 name (基本工资 → ``econ:30101``). A name the tables give two codes is a
  mention with subject None: it stops a number from being bound to an earlier phrase, and is never checked;
* codes printed in the sentence: ``（212 类）``, ``（类：212）…（款：01）…（项：01）`` → ``func:2120101``.

Overlapping candidates are resolved longest first. A bare source of funds right before another mention
("一般公共预算基本支出", "一般公共预算“三公”经费") or right after one ("机关运行经费财政拨款预算") does not name a
fact: it narrows the other mention to that source (``Claim.scope``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Iterable, Sequence

import attrs

from budgetrules.api import Document, normalize_label, regex

from .linear import KEPT_BY_FOLDS, FoldTable, Taken

__all__ = ["Mention", "VOCABULARY", "FUND_SCOPES", "TableNames", "find_mentions", "vocabulary_matches", "COUNTED"]

_FUND = r"(?P<fund>一般公共预算|财政拨款|政府性基金(?:预算)?|国有资本经营预算)"
FUND_SCOPES = {"一般公共预算": "gpb", "财政拨款": "fiscal", "政府性基金": "gov_fund", "政府性基金预算": "gov_fund",
               "国有资本经营预算": "soe"}
_FUND_INCOME = {"gpb": "income.gpb", "fiscal": "income.fiscal", "gov_fund": "income.gov_fund", "soe": "income.soe"}

#: Subjects counted in people or units: a bare integer after them is a count ("编制数 10，").
COUNTED = ("staff.", "org.", "assets.vehicles")

# (pattern, subject). "{fund}" subjects take the scope named by the fund group.
VOCABULARY: tuple[tuple[str, str], ...] = (
    (r"收(?:入)?、?支(?:出)?(?:总预算|(?:预算)?总(?:计|额))", "income.total"),
    (r"(?:部门)?收入(?:预算|总计|总额)|总收入", "income.total"),
    (r"(?:部门)?支出(?:预算|总计|总额)|总支出", "expense.total"),
    # "收入" at the start or after punctuation or a space, written literal first (the look-behind after the
    # word) so that the engine skips to the word instead of trying every position
    (r"收入(?<![^，,。；;：:\s]收入)(?=\s*(?:比|较|同比))", "income.total"),
    (r"支出(?<![^，,。；;：:\s]支出)(?=\s*(?:比|较|同比))", "expense.total"),
    (r"本年收入(?:合计)?|(?:部门)?收入合计", "income.current"),
    (r"本年支出(?:合计)?|(?:部门)?支出合计", "expense.current"),
    (_FUND + r"(?:财政拨款)?(?:当年)?(?:拨款)?支出(?:预算)?(?:合计|总额)?", "expense.current@fund"),
    (_FUND + r"(?:财政拨款)?(?:当年)?(?:拨款)?收(?:入)?、?支(?:出)?(?:总预算|(?:预算)?总(?:额|计))", "income.total@fund"),
    (_FUND + r"(?:财政拨款)?(?:当年)?(?:拨款)?(?:收入)?(?:预算)?(?:合计|总计|总额)?", "income@fund"),
    (r"其他收入|其他资金(?:收入)?", "income.other"),
    (r"财政专户管理资金(?:收入)?", "income.special"),
    (r"事业收入", "income.business"),
    (r"(?:事业单位)?经营收入", "income.operating"),
    (r"上级补助收入", "income.superior"),
    (r"附属单位上缴收入", "income.affiliate"),
    (r"年初结转和结余|上年结转(?:结余)?", "income.carryover"),
    (r"年末结转和结余", "expense.carry_end"),
    (r"(?:单位)?预留机动经费|机动经费", "expense.reserve"),
    (r"结转下年(?:的)?(?:资金)?", "expense.carry_next"),
    (r"结余分配", "expense.surplus_distribution"),
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"人员经费|人员支出", "personnel"),
    (r"(?:日常)?公用经费|公用支出", "public"),
    (r"[“\"'‘]?三公[”\"'’]?经费", "sangong.total"),
    (r"因公出国\s*(?:[（(]\s*境\s*[)）])?\s*(?:费用?|经费)?", "sangong.abroad"),
    (r"公务用车购置(?:及|和)运行(?:维护)?(?:费用?|经费)?", "sangong.car"),
    (r"公务用车购置(?:费)?", "sangong.car_purchase"),
    (r"公务用车运行(?:维护)?(?:费用?|经费)|公务用车运维费", "sangong.car_running"),
    (r"公务接待(?:费)?", "sangong.reception"),
    (r"机关运行经费", "agency_running"),
    (r"政府采购(?:支出)?(?:预算)?(?:总额|金额)?", "procurement.total"),
    (r"政府采购货物(?:预算)?|货物类?采购(?:预算|金额)?|(?:拟)?采购货物(?:支出|预算)?", "procurement.goods"),
    (r"政府采购工程(?:预算)?|工程类?采购(?:预算|金额)?|(?:拟)?采购工程(?:支出|预算)?", "procurement.works"),
    (r"政府采购服务(?:预算)?|服务类?采购(?:预算|金额)?|(?:拟)?采购服务(?:支出|预算)?|拟购买服务(?:支出)?",
     "procurement.services"),
    (r"面向中小企业预留政府采购项目(?:预算)?(?:金额)?", "procurement.sme"),
    (r"面向小微企业预留政府采购项目(?:预算)?(?:金额)?", "procurement.small"),
    (r"核定编制|编制(?:数|人数)", "staff.authorized"),
    (r"实有人数|实有人员", "staff.actual"),
    (r"在职(?:人员|人数)?", "staff.in_service"),
    (r"退休(?<!离退休)(?:人员|人数)?", "staff.retired"),
    (r"离休(?:人员|人数)?", "staff.resigned"),
    (r"车辆", "assets.vehicles"),
    (r"一般公务用车", "assets.vehicles.general"),
    (r"执法执勤用车", "assets.vehicles.enforcement"),
    (r"特种专业技术用车", "assets.vehicles.special"),
    (r"机要通信用车", "assets.vehicles.confidential"),
    (r"其他车辆|其他用车", "assets.vehicles.other"),
    (r"部级领导干部用车", "assets.vehicles.minister"),
    (r"主要领导干部用车", "assets.vehicles.leader"),
    (r"应急保障用车", "assets.vehicles.emergency"),
    (r"离退休干部用车", "assets.vehicles.retired"),
)


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (split at ``|`` outside brackets and groups)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*out, pattern[start:]]


_OPTIONAL_HEAD = regex.compile(r"^(\(\?:[^()\\]*\)|\[[^\]\\]*\])\?(?![?+*])")


def _literal_first(pattern: str) -> str:
    """``pattern`` with each alternative that opens with an optional group or class (``(?:部门)?收入…``) written
    as two (``部门收入…|收入…``): the same matches, tried in the same order, but every alternative now starts
    with a character the regular-expression engine can skip to instead of trying every position."""
    out = []
    for branch in _branches(pattern):
        m = _OPTIONAL_HEAD.match(branch)
        if m and "(?P<" not in branch:
            rest = branch[m.end():]
            out += [m.group(1) + rest, rest]
        else:
            out.append(branch)
    return "|".join(out)


_VOCAB = tuple((regex.compile(_literal_first(p)), s) for p, s in VOCABULARY)
_FUNDED = tuple("@fund" in s for _, s in VOCABULARY)  # the patterns with a ``fund`` group
_BARE_FUND = regex.compile(_FUND + r"(?:财政)?(?:拨款)?(?:预算)?")
#: Joins the paragraphs of a document for :func:`vocabulary_matches`: no vocabulary pattern consumes it, and
#: the ones that look behind a mention accept it where they accept the start of a text.
_JOIN = "。"

#: A match of the fixed vocabulary: start, end, the pattern's index in :data:`VOCABULARY`, its ``fund`` group.
RawMatch = tuple[int, int, int, "str | None"]

_CODE_CHAIN = regex.compile(
    r"[（(]\s*类\s*[：:]?\s*(?P<lei>\d{3})\s*[)）]"
    r"(?:[^（(，,。；;\d]{0,24}?[（(]\s*款\s*[：:]?\s*(?P<kuan>\d{2})\s*[)）])?"
    r"(?:[^（(，,。；;\d]{0,30}?[（(]\s*项\s*[：:]?\s*(?P<xiang>\d{2})\s*[)）])?"
)
_CODE_LEI = regex.compile(r"[（(]\s*(?P<lei>\d{3})\s*类\s*[)）]")
_CODE_PAREN = regex.compile(r"[（(]\s*(?P<code>2\d{2}(?:\d{2}){0,2})\s*[)）]")

_NAME_CHAIN = regex.compile(
    r"(?P<lei>[\u4e00-\u9fff]{2,24})\s*[（(]\s*类\s*[)）]"
    r"(?:\s*(?P<kuan>[\u4e00-\u9fff]{2,24}?)\s*[（(]\s*款\s*[)）])?"
    r"(?:\s*(?P<xiang>[\u4e00-\u9fff]{2,30}?)\s*[（(]\s*项\s*[)）])?"
)

#: "人大事务（款）其他人大事务（项）": a chain starting at the 款 (the 类 named earlier, or not at all).
_KUAN_CHAIN = regex.compile(
    r"(?P<kuan>[\u4e00-\u9fff]{2,24})\s*[（(]\s*款\s*[)）]"
    r"\s*(?P<xiang>[\u4e00-\u9fff]{2,30}?)\s*[（(]\s*项\s*[)）]"
)

_BARE_TOTAL = regex.compile(r"(?:支出|收入)(?:预算)?(?:总额|总计)?|预算(?:支出|收入)")
#: What every match of ``_NAME_CHAIN`` / ``_KUAN_CHAIN`` holds (those patterns open with a run of CJK characters:
#: they are tried at every position and read back from each): a paragraph without it is not searched.
_LEI_MARK = regex.compile(r"[（(]\s*类\s*[)）]")
_KUAN_MARK = regex.compile(r"[（(]\s*款\s*[)）]")
#: "公务接待费（款）": a classification row's name, not the 三公 item
_LEVEL_AFTER = regex.compile(r"\s*[（(]\s*[类款项]\s*[)）]")
_QUALIFY_PREV = regex.compile(r"^(?:当年|本年|年度)?$")
_QUALIFY_NEXT = regex.compile(r"^[\s“”\"'‘’]*(?:当年|本年|年度)?(?:拨款)?(?:安排的?)?[\s“”\"'‘’]*$")


@attrs.frozen
class Mention:
    """A phrase naming a fact: span, subject (None: a name that cannot be bound), fund scope, printed text."""

    start: int
    end: int
    subject: str | None
    label: str
    scope: str | None = None
    qualifier: bool = False  # a bare source of funds that may narrow a neighbouring mention
    priority: int = 0


@attrs.define
class TableNames:
    """Names → codes, read from the document's own coded table rows, and the names of the 项目支出 table's
    projects (normalised) — read once per document, not once per paragraph."""

    func: dict[str, set[str]] = attrs.field(factory=dict)
    econ: dict[str, set[str]] = attrs.field(factory=dict)
    projects: tuple[str, ...] = ()
    _patterns: dict[bool, list[tuple[str, str | None, int]]] = attrs.field(factory=dict, eq=False, repr=False)
    _mentions: dict[str, list["Mention"]] = attrs.field(factory=dict, eq=False, repr=False)

    def mentions(self, text: str) -> list["Mention"]:
        """:func:`find_mentions` of a short text (the whole a share names), each text read once per document."""
        if text not in self._mentions:
            self._mentions[text] = find_mentions(text, self)
        return list(self._mentions[text])

    @classmethod
    def of(cls, doc: Document) -> "TableNames":
        names = cls()
        projects: dict[str, None] = {}
        for table in doc.tables:
            for row in table.rows:
                if table.kind == "gpb_project":
                    project = normalize_label(row.texts.get("project_name", ""))
                    if len(project) >= 4:
                        projects[project] = None
                code = row.code
                if code is None or code.code is None or not row.label:
                    continue
                label = _clean(row.label)
                target = names.func if code.system == "func" else names.econ
                target.setdefault(label, set()).add(code.code)
        names.projects = tuple(projects)
        return names

    def patterns(self, econ: bool) -> list[tuple[str, str | None, int]]:
        """(name, subject or None when ambiguous, priority) for every usable name (built once per flag)."""
        if econ not in self._patterns:
            self._patterns[econ] = self._build_patterns(econ)
        return self._patterns[econ]

    def patterns_in(self, texts: Sequence[str], econ: bool) -> list[tuple[str, str | None, int]]:
        """:meth:`patterns` whose name occurs in one of ``texts`` (a document's paragraphs): the names worth
        looking for paragraph by paragraph, found with one pass over the document per name."""
        folded = _fold(_JOIN.join(texts))
        return [pattern for pattern in self.patterns(econ) if pattern[0] in folded]

    def _build_patterns(self, econ: bool) -> list[tuple[str, str | None, int]]:
        out: list[tuple[str, str | None, int]] = []
        for name, codes in self.func.items():
            if len(name) >= 4:
                out.append((name, f"func:{next(iter(codes))}" if len(codes) == 1 else None, 1))
        if econ:
            for name, codes in self.econ.items():
                if len(name) >= 2:
                    out.append((name, f"econ:{next(iter(codes))}" if len(codes) == 1 else None, 2))
        return out


def _clean(label: str) -> str:
    label = normalize_label(label)
    return _NUMBERED.sub("", label)


_NUMBERED = regex.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d+[、.])")


def _raw_vocabulary(text: str) -> list[RawMatch]:
    """The matches of every vocabulary pattern in ``text``, pattern by pattern."""
    return [(m.start(), m.end(), index, m.group("fund") if _FUNDED[index] else None)
            for index, (pattern, _) in enumerate(_VOCAB) for m in pattern.finditer(text)]


def vocabulary_matches(texts: Sequence[str]) -> list[list[RawMatch]]:
    """:func:`_raw_vocabulary` of each of ``texts`` (offsets into that text), each pattern run once over all of
    them joined — the paragraphs of a document are read in one pass per pattern, not one per paragraph."""
    joined = _JOIN.join(texts)
    starts = list(itertools.accumulate((len(t) + len(_JOIN) for t in texts[:-1]), initial=0))
    out: list[list[RawMatch]] = [[] for _ in texts]
    for index, (pattern, _) in enumerate(_VOCAB):
        funded = _FUNDED[index]
        for m in pattern.finditer(joined):
            i = bisect.bisect_right(starts, m.start()) - 1
            shift = starts[i]
            out[i].append((m.start() - shift, m.end() - shift, index, m.group("fund") if funded else None))
    return out


def _vocabulary(text: str, econ: bool = False, raw: list[RawMatch] | None = None) -> Iterable[Mention]:
    # a 三公 item's name is also an 经济分类 name (30217 公务接待费, 30231 公务用车运行维护费): outside a 基本支出
    # context it names the 三公 item, never a 功能分类 row a table happens to print under that name
    sangong_priority = 0 if econ else 3
    for start, end, index, fund in raw if raw is not None else _raw_vocabulary(text):
        subject = VOCABULARY[index][1]
        if _FUNDED[index]:
            scope = FUND_SCOPES.get(fund or "")
            if subject == "income@fund":
                bare = _BARE_FUND.fullmatch(text, start, end) is not None
                yield Mention(start, end, _FUND_INCOME.get(scope or ""), text[start:end], scope, bare)
            else:
                # "…财政拨款支出" right after another mention only narrows it: see _apply_qualifiers
                yield Mention(start, end, subject.split("@")[0], text[start:end], scope, False, -1)
        else:
            if subject.startswith("sangong.") and _LEVEL_AFTER.match(text, end):
                continue
            priority = sangong_priority if subject.startswith("sangong.") else 0
            yield Mention(start, end, subject, text[start:end], priority=priority)


_NAME_BEFORE = regex.compile(r"[\u4e00-\u9fff]{2,24}$")


def _printed(text: str, m: re.Match) -> str:
    """The code as printed with the name written right before it (the label; NC107 compares the two)."""
    before = _NAME_BEFORE.search(text[max(0, m.start() - 24):m.start()])
    return (before.group(0) if before else "") + m.group(0)


def _codes(text: str) -> Iterable[Mention]:
    if "类" in text:  # (every match of _CODE_CHAIN and _CODE_LEI holds 类)
        yield from _lei_codes(text)
    for m in _CODE_PAREN.finditer(text):
        if len(m.group("code")) in (3, 5, 7):
            yield Mention(m.start(), m.end(), f"func:{m.group('code')}", _printed(text, m), priority=4)


def _lei_codes(text: str) -> Iterable[Mention]:
    for m in _CODE_CHAIN.finditer(text):
        code = m.group("lei") + (m.group("kuan") or "") + ((m.group("xiang") or "") if m.group("kuan") else "")
        yield Mention(m.start(), m.end(), f"func:{code}", _printed(text, m), priority=5)
    for m in _CODE_LEI.finditer(text):
        yield Mention(m.start(), m.end(), f"func:{m.group('lei')}", _printed(text, m), priority=5)


_FOLD = FoldTable(lambda ch: ch if ch.isspace() else normalize_label(ch), kept=KEPT_BY_FOLDS)


def _fold(text: str) -> str:
    """NFKC and uniform quotes, character by character, so that offsets into ``text`` survive."""
    return _FOLD.fold(text)


def _name_chains(text: str, folded: str, names: TableNames) -> Iterable[Mention]:
    """"农林水支出（类）农业农村（款）行政运行（项）": each level's name resolved under its parent's code."""
    if "类" not in folded or not _LEI_MARK.search(folded):
        return  # no chain without its （类）
    for m in _NAME_CHAIN.finditer(folded):
        lei_text = m.group("lei")
        lei = None
        start = m.start("lei")
        for i in range(len(lei_text) - 1):  # the longest suffix that is a 类 name ("主要用于农林水支出")
            codes = {c for c in names.func.get(lei_text[i:], ()) if len(c) == 3}
            if codes:
                lei, start = (next(iter(codes)) if len(codes) == 1 else None), m.start("lei") + i
                break
        if start == m.start("lei") and lei is None and not names.func.get(lei_text):
            continue
        code = lei
        for level, width in (("kuan", 5), ("xiang", 7)):
            part = m.group(level)
            if part is None or code is None:
                break
            codes = _codes_named(names, part, width, code)
            code = next(iter(codes)) if len(codes) == 1 else None
        subject = f"func:{code}" if code else None
        yield Mention(start, m.end(), subject, text[start:m.end()], priority=5)


def _codes_named(names: TableNames, name: str, width: int, under: str = "") -> set[str]:
    """The 功能分类 codes of ``width`` digits (under ``under``) printed with ``name`` — or with ``name`` + 支出,
    as a 项 is often cited without its 支出 (``其他人大事务（项）`` for 2010199 其他人大事务支出)."""
    found = {c for c in names.func.get(name, ()) if len(c) == width and c.startswith(under)}
    if not found and not name.endswith("支出"):
        found = {c for c in names.func.get(name + "支出", ()) if len(c) == width and c.startswith(under)}
    return found


def _kuan_chains(text: str, folded: str, names: TableNames) -> Iterable[Mention]:
    """"人大事务（款）其他人大事务（项）": the 款 by its unique name, the 项 by its name under that 款."""
    if "款" not in folded or not _KUAN_MARK.search(folded):
        return  # no chain without its （款） (财政拨款 is no chain)
    for m in _KUAN_CHAIN.finditer(folded):
        kuan_text = m.group("kuan")
        kuan, start = None, m.start("kuan")
        for i in range(len(kuan_text) - 1):  # the longest suffix that is a 款 name
            codes = _codes_named(names, kuan_text[i:], 5)
            if codes:
                kuan, start = (next(iter(codes)) if len(codes) == 1 else None), m.start("kuan") + i
                break
        if kuan is None:
            continue
        codes = _codes_named(names, m.group("xiang"), 7, kuan)
        code = next(iter(codes)) if len(codes) == 1 else None
        yield Mention(start, m.end(), f"func:{code}" if code else None, text[start:m.end()], priority=5)


def _names(text: str, folded: str, patterns: Sequence[tuple[str, str | None, int]]) -> Iterable[Mention]:
    for name, subject, priority in patterns:
        start = 0
        while True:
            i = folded.find(name, start)
            if i < 0:
                break
            yield Mention(i, i + len(name), subject, text[i:i + len(name)], priority=priority)
            start = i + 1


def find_mentions(text: str, names: TableNames, econ: bool = False, raw: list[RawMatch] | None = None,
                  patterns: Sequence[tuple[str, str | None, int]] | None = None) -> list[Mention]:
    """The non-overlapping mentions of ``text`` in order, scopes applied; ``raw``: the vocabulary's matches in
    ``text`` when they were found already (:func:`vocabulary_matches`); ``patterns``: the table names to look
    for when they were narrowed already (:meth:`TableNames.patterns_in`), else every one of ``names``."""
    folded = _fold(text)  # once per paragraph, for the three readings by table names
    candidates = [
        *_vocabulary(text, econ, raw),
        *_codes(text),
        *_name_chains(text, folded, names),
        *_kuan_chains(text, folded, names),
        *_names(text, folded, names.patterns(econ) if patterns is None else patterns),
    ]
    candidates.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    chosen: list[Mention] = []
    taken = Taken(len(text))
    for c in candidates:
        if taken.overlaps(c.start, c.end):
            continue
        taken.take(c.start, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return _apply_qualifiers(text, _check_codes(text, chosen))


def _check_codes(text: str, mentions: list[Mention]) -> list[Mention]:
    """A printed code right after a 功能分类 name joins it; a code the name contradicts binds nothing."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and m.priority >= 4 and prev.priority < 4 and prev.subject
                and prev.subject.startswith("func:") and not text[prev.end:m.start].strip()):
            name_code, code = prev.subject[5:], (m.subject or "")[5:]
            compatible = code.startswith(name_code) or name_code.startswith(code)
            out[-1] = attrs.evolve(m, start=prev.start, label=text[prev.start:m.end],
                                   subject=m.subject if compatible else None)
            continue
        out.append(m)
    return out


def _apply_qualifiers(text: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        if m.qualifier and m.scope:
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if nxt is not None and not nxt.qualifier and _QUALIFY_NEXT.match(text[m.end:nxt.start]):
                out.append(attrs.evolve(nxt, start=m.start, scope=nxt.scope or m.scope,
                                        label=text[m.start:nxt.end]))
                i += 2
                continue
            if out and not out[-1].qualifier and _QUALIFY_PREV.match(text[out[-1].end:m.start]):
                out[-1] = attrs.evolve(out[-1], scope=out[-1].scope or m.scope, end=m.end,
                                       label=text[out[-1].start:m.end])
                i += 1
                continue
        if m.priority == -1 and m.scope and out and not out[-1].qualifier and out[-1].end == m.start \
                and out[-1].subject and not out[-1].subject.startswith(("income.", "expense.")):
            # "“三公”经费财政拨款支出 …": the fund and 支出 narrow the mention before them
            out[-1] = attrs.evolve(out[-1], scope=out[-1].scope or m.scope, end=m.end,
                                   label=text[out[-1].start:m.end])
            i += 1
            continue
        if (_BARE_TOTAL.fullmatch(text[m.start:m.end]) and out and out[-1].end == m.start and out[-1].subject
                and not out[-1].qualifier and not out[-1].subject.startswith(("income.", "expense."))):
            # "机关运行经费支出预算 3,348.98 万元": 支出预算 right after a fact's name is that fact's budget
            out[-1] = attrs.evolve(out[-1], end=m.end, label=text[out[-1].start:m.end])
            i += 1
            continue
        out.append(m)
        i += 1
    return out

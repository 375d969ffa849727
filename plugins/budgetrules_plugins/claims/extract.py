"""Walk the prose, bind every number to the fact it speaks of, and return the claims.

How a number is bound (the way a reader does it, not "the first number after a keyword"):

1. The paragraph is split into sentences (:mod:`.sentences`); numbers (:mod:`.patterns`), mentions of facts
   (:mod:`.mentions`) and list markers (其中 / 包括 / 分别是) are found in each sentence.
2. A number binds to the mention right before it only if nothing but filler stands between them
   (``：``, ``2021 年``, ``预算数为``, ``财政拨款``, ``合计`` …). A share, change or growth rate may follow an already
   bound number after a comma ("380.5 万元，占 34%，比上年增加 49.26 万元，增长 14.87%"), and shares its
   ``group``. Anything else — a number after unrelated words ("项目 2 个，涉及预算金额 737 万元") — is kept
   with subject None and never checked.
3. The source of funds (``scope``) is the one named next to the mention ("机关运行经费财政拨款预算" →
   ``fiscal``), else the one its list's whole names ("一般公共预算拨款合计 …，其中：基本支出 …" → ``gpb``),
   else the one the section's title names ("一般公共预算当年拨款情况说明" → ``gpb``), else ``all``.
4. "X …，其中：" and "X 包括：" open a list whose whole is X; every later claim of the section whose subject is
   a natural part of X (:func:`budgetrules.core.subjects.is_part`) gets ``whole = X`` and X's ``group``. Entries of a
   包括 list are ``item`` claims; the parts of a 其中 breakdown keep their own quantity (``amount``, ``count``…).
5. A share's ``whole`` is its list's whole, else the fact named after 占 ("占总支出的 39%"; a name that is not
   plainly one fact leaves the whole None), else the usual whole of its subject
   (:func:`budgetrules.core.subjects.default_whole`). When the whole's source of funds differs from the claim's, the whole is
   written ``subject@scope`` ("一般公共预算支出 …，占本年支出合计的 100%" → ``expense.current@all``).
6. "下设 7 个处室，分别是 A，B，…" gives a ``count`` claim (``org.divisions``) and one ``item`` per name.
7. In a 决算, a figure introduced by 预算 ("年初预算为 2993.92 万元") is last spring's budget, not the fact
   the tables report: it is left unbound.
8. A figure dated to another year ("2020 年支出预算 …", "上年预算数为 …") is left unbound.
9. A numbered entry whose first sentence is only a fact's name ("1、一般公共服务支出（类）财政事务（款）行政运行
   （项）。") gives that fact to the entry's later "支出决算为 …" (in a 预算: "预算数为 …"); so does a numbered
   entry that names one fact only ("1. “…（项）”25.77 万元，主要用于…。2023 年当年预算执行数为 60.13 万元，2024 年
   预算安排 25.77 万元，比 2023 年预算执行数减少 57.14%。").
10. Figures of the year before are kept as ``previous`` claims of their fact ("基本支出上年预算数为 331.24 万元",
    "2023 年当年预算执行数为 60.13 万元"), and in a 决算 the budget figure as ``budget`` ("年初预算为 2993.92 万元"):
    they are what a stated change, growth rate, completion rate or comparison is computed from. A figure of any
    other year stays unbound.
11. A sentence that opens with a comparison ("。与上年相比增加 1447.63 万元，增长 8.45%。", "。决算数小于预算数的
    主要原因…") continues the fact the sentence before stated a number for. Comparisons in words are read too:
    "与上年持平" is a change of zero, "决算数小于预算数" a ``versus_budget`` claim (−1), "完成年初预算的 98.20%" a
    ``completion`` claim.
12. An amount inside an open 其中/包括 list that cannot be bound still joins the list's ``group`` (with subject
    None): the list names something the reader could not identify, so it may not be complete.
"""

from __future__ import annotations

import bisect
import itertools
from typing import Iterator

import attrs

from budgetrules.api import (
    Amount,
    Claim,
    DocKind,
    Document,
    Paragraph,
    Section,
    Source,
    normalize_label,
    regex,
    subjects,
)

from .linear import Taken
from .mentions import COUNTED, Mention, TableNames, find_mentions, vocabulary_matches
from .patterns import BEFORE, PREVIOUS_YEAR, Token, fold, markers, number_tokens, word_tokens
from .sentences import split_sentences

__all__ = ["extract", "section_scope"]

_FILLER = regex.compile(
    r"^(?:[\s：:“”\"'‘’]|[（(]\s*[类款项]\s*[)）]|[（(][^（）()\d]{1,16}[)）]|\d{4}\s*年度?|年度|年初|全年|预算数?|决算数?|数|为|是|共计|共|合计|总计|总额|金额"
    r"|安排|当年|本年|拨款|财政拨款|一般公共预算|支出|决算|的|达到|达|约|计|有|规模)*$"
)
_CHAIN = regex.compile(r"^[\s，,]*$")
_CHAIN_VALUE = regex.compile(r"^[\s，,]*(?:价值|金额|共计|合计)(?:为|是)?\s*$")
#: In a 决算, after the budget figure: "年初预算为 0.95 万元，支出决算为 0.00 万元"
_CHAIN_FINAL = regex.compile(r"^[\s，,]*(?:本年|全年)?(?:支出)?决算(?:数)?(?:为|是)?\s*$")
_BUDGET_WORDS = regex.compile(r"(?:年初|调整后)?预算(?:数)?")
_REASON = regex.compile(r"原因|主要是|由于|因为|用于")
_QUANTITY = {"amount": "amount", "change": "change", "growth": "growth", "share": "share", "count": "count",
             "bare": "count", "completion": "completion", "versus": "versus_budget"}
_COUNTED_LIST = regex.compile(
    r"(?:下设|内设|设有|设)(?:机构)?\s*(?P<n>\d+)\s*个(?P<what>[^\d，,。；;：:]{0,8}?)[，,：:]?\s*"
    r"(?:(?:分别(?:是|为)|包括|即)[：:]?|(?<=[^，,])[：:])(?P<names>[^。；;]+)"
)
#: Only punctuation and spaces (matched with ``fullmatch(text, start, end)``: nothing is copied).
_LEAD = regex.compile(r"[\s，,。；;：:]*")
_ECON_WORDS = regex.compile("人员经费|公用经费")
_FUND_OF = {"income.gpb": "gpb", "income.fiscal": "fiscal", "income.gov_fund": "gov_fund", "income.soe": "soe"}


_ETC_AT_END = regex.compile(r"等\s*(?:\d+\s*个)?[^\u4e00-\u9fff]*$")
_LIST_ITEM = regex.compile(r"[^，,、；;]+")


@attrs.define
class _Anchor:
    subject: str | None
    label: str
    end: int
    scope: str | None  # explicit (named next to the mention)
    has_number: bool = False
    group: int | None = None
    part_of: "_List | None" = None
    dated: str | None = None  # "previous": the mention is dated to the year before ("上年基本支出")
    changed: int = 0  # ±1: a change verb stands right before the mention ("增加基本支出 844.15 万元")


@attrs.define(eq=False)
class _List:
    whole: str
    scope: str | None
    group: int
    kind: str  # parts | items | named
    whole_scope: str = "all"  # the source of funds of the whole itself


@attrs.define
class _State:
    """What carries over between paragraphs of one section."""

    groups: dict[tuple[str | None, str], int] = attrs.field(factory=dict)  # (subject, scope) → group
    project: str | None = None  # the project a "项目名称：…" paragraph introduced
    lists: list[_List] = attrs.field(factory=list)  # open lists, outermost first
    topic: "Mention | None" = None  # the fact of the numbered entry the last paragraph was part of
    topic_anchor: "_Anchor | None" = None

    def enclosing(self, subject: str | None) -> "_List | None":
        """The innermost open list ``subject`` is a part of; lists inside it are closed."""
        for i in range(len(self.lists) - 1, -1, -1):
            if subjects.is_part(subject, self.lists[i].whole):
                del self.lists[i + 1:]
                return self.lists[i]
        return None


def section_scope(titles: list[str]) -> str:
    """The source of funds a section speaks of, from its title and its parents' (nearest first)."""
    for title in titles:
        if "一般公共预算" in title or "三公" in title:
            return "gpb"
        if "财政拨款" in title:
            return "fiscal"
        if "政府性基金" in title:
            return "gov_fund"
        if "国有资本经营" in title:
            return "soe"
    return "all"


def _walk(sections, parents: tuple[Section, ...] = ()) -> Iterator[tuple[Section, tuple[Section, ...]]]:
    for section in sections:
        yield section, parents
        yield from _walk(section.children, (section, *parents))


def extract(doc: Document, counter: Iterator[int] | None = None) -> list[Claim]:
    """Every number of ``doc``'s prose bound to its fact, in reading order; ``counter`` numbers the groups."""
    names = TableNames.of(doc)
    counter = counter if counter is not None else itertools.count(1)
    claims: list[Claim] = []
    walked = list(_walk(doc.sections))
    # the fixed vocabulary is looked for once over the whole prose, not paragraph by paragraph
    texts = [p.text for section, _ in walked for p in section.paragraphs]
    raw = iter(vocabulary_matches(texts))
    # the table names the prose mentions at all: only these are looked for in each paragraph
    patterns = {econ: names.patterns_in(texts, econ) for econ in (False, True)}
    for section, parents in walked:
        titles = [s.title for s in (section, *parents)]
        scope = section_scope(titles)
        econ_section = "基本支出" in section.title
        state = _State()
        for paragraph in section.paragraphs:
            claims.extend(_paragraph(doc, section, paragraph, names, scope, econ_section, state, counter, next(raw),
                                     patterns))
    return claims


def _source(paragraph: Paragraph, offset: int) -> Source:
    s = paragraph.source
    return Source(s.path, paragraph.line_at(offset), s.page, s.ref)


def _paragraph(doc, section, paragraph, names, sec_scope, econ_section, state, counter, raw,
               patterns) -> list[Claim]:
    text = paragraph.text
    heading = section.heading or None
    final = doc.kind is DocKind.FINAL
    out: list[Claim] = []
    skip = Taken(len(text))  # the counted lists, read on their own

    def claim(quantity, value, sentence, offset, subject=None, scope=None, whole=None, group=None, label=None):
        return Claim(quantity=quantity, value=value, text=sentence, source=_source(paragraph, offset),
                     subject=subject, scope=scope, whole=whole, group=group, label=label, section=heading)

    for m in _COUNTED_LIST.finditer(text) if "个" in text else ():  # (every match holds 个)
        group = next(counter)
        sentence = text[m.start():m.end()].strip()
        counted = f"下设 {m.group('n')} 个{m.group('what')}".strip()
        out.append(claim("count", int(m.group("n")), sentence, m.start("n"), "org.divisions", None, None, group, counted))
        for offset, name in _listed_names(m.group("names"), int(m.group("n"))):
            out.append(claim("item", 1, sentence, m.start("names") + offset, "org.division", None,
                             "org.divisions", group, name))
        skip.take(m.start(), m.end())

    econ = econ_section or _ECON_WORDS.search(text) is not None
    mentions: list[Mention] = []
    dated: dict[int, str] = {}  # mention start -> "previous"
    changed: dict[int, int] = {}  # mention start -> the sign of the change a verb before it states
    for mention in find_mentions(text, names, econ, raw, patterns[econ]):
        before = text[max(0, mention.start - 12):mention.start]
        if _CONCERNED.search(text[max(0, mention.start - 4):mention.start]):
            mention = attrs.evolve(mention, subject=None)
        elif mention.subject in _TOTALS and _OTHER_FUND.search(text[max(0, mention.start - 8):mention.start]):
            mention = attrs.evolve(mention, subject=None)  # "财政专户管理资金收入预算总计": the total of a fund not named here
        elif mention.subject in _TOTALS and _CLASS_BEFORE.search(text[max(0, mention.start - 24):mention.start]):
            mention = attrs.evolve(mention, subject=None)  # "检察（款）：2018 年预算支出合计": the 款's total, not the department's
        elif verb := _CHANGE_BEFORE.search(text[max(0, mention.start - 4):mention.start]):
            # "增加基本支出 844.15 万元": the number after the name is the change the verb before it states
            changed[mention.start] = -1 if verb.group(1) in _DOWN_VERBS else 1
        elif _other_year(before, doc.year, attached=True):
            if _previous_year(before, doc.year, attached=True):
                dated[mention.start] = "previous"
            else:
                mention = attrs.evolve(mention, subject=None)
        mentions.append(mention)
    if "绩效" in (section.title or ""):
        # 绩效 sections state the money their projects concern, a part of the facts they name
        mentions = [attrs.evolve(mention, subject=None) for mention in mentions]
    named = _PROJECT_NAME.match(text)
    if named:
        state.project = _project_subject(names, named.group(1))
    scale = _PROJECT_SCALE.match(text)
    if scale and state.project and not any(mention.start < scale.end() for mention in mentions):
        mentions.insert(0, Mention(scale.start(1), scale.end(1), state.project, scale.group(1)))
    last: _Anchor | None = None
    last_sentence = -1  # the sentence ``last`` bound its number in
    list_opened = False  # a 其中/包括 list was opened in this paragraph
    sentences = split_sentences(text)
    folded = fold(text) if sentences else ""  # once per paragraph, for the numbers of every sentence
    topic = _topic(text, sentences, mentions)
    topic_anchor: _Anchor | None = None  # the entry's fact, once a number was bound to it
    if (topic is None and state.topic is not None and not _ENTRY_START.match(text)
            and _named(mentions, state.topic.subject) <= {state.topic.subject}):
        # a numbered entry broken into paragraphs: "12. “…（项）”24.31 万元，主要用于…。" + "2023 年当年…"
        topic, topic_anchor = state.topic, state.topic_anchor
    starts = [m.start for m in mentions]
    for index, (start, end) in enumerate(sentences):
        sentence = text[start:end].strip()
        reason = _REASON.search(text, start, end)
        events: list[tuple[int, int, Mention | tuple[int, int, str, str] | Token]] = []
        for mention in mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]:
            if not skip.overlaps(mention.start, mention.start + 1):
                events.append((mention.start, 0, mention))
        for mk in markers(text, start, end):
            if not skip.overlaps(mk[0], mk[0] + 1):
                events.append((mk[0], 1, mk))
        for found in [*number_tokens(text, start, end, folded), *word_tokens(text, start, end, folded)]:
            if not skip.overlaps(found.num_start, found.num_start + 1):
                events.append((found.start, 2, found))
        events.sort(key=lambda e: (e[0], e[1]))
        anchor: _Anchor | None = None
        for pos, _, event in events:
            if isinstance(event, Mention):
                if anchor is not None and anchor.end > event.start:
                    continue
                anchor = _Anchor(event.subject, event.label, event.end, event.scope, dated=dated.get(event.start),
                                 changed=changed.get(event.start, 0))
                continue
            if isinstance(event, tuple):
                mk_start, mk_end, kind, _words = event
                source = anchor
                if source is None and last is not None and _LEAD.fullmatch(text, start, mk_start):
                    source = last
                if source is not None and source.subject and kind in ("parts", "items"):
                    _open_list(source, kind, sec_scope, state, counter)
                    list_opened = True
                anchor = None
                continue
            token = event

            def bind(target: _Anchor, quantity: str) -> None:
                nonlocal last, last_sentence, topic_anchor
                out.append(_bind(claim, target, token, sentence, sec_scope, state, counter, names, quantity))
                target.has_number = True
                target.end = token.end
                last, last_sentence = target, index
                if topic is not None and topic_anchor is None and target.subject == topic.subject:
                    topic_anchor = target  # the entry's later numbers join this group

            bound = False
            if anchor is not None and anchor.subject is not None and anchor.end <= token.start <= anchor.end + BEFORE:
                quantity = _binding(text[anchor.end:token.start], anchor, token, final, doc.year)
                if quantity is not None:
                    bind(anchor, quantity)
                    bound = True
            if (not bound and (anchor is None or anchor.subject is None) and last is not None
                    and last_sentence == index - 1 and token.kind in _COMPARISONS
                    and _LEAD.fullmatch(text, start, token.start)):
                # "…预算数为 18570.82 万元。与上年相比增加 1447.63 万元，增长 8.45%。"
                anchor = last
                bind(anchor, _QUANTITY[token.kind])
                bound = True
            if (not bound and topic is not None
                    and (anchor is None or anchor.subject is None or anchor is topic_anchor)):
                quantity = _topic_quantity(text, start, token, final, doc.year)
                if quantity is not None:
                    if topic_anchor is None:
                        topic_anchor = _Anchor(topic.subject, topic.label, token.start, topic.scope)
                    anchor = topic_anchor
                    bind(anchor, quantity)
                    bound = True
            if not bound:
                if token.kind == "bare":
                    continue
                quantity = dict(_QUANTITY, percent="share", bare="count")[token.kind]
                label = anchor.label if anchor is not None else None
                group = None
                if (token.kind == "amount" and list_opened and state.lists
                        and not (reason is not None and reason.end() <= token.start)):
                    group = state.lists[-1].group  # an entry of the list the reader could not identify
                out.append(claim(quantity, token.value, sentence, token.num_start, label=label, group=group))
                anchor = None
    state.topic, state.topic_anchor = topic, topic_anchor
    return out


_YEAR_WORDS = regex.compile(r"(?:(?P<year>(?:19|20)\d{2})\s*年度?|上年度?|去年|上一年度?)(?:的)?\s*")


def _previous_year(text: str, year: int | None, attached: bool = False) -> bool:
    """Whether ``text`` dates a figure to the year before the document's ("上年", "2020 年" in a 2021 预算).

    True only when every year ``text`` names is that year.
    """
    found = False
    if "年" not in text:
        return found  # (every match of _YEAR_WORDS holds 年)
    for m in _YEAR_WORDS.finditer(text):
        if attached and m.end() != len(text):
            continue
        y = m.group("year")
        if y is not None and (year is None or int(y) != year - 1):
            return False
        found = True
    return found


def _other_year(text: str, year: int | None, attached: bool = False) -> bool:
    """Whether ``text`` dates a figure to another year ("2020 年支出预算", "上年预算数为 …").

    ``attached``: only a year phrase ending ``text`` counts (it qualifies the mention right after it).
    """
    if "年" not in text:
        return False  # (every match of _YEAR_WORDS holds 年)
    for m in _YEAR_WORDS.finditer(text):
        if attached and m.end() != len(text):
            continue
        if m.group("year") is None or (year is not None and int(m.group("year")) != year):
            return True
    return False


_CONCERNED = regex.compile(r"(?:涉及|覆盖|对应|占用)$")
_TOTALS = ("income.total", "income.current", "expense.total", "expense.current")
_CLASS_BEFORE = regex.compile(r"[（(]\s*[类款项]\s*[)）][^，,。；;（(]{0,14}$")
_CHANGE_BEFORE = regex.compile(r"(增加|减少|增长|下降|压减|压缩|调减|调增|新增)了?$")
_DOWN_VERBS = ("减少", "下降", "压减", "压缩", "调减")
_OTHER_FUND = regex.compile(r"[\u4e00-\u9fff](?:资金|基金|专户|款项)$")
_PROJECT_NAME = regex.compile(r"^\s*(?:\d+\s*[.、．]\s*)?项目名称\s*[：:]\s*(.+?)\s*[。；;]?$")
_PROJECT_SCALE = regex.compile(r"^\s*(预算安排规模|项目预算(?:金额)?|预算金额|安排资金)\s*[：:]")


def _project_subject(names: TableNames, written: str) -> str | None:
    """``project:<name>`` for the one 项目支出 table project the written name is (or contains, or is part of)."""
    written = normalize_label(written)
    if len(written) < 4:
        return None
    found = {name for name in names.projects if name == written or name in written or written in name}
    return f"project:{found.pop()}" if len(found) == 1 else None


_ENTRY_HEAD = regex.compile(r"^\s*(?:\d+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])?\s*$")
_HEAD_NAME = regex.compile(r"[\s“”\"'‘’（）()\u4e00-\u9fff]*")
_ENTRY_START = regex.compile(r"^\s*(?:\d+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_TOPIC_FINAL = regex.compile(r"(?:^|[，,。；;])\s*(?:本年|全年)?(?:支出)?决算数?为\s*$")
_TOPIC_BUDGET = regex.compile(
    r"(?:^|[，,。；;：:])\s*(?:(?P<year>(?:19|20)\d{2})\s*年度?)?(?:年初)?预算(?:数|安排(?:的)?)?(?:为|是)?\s*$")
_TOPIC_BUDGET_IN_FINAL = regex.compile(r"(?:^|[，,。；;：:])\s*(?:年初|调整后)?预算数?为\s*$")
#: Token kinds that state a comparison (and may continue the fact of the sentence before).
_COMPARISONS = ("change", "growth", "versus", "completion")


def _binding(gap: str, anchor: _Anchor, token: Token, final: bool, year: int | None) -> str | None:
    """The quantity ``token`` is bound as to ``anchor`` across the words ``gap`` between them; None: not bound.

    The first number after a mention binds across filler only ("基本支出预算数为 …"); a figure of the year before
    is a ``previous`` one, a 决算's budget figure a ``budget`` one; later numbers chain on after a comma.
    """
    if token.kind == "percent":
        return None
    counted = (anchor.subject or "").startswith(COUNTED)
    if token.kind == "bare" and not counted:
        return None
    if counted and not anchor.has_number and (token.kind in ("amount", "share", "growth", "completion", "versus")
                                              or isinstance(token.value, Amount)):
        # people and vehicles are counted first ("车辆 7 辆，价值 140.37 万元"); money right after the word is
        # another fact's: "未归口管理的行政单位离退休（项）支出 248.77 万元"
        return None
    quantity = _QUANTITY[token.kind]
    if not anchor.has_number:
        if anchor.changed:
            return "change" if token.kind == "amount" and _FILLER.match(gap) else None
        if anchor.dated == "previous":
            return "previous" if token.kind == "amount" and _FILLER.match(gap) else None
        if token.kind == "amount" and _previous_year(gap, year) and _FILLER.match(_YEAR_WORDS.sub("", gap)):
            return "previous"
        if final and "预算" in gap:
            # a 决算 stating the budget figure ("年初预算为 …") speaks of another number than the 决算
            if token.kind == "amount" and not _other_year(gap, year) and _FILLER.match(_BUDGET_WORDS.sub("", gap)):
                return "budget"
            return None
        if _other_year(gap, year):
            return None
        return quantity if _FILLER.match(gap) else None
    if token.kind in ("share", "change", "growth", "completion", "versus"):
        return quantity if _CHAIN.match(gap) else None
    if token.kind == "amount":
        if _CHAIN_VALUE.match(gap) or (final and _CHAIN_FINAL.match(gap)):
            return quantity
    return None


def _topic_quantity(text: str, start: int, token: Token, final: bool, year: int | None) -> str | None:
    """The quantity a number without a mention of its own is bound to its entry's topic as, or None."""
    if token.kind in _COMPARISONS:
        return _QUANTITY[token.kind] if _LEAD.fullmatch(text, start, token.start) else None
    if token.kind != "amount":
        return None
    # the words right before the number; "\0" stands for the rest of a long sentence, so that "^" in the
    # patterns below still means the sentence's start
    before = text[max(start, token.start - BEFORE):token.start]
    if token.start - BEFORE > start:
        before = "\0" + before
    if final:
        if _TOPIC_FINAL.search(before):
            return "amount"
        return "budget" if _TOPIC_BUDGET_IN_FINAL.search(before) else None
    m = _TOPIC_BUDGET.search(before)
    if m and (m.group("year") is None or year is None or int(m.group("year")) == year):
        return "amount"
    m = PREVIOUS_YEAR.search(before)
    if m and (m.group("year") is None and year is not None or year is not None and m.group("year")
              and int(m.group("year")) == year - 1):
        return "previous"
    return None


def _topic(text: str, sentences, mentions) -> Mention | None:
    """The fact a numbered entry is about, when its first sentence is nothing but that fact's name.

    "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：… 支出决算为 1511.89 万元。" — the later
    "决算为 …" (预算 in a 预算) speaks of the entry's fact.
    """
    if not sentences or not mentions:
        return None
    start, end = sentences[0]
    first = [m for m in mentions if start <= m.start < end]
    if not first or first[0].subject is None:
        return None
    m = first[0]
    if (_ENTRY_HEAD.match(text[start:m.start].strip("“\"‘'")) and len(first) == 1
            and text[m.end:end].strip(" 。：:") == ""):
        return m
    # a numbered entry naming one fact only (names that cannot be bound aside, and the fact's own parents: the 项
    # of "…养老支出（款）行政单位离退休（项）", not its 款): "1. “…（项）”25.77 万元，主要用于专项普查活动。2023 年…"
    head = _ENTRY_START.match(text)
    if head:
        for candidate in first:
            # the fact is named in the entry's head: only names stand between its number and the mention
            if not _HEAD_NAME.fullmatch(text[head.end():candidate.start]):
                break
            if candidate.subject and _named(mentions, candidate.subject) == {candidate.subject}:
                return candidate
    return None


def _named(mentions, subject: str) -> set[str]:
    """The money facts ``mentions`` name besides ``subject``'s own parents ("主要用于群众团体事务…" names the 项's
    own 款; "…退休人员…" names people, not money)."""
    named = {x.subject for x in mentions if not x.qualifier and x.subject is not None}
    return {x for x in named if not subjects.is_part(subject, x) and not x.startswith(COUNTED)}


def _listed_names(text: str, count: int) -> list[tuple[int, str]]:
    """The names of a counted list, with offsets; empty when the list is open ("…等") or ambiguous.

    Names are split at punctuation; a name joined by 和/及 ("A和B") is split too only when that is what
    makes the count come out right — "住房和城乡建设股" is one name. A count between the two readings is
    ambiguous and gives no names (nothing to check).
    """
    text = text.rstrip()
    if _ETC_AT_END.search(text):
        return []
    pieces = [(m.start(), m.group(0).strip()) for m in _LIST_ITEM.finditer(text) if m.group(0).strip()]
    joined = regex.compile(r"(?<=[^\s])(?:和|及|以及)(?=[^\s])")
    splittable = sum(len(joined.findall(p)) for _, p in pieces)
    if len(pieces) == count or not splittable:
        return pieces
    if len(pieces) + splittable == count:
        out = []
        for offset, piece in pieces:
            start = 0
            for j in joined.finditer(piece):
                out.append((offset + start, piece[start:j.start()]))
                start = j.end()
            out.append((offset + start, piece[start:]))
        return out
    if len(pieces) < count < len(pieces) + splittable:
        return []
    return pieces


def _effective_scope(anchor: _Anchor, sec_scope: str) -> str:
    if anchor.scope:
        return anchor.scope
    if anchor.part_of is not None and anchor.part_of.scope:
        return anchor.part_of.scope
    return sec_scope


def _open_list(source: _Anchor, kind: str, sec_scope: str, state: _State, counter) -> None:
    scope = _effective_scope(source, sec_scope)
    group = source.group
    if group is None:
        group = state.groups.get((source.subject, scope))
    if group is None:
        group = next(counter)
    source.group = group
    explicit = source.scope or (source.part_of.scope if source.part_of else None)
    # the parts of "一般公共预算拨款合计 …，其中：…" are that fund's money
    explicit = explicit or _FUND_OF.get(source.subject or "")
    assert source.subject is not None  # a list is opened only after a mention of a fact
    new = _List(source.subject, explicit, group, kind, scope)
    if source.part_of is not None and source.part_of in state.lists:
        del state.lists[state.lists.index(source.part_of) + 1:]
        state.lists.append(new)
    else:
        state.lists[:] = [new]


def _bind(claim, anchor: _Anchor, token: Token, sentence, sec_scope, state: _State, counter, names,
          quantity: str) -> Claim:
    if not anchor.has_number:
        lst = state.enclosing(anchor.subject)
        if lst is not None:
            anchor.part_of = lst
            anchor.group = lst.group
    scope = _effective_scope(anchor, sec_scope)
    if anchor.group is None:
        anchor.group = next(counter)
    state.groups[(anchor.subject, scope)] = anchor.group
    whole = None
    if anchor.part_of is not None:
        whole = anchor.part_of.whole
        if quantity == "amount" and anchor.part_of.kind == "items":
            quantity = "item"
    if quantity == "share":
        if token.of:
            named = [m for m in names.mentions(token.of) if not m.qualifier or m.subject]
            # the whole named after 占 comes first ("其中：基本支出 …，占总支出的 34%"); it binds only when it
            # plainly names one fact; unqualified, it is the department's whole ("占本年支出合计的 100%"), written
            # "expense.current@all" when the claim itself speaks of another source of funds
            whole = None
            if len(named) == 1 and named[0].subject:
                whole_scope = named[0].scope or "all"
                whole = named[0].subject if whole_scope == scope else f"{named[0].subject}@{whole_scope}"
        elif anchor.part_of is not None:
            lst = anchor.part_of
            whole = lst.whole if lst.whole_scope == scope else f"{lst.whole}@{lst.whole_scope}"
        else:
            whole = subjects.default_whole(anchor.subject)
    value = token.value
    if quantity == "change" and token.kind == "amount" and isinstance(value, Amount) and anchor.changed < 0:
        value = attrs.evolve(value, value=-value.value)
    return claim(quantity, value, sentence, token.num_start, anchor.subject, scope, whole, anchor.group,
                 anchor.label)

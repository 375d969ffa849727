"""The clause reading of the “三公” explanation: each statement of an item, its change and its stated reason, and
the counts the per-unit limits apply to (vehicles bought, delegations and people, meetings and people and days).

The binder (:mod:`.extract`) ties each number of the prose to the fact the tables state; the 三公 rules judge
what the explanation says of each item — whether a *reason* follows a change, what the change is measured
against. So the 三公 text is also read clause by clause, and :func:`sangong_claims` gives what it says as claims
with ``reading="sangong"`` (:class:`~budgetrules.api.Claim`):

* a paragraph is cut at each mention of an item (三公经费, 因公出国（境）费, 公务用车购置及运行费, 公务用车购置费,
  公务用车运行（维护）费, 公务接待费): a *segment* runs from one mention to the next;
* in a segment, a number followed by 万元/元 right after 增加/减少/增长/下降/上升… or after 小于/大于上年（预算）数 is a
  change (a decrease negative), followed by % a growth rate, otherwise an amount; 持平/无变化/相等 is a change of
  zero;
* numbers after the first reason of a segment belong to the reason and are not read;
* a change has a reason when the segment (after the item's own name) states one — 原因, 主要是, 由于, 用于,
  根据, 严格控制, 厉行节约, 新增, 更新 … (:data:`REASON`) — or when the sentence states one before the item.

Text is folded with :func:`~budgetrules.api.normalize_label` (no whitespace, half-width brackets). The claims:

* ``sangong.<item>`` ``amount``/``change``/``growth``: one statement of an item (``total``, ``abroad``,
  ``car``, ``car_purchase``, ``car_running``, ``reception``); ``text`` the clause, ``reason`` the reason stated
  for it, ``against`` ``previous``/``budget``, ``group`` the run of the explanation it was read in;
* ``sangong.total`` ``reason``: a sentence giving a reason without naming an item or a number;
* ``sangong.total`` ``versus_budget``: a sentence saying the 决算 is above the 预算 and why (value +1);
* ``sangong.total`` ``comparison``: a paragraph comparing with last year in words (与上年持平, 比上年…);
* ``assets.vehicles_bought`` ``count``: vehicles bought this year from the budget (``label`` the kind of
  vehicle), 0 for a sentence saying none is bought (``text`` the sentence);
* ``sangong.abroad.delegations`` and ``sangong.abroad.people`` ``count``: delegations abroad and their people
  (``因公出国（境）团组 2 个，共 15 人次``), one ``group``;
* ``meetings.cost`` ``amount`` (``training.cost``: 培训费) with ``meetings.person_days`` or ``meetings.people``
  and ``meetings.days`` counts: a sentence's 会议费 and what it was spent on, one ``group``.

Every claim's ``source`` is its paragraph's and ``section`` its section's heading, so that a finding placed at
a claim is placed as at the paragraph.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Iterator

import attrs

from budgetrules.api import Amount, Claim, Document, Paragraph, Percent, Section, Unit, normalize_label, regex, subjects

__all__ = ["sangong_claims", "NAMES"]

ITEMS: tuple[tuple[str, str], ...] = (
    ("car", r"公务用车购置及运行(?:维护)?(?:费用?|经费)"),
    ("car_purchase", r"公务用车购置(?:费用?|经费)?|车辆购置(?:费用?|经费)"),
    ("car_running", r"公务用车运行(?:维护)?(?:费用?|经费)|公务用车运维费"),
    ("abroad", r"因公出国\(境\)(?:费用?|经费)?|因公出国(?:境)?(?:费用?|经费)"),
    ("reception", r"公务接待(?:费用?|经费)"),
    ("total", r"\"?三公\"?经费"),
)
NAMES = subjects.SANGONG_NAMES
_MENTION = regex.compile("|".join(f"(?P<{k}>{p})" for k, p in ITEMS))
_NUM = r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
_UP = r"增加|增长|上升|提高|多|超出|超支"
_DOWN = r"减少|下降|降低|压减|缩减|节约|少"
_LESS = r"小于|低于|少于"
_MORE = r"大于|高于|多于|超过|超出"
#: "本年数小于上年预算数 29.65 万元": a comparison with last year, the number its difference
_COMPARED = r"(?P<cmp>(?:" + _LESS + "|" + _MORE + r")(?:上年|上一年|去年|(?:19|20)\d{2}年)度?(?:年初|当年)?(?:预算|决算)?(?:执行)?数?的?)"
_VALUE = regex.compile(
    r"(?:(?P<verb>(?:" + _UP + "|" + _DOWN + r")了?)|" + _COMPARED + r")?" + _NUM + r"(?P<unit>亿元|万元|元|%)"
)
_ZERO_NO_UNIT = regex.compile(r"为0(?![\d.%万元])")
FLAT = regex.compile(r"持平|无变化|没有变化|无增减|未发生变化|不变|相同|一致|相等|零增长")
VERSUS_YEAR = regex.compile(r"(?:比|较|与|同)(?:上年|去年|上一年|上年度|(?:19|20)\d{2}年度?)")
_VERSUS_BUDGET = regex.compile(r"(?:比|较|与|同)(?:年初)?预算数?|决算数?(?:大于|小于|超过|低于|高于)(?:年初)?预算|完成(?:年初)?预算")
#: What states a reason or purpose.
REASON = regex.compile(
    r"原因|主要是|主要由于|由于|因为|系|用于|为了|根据|依据|按照|落实|贯彻|严格|从严|压减|压缩|控制|厉行节约|"
    r"八项规定|过紧日子|需要|需|调整|新增|更新|购置|报废|处置|取消|停止|合并|撤销|改革|未安排|无.{0,6}(?:安排|计划|支出)|"
    r"因(?!公出国)|减少了?(?:出国|接待|用车|车辆|公务)|增加了?(?:出国|接待|用车|车辆|公务)"
)


@attrs.frozen
class Statement:
    """One item's number in a segment of the 三公 text."""

    item: str  # total, abroad, car, car_purchase, car_running, reception
    quantity: str  # amount, change, growth
    value: Amount | Percent
    section: Section
    paragraph: Paragraph
    segment: str  # the folded text from the mention to the next mention
    after: str  # the folded text after the number, up to the next mention
    versus: str | None  # 上年 / 预算 when the sentence says what the change is against
    before: str = ""  # the sentence before the mention, when no other item is named in it

    @property
    def body(self) -> str:
        """The segment without the item's own name (which may itself read like a reason: 购置)."""
        m = _MENTION.match(self.segment)
        return self.segment[m.end():] if m else self.segment

    @property
    def reason(self) -> str | None:
        """The reason stated for the item — the clause it starts in, up to the next item: anywhere between its
        name and the next item's, or before its name in its sentence ("由于……，公务用车运行费比上年减少")."""
        for text in (self.body, self.before):
            m = REASON.search(text)
            if m:
                start = max(text.rfind(c, 0, m.start()) for c in ",，。；;:：") + 1
                return text[start:].rstrip(",，。；;:：")
        return None

    @property
    def name(self) -> str:
        return NAMES[self.item]


def fold(text: str) -> str:
    return normalize_label(text)


_GLOSSARY = regex.compile(r"名词解释|名词说明|术语解释")


def _glossary(doc: Document) -> set[int]:
    ids: set[int] = set()
    for section in doc.walk_sections():
        if _GLOSSARY.search(fold(section.title)):
            ids.update(id(s) for s in section.walk())
    return ids


def sangong_roots(doc: Document) -> dict[int, int]:
    """``id(section) -> id(root)`` for the sections of the 三公 explanation: the outermost section headed 三公."""
    skip = _glossary(doc)
    roots: dict[int, int] = {}
    for section in doc.walk_sections():
        if id(section) in skip or id(section) in roots:
            continue
        if "三公" in fold(section.title):
            for s in section.walk():
                roots.setdefault(id(s), id(section))
    return roots


def body_paragraphs(doc: Document) -> Iterator[tuple[Section, Paragraph]]:
    """Every paragraph outside 名词解释."""
    skip = _glossary(doc)
    for section in doc.walk_sections():
        if id(section) in skip:
            continue
        for paragraph in section.paragraphs:
            yield section, paragraph


_HEADING = regex.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．])")


def sangong_runs(doc: Document) -> list[list[tuple[Section, Paragraph]]]:
    """The 三公 explanation as runs of paragraphs read together (a change and its reasons are judged per run).

    When headings were read as such, a run is a section headed 三公 with its sub-sections. Otherwise (a heading
    read as a paragraph: "一、2024 年“三公”经费预算情况说明"), a run starts at a paragraph that mentions 三公经费
    and goes on over the paragraphs that follow it in its section — "（二）公务用车购置及运行费 … 主要原因是…" —
    up to the next numbered heading ("二、机关运行经费预算") or a paragraph that names no 三公 item.
    """
    skip = _glossary(doc)
    runs: list[list[tuple[Section, Paragraph]]] = []
    roots: dict[int, list[tuple[Section, Paragraph]]] = {}
    root_of = sangong_roots(doc)
    for section in doc.walk_sections():
        if id(section) in root_of:
            roots.setdefault(root_of[id(section)], []).extend((section, p) for p in section.paragraphs)
    if roots:
        return [run for run in roots.values() if run]
    for section in doc.walk_sections():
        if id(section) in skip:
            continue
        run: list[tuple[Section, Paragraph]] | None = None
        for paragraph in section.paragraphs:
            text = fold(paragraph.text)
            if "三公" in text:
                if run is None or _HEADING.match(text):
                    run = []
                    runs.append(run)
                run.append((section, paragraph))
            elif run is not None and _MENTION.search(text) and not _HEADING.match(text):
                run.append((section, paragraph))
            else:
                run = None
    return runs


def _amount(number: str, unit: str) -> Amount:
    digits = number.replace(",", "")
    places = len(digits.split(".", 1)[1]) if "." in digits else 0
    return Amount(Decimal(digits), places, {"元": Unit.YUAN, "亿元": Unit.YI}.get(unit, Unit.WAN))


def _sentence_of(text: str, pos: int, stops: str = "。；;") -> str:
    start = max(text.rfind(c, 0, pos) for c in stops) + 1
    ends = [i for i in (text.find(c, pos) for c in stops) if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _values(item, body, section, paragraph, segment, versus, before="") -> Iterator[Statement]:
    """The amounts, changes and rates stated for one item in ``body`` (the segment after the mention).

    Numbers after the first reason belong to the reason ("主要原因是接待任务增加 0.30 万元") and are not read.
    """
    pos = 0
    while True:
        found = [x for x in (_VALUE.search(body, pos), FLAT.search(body, pos), _ZERO_NO_UNIT.search(body, pos))
                 if x is not None]
        if not found:
            return
        first = min(found, key=lambda x: x.start())
        reason = REASON.search(body, pos)
        if reason is not None and reason.start() < first.start() and pos > 0:
            return
        pos = first.end()
        after = body[pos:]
        if first.re is FLAT:
            yield Statement(item, "change", Amount(Decimal(0), 0), section, paragraph, segment, after, versus, before)
            continue
        if first.re is _ZERO_NO_UNIT:
            yield Statement(item, "amount", Amount(Decimal(0), 0), section, paragraph, segment, after, versus, before)
            continue
        verb = first.group("verb") or ""
        sign = -1 if regex.compile(_DOWN).match(verb) else 1
        if first.group("cmp"):
            verb = first.group("cmp")
            sign = -1 if re.match(_LESS, verb) else 1
        digits = first.group("num").replace(",", "")
        if first.group("unit") == "%":
            if verb:  # 占 X%, 完成预算的 X%: not a change
                places = len(digits.split(".", 1)[1]) if "." in digits else 0
                yield Statement(item, "growth", Percent(sign * Decimal(digits), places), section, paragraph,
                                segment, after, versus, before)
            continue
        amount = _amount(first.group("num"), first.group("unit"))
        if verb:
            yield Statement(item, "change", attrs.evolve(amount, value=sign * amount.value), section, paragraph,
                            segment, after, versus, before)
        else:
            yield Statement(item, "amount", amount, section, paragraph, segment, after, versus, before)


def statements(paragraphs: list[tuple[Section, Paragraph]]) -> list[Statement]:
    """Every item statement of the 三公 text's ``paragraphs``, in reading order."""
    out: list[Statement] = []
    for section, paragraph in paragraphs:
        text = fold(paragraph.text)
        mentions = list(_MENTION.finditer(text))
        for i, m in enumerate(mentions):
            end = mentions[i + 1].start() if i + 1 < len(mentions) else len(text)
            segment = text[m.start() : end]
            body = text[m.end() : end]
            sentence = _sentence_of(text, m.start(), "。")
            versus = "上年" if VERSUS_YEAR.search(sentence) else "预算" if _VERSUS_BUDGET.search(sentence) else None
            item = m.lastgroup or "total"
            start = max(text.rfind(c, 0, m.start()) for c in "。；;") + 1
            before = text[start : m.start()]
            if i > 0 and mentions[i - 1].start() >= start:
                before = ""  # another item is named earlier in the sentence: what precedes belongs to it
            out.extend(_values(item, body, section, paragraph, segment, versus, before))
    return out


# --------------------------------------------------------------------------------------------------------
# vehicles, delegations, meetings

NO_PURCHASE = regex.compile(
    r"(?:未|没有|无|不)(?:安排|计划|列支)?(?:新)?(?:购置|购买|新购|更新)(?:公务)?(?:用)?车|"
    r"(?:未|没有|无|不)安排(?:公务用车|车辆)购置|"
    r"(?:公务用车|车辆)购置(?:费用?|经费)?(?:预算)?(?:为0(?![\d.])|未安排|无安排)|"
    r"(?:购置|购买|新购|更新)(?:公务用车|车辆|公务车)0辆"
)
PURCHASE_COUNT = regex.compile(
    r"(?<![未不无没])(?:拟|计划|安排|预计)?(?:购置|购买|新购|更新)(?P<kind>一般公务用车|机要通信用车|公务用车|车辆|公务车)(?:共)?(?P<n>\d+)辆|"
    r"(?:公务用车|车辆)购置(?:数量?|数)(?:为)?(?P<n2>\d+)辆"
)
DELEGATIONS = regex.compile(
    r"(?:出国|出境|出国\(境\))团组(?P<g>\d+)个[^。；]{0,12}?(?P<p>\d+)人|(?P<g2>\d+)个(?:出国(?:\(境\))?)?团组[^。；]{0,12}?(?P<p2>\d+)人"
)


_OTHER_FUNDS = regex.compile(r"自有资金|其他资金|非财政|单位资金|政府性基金|调剂|调拨|划转|划拨|捐赠|接收|上级")
_YEAR = regex.compile(r"((?:19|20)\d{2})年")


def _other_year(doc: Document, sentence: str) -> bool:
    """The sentence speaks of another year than the document's ("2019 年购置车辆 2 辆")."""
    years = {int(y) for y in _YEAR.findall(sentence)}
    return doc.year is not None and bool(years) and doc.year not in years


def purchases(doc: Document) -> list[tuple[Section, Paragraph, int, str, str]]:
    """Stated vehicle purchases: ``(section, paragraph, count, kind of vehicle, sentence)`` with count > 0.

    Left out: purchases of another year, and vehicles paid from other funds or received (调剂, 划转, 捐赠 …),
    which the 三公 table of 财政拨款 does not show.
    """
    out = []
    for section, paragraph in body_paragraphs(doc):
        if "辆" not in paragraph.text:
            continue  # every purchase states its count of vehicles
        text = fold(paragraph.text)
        for m in PURCHASE_COUNT.finditer(text):
            n = int(m.group("n") or m.group("n2") or 0)
            sentence = _sentence_of(text, m.start())
            if n > 0 and not _OTHER_FUNDS.search(sentence) and not _other_year(doc, sentence):
                out.append((section, paragraph, n, m.group("kind") or "公务用车", sentence))
    return out


def no_purchase(doc: Document) -> list[tuple[Section, Paragraph, str]]:
    """Sentences saying no vehicle is (to be) bought this year."""
    out = []
    for section, paragraph in body_paragraphs(doc):
        if "车" not in paragraph.text:
            continue  # every such sentence names the vehicles
        text = fold(paragraph.text)
        for m in NO_PURCHASE.finditer(text):
            sentence = _sentence_of(text, m.start())
            if not _other_year(doc, sentence):
                out.append((section, paragraph, sentence))
    return out


# --------------------------------------------------------------------------------------------------------
# meetings and training

_SENTENCES = regex.compile(r"[。；;]")
_MONEY = regex.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)(万元|元)")
_PEOPLE = regex.compile(r"(\d+)人次?(?![天日])")
_DAYS = regex.compile(r"(\d+)天")
_PERSON_DAYS = regex.compile(r"(\d+)(?:人天|人日)")
#: The spending whose cost per person-day has a 综合定额, and the subject prefix of its claims.
PER_PERSON_DAY = (("会议费", "meetings"), ("培训费", "training"))
_COUNT_LABELS = {"person_days": "人天", "people": "人次", "days": "天"}


def _meetings(doc: Document) -> Iterator[tuple[Section, Paragraph, str, str, str, Amount, dict[str, int]]]:
    """Sentences giving 会议费 (or 培训费) with its people and days: ``(section, paragraph, sentence, word, subject
    prefix, amount, counts)``, counts ``{"person_days": K}`` or ``{"people": M, "days": D}``.

    A sentence naming both 会议费 and 培训费 is left out (which figure goes with which count cannot be told); the
    figures are read after the word.
    """
    for section, paragraph in body_paragraphs(doc):
        if not any(word in paragraph.text for word, _ in PER_PERSON_DAY):
            continue
        text = fold(paragraph.text)
        for sentence in _SENTENCES.split(text):
            named = [(word, prefix) for word, prefix in PER_PERSON_DAY if word in sentence]
            if len(named) != 1:
                continue
            word, prefix = named[0]
            rest = sentence[sentence.index(word):]
            money = _MONEY.search(rest)
            if money is None:
                continue
            pd = _PERSON_DAYS.search(rest)
            if pd:
                counts = {"person_days": int(pd.group(1))}
            else:
                people, days = _PEOPLE.search(rest), _DAYS.search(rest)
                if people is None or days is None:
                    continue
                counts = {"people": int(people.group(1)), "days": int(days.group(1))}
            yield section, paragraph, sentence, word, prefix, _amount(money.group(1), money.group(2)), counts


# --------------------------------------------------------------------------------------------------------
# the claims

#: "决算数大于预算数", "超预算", "比预算增加": the 决算 is above the 预算
_OVER = regex.compile(r"(决算数?|支出)(大于|超过|高于|超出|多于)(年初)?预算|超(出)?(年初)?预算|(比|较)(年初)?预算(数)?(增加|增长|超支|多)")
_AGAINST = {"上年": "previous", "预算": "budget"}


def sangong_claims(doc: Document, counter: Iterator[int] | None = None) -> list[Claim]:
    """The clause reading of ``doc`` as claims (``reading="sangong"``), in the order of the module docstring's
    table; ``counter`` gives the group numbers (shared with the binder's, so that groups never collide)."""
    counter = counter if counter is not None else itertools.count(1)
    out: list[Claim] = []

    def claim(quantity, value, text, section, paragraph, subject, **extra) -> Claim:
        return Claim(quantity=quantity, value=value, text=text, source=paragraph.source, subject=subject,
                     section=section.heading, reading="sangong", **extra)

    runs = sangong_runs(doc)
    groups = [next(counter) for _ in runs]
    group_of = {id(p): groups[i] for i, run in enumerate(runs) for _, p in run}
    pairs = [pair for run in runs for pair in run]
    for s in statements(pairs):
        out.append(claim(s.quantity, s.value, s.segment, s.section, s.paragraph, f"sangong.{s.item}",
                         label=s.name, group=group_of[id(s.paragraph)], reason=s.reason,
                         against=_AGAINST.get(s.versus or "")))
    for section, paragraph in pairs:
        text = fold(paragraph.text)
        group = group_of[id(paragraph)]
        for sentence in _SENTENCES.split(text):
            if REASON.search(sentence) and not _MENTION.search(sentence) and not _VALUE.search(sentence):
                out.append(claim("reason", 0, sentence, section, paragraph, "sangong.total", group=group,
                                 label=NAMES["total"], reason=sentence))
            if _OVER.search(sentence) and REASON.search(sentence):
                out.append(claim("versus_budget", 1, sentence, section, paragraph, "sangong.total", group=group,
                                 label=NAMES["total"], reason=sentence, against="budget"))
        if FLAT.search(text) or VERSUS_YEAR.search(text):
            out.append(claim("comparison", 0, text, section, paragraph, "sangong.total", group=group,
                             label=NAMES["total"]))
    for section, paragraph, count, kind, sentence in purchases(doc):
        out.append(claim("count", count, sentence, section, paragraph, "assets.vehicles_bought", label=kind,
                         group=next(counter)))
    for section, paragraph, sentence in no_purchase(doc):
        out.append(claim("count", 0, sentence, section, paragraph, "assets.vehicles_bought", label="车辆",
                         group=next(counter)))
    for section, paragraph in body_paragraphs(doc):
        if "团组" not in paragraph.text:
            continue
        for m in DELEGATIONS.finditer(fold(paragraph.text)):
            group = next(counter)
            for subject, value, label in (("sangong.abroad.delegations", m.group("g") or m.group("g2"), "团组"),
                                          ("sangong.abroad.people", m.group("p") or m.group("p2"), "人次")):
                out.append(claim("count", int(value), m.group(0), section, paragraph, subject, group=group,
                                 label=label))
    for section, paragraph, sentence, word, prefix, amount, counts in _meetings(doc):
        group = next(counter)
        out.append(claim("amount", amount, sentence, section, paragraph, f"{prefix}.cost", group=group, label=word))
        for name, value in counts.items():
            out.append(claim("count", value, sentence, section, paragraph, f"{prefix}.{name}", group=group,
                             label=_COUNT_LABELS[name]))
    return out

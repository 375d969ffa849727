"""The claims extractor searches the change and comparative patterns before a number only when the words there
end the way a match of theirs must end (:data:`~budgetrules_plugins.claims.patterns._CHANGE_LAST`,
:data:`~budgetrules_plugins.claims.patterns._COMPARATIVE_LAST`). These tests draw text from the patterns
themselves, so that a word added to a pattern and not to its set of last characters fails here instead of being
skipped silently."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetrules_plugins.claims import patterns


def _last(text: str) -> str:
    return text.rstrip()[-1:]


@settings(max_examples=300)
@given(st.from_regex(patterns._CHANGE))
def test_every_change_match_ends_in_a_listed_character(text: str) -> None:
    assert patterns._CHANGE.search(text)
    assert _last(text) in patterns._CHANGE_LAST


@settings(max_examples=300)
@given(st.from_regex(patterns._COMPARATIVE))
def test_every_comparative_match_ends_in_a_listed_character_or_a_digit(text: str) -> None:
    assert patterns._COMPARATIVE.search(text)
    last = _last(text)
    assert last in patterns._COMPARATIVE_LAST or last.isdigit()


def test_a_change_is_still_read_before_a_number() -> None:
    (token,) = patterns.number_tokens("支出比上年减少了 12.5 万元")
    assert token.kind == "change"
    assert str(token.value.value) == "-12.5"


# The list markers and the comparisons in words are searched only in sentences holding a word every match of
# theirs holds (:data:`~budgetrules_plugins.claims.patterns._MARKER_WORDS`, ``_FLAT_WORDS``, 决算).


@settings(max_examples=300)
@given(st.from_regex(patterns.MARKERS))
def test_every_marker_match_holds_a_marker_word(text: str) -> None:
    for m in patterns.MARKERS.finditer(text):
        assert patterns._MARKER_WORDS.search(m.group(0))


@settings(max_examples=300)
@given(st.from_regex(patterns._FLAT))
def test_every_flat_comparison_holds_a_flat_word(text: str) -> None:
    for m in patterns._FLAT.finditer(text):
        assert patterns._FLAT_WORDS.search(m.group(0))


@settings(max_examples=300)
@given(st.from_regex(patterns._VERSUS))
def test_every_comparison_with_the_budget_names_the_final_accounts(text: str) -> None:
    for m in patterns._VERSUS.finditer(text):
        assert "决算" in m.group(0)


def test_markers_and_comparisons_in_words_are_still_read() -> None:
    assert [m[2] for m in patterns.markers("其中：基本支出 1 万元，主要包括：工资", 0, 20)] == ["parts", "items"]
    kinds = [t.kind for t in patterns.word_tokens("支出与上年持平。决算数小于预算数。")]
    assert kinds == ["change", "versus"]


# The mentions by code and by chains of names, and the year words, are searched only in texts holding what every
# match of theirs holds.


@settings(max_examples=200)
@given(st.data())
def test_every_code_or_chain_match_holds_its_level_mark(data) -> None:
    from budgetrules_plugins.claims import mentions

    for pattern, holds in ((mentions._NAME_CHAIN, mentions._LEI_MARK), (mentions._KUAN_CHAIN, mentions._KUAN_MARK)):
        text = data.draw(st.from_regex(pattern))
        for m in pattern.finditer(text):
            assert holds.search(m.group(0)), (pattern.pattern, text)
    for pattern in (mentions._CODE_CHAIN, mentions._CODE_LEI):
        text = data.draw(st.from_regex(pattern))
        for m in pattern.finditer(text):
            assert "类" in m.group(0)


@settings(max_examples=300)
@given(st.from_regex(importlib.import_module("budgetrules_plugins.claims.extract")._YEAR_WORDS))
def test_every_year_words_match_holds_the_word_year(text: str) -> None:
    for m in importlib.import_module("budgetrules_plugins.claims.extract")._YEAR_WORDS.finditer(text):
        assert "年" in m.group(0)


@settings(max_examples=300)
@given(st.from_regex(importlib.import_module("budgetrules_plugins.claims.extract")._COUNTED_LIST))
def test_every_counted_list_holds_the_counter(text: str) -> None:
    for m in importlib.import_module("budgetrules_plugins.claims.extract")._COUNTED_LIST.finditer(text):
        assert "个" in m.group(0)

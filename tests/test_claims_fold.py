"""The folds of the prose (:class:`budgetrules_plugins.claims.linear.FoldTable`) translate only the runs of
characters outside :data:`~budgetrules_plugins.claims.linear.KEPT_BY_FOLDS`; these tests check that every
character of that class is one each fold keeps, and that a fold gives what ``str.translate`` of the whole text
gives, on any text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetrules.api import regex
from budgetrules_plugins.claims import mentions, patterns
from budgetrules_plugins.claims.linear import KEPT_BY_FOLDS, FoldTable

TABLES = {"numbers (patterns)": patterns._FOLD, "names (mentions)": mentions._FOLD}
KEPT = regex.compile(f"[{KEPT_BY_FOLDS}]")


@pytest.mark.parametrize("name", list(TABLES))
def test_every_kept_character_is_kept_by_the_fold(name) -> None:
    table = TABLES[name]
    kept = [chr(c) for c in itertools.chain(range(0x80), range(0x4E00, 0xA000))]
    assert all(KEPT.fullmatch(ch) for ch in kept)
    assert [ch for ch in kept if table._fold(ch) != ch] == []
    # and the class holds nothing else: its neighbours are outside it
    assert not any(KEPT.fullmatch(ch) for ch in ("\x80", "\u4dff", "\ua000", "\uff08", "\u3000", "\uf900"))


prose = st.text(st.characters(codec="utf-8"), max_size=60) | st.lists(
    st.sampled_from(["预算", "（", "）", "，", "。", "２０２１", "2021", "“三公”", "\u3000", " ", "…", "㈠", "Ａ", "\U0001d400",
                     "\u0301", "e", "①", "ﬁ", "【", "】", "：", "\t"]), max_size=20).map("".join)


@settings(max_examples=500, deadline=None)
@given(prose, st.sampled_from(list(TABLES)))
def test_fold_is_translate_of_the_whole_text(text, name) -> None:
    table = TABLES[name]
    folded = table.fold(text)
    assert folded == text.translate(table)
    assert len(folded) == len(text)


@given(st.text(max_size=30))
def test_a_table_without_kept_characters_translates_everything(text) -> None:
    table = FoldTable(str.upper)
    assert table.fold(text) == text.translate(table)

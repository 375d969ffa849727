"""Patterns of the reader written for the regular-expression engine's speed read as their plain spelling."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetrules.reading import docsets, identity, titleblock


@settings(max_examples=500)
@given(st.text(alphabet="。，；;,！？:：表甲 \n\t", max_size=8))
def test_the_prose_punctuation_written_class_first_finds_what_the_plain_spelling_finds(text: str) -> None:
    plain = re.compile(r"[。，；;,！？]|[:：]$")
    assert bool(titleblock._PROSE.search(text)) == bool(plain.search(text))


@settings(max_examples=500)
@given(st.text(alphabet="部门单位 \u3000\t\nab1", max_size=12))
def test_flat_removes_the_spaces_between_cjk_characters_as_before(text: str) -> None:
    assert identity._flat(text) == identity._CJK_SPACE.sub("", text.strip())


@settings(max_examples=300)
@given(st.from_regex(docsets._UNIT_LINE))
def test_every_unit_line_holds_the_word_unit(text: str) -> None:
    for m in docsets._UNIT_LINE.finditer(text):
        assert "单位" in m.group(0)


@settings(max_examples=500)
@given(st.text(alphabet="。；;，,甲 \n", max_size=8))
def test_a_contents_entry_that_is_a_sentence_is_told_as_before(text: str) -> None:
    from budgetrules_plugins.mandatory import mc106

    plain = re.compile(r"[。；;]|[，,].*[，,]")
    assert bool(mc106._PROSE.search(text)) == bool(plain.search(text))

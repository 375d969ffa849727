"""The claims extractor searches the change and comparative patterns before a number only when the words there
end the way a match of theirs must end (:data:`~budgetrules_plugins.claims.patterns._CHANGE_LAST`,
:data:`~budgetrules_plugins.claims.patterns._COMPARATIVE_LAST`). These tests draw text from the patterns
themselves, so that a word added to a pattern and not to its set of last characters fails here instead of being
skipped silently."""

from __future__ import annotations

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

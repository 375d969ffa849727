"""Department facts stated in the prose: 编制数, 实有人数 and its parts."""

from __future__ import annotations

import re
from typing import Sequence

from .model import Paragraph, Source

__all__ = ["department_facts"]

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("编制数", r"编制(?:数|人数)?\s*(?:为|是|共)?\s*(\d{1,9})(?!\d)\s*(?:人|名|个)?"),
    ("实有人数", r"实有人数\s*(?:为|是|共)?\s*(\d{1,9})(?!\d)\s*人"),
    ("在职", r"在职(?:人员|人数)?\s*(\d{1,9})(?!\d)\s*人"),
    ("退休", r"退休(?:人员|人数)?\s*(\d{1,9})(?!\d)\s*人"),
    ("离休", r"离休(?:人员|人数)?\s*(\d{1,9})(?!\d)\s*人"),
)


def department_facts(paragraphs: Sequence[Paragraph]) -> tuple[dict[str, int], dict[str, Source]]:
    """The first statement of each staffing fact, with where it was read."""
    facts: dict[str, int] = {}
    sources: dict[str, Source] = {}
    for paragraph in paragraphs:
        if not re.search(r"编制|实有人数|在职|退休|离休", paragraph.text):
            continue
        for name, pattern in _PATTERNS:
            if name in facts:
                continue
            m = re.search(pattern, paragraph.text)
            if m:
                facts[name] = int(m.group(1))
                line = paragraph.line_at(m.start())
                sources[name] = Source(paragraph.source.path, line, paragraph.source.page, paragraph.source.ref)
    return facts, sources

"""Where the 三公 explanation is: the sections headed 三公, outside 名词解释 (structure, not prose)."""

from __future__ import annotations

from budgetrules.api import Document, Section, normalize_label, regex

_GLOSSARY = regex.compile(r"名词解释|名词说明|术语解释")


def sangong_sections(doc: Document) -> list[Section]:
    """The sections headed 三公 (and their sub-sections), outside 名词解释, in reading order."""
    skip = {id(s) for section in doc.walk_sections() if _GLOSSARY.search(normalize_label(section.title))
            for s in section.walk()}
    out: list[Section] = []
    for section in doc.walk_sections():
        if id(section) in skip or any(id(section) == id(s) for s in out):
            continue
        if "三公" in normalize_label(section.title):
            out.extend(s for s in section.walk() if all(id(s) != id(o) for o in out))
    return out

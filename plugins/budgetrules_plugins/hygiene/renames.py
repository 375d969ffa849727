"""Names of 政府收支分类科目 that an older catalogue used and the document's year no longer does.

:func:`outdated_names` lists, for one system and year, every old name of a code that the catalogue of that
year lists under another name — ``医疗卫生与计划生育支出`` (210 until 2018, 卫生健康支出 from 2019),
``行政事业单位离退休`` (20805 until 2020). The evidence is the shipped (or imported) yearly catalogues
themselves, plus the renames recorded in ``changes.csv`` up to that year. A catalogue that cannot tell gives
nothing:

* no catalogue of the year, or only a later one: nothing (a name may not have been renamed yet);
* a catalogue of an earlier year standing in for a later document (a 2026 document, 2025 the newest list):
  names renamed by that earlier year are outdated for the later one too;
* a code missing from the year's list (its fate unknown) gives no old name.

An old name is kept only when it can be recognised in prose without false alarms: at least four characters,
the name of no code in the year's list, part of no name of that list (``生产补贴`` is inside
``个人农业生产补贴``), and not merely the current name with something added (``其他对个人和家庭的补助支出``).
"""

from __future__ import annotations

import functools

import attrs

from budgetrules.api import Catalogue, catalogues, normalize_name

__all__ = ["OldName", "outdated_names", "catalogue_label"]

#: the systems whose names prose uses
SYSTEMS = ("func", "econ-dept")
_MIN_LENGTH = 4


@attrs.frozen
class OldName:
    """An outdated name: the code, the old name, the name in force, and the years that show it.

    ``last_old`` is the last catalogue year that uses the old name (or the year before a recorded rename);
    ``since`` the first year of the name in force (None when only a stand-in catalogue shows it).
    """

    system: str
    code: str
    old: str
    current: str
    last_old: int
    since: int | None
    catalogue: Catalogue


def catalogue_label(cat: Catalogue) -> str:
    """How messages name the catalogue checked against: ``2024 年支出功能分类科目`` (with the stand-in year)."""
    name = catalogues.SYSTEM_NAMES.get(cat.system, cat.system)
    if cat.is_fallback:
        return f"{cat.year} 年{name}（无 {cat.year_requested} 年目录，以 {cat.year} 年目录代替）"
    return f"{cat.year} 年{name}"


def _since(system: str, code: str, current: str, after: int) -> int | None:
    wanted = normalize_name(current)
    years = [y for y, e in catalogues.history(system, code) if y > after and e.normalized_name == wanted]
    return min(years) if years else None


def _recognisable(cat: Catalogue, old: str, current: str) -> bool:
    norm = normalize_name(old)
    if len(norm) < _MIN_LENGTH or cat.find_by_name(old):
        return False
    if normalize_name(current) in norm:
        return False
    return not any(norm in entry.normalized_name for entry in cat)


def outdated_names(system: str, year: int) -> list[OldName]:
    """The outdated names of ``system`` for a document of ``year``, longest first (see the module docstring)."""
    cat = catalogues.load(system, year)
    if cat is None:
        return []
    return list(_outdated_names(system, year, cat))


@functools.lru_cache(maxsize=32)
def _outdated_names(system: str, year: int, cat: Catalogue) -> tuple[OldName, ...]:
    # computed once per catalogue (an imported catalogue is a new object, so a new key)
    found: dict[tuple[str, str], OldName] = {}
    # every earlier catalogue year's names (read as rows: the earlier catalogues themselves are not needed)
    for code, names in catalogues.name_history(system).items():
        now = cat.get(code)
        if now is None:
            continue
        for y, name in names:
            if y >= cat.year:
                break
            old = normalize_name(name)
            if now.normalized_name == old:
                continue
            key = (code, old)
            last = max(y, found[key].last_old) if key in found else y
            found[key] = OldName(system, code, name, now.name, last, None, cat)
    for change in catalogues.changes(system):
        if change.kind != "renamed" or not change.old_name or change.year_changed > year:
            continue
        now = cat.get(change.code)
        if now is None or now.normalized_name == normalize_name(change.old_name):
            continue
        key = (change.code, normalize_name(change.old_name))
        if key not in found:
            found[key] = OldName(system, change.code, change.old_name, now.name, change.year_changed - 1, None, cat)
    out = [
        attrs.evolve(o, since=_since(system, o.code, o.current, o.last_old))
        for o in found.values()
        if _recognisable(cat, o.old, o.current)
    ]
    return tuple(sorted(out, key=lambda o: (-len(normalize_name(o.old)), o.code)))

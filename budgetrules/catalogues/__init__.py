"""Year-versioned classification catalogues (政府收支分类科目) and the API that reads them.

Three classification systems are kept, one CSV per system and year (see ``data/`` and ``README.md``):

* ``func``      支出功能分类科目: 类 3 digits, 款 5, 项 7 (``2080505`` = 类 208 / 款 05 / 项 05);
* ``econ-dept`` 部门预算支出经济分类科目: 类 3 digits, 款 5 (``30101`` 基本工资);
* ``econ-gov``  政府预算支出经济分类科目: 类 3 digits, 款 5 (``50101``), with the departmental 款 each maps to.

The shipped catalogues are partial: each 类/款 row says whether it lists *every* child of that node in the
official list of that year (``children_complete``), and the file says whether its 类 list is complete. A code
is reported unknown only when its parent's children are complete (:meth:`Catalogue.code_status`): never guess
from a partial list.

Finance bureaus hold the official workbook; :func:`import_official_file` turns it into a user catalogue
(``$BUDGETRULES_HOME/catalogues`` or ``~/.budgetrules/catalogues``), which :func:`load` prefers to the shipped
one for that system and year.

>>> cat = load("func", 2021)
>>> cat.get("2080505").name
'机关事业单位基本养老保险缴费支出'
>>> [e.code for e in cat.find_by_name("行政运行", parent="21201")]
['2120101']
>>> load("econ-dept", 2018).get("30104") is None, load("econ-dept", 2017).get("30104").name
(True, '其他社会保障缴费')
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import hashlib
import io
import os
import types
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence, cast

import attrs

from budgetrules.core import regex
from budgetrules.core.derived import derived
from budgetrules.core.lazy import lazy_module

if TYPE_CHECKING:
    import csv
else:
    csv = lazy_module("csv")  # the files are parsed once, then read back from the store of derived data

__all__ = [
    "SYSTEMS",
    "LEVELS",
    "Entry",
    "Catalogue",
    "CodeStatus",
    "Change",
    "normalize_name",
    "level_of",
    "parent_code",
    "load",
    "years",
    "history",
    "name_history",
    "changes",
    "user_catalogue_dir",
    "import_official_file",
    "import_official",
    "Imported",
    "ImportRefused",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "clear_cache",
]

SYSTEMS: tuple[str, ...] = ("func", "econ-dept", "econ-gov")
"""The classification systems, as used in file names (``<system>-<year>.csv``)."""

LEVELS: tuple[str, ...] = ("类", "款", "项")

SYSTEM_NAMES: Mapping[str, str] = types.MappingProxyType(
    {"func": "支出功能分类科目", "econ-dept": "部门预算支出经济分类科目", "econ-gov": "政府预算支出经济分类科目"}
)

# code length -> level, per system
_LEVEL_BY_LENGTH: Mapping[str, Mapping[int, str]] = types.MappingProxyType(
    {
        "func": types.MappingProxyType({3: "类", 5: "款", 7: "项"}),
        "econ-dept": types.MappingProxyType({3: "类", 5: "款"}),
        "econ-gov": types.MappingProxyType({3: "类", 5: "款"}),
    }
)

# first digit of a 类 code, per system (used to tell systems apart in an official workbook)
_FIRST_DIGIT: Mapping[str, str] = types.MappingProxyType({"func": "2", "econ-dept": "3", "econ-gov": "5"})

_DATA_DIR = Path(__file__).resolve().parent / "data"
_FILE_RE = regex.compile(r"^(func|econ-dept|econ-gov)-(\d{4})\.csv$")
_HEADER_RE = regex.compile(r"^#\s*([a-z_]+)\s*:\s?(.*)$")
_COLUMNS = ("code", "name", "level", "parent", "children_complete")


# --------------------------------------------------------------------------------------------- helpers


def _check_system(system: str) -> str:
    if system not in SYSTEMS:
        raise ValueError(f"unknown classification system {system!r}; expected one of {', '.join(SYSTEMS)}")
    return system


def level_of(system: str, code: str) -> str | None:
    """The level (类/款/项) a code of that length has in ``system``; None for a malformed code.

    >>> level_of("func", "2080505"), level_of("econ-dept", "30101"), level_of("econ-dept", "3010101")
    ('项', '款', None)
    """
    _check_system(system)
    if not code.isascii() or not code.isdigit():
        return None
    return _LEVEL_BY_LENGTH[system].get(len(code))


def parent_code(system: str, code: str) -> str | None:
    """The code of the parent node (None for a 类). Raises ValueError for a malformed code.

    >>> parent_code("func", "2080505"), parent_code("func", "20805"), parent_code("func", "208")
    ('20805', '208', None)
    """
    level = level_of(system, code)
    if level is None:
        raise ValueError(f"{code!r} is not a {system} code (digits, lengths {sorted(_LEVEL_BY_LENGTH[system])})")
    return None if level == "类" else code[:-2]


_QUOTES = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "〝": '"', "〞": '"', "＂": '"', "「": '"', "」": '"', "『": '"', "』": '"',
        "‘": "'", "’": "'", "‚": "'", "＇": "'",
        "〔": "[", "〕": "]", "【": "[", "】": "]", "［": "[", "］": "]",
        "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-", "－": "-",
        "﹙": "(", "﹚": ")",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
    }
)


@functools.lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """A name reduced for comparison: NFKC (full-width → half-width, so （）→ ()), quotes and brackets folded,
    every whitespace character dropped, ASCII letters case-folded.

    >>> normalize_name(" 维修（护）费 ") == normalize_name("维修(护)费")
    True
    >>> normalize_name("“两庭”建设"), normalize_name("因公出国（境）\u3000费用")
    ('"两庭"建设', '因公出国(境)费用')
    """
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES)
    return "".join(ch for ch in text if not ch.isspace()).casefold()


def _yes_no(value: str, *, where: str) -> bool | None:
    value = value.strip().lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0"):
        return False
    if value == "":
        return None
    raise ValueError(f"{where}: expected yes/no, got {value!r}")


# --------------------------------------------------------------------------------------------- model


@attrs.frozen
class Entry:
    """One node of a classification in one year.

    ``children_complete`` is set on 类 and 款 rows only: True when every child of this node in that year's
    official list is in the catalogue, False when some may be missing; None on 项 rows (econ 款 rows are leaves
    but still say True/False about their — empty — child list).
    ``dept_codes`` (econ-gov only) are the 部门预算经济分类 款 codes the node collects.
    """

    code: str
    name: str
    level: str
    parent: str | None
    children_complete: bool | None
    dept_codes: tuple[str, ...] = ()
    #: :func:`normalize_name` of ``name``, computed once
    normalized_name: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "normalized_name", normalize_name(self.name))


class CodeStatus(enum.Enum):
    """What a catalogue can say about a code."""

    KNOWN = "known"
    """The code is in the catalogue."""
    UNKNOWN = "unknown"
    """The code is not in the official list: its parent's children (or the 类 list) are complete."""
    NOT_COVERED = "not covered"
    """The catalogue does not list every child of the parent: it cannot tell."""


def _frozen_mapping(m: Mapping[str, Any]) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(m))


@attrs.frozen(eq=False)
class Catalogue:
    """One classification system in one year.

    ``year`` is the year of the list that was loaded; ``year_requested`` the year asked for (they differ when
    the asked year is later than the newest catalogue, or falls in a gap). ``origin`` is ``"shipped"`` or
    ``"user"`` (imported from an official file). ``top_complete`` says whether the 类 list is complete.
    ``header`` keeps every ``# key: value`` line of the file (source, cross_checked, coverage, unverified …).
    """

    system: str
    year: int
    source: str
    coverage: str
    entries: Mapping[str, Entry] = attrs.field(converter=_frozen_mapping, repr=False)
    top_complete: bool = False
    year_requested: int | None = None
    origin: str = "shipped"
    path: Path | None = None
    header: Mapping[str, str] = attrs.field(
        factory=dict, converter=_frozen_mapping, repr=False
    )
    _children: Mapping[str | None, tuple[str, ...]] = attrs.field(init=False, repr=False)
    _ordered: tuple[Entry, ...] = attrs.field(init=False, repr=False)
    #: normalized name → the entries of that name, in code order (built once: lookups by name are frequent)
    _by_name: Mapping[str, tuple[Entry, ...]] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        kids: dict[str | None, list[str]] = {}
        for code, entry in self.entries.items():
            kids.setdefault(entry.parent, []).append(code)
        object.__setattr__(
            self, "_children", types.MappingProxyType({p: tuple(sorted(c)) for p, c in kids.items()})
        )
        ordered = tuple(self.entries[c] for c in sorted(self.entries))
        by_name: dict[str, list[Entry]] = {}
        for entry in ordered:
            by_name.setdefault(entry.normalized_name, []).append(entry)
        object.__setattr__(self, "_ordered", ordered)
        object.__setattr__(self, "_by_name", types.MappingProxyType({k: tuple(v) for k, v in by_name.items()}))
        if self.year_requested is None:
            object.__setattr__(self, "year_requested", self.year)

    # -- container protocol
    def __contains__(self, code: object) -> bool:
        return code in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def is_fallback(self) -> bool:
        """True when the catalogue of another year stands in for the year asked."""
        return self.year != self.year_requested

    # -- lookups
    def get(self, code: str) -> Entry | None:
        return self.entries.get(code)

    def name_of(self, code: str) -> str | None:
        entry = self.entries.get(code)
        return entry.name if entry else None

    def children(self, code: str | None) -> list[Entry]:
        """The children of ``code`` in code order; ``None`` gives the 类 list."""
        return [self.entries[c] for c in self._children.get(code, ())]

    def ancestors(self, code: str) -> list[Entry]:
        """The known ancestors of ``code``, 类 first (the code itself excluded)."""
        out: list[Entry] = []
        parent = parent_code(self.system, code)
        while parent is not None:
            if parent in self.entries:
                out.append(self.entries[parent])
            parent = parent_code(self.system, parent)
        return out[::-1]

    def is_complete_under(self, parent_code: str | None) -> bool:
        """Whether the catalogue lists every child of ``parent_code`` (``None``: the 类 list)."""
        if parent_code is None:
            return self.top_complete
        entry = self.entries.get(parent_code)
        return bool(entry and entry.children_complete)

    def code_status(self, code: str) -> CodeStatus:
        """KNOWN, UNKNOWN (provably not in that year's list) or NOT_COVERED (cannot tell).

        A malformed code (wrong length, not digits) is UNKNOWN.
        """
        if code in self.entries:
            return CodeStatus.KNOWN
        if level_of(self.system, code) is None:
            return CodeStatus.UNKNOWN
        parent = parent_code(self.system, code)
        if parent is None:
            return CodeStatus.UNKNOWN if self.top_complete else CodeStatus.NOT_COVERED
        if parent not in self.entries:
            # the parent itself is missing: the child is unknown exactly when the parent is
            return CodeStatus.UNKNOWN if self.code_status(parent) is CodeStatus.UNKNOWN else CodeStatus.NOT_COVERED
        return CodeStatus.UNKNOWN if self.entries[parent].children_complete else CodeStatus.NOT_COVERED

    def find_by_name(self, name: str, parent: str | None = None, *, level: str | None = None) -> list[Entry]:
        """Entries whose normalized name equals that of ``name``, in code order.

        ``parent`` restricts the search to the children of that code (use it to recognise a 项 printed
        without its code under a known 款); ``level`` to one level.
        """
        found = self._by_name.get(normalize_name(name), ())
        return [e for e in found if (parent is None or e.parent == parent) and (level is None or e.level == level)]

    def name_matches(self, code: str, name: str) -> bool | None:
        """Whether ``name`` is the name of ``code`` (normalized); None when the code is not in the catalogue."""
        entry = self.entries.get(code)
        if entry is None:
            return None
        return entry.normalized_name == normalize_name(name)


@attrs.frozen
class Change:
    """One recorded change of a code between years (``changes.csv``).

    ``kind`` is ``renamed``, ``removed`` or ``added``; ``year_changed`` the first year of the new state.
    """

    code: str
    system: str
    old_name: str | None
    new_name: str | None
    year_changed: int
    kind: str
    note: str = ""


# --------------------------------------------------------------------------------------------- reading


def _parse_catalogue_text(text: str, *, where: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    header: dict[str, str] = {}
    body: list[str] = []
    last_key: str | None = None
    for line in text.splitlines():
        if line.startswith("#"):
            m = _HEADER_RE.match(line)
            if m:
                last_key = m.group(1)
                header[last_key] = (header[last_key] + "\n" if last_key in header else "") + m.group(2).strip()
            elif last_key is not None and line[1:].strip():
                header[last_key] += " " + line[1:].strip()
            continue
        if line.strip():
            body.append(line)
    reader = csv.DictReader(io.StringIO("\n".join(body)))
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{where}: missing column(s) {', '.join(missing)}")
    return header, list(reader)


def _catalogue_entries(path: Path, system: str) -> tuple[dict[str, str], dict[str, Entry]]:
    """The header and the entries (by code) of the ``system`` catalogue file at ``path``, parsed and checked once
    and then read back from the store of derived data (:mod:`budgetrules.core.derived`; keyed by the system,
    the file's content and this module's code): a check reads a few thousand entries, and making them again in
    every process was most of the time its first use of a catalogue took."""
    data = path.read_bytes()
    where = str(path)

    def build() -> tuple[dict[str, str], dict[str, Entry]]:
        header, rows = _parse_catalogue_text(data.decode("utf-8-sig"), where=where)
        entries: dict[str, Entry] = {}
        for i, row in enumerate(rows, start=2):
            entry = _entry(system, row, f"{where}: row {i}")
            if entry.code in entries:
                raise ValueError(f"{where}: row {i}: duplicate code {entry.code}")
            entries[entry.code] = entry
        return header, entries

    return derived("catalogue-entries", f"{system}\0{where}", system.encode() + b"\0" + data, build)


def _entry(system: str, row: Mapping[str, str], where: str) -> Entry:
    code = (row.get("code") or "").strip()
    name = (row.get("name") or "").strip()
    level = (row.get("level") or "").strip()
    parent = (row.get("parent") or "").strip() or None
    if level_of(system, code) != level:
        raise ValueError(f"{where}: code {code!r} is not a {system} {level or '?'} code")
    complete = _yes_no(row.get("children_complete") or "", where=where)
    dept = tuple(c.strip() for c in (row.get("dept_codes") or "").split(";") if c.strip())
    return Entry(code, name, level, parent, complete if level != "项" else None, dept)


def _read_catalogue(path: Path, system: str, year: int, origin: str) -> Catalogue:
    where = str(path)
    header, entries = _catalogue_entries(path, system)
    top = _yes_no(header.get("lei_complete", "no"), where=f"{where}: lei_complete") or False
    return Catalogue(
        system=system,
        year=year,
        source=header.get("source", ""),
        coverage=header.get("coverage", ""),
        entries=entries,
        top_complete=top,
        origin=origin,
        path=path,
        header=header,
    )


def user_catalogue_dir() -> Path:
    """Where imported catalogues live: ``$BUDGETRULES_HOME/catalogues``, else ``~/.budgetrules/catalogues``."""
    return _user_catalogue_dir(os.environ.get("BUDGETRULES_HOME", "").strip(), os.environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _user_catalogue_dir(home: str, user_home: str | None) -> Path:
    # keyed on the variables it depends on, so that a test setting them sees the change
    base = Path(home).expanduser() if home else Path.home() / ".budgetrules"
    return base / "catalogues"


def _scan(directory: Path) -> dict[tuple[str, int], Path]:
    found: dict[tuple[str, int], Path] = {}
    if directory.is_dir():
        for p in directory.iterdir():
            m = _FILE_RE.match(p.name)
            if m and p.is_file():
                found[(m.group(1), int(m.group(2)))] = p
    return found


@functools.lru_cache(maxsize=8)
def _index(user_dir: str) -> Mapping[tuple[str, int], tuple[Path, str]]:
    """(system, year) -> (file, origin); user files shadow shipped ones."""
    index = {k: (p, "shipped") for k, p in _scan(_DATA_DIR).items()}
    index.update({k: (p, "user") for k, p in _scan(Path(user_dir)).items()})
    return types.MappingProxyType(index)


@functools.lru_cache(maxsize=128)
def _load_exact(system: str, year: int, user_dir: str) -> Catalogue | None:
    hit = _index(user_dir).get((system, year))
    if hit is None:
        return None
    path, origin = hit
    return _read_catalogue(path, system, year, origin)


def clear_cache() -> None:
    """Forget every loaded catalogue (call after adding or editing catalogue files by hand)."""
    _index.cache_clear()
    _load_exact.cache_clear()
    _load.cache_clear()
    _history_tables.cache_clear()
    _history.cache_clear()
    _changes.cache_clear()


def years(system: str) -> list[int]:
    """The years for which a catalogue of ``system`` exists (shipped or user), ascending."""
    _check_system(system)
    return sorted(y for (s, y) in _index(str(user_catalogue_dir())) if s == system)


def load(system: str, year: int) -> Catalogue | None:
    """The catalogue of ``system`` for ``year``.

    The exact year when there is one (a user catalogue first); otherwise the closest earlier year — always the
    case for a year later than the newest catalogue — with ``year_requested`` set to the year asked. None for a
    year before the oldest catalogue.

    >>> c = load("func", 2031); (c.year, c.year_requested, c.is_fallback)
    (2025, 2031, True)
    >>> load("func", 2000) is None
    True
    """
    _check_system(system)
    return _load(system, year, str(user_catalogue_dir()))


@functools.lru_cache(maxsize=256)
def _load(system: str, year: int, user_dir: str) -> Catalogue | None:
    available = [y for (s, y) in _index(user_dir) if s == system]
    earlier = [y for y in available if y <= year]
    if not earlier:
        return None
    found = max(earlier)
    cat = _load_exact(system, found, user_dir)
    if cat is None:  # pragma: no cover - index and files disagree only if files vanish
        return None
    if found == year:
        return cat
    return attrs.evolve(cat, year_requested=year)


def history(system: str, code: str) -> list[tuple[int, Entry]]:
    """Every catalogue year in which ``code`` exists, with its entry (and so its name) that year.

    >>> [(y, e.name) for y, e in history("econ-dept", "30311")][:2]
    [(2017, '住房公积金'), (2021, '代缴社会保险费')]
    """
    _check_system(system)
    return list(_history(system, code, str(user_catalogue_dir())))


@functools.lru_cache(maxsize=1 << 14)
def _history(system: str, code: str, user_dir: str) -> tuple[tuple[int, Entry], ...]:
    return tuple((y, _entry(system, row, where)) for y, row, where in _rows_by_code(system, user_dir).get(code, ()))


#: The columns a row of the code history keeps (as a tuple, in this order: far quicker to store and read back
#: than a mapping per row)
_ROW_KEYS = (*_COLUMNS, "dept_codes")


def name_history(system: str) -> Mapping[str, tuple[tuple[int, str], ...]]:
    """Every code of ``system`` with its name in each catalogue year that has it, years ascending — what
    :func:`history` gives for one code, for all codes at once (and without loading every year's catalogue).

    >>> name_history("econ-dept")["30311"][:2]
    ((2017, '住房公积金'), (2021, '代缴社会保险费'))
    """
    _check_system(system)
    return _names_by_code(system, str(user_catalogue_dir()))


def _rows_by_code(system: str, user_dir: str) -> Mapping[str, tuple[tuple[int, Mapping[str, str], str], ...]]:
    """code → (year, raw row, where) over every catalogue year of ``system``: the rows are read, entries are
    made only for the codes asked (:func:`history` needs one code's years, not every year's catalogue)."""
    rows, _, paths = _history_tables(system, user_dir)
    return _RowsByCode(rows, paths)


class _RowsByCode(Mapping[str, tuple[tuple[int, Mapping[str, str], str], ...]]):
    """The stored rows of :func:`_history_tables` as ``code → ((year, row mapping, where), …)``."""

    def __init__(self, rows: Mapping[str, tuple[_StoredRow, ...]], paths: tuple[str, ...]) -> None:
        self._rows, self._paths = rows, paths

    def __getitem__(self, code: str) -> tuple[tuple[int, Mapping[str, str], str], ...]:
        # the row as csv.DictReader gave it (a cell missing from a short row is None, as there)
        return tuple((year, cast(Mapping[str, str], dict(zip(_ROW_KEYS, values))), f"{self._paths[p]}: row {i}")
                     for year, values, p, i in self._rows[code])

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _names_by_code(system: str, user_dir: str) -> Mapping[str, tuple[tuple[int, str], ...]]:
    return _history_tables(system, user_dir)[1]


#: one stored catalogue row: (year, values in :data:`_ROW_KEYS` order, file number, row number)
_StoredRow = tuple[int, tuple[str | None, ...], int, int]
_HistoryTables = tuple[Mapping[str, tuple[_StoredRow, ...]], Mapping[str, tuple[tuple[int, str], ...]], tuple[str, ...]]


@functools.lru_cache(maxsize=16)
def _history_tables(system: str, user_dir: str) -> _HistoryTables:
    """code → ((year, row values in :data:`_ROW_KEYS` order, file number, row number), …); code → ((year,
    name), …); the files — computed together and read back from the store of derived data while no catalogue
    file of ``system`` changed."""
    index = _index(user_dir)
    files = [(year, index[(system, year)][0]) for year in sorted(y for (s, y) in index if s == system)]
    data = [path.read_bytes() for _, path in files]
    source = b"".join(f"{year}\0{path}\0{len(d)}\0".encode() + d for (year, path), d in zip(files, data))

    def build() -> tuple[dict[str, tuple[_StoredRow, ...]], dict[str, tuple[tuple[int, str], ...]]]:
        # A row is mostly the same from one year to the next: equal cells and rows are made one object, which
        # the stored value then holds once (pickle writes an object it has seen as a reference), so that it is
        # read back in well under half the time.
        shared: dict[Any, Any] = {}
        found: dict[str, list[_StoredRow]] = {}
        for n, ((year, path), d) in enumerate(zip(files, data)):
            _, rows = _parse_catalogue_text(d.decode("utf-8-sig"), where=str(path))
            for i, row in enumerate(rows, start=2):
                cells = tuple(shared.setdefault(v, v) for v in (row.get(k) for k in _ROW_KEYS))
                values = shared.setdefault(cells, cells)
                found.setdefault((row.get("code") or "").strip(), []).append((year, values, n, i))
        names = {code: tuple((y, shared.setdefault(name, name)) for y, name in
                             ((y, (values[1] or "").strip()) for y, values, _, _ in rows))
                 for code, rows in found.items()}
        return {code: tuple(v) for code, v in found.items()}, names

    rows, names = derived("catalogue-history", system, source, build)
    return types.MappingProxyType(rows), types.MappingProxyType(names), tuple(str(p) for _, p in files)


@functools.lru_cache(maxsize=1)
def _changes() -> tuple[Change, ...]:
    """The recorded changes, parsed once and then read back from the store of derived data."""
    path = _DATA_DIR / "changes.csv"
    data = path.read_bytes()
    return derived("catalogue-changes", str(path), data, lambda: _parse_changes(path, data.decode("utf-8-sig")))


def _parse_changes(path: Path, text: str) -> tuple[Change, ...]:
    body = "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    out = []
    for i, row in enumerate(csv.DictReader(io.StringIO(body)), start=2):
        kind = row["kind"].strip()
        if kind not in ("renamed", "removed", "added"):
            raise ValueError(f"{path}: row {i}: kind {kind!r}")
        out.append(
            Change(
                code=row["code"].strip(),
                system=_check_system(row["system"].strip()),
                old_name=row["old_name"].strip() or None,
                new_name=row["new_name"].strip() or None,
                year_changed=int(row["year_changed"]),
                kind=kind,
                note=(row.get("note") or "").strip(),
            )
        )
    return tuple(out)


def changes(system: str | None = None, code: str | None = None) -> list[Change]:
    """The recorded code changes (renames, removals, additions), optionally for one system and/or code."""
    return [
        c for c in _changes() if (system is None or c.system == system) and (code is None or c.code == code)
    ]


# --------------------------------------------------------------------------------------------- import

_CODE_HEADERS = ("科目编码", "功能分类科目编码", "经济分类科目编码", "科目代码", "编码", "代码")
_NAME_HEADERS = ("科目名称", "功能分类科目名称", "经济分类科目名称", "名称")


def _cell_text(value: object) -> str:
    """A cell as text; integral numbers (xlrd gives every number as a float) without a decimal part."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _header_key(text: str) -> str:
    return normalize_name(text)


def _find_columns(row: Sequence[str]) -> tuple[int | list[int], int] | None:
    """(code column, or [类, 款, 项] columns; name column) when ``row`` is a header row, else None."""
    keys = [_header_key(c) for c in row]
    name_col = next((keys.index(h) for h in _NAME_HEADERS if h in keys), None)
    if name_col is None:
        name_col = next((i for i, k in enumerate(keys) if k.endswith("名称") and "科目" in k), None)
    if name_col is None:
        return None
    code_col = next((keys.index(h) for h in _CODE_HEADERS if h in keys), None)
    if code_col is None:
        code_col = next((i for i, k in enumerate(keys) if ("编码" in k or "代码" in k) and "科目" in k), None)
    if code_col is not None:
        return code_col, name_col
    if "类" in keys and "款" in keys:
        parts = [keys.index("类"), keys.index("款")] + ([keys.index("项")] if "项" in keys else [])
        return parts, name_col
    return None


def _rows_from_table(rows: Iterable[Sequence[object]]) -> list[tuple[str, str]]:
    """(code, name) pairs below the first header row of one sheet."""
    cols = None
    out: list[tuple[str, str]] = []
    carry: list[str] = []
    for raw in rows:
        cells = [_cell_text(v) for v in raw]
        if cols is None:
            cols = _find_columns(cells)
            continue
        code_spec, name_col = cols
        name = cells[name_col].strip() if name_col < len(cells) else ""
        if isinstance(code_spec, int):
            code = cells[code_spec] if code_spec < len(cells) else ""
            code = "".join(code.split())
        else:  # separate 类/款/项 columns: "201" | "01" | "01", the upper parts carried down
            parts = [("".join(cells[i].split()) if i < len(cells) else "") for i in code_spec]
            if not any(parts):
                continue
            last = max(i for i, p in enumerate(parts) if p)
            if last == 0:
                carry = [parts[0]]
            else:
                carry = (carry + [""] * len(parts))[:last]
                for i in range(last):
                    if parts[i]:
                        carry[i] = parts[i]
                carry.append(parts[last])
            code = "".join(carry)
        if code and name:
            out.append((code, name))
    return out


#: ``codes import`` refuses a file larger than this (the official workbook is well under 1 MB) …
MAX_IMPORT_BYTES = 20 * 1024 * 1024
#: … or holding more rows than this (the official lists run to a few thousand).
MAX_IMPORT_ROWS = 50_000
#: Columns read per row (the code and name columns come first in every official workbook).
_MAX_IMPORT_COLS = 64


class ImportRefused(ValueError):
    """A file given to ``codes import`` that cannot be read safely; ``str()`` is one line, in Chinese."""


def _limited(rows: Iterable[Sequence[object]], sheet: str) -> Iterator[Sequence[object]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_IMPORT_ROWS:
            raise ImportRefused(f"工作表 {sheet} 超过 {MAX_IMPORT_ROWS} 行（官方科目表只有几千行），拒绝导入")
        yield row


def _sniff(data: bytes) -> str:
    """What the bytes are, by their structure: ``xlsx``, ``xls``, ``html``, ``text``, or a refusal."""
    from budgetrules.core.errors import InputError
    from budgetrules.reading.containers import OLE_MAGIC, check_zip, office_kind, ole_streams, zip_doctype

    if data.startswith(b"PK\x03\x04"):
        try:
            check_zip("", data, "Excel（.xlsx）")
        except InputError as exc:  # "<path>: problem"
            raise ImportRefused(str(exc).split(": ", 1)[-1]) from None
        if office_kind(data) != "xlsx":
            raise ImportRefused("不是 Excel（.xlsx）工作簿：zip 包中没有 xl/workbook.xml")
        part = zip_doctype(data)
        if part is not None:
            raise ImportRefused(f"工作簿的部件 {part} 含有 DOCTYPE 声明（Excel 从不写入，可能是 XML 外部实体攻击），拒绝导入")
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        streams = ole_streams(data)
        if streams is None:
            raise ImportRefused("Excel（.xls）工作簿已损坏（OLE 复合文件的目录无法读取）")
        if "EncryptedPackage" in streams:
            raise ImportRefused("工作簿已加密（需要密码），无法读取")
        if "Workbook" in streams or "Book" in streams:
            return "xls"
        raise ImportRefused("是 Office 复合文件但不是 Excel 工作簿（没有 Workbook 流）")
    if data.startswith(b"%PDF"):
        raise ImportRefused("是 PDF 文件；请导入财政部发布的 .xlsx、.xls 或 CSV 科目表")
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta")):
        raise ImportRefused("是 HTML 网页而不是 Excel 工作簿；请用 Excel 打开后另存为 .xlsx 再导入")
    if head.startswith(b"<"):
        raise ImportRefused("是 XML 文件而不是 Excel 工作簿或 CSV 表格")
    if b"\x00" in data[:8192]:
        raise ImportRefused("无法识别的文件格式（不是 .xlsx、.xls 或 CSV）")
    return "text"


def _read_official_rows(path: Path) -> list[tuple[str, str]]:
    """The (code, name) pairs of every sheet; :class:`ImportRefused` (one line) for anything else."""
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ImportRefused(f"文件过大（{size} 字节，上限 {MAX_IMPORT_BYTES} 字节）")
    data = path.read_bytes()
    if not data.strip():
        raise ImportRefused("文件为空")
    kind = _sniff(data)
    tables: list[Iterable[Sequence[object]]] = []
    try:
        if kind == "xlsx":
            import openpyxl  # lazy: only needed here

            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                tables = [list(_limited(ws.iter_rows(values_only=True, max_col=_MAX_IMPORT_COLS), ws.title))
                          for ws in wb.worksheets]
            finally:
                wb.close()
        elif kind == "xls":
            import xlrd  # lazy: only needed here

            book = xlrd.open_workbook(file_contents=data, on_demand=True)
            for sheet in book.sheets():
                if sheet.nrows > MAX_IMPORT_ROWS:
                    raise ImportRefused(f"工作表 {sheet.name} 超过 {MAX_IMPORT_ROWS} 行（官方科目表只有几千行），拒绝导入")
                tables.append([sheet.row_values(r, 0, min(sheet.ncols, _MAX_IMPORT_COLS)) for r in range(sheet.nrows)])
        else:
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = data.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ImportRefused("既不是 Excel 工作簿，也不是 UTF-8 或 GB18030 编码的 CSV 文本")
            tables = [list(_limited(csv.reader(io.StringIO(text)), "CSV"))]
    except (ImportRefused, ImportError):
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged workbook, whatever the library raises
        what = {"xlsx": "Excel（.xlsx）工作簿", "xls": "Excel（.xls）工作簿"}.get(kind, "CSV 文件")
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise ImportRefused(f"{what}已损坏或不完整，无法读取（{detail}）") from None
    out: list[tuple[str, str]] = []
    for table in tables:
        out.extend(_rows_from_table(table))
    return out


#: A name starting like a spreadsheet formula (``=cmd|' /c calc'!A0``, ``+``, ``-``, ``@``) is no 科目名称:
#: stored and later opened in a spreadsheet it would run.
_FORMULA_START = ("=", "+", "-", "@")


def _detect_system(codes: Iterable[str]) -> str:
    counts: dict[str, int] = {}
    for code in codes:
        for system, digit in _FIRST_DIGIT.items():
            if code.startswith(digit) and len(code) in _LEVEL_BY_LENGTH[system]:
                counts[system] = counts.get(system, 0) + 1
    if not counts:
        raise ValueError("no expenditure classification codes found (func 2xx, econ-dept 3xx, econ-gov 5xx)")
    if len(counts) > 1:
        found = ", ".join(f"{s} ({n} codes)" for s, n in sorted(counts.items()))
        raise ValueError(f"the file holds several classifications: {found}; pass system= to choose one")
    return next(iter(counts))


@attrs.frozen
class Imported:
    """What ``codes import`` wrote: the catalogue file, and the copy of the earlier import it replaced (or None)."""

    target: Path
    backup: Path | None = None


def import_official_file(path: Path | str, year: int, system: str = "auto") -> Path:
    """:func:`import_official`, returning only the file written."""
    return import_official(path, year, system).target


def import_official(path: Path | str, year: int, system: str = "auto") -> Imported:
    """Read 财政部's classification workbook (.xlsx, .xls or .csv) and write a user catalogue from it.

    The file is sniffed by its structure (zip members, OLE directory), read within :data:`MAX_IMPORT_BYTES` and
    :data:`MAX_IMPORT_ROWS`, and refused with a one-line :class:`ImportRefused` when it is damaged, encrypted, a
    web page, declares a DOCTYPE, or names a 科目 like a spreadsheet formula (``=cmd|…``). An earlier import of
    the same system and year is kept as ``<file>.<time>.bak`` (:attr:`Imported.backup`).

    The header row is the first one holding a code column (科目编码, 功能分类科目编码, 经济分类科目编码 …) and a
    name column (科目名称 …), or separate 类/款/项 columns. Levels come from code lengths (func 3/5/7, econ 3/5);
    other rows (revenue codes, notes, other levels) are skipped. ``system="auto"`` tells the classification
    from the codes (2xx func, 3xx econ-dept, 5xx econ-gov); a workbook holding several needs ``system``.
    Every node is marked ``children_complete=yes`` since the file is the full official list.

    The file written, ``<user_catalogue_dir()>/<system>-<year>.csv``, takes precedence over the shipped
    catalogue of that system and year from now on.
    """
    path = Path(path)
    if not (1990 <= int(year) <= 2100):
        raise ValueError(f"implausible year {year}")
    pairs = _read_official_rows(path)
    if system == "auto":
        system = _detect_system(code for code, _ in pairs)
    _check_system(system)
    digit = _FIRST_DIGIT[system]
    entries: dict[str, str] = {}
    for code, name in pairs:
        if not code.startswith(digit) or level_of(system, code) is None:
            continue
        name = " ".join(name.split())
        if name.startswith(_FORMULA_START):
            raise ImportRefused(f"科目 {code} 的名称 {name[:40]!r} 以 {name[0]} 开头，像是表格公式而不是科目名称，拒绝导入")
        if code in entries and normalize_name(entries[code]) != normalize_name(name):
            raise ValueError(f"{path}: code {code} appears as {entries[code]!r} and {name!r}")
        entries.setdefault(code, name)
    if not entries:
        raise ValueError(f"{path}: no {system} codes found under a 科目编码/科目名称 header")
    orphans = [c for c in sorted(entries) if (parent_code(system, c) or c) not in entries]
    if orphans:
        raise ValueError(f"{path}: codes without their parent in the file: {', '.join(orphans[:5])}")

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    counts = {lvl: sum(1 for c in entries if level_of(system, c) == lvl) for lvl in LEVELS}
    buf = io.StringIO()
    header = [
        ("classification", f"{system} ({SYSTEM_NAMES[system]})"),
        ("year", str(year)),
        ("source", f"imported from {path.name} (sha256 {digest}…) on {_dt.date.today().isoformat()}"),
        ("coverage", "full official list as imported: "
                     + ", ".join(f"{n} {lvl}" for lvl, n in counts.items() if n)),
        ("lei_complete", "yes"),
    ]
    for key, value in header:
        buf.write(f"# {key}: {value}\n")
    writer = csv.writer(buf, lineterminator="\n")
    cols = list(_COLUMNS) + (["dept_codes"] if system == "econ-gov" else [])
    writer.writerow(cols)
    for code in sorted(entries):
        level = level_of(system, code)
        row = [code, entries[code], level, parent_code(system, code) or "", "" if level == "项" else "yes"]
        if system == "econ-gov":
            row.append("")
        writer.writerow(row)
    out_dir = user_catalogue_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{system}-{int(year)}.csv"
    tmp = target.with_suffix(".csv.tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    backup = None
    if target.exists():
        # an earlier import is never replaced without a copy (the new file may be a partial list)
        stamp = _dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        backup = target.with_name(f"{target.name}.{stamp}.bak")
        k = 1
        while backup.exists():
            k += 1
            backup = target.with_name(f"{target.name}.{stamp}-{k}.bak")
        import shutil

        shutil.copyfile(target, backup)
    tmp.replace(target)
    clear_cache()
    return Imported(target, backup)

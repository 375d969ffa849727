"""The checker's own TOML files — rulesets, declarative rule files, team settings — parsed once and then read
back from the store of derived data (:mod:`budgetrules.core.derived`; keyed by the file's bytes and this
module's code), so that a process finding them stored imports no TOML parser.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetrules.core.derived import derived
from budgetrules.core.errors import UsageError

__all__ = ["parsed_toml"]


def parsed_toml(kind: str, path: Path, source: bytes, *, decimals: bool = True, colon: str = ": ") -> dict[str, Any]:
    """The TOML document ``source`` (the bytes of ``path``), stored as ``kind``. With ``decimals``, its
    floats are :class:`~decimal.Decimal`. A document that is not valid TOML is a :class:`UsageError`
    "``path``\\ ``colon``\\ 不是有效的 TOML：…" (``colon`` as the caller's other messages write it)."""
    return derived(kind, str(path), source, lambda: _parse(path, source, decimals, colon))


def _parse(path: Path, source: bytes, decimals: bool, colon: str) -> dict[str, Any]:
    import tomllib  # only when the file is not in the store of derived data

    try:
        return tomllib.loads(source.decode(), parse_float=Decimal if decimals else float)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}{colon}不是有效的 TOML：{exc}") from None

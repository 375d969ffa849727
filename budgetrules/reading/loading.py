"""Loaders: the plugins that read a file into a :class:`~budgetrules.core.model.Document`."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import attrs

from budgetrules.core.model import Document

__all__ = ["Loader", "HEAD_BYTES"]

#: How many leading bytes of a file are passed to :meth:`Loader.accepts`.
HEAD_BYTES = 8192


@attrs.frozen
class Loader:
    """A document loader.

    ``accepts(head, path)`` looks at the first :data:`HEAD_BYTES` bytes (and, only as a hint, the path) and
    says whether this loader reads the file; formats are detected from content, not extension.
    ``load(path, data)`` returns the document or raises :class:`budgetrules.core.errors.InputError`.

    A loader of a text format may also give ``parse(text, path)``: the document built from text already in
    memory, without the checks made on a file (empty, no table found). The testing kit builds its example
    documents with the ``parse`` of the loader named ``text`` (:meth:`Registry.loader
    <budgetrules.engine.plugins.Registry.loader>`), so that the core never imports a loader plugin.
    """

    name: str
    description: str
    accepts: Callable[[bytes, Path], bool] = attrs.field(eq=False)
    load: Callable[[Path, bytes], Document] = attrs.field(eq=False)
    priority: int = 0
    plugin: str | None = attrs.field(default=None, eq=False)
    parse: Callable[[str, str], Document] | None = attrs.field(default=None, eq=False, kw_only=True)

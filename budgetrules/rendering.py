"""Renderers: the plugins that turn check results into output (text, JSON, XML …)."""

from __future__ import annotations

from typing import Callable, Sequence

import attrs

from .report import FileReport

__all__ = ["Renderer"]


@attrs.frozen
class Renderer:
    """An output format. ``render(reports)`` returns the whole output as text (ending with a newline)."""

    name: str
    description: str
    render: Callable[[Sequence[FileReport]], str] = attrs.field(eq=False)
    plugin: str | None = attrs.field(default=None, eq=False)

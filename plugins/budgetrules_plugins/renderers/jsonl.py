"""JSON Lines output: one line per disclosure as soon as it is checked, then one summary line — for
pipelines that read results while a long batch runs (``jq``, a log shipper, a database loader)::

    {"type": "file", "path": "...", "ruleset": "...", "error": null, "kind": "预算", "year": 2021, …,
     "counts": {"error": 3, "warning": 1, "info": 0}, "findings": [...]}
    {"type": "summary", "complete": true, "files": 2, "documents": 2, "sets": 0, "unreadable": 0, …}

Each file line has the fields of an entry of the JSON format's ``files`` (:mod:`budgetrules_plugins.renderers.json_format`)
after ``"type": "file"``; the last line is the JSON format's ``summary`` with ``complete`` (false when the
run was interrupted). A reader that stops early still has every line written before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from budgetrules import hookimpl
from budgetrules.api import FileReport, Renderer, json_text, lazy_module, status

from . import Totals
from .json_format import file_dict

if TYPE_CHECKING:
    import json
else:
    json = lazy_module("json")  # imported when this format is used, not when the plugins are loaded


def _line(value: dict) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"))) + "\n"


def stream(reports: Iterable[FileReport]) -> Iterator[str]:
    t = Totals()
    for r in reports:
        t.add(r)
        yield _line({"type": "file", **file_dict(r)})
    yield _line({"type": "summary", "complete": status(reports).complete, **t.counts})


@hookimpl
def register_renderers(register):
    register(Renderer(name="jsonl", description="JSON Lines（每个文件一行，边检查边输出）", stream=stream, suffix=".jsonl"))

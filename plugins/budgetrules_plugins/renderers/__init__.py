"""The built-in output formats (each module is its own plugin, registered by entry point).

A report is one disclosure: one file, or a document set — the narrative and the tables published as two files
and checked as one (:mod:`budgetrules.reading.docsets`). Every format lists the files of a set (``parts``, with their
roles) under the one report, named by the narrative's path; each finding still names the file it is about.

Every format streams (:mod:`budgetrules.engine.rendering`): it takes an iterable of reports and yields each report's
part as soon as it has it, keeping only running totals (:class:`Totals`) and, where the format needs
something at its end, a spooled temporary file (:class:`Spool`) — never the reports themselves.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from budgetrules.api import FileReport

__all__ = ["totals", "Totals", "Spool", "ROLE_NAMES", "set_heading", "identity_text", "counts_text"]

#: How the role of a file in a set is named in Chinese output.
ROLE_NAMES = {"whole": "完整公开", "narrative": "文字说明", "tables": "公开表格"}


def set_heading(report: FileReport) -> str:
    """``a-text.pdf + a-tables.pdf：同一套公开（文字说明 + 公开表格）`` for a set, the path otherwise."""
    if not report.is_set:
        return report.path
    roles = " + ".join(ROLE_NAMES.get(p.role, p.role) for p in report.parts)
    return f"{' + '.join(p.path for p in report.parts)}：同一套公开（{roles}）"


def identity_text(report: FileReport) -> str:
    """``预算 2021 某某局`` — the identity the check used, ``?`` for what was not established."""
    return " ".join([report.kind or "类型?", str(report.year) if report.year else "年度?", report.department or "部门?"])


def counts_text(counts: dict[str, int]) -> str:
    """``2 个错误，1 个警告，0 个提示``."""
    return f"{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示"


class Totals:
    """Counts over the reports seen so far: files (every file of a set counts), disclosures, sets,
    unreadable files, and findings per severity (the keys of :func:`totals`)."""

    def __init__(self) -> None:
        self.counts = {"files": 0, "documents": 0, "sets": 0, "unreadable": 0, "error": 0, "warning": 0, "info": 0}
        self.grouped = 0  # files read as part of a set

    def add(self, report: FileReport) -> None:
        c = self.counts
        c["files"] += len(report.paths)
        c["documents"] += 1
        c["sets"] += 1 if report.is_set else 0
        c["unreadable"] += 1 if report.error else 0
        for f in report.findings:
            c[f.severity.value] += 1
        if report.is_set:
            self.grouped += len(report.paths)

    def __getitem__(self, key: str) -> int:
        return self.counts[key]


def totals(reports: Iterable[FileReport]) -> dict[str, int]:
    """Counts over all reports: files (every file of a set counts), disclosures, sets, unreadable files, and
    findings per severity."""
    t = Totals()
    for r in reports:
        t.add(r)
    return dict(t.counts)


class Spool:
    """Text kept for the end of the output, in memory up to 1 MB and in a temporary file beyond."""

    def __init__(self) -> None:
        import tempfile  # only when a format that needs a spool is used

        self._file = tempfile.SpooledTemporaryFile(max_size=1024 * 1024, mode="w+", encoding="utf-8")
        self.empty = True

    def write(self, text: str) -> None:
        self.empty = False
        self._file.write(text)

    def drain(self, size: int = 256 * 1024) -> Iterator[str]:
        """The text written, in pieces, then the spool is closed."""
        self._file.seek(0)
        while True:
            piece = self._file.read(size)
            if not piece:
                break
            yield piece
        self._file.close()

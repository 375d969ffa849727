"""Renderers: the plugins that turn check results into output (text, JSON, XML …).

The streaming protocol
----------------------
A renderer's ``stream(reports)`` is called once per run with an **iterable of**
:class:`~budgetrules.core.report.FileReport` in output order and returns an iterator of **chunks** — ``str``, or
``bytes`` for a ``binary`` format — that, written one after the other, make the output. The command line
writes and flushes each chunk as it comes, so:

* a format whose structure allows it yields its header first, then each report's part *before it asks for
  the next report* (that is what makes output appear as files finish), then a footer once the iterable is
  exhausted — text, JSON, JSON Lines, XML and SARIF do this;
* a format that needs everything first (a workbook, JUnit's totals on its root element) consumes the
  iterable, keeping as little as it can (JUnit keeps its suites in a spooled temporary file), and yields at
  the end.

Reports reach a renderer without their documents (``report.document`` is None in a batch): everything a
format prints must come from the report's own fields. Output must depend on the reports only — never on the
time, the machine or the order files finished in — so that it is the same bytes whatever ``--jobs``, the
cache or the executor.

When the iterable ends, :func:`status` tells whether the run was complete. A batch stopped by Ctrl-C ends the
iterable early; the renderer still writes its footer, so the output is valid up to that point, and marks
it incomplete where the format has a place for it (JSON ``"complete": false``, XML ``summary/@complete``,
SARIF ``executionSuccessful: false``, a closing line in text).

Options
-------
How a person asked to see the output (``--show-source``, colour, ``-q``) is an :class:`Options`, which also
carries the metadata of the run's rules (``rules``) for a format that describes them (SARIF's
``tool.driver.rules``, the titles of GitHub annotations): a renderer prints only what it is handed, and never
looks up the plugin registry itself. A renderer whose ``stream`` takes a keyword argument ``options``
receives it (:meth:`Renderer.open`); one that does not is called as before, so a plugin written for the plain
protocol keeps working.

``Renderer.render(reports)`` joins the chunks into one ``str`` (or ``bytes``) for callers that want the
whole output at once (tests, small tools).
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import attrs

from budgetrules.core.report import FileReport

if TYPE_CHECKING:
    from budgetrules.engine.rules import Rule

__all__ = ["Renderer", "Options", "Status", "status"]


def _rule_tuple(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(rules)


@attrs.frozen
class Options:
    """How the output is shown: ``show_source`` prints each finding's source line and context lines,
    ``color`` uses ANSI colours (the command line turns it on for a terminal only, never with ``NO_COLOR``),
    ``quiet`` leaves out everything but the findings (``-q``); ``rules`` are the rules of the run (the
    command line hands every registered rule, in ID order), whose IDs, summaries, severities and guidance a
    format may print — empty when the caller gave none, and the format then describes no rule."""

    show_source: bool = True
    color: bool = False
    quiet: bool = False
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rule_tuple, eq=False)


@attrs.frozen
class Status:
    """How a run ended: ``complete`` (every file checked) and ``total`` (the number of files of the run, None
    when not known)."""

    complete: bool = True
    total: int | None = None


def status(reports: Iterable[FileReport]) -> Status:
    """The :class:`Status` of an exhausted iterable of reports: a :class:`budgetrules.engine.batch.Batch` knows
    whether it ran to its end; any other iterable (a list) is complete."""
    return Status(bool(getattr(reports, "complete", True)), getattr(reports, "total", None))


@attrs.frozen
class Renderer:
    """An output format: ``name`` is what ``--format`` selects; ``stream(reports)`` yields the output's
    chunks (see the module documentation); ``binary`` formats yield ``bytes`` and are written to a file or a
    binary standard output; ``suffix`` is the usual file name ending.

    A format that only knows how to print everything at once may give ``render=`` instead of ``stream``: a
    function from the list of all reports to the whole output. It is then called once, at the end of the
    run (nothing appears before the last file is done, and the reports are all kept until then).
    """

    name: str
    description: str
    # ``stream(reports)``, or ``stream(reports, options=…)`` (see :attr:`takes_options`)
    stream: Callable[..., Iterator[str | bytes]] = attrs.field(default=None, eq=False)
    binary: bool = False
    suffix: str | None = None
    plugin: str | None = attrs.field(default=None, eq=False)
    whole: Callable[[list[FileReport]], str | bytes] | None = attrs.field(
        default=None, eq=False, kw_only=True, alias="render")

    def __attrs_post_init__(self) -> None:
        made = getattr(self.stream, "made_from_render", False)  # attrs.evolve passes both back
        if (self.stream is None) == (self.whole is None) and not made:
            raise TypeError(f"renderer {self.name!r}: give exactly one of stream= and render=")
        if self.stream is None:
            whole = self.whole

            def stream(reports: Iterable[FileReport]) -> Iterator[str | bytes]:
                yield whole(list(reports))

            stream.made_from_render = True

            object.__setattr__(self, "stream", stream)

    @property
    def streams(self) -> bool:
        """Whether the format writes as files finish (False for one given as ``render=``)."""
        return not getattr(self.stream, "made_from_render", False)

    @property
    def takes_options(self) -> bool:
        """Whether ``stream`` accepts ``options=`` (see :class:`Options`)."""
        try:
            return "options" in inspect.signature(self.stream).parameters
        except (TypeError, ValueError):
            return False

    def open(self, reports: Iterable[FileReport], options: Options | None = None) -> Iterator[str | bytes]:
        """The chunks of the output of ``reports``, shown as ``options`` say when the format takes options."""
        if options is not None and self.takes_options:
            return self.stream(reports, options=options)
        return self.stream(reports)

    def render(self, reports: Iterable[FileReport], options: Options | None = None) -> str | bytes:
        """The whole output at once."""
        chunks = list(self.open(reports, options))
        return b"".join(chunks) if self.binary else "".join(chunks)  # type: ignore[arg-type]

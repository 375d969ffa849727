"""The plugin hooks of budgetrules.

A plugin is a module registered under the ``budgetrules`` entry-point group (``pyproject.toml``)::

    [project.entry-points.budgetrules]
    myrules = "my_package.rules"

that implements any of the hooks below with :data:`hookimpl`::

    from budgetrules import hookimpl

    @hookimpl
    def register_rules(register: Callable[[Rule], None]) -> None:
        register(my_rule)

Every built-in loader, renderer, claim extractor and rule family is such a plugin (see ``plugins/``).
A plugin that fails to import, or whose hook raises, is reported (rule ``BR001``/``BR002``) and the other
plugins keep running.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, Iterable

import pluggy

if TYPE_CHECKING:
    from budgetrules.core.model import Claim, Document
    from budgetrules.core.quantities import Fact
    from budgetrules.engine.rendering import Renderer
    from budgetrules.engine.rules import Rule
    from budgetrules.reading.loading import Loader

hookspec = pluggy.HookspecMarker("budgetrules")
hookimpl = pluggy.HookimplMarker("budgetrules")


@hookspec
def register_rules(register: Callable[[Rule], None]) -> None:
    """Register rules.

    :param register: call ``register(rule)`` once per :class:`budgetrules.engine.rules.Rule`.
    """


@hookspec
def register_loaders(register: Callable[[Loader], None]) -> None:
    """Register document loaders.

    :param register: call ``register(loader)`` with a :class:`budgetrules.reading.loading.Loader`. When a file is
        checked, loaders are asked in order of ``priority`` (highest first, then name) whether they
        ``accept`` it from its first bytes; the first that accepts it loads it.
    """


@hookspec
def register_renderers(register: Callable[[Renderer], None]) -> None:
    """Register output formats.

    :param register: call ``register(renderer)`` with a :class:`budgetrules.engine.rendering.Renderer`; its
        ``name`` is what ``--format`` selects.

    A renderer **streams**: ``renderer.stream(reports)`` receives an iterable of
    :class:`budgetrules.core.report.FileReport` in output order (a :class:`budgetrules.engine.batch.Batch` that yields
    each report as soon as it is checked) and returns an iterator of output chunks (``str``, or ``bytes``
    when ``binary=True``), yielding each report's part before pulling the next report and a footer after
    the last; the command line writes and flushes every chunk at once. Reports come without their
    documents. :func:`budgetrules.engine.rendering.status` tells, after the last report, whether the run was
    complete (Ctrl-C ends it early; the footer should then mark the output incomplete). A format that can
    only be written whole (a workbook) consumes the iterable first and yields at the end. A ``stream`` that
    takes a keyword argument ``options`` gets the :class:`budgetrules.engine.rendering.Options` of the command line
    (``--show-source``, colour, ``-q``, and ``rules``: the metadata of the run's rules, for a format that
    describes them — a renderer never looks up the plugin registry). Text from a document may hold control
    characters: escape it (:func:`budgetrules.core.textsafe.safe_report`) unless the format's own syntax does. See
    :mod:`budgetrules.engine.rendering` and ``docs/output-formats.md``::

        def stream(reports):
            yield "header\n"
            n = 0
            for report in reports:
                n += 1
                yield f"{report.path}: {len(report.findings)}\n"
            yield f"{n} files{'' if status(reports).complete else ' (interrupted)'}\n"

        @hookimpl
        def register_renderers(register: Callable[[Renderer], None]) -> None:
            register(Renderer(name="counts", description="…", stream=stream))
    """


@hookspec
def extract_claims(document: Document) -> Iterable[Claim] | None:
    """Find the numbers the prose of ``document`` states and bind each to the fact it speaks of.

    :param document: the loaded :class:`budgetrules.core.model.Document` (tables and sections filled in).
    :return: an iterable of :class:`budgetrules.core.model.Claim`, or None. Claims of every implementation are
        added to the document before the rules run.
    """


@hookspec
def register_rulesets(register: Callable[[str | os.PathLike[str]], None]) -> None:
    """Register directories holding ruleset files.

    :param register: call ``register(path)`` with a directory of ``*.toml`` rulesets.
    """


@hookspec(firstresult=True)
def resolve_quantity(document: Document, subject: str, scope: str) -> list[Fact] | None:
    """Find the printed table cells that state a named quantity (see :mod:`budgetrules.core.quantities`).

    Call it through :func:`budgetrules.core.quantities.resolve`, which parses the name and tries the scopes; the
    first plugin that answers wins (the built-in answer is the narrative plugin's, the same lookup its NC rules
    use to check the prose against the tables).

    :param document: the loaded :class:`budgetrules.core.model.Document`.
    :param subject: a subject of the quantity vocabulary: ``expense.total``, ``basic``, ``public``,
        ``func:212``, ``econ:30216``, ``sangong.car_running``, ``project:城区路灯电费`` ….
    :param scope: the source of funds the quantity is taken in: ``all``, ``fiscal`` (财政拨款) or ``gpb``
        (一般公共预算).
    :return: a list of :class:`budgetrules.core.quantities.Fact` (empty when no table states it; several when
        several tables state it), or None to let another plugin answer.
    """

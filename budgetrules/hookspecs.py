"""The plugin hooks of budgetrules.

A plugin is a module registered under the ``budgetrules`` entry-point group (``pyproject.toml``)::

    [project.entry-points.budgetrules]
    myrules = "my_package.rules"

that implements any of the hooks below with :data:`hookimpl`::

    from budgetrules import hookimpl

    @hookimpl
    def register_rules(register):
        register(my_rule)

Every built-in loader, renderer, claim extractor and rule family is such a plugin (see ``plugins/``).
A plugin that fails to import, or whose hook raises, is reported (rule ``BR001``/``BR002``) and the other
plugins keep running.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("budgetrules")
hookimpl = pluggy.HookimplMarker("budgetrules")


@hookspec
def register_rules(register):
    """Register rules.

    :param register: call ``register(rule)`` once per :class:`budgetrules.rules.Rule`.
    """


@hookspec
def register_loaders(register):
    """Register document loaders.

    :param register: call ``register(loader)`` with a :class:`budgetrules.loading.Loader`. When a file is
        checked, loaders are asked in order of ``priority`` (highest first, then name) whether they
        ``accept`` it from its first bytes; the first that accepts it loads it.
    """


@hookspec
def register_renderers(register):
    """Register output formats.

    :param register: call ``register(renderer)`` with a :class:`budgetrules.rendering.Renderer`; its
        ``name`` is what ``--format`` selects.
    """


@hookspec
def extract_claims(document):
    """Find the numbers the prose of ``document`` states and bind each to the fact it speaks of.

    :param document: the loaded :class:`budgetrules.model.Document` (tables and sections filled in).
    :return: an iterable of :class:`budgetrules.model.Claim`, or None. Claims of every implementation are
        added to the document before the rules run.
    """


@hookspec
def register_rulesets(register):
    """Register directories holding ruleset files.

    :param register: call ``register(path)`` with a directory of ``*.toml`` rulesets.
    """


@hookspec(firstresult=True)
def resolve_quantity(document, subject, scope):
    """Find the printed table cells that state a named quantity (see :mod:`budgetrules.quantities`).

    Call it through :func:`budgetrules.quantities.resolve`, which parses the name and tries the scopes; the
    first plugin that answers wins (the built-in answer is the narrative plugin's, the same lookup its NC rules
    use to check the prose against the tables).

    :param document: the loaded :class:`budgetrules.model.Document`.
    :param subject: a subject of the quantity vocabulary: ``expense.total``, ``basic``, ``public``,
        ``func:212``, ``econ:30216``, ``sangong.car_running``, ``project:城区路灯电费`` ….
    :param scope: the source of funds the quantity is taken in: ``all``, ``fiscal`` (财政拨款) or ``gpb``
        (一般公共预算).
    :return: a list of :class:`budgetrules.quantities.Fact` (empty when no table states it; several when
        several tables state it), or None to let another plugin answer.
    """

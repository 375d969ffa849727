"""The plugins shipped with budgetrules: one sub-package per family (loaders, renderers, claims and the rule
families), each registered through the ``budgetrules`` entry-point group in ``pyproject.toml`` exactly as
an outside package registers its own. Nothing here is imported by the core."""

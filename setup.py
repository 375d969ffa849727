"""Which packages budgetrules installs: found, never listed by hand.

Everything else is in ``pyproject.toml``. This file exists because ``pyproject.toml`` cannot both discover packages
and add one more under another name: the shipped rulesets (the ``rulesets/`` folder) install as the data package
``budgetrules_rulesets``, next to the core (``budgetrules`` and its layers, found here) and the shipped plugins
(the one namespace ``budgetrules_plugins`` in ``plugins/``, found there).
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["budgetrules", "budgetrules.*"]),
        *find_packages("plugins", include=["budgetrules_plugins", "budgetrules_plugins.*"]),
        "budgetrules_rulesets",
    ],
    package_dir={"budgetrules_plugins": "plugins/budgetrules_plugins", "budgetrules_rulesets": "rulesets"},
)

"""budgetrules-example: the plugin API's worked example (see the package README and docs/writing-rules.md).

One module registered under the ``budgetrules`` entry-point group implements four hooks: the rules (one written
in Python, two declared in ``rules.toml``), a renderer and a directory of rulesets.
"""

from pathlib import Path

from budgetrules import hookimpl
from budgetrules.api import load_rules

from .csvout import RENDERER
from .ex101 import project_within_share

HERE = Path(__file__).parent


@hookimpl
def register_rules(register):
    register(project_within_share)
    for rule in load_rules(HERE / "rules.toml"):
        register(rule)


@hookimpl
def register_renderers(register):
    register(RENDERER)


@hookimpl
def register_rulesets(register):
    register(HERE / "rulesets")

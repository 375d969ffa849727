"""``python -m budgetrules`` is the ``budgetrules`` command."""

from .cli import main

main(prog_name="budgetrules")

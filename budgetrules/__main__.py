"""``python -m budgetrules`` is the ``budgetrules`` command."""

from budgetrules.cli.entry import main

main()

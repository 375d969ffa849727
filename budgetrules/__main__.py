"""``python -m budgetrules`` is the ``budgetrules`` command."""

from .entry import main

main()

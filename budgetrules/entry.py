"""The ``budgetrules`` program (and ``python -m budgetrules``): the command line of :mod:`budgetrules.cli`,
started so that Ctrl-C at any moment — even while the program is still loading — ends it with exit code 130
and one line on standard error, never a traceback. While a batch runs, ``check`` handles Ctrl-C itself, so as
to write what was checked and close its output (:func:`budgetrules.cli._sigint`).

Only the program does this; importing :mod:`budgetrules` leaves the caller's signal handling alone.
"""

from __future__ import annotations

import signal
import sys

#: The exit code of an interrupted run (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


def _interrupted(signum, frame):
    sys.stderr.write("已中断。\n")
    raise SystemExit(EXIT_INTERRUPTED)


def main() -> None:
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when the caller ignores Ctrl-C
        signal.signal(signal.SIGINT, _interrupted)
    from .cli import main as command

    command(prog_name="budgetrules")

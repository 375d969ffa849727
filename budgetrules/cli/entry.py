"""The ``budgetrules`` program (and ``python -m budgetrules``): the command line of :mod:`budgetrules.cli.main`,
started so that

* Ctrl-C at any moment — even while the program is still loading — ends it with exit code 130 and one line on
  standard error, never a traceback. While a batch runs, ``check`` handles Ctrl-C (and SIGTERM) itself, so as
  to write what was checked and close its output (:func:`budgetrules.cli.main._sigint`);
* an exception nothing handled (a bug) ends it with exit code 3 and one line naming the file where the
  traceback was saved, never with exit code 1, which means "findings" (:mod:`budgetrules.cli.exits`);
* regular expressions are served from the store of compiled patterns (:func:`budgetrules.core.regex.use_store`);
* Python's cyclic garbage collector is paused while the program starts (imports, plugins: long-lived objects
  only, which it would walk again and again), and resumes when the plugins are loaded (:func:`started`).

Only the program does this; importing :mod:`budgetrules` leaves the caller's signal handling alone.
"""

from __future__ import annotations

import gc
import signal
import sys
from types import FrameType
from typing import NoReturn

from budgetrules.cli.exits import EXIT_INTERRUPTED, internal_error

__all__ = ["main", "started", "EXIT_INTERRUPTED"]

_paused = False


def _interrupted(signum: int, frame: FrameType | None) -> NoReturn:
    sys.stderr.write("已中断。\n")
    raise SystemExit(EXIT_INTERRUPTED)


def started() -> None:
    """Start-up is over (the plugins are loaded). When :func:`main` paused the cyclic garbage collector, what
    start-up made — modules, classes, compiled patterns, plugins, which live as long as the process — is
    frozen (:func:`gc.freeze`: later collections never walk it) and the collector resumes, collecting the
    youngest generation after 10,000 new objects rather than 700: checking one document makes thousands of
    short-lived objects, nearly all freed by reference counting, which the default threshold had the collector
    walk again and again (1.5% of a text document's instructions in a batch, under callgrind). Outside the program
    (the API, tests running commands), nothing happens."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.set_threshold(10_000, 10, 10)
        gc.enable()


def main() -> None:
    global _paused
    from budgetrules.core import regex

    regex.use_store()  # compiled patterns kept between runs, before anything compiles one
    if gc.isenabled():  # resumed by started(); a cold check spends ~25 ms less in the collector
        gc.disable()
        _paused = True
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when the caller ignores Ctrl-C
        signal.signal(signal.SIGINT, _interrupted)
    import click

    try:
        from budgetrules.cli.main import main as command

        code = command(prog_name="budgetrules", standalone_mode=False)
    except SystemExit:
        raise
    except (KeyboardInterrupt, click.Abort):
        _interrupted(signal.SIGINT, None)
    except click.ClickException as exc:  # a usage error: click's message, exit code 2
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - a bug: reported in one line, exit code 3
        sys.exit(internal_error(exc))
    sys.exit(code if isinstance(code, int) else 0)

"""The exit codes of the ``budgetrules`` program, and what it does with an error it did not expect.

======  ===================================================================================================
code    meaning
======  ===================================================================================================
0       nothing at or above the fail level (``check --fail-on``, default ``error``)
1       findings at or above the fail level
2       an input or usage error: a bad option, a file that could not be read or is not a disclosure (the
        other files are still checked and reported), an output file that cannot be written or would
        replace an input
3       an internal error: a bug in budgetrules or a plugin — one line on standard error naming the file
        where the traceback was saved (``--debug`` or ``BUDGETRULES_DEBUG=1`` prints it instead)
130     interrupted by Ctrl-C (SIGINT); what was checked is written and the output is closed properly
143     ended by SIGTERM, as for Ctrl-C
======  ===================================================================================================
"""

from __future__ import annotations

import os
import signal
import sys
import time

__all__ = [
    "EXIT_OK",
    "EXIT_FINDINGS",
    "EXIT_ERROR",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "for_signal",
    "debug",
    "set_debug",
    "internal_error",
]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
#: Interrupted by Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 128 + signal.SIGINT
#: Ended by SIGTERM (128 + SIGTERM).
EXIT_TERMINATED = 128 + signal.SIGTERM

_debug = False


def for_signal(signum: int | None) -> int:
    """The exit code of a run stopped by signal ``signum`` (Ctrl-C when not known)."""
    return EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED


def set_debug(on: bool = True) -> None:
    """Print the traceback of an internal error instead of saving it (``budgetrules --debug``)."""
    global _debug
    _debug = on


def debug() -> bool:
    return _debug or os.environ.get("BUDGETRULES_DEBUG", "").strip() not in ("", "0")


def _save(text: str) -> str | None:
    import tempfile  # only when a bug is reported: not imported at start-up

    try:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        fd, path = tempfile.mkstemp(prefix=f"budgetrules-crash-{stamp}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path
    except OSError:
        return None


def internal_error(exc: BaseException) -> int:
    """Report an exception nothing handled: one line on standard error (the traceback saved to a file, or
    printed with :func:`debug`); returns :data:`EXIT_INTERNAL`."""
    import traceback

    text = "".join(traceback.format_exception(exc))
    summary = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    if debug():
        sys.stderr.write(text)
        sys.stderr.write(f"内部错误：{summary}\n")
        return EXIT_INTERNAL
    saved = _save(text)
    where = f"详细信息已保存到 {saved}" if saved else "详细信息无法保存"
    sys.stderr.write(f"内部错误（budgetrules 或插件的缺陷）：{summary}（{where}；用 --debug 或 BUDGETRULES_DEBUG=1 "
                     f"直接显示）\n")
    return EXIT_INTERNAL

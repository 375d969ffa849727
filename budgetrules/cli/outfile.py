"""Writing a command's output file (``-o``) so that nothing is lost: never over an input, never half-written
over a previous report.

:func:`open_output` is what every command that writes a file uses (``check``, ``parse``, ``survey``):

* **Refused when it would replace an input.** The output's real path (symbolic links resolved) or its file
  (the same device and inode — a hard link) is compared with every input of the run; ``check v.txt -o v.txt``
  is a usage error, and nothing is read or written.
* **Written beside, then renamed.** Chunks go to a temporary file in the output's folder (a hidden name,
  ``.NAME.XXXX.tmp``, which a folder walk does not pick up), flushed as they come so that the file grows
  while a batch runs; when the command is done — also when it was interrupted by Ctrl-C, whose output is
  valid and marked incomplete — it is synced and renamed over the output in one step
  (:func:`os.replace`). Until then the previous file, if any, is untouched; when anything fails, the
  temporary file is removed and the previous file stays as it was.
* **Problems are one line.** A missing folder, a folder that cannot be written, a read-only output file or a
  full disk raise :class:`OutputError`, whose text names the file and the problem; the command prints it and
  exits with code 2, never with a traceback.

An output that exists and is not a regular file (``/dev/null``, a named pipe, a terminal) is written to
directly: there is nothing to replace. The new file gets the permissions the previous one had, or the
usual ones for a new file (``0666`` less the umask); the temporary file is private (``0600``) until then.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from typing import IO, Any, Callable, Iterable, Iterator

from budgetrules.core.errors import UsageError

__all__ = ["OutputError", "open_output", "precheck", "check_not_input", "write_file"]


class OutputError(UsageError):
    """The output file cannot be written (``str()`` is one line naming it and why)."""

    def __init__(self, path: str | os.PathLike[str], problem: str):
        super().__init__(f"{os.fspath(path)}: {problem}")
        self.path = os.fspath(path)
        self.problem = problem


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足，无法写入输出文件（原有文件未改动）"
    if exc.errno == errno.EDQUOT:
        return "超出磁盘配额，无法写入输出文件（原有文件未改动）"
    if exc.errno == errno.EROFS:
        return "文件系统只读，无法写入输出文件"
    if isinstance(exc, PermissionError):
        return "没有写入权限，无法写入输出文件"
    if isinstance(exc, FileNotFoundError):
        return "输出文件所在的目录不存在"
    if isinstance(exc, NotADirectoryError):
        return "输出文件路径中的某一级不是目录"
    return f"无法写入输出文件：{exc.strerror or exc}"


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_not_input(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise :class:`OutputError` when ``output`` is one of ``inputs``: the same real path, or the same file
    (device and inode)."""
    real = os.path.realpath(output)
    try:
        out_stat = os.stat(output)
    except OSError:
        out_stat = None
    for item in inputs:
        same = os.path.realpath(item) == real
        if not same and out_stat is not None and stat.S_ISREG(out_stat.st_mode):
            try:
                same = _same_file(out_stat, os.stat(item))
            except OSError:
                same = False
        if same:
            raise OutputError(output, f"输出文件就是输入文件 {os.fspath(item)}，拒绝覆盖（请用 -o 指定另一个文件）")


def _refusal(target: str) -> str | None:
    """Why ``target`` (a real path) certainly cannot be written, when that can be told before trying."""
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        return "输出文件所在的目录不存在" if not os.path.lexists(folder) else "输出文件路径中的某一级不是目录"
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        return _why(exc)
    if mode is not None and stat.S_ISDIR(mode):
        return "是目录而不是文件"
    if mode is not None and not os.access(target, os.W_OK):
        return "输出文件只读，拒绝覆盖"
    if (mode is None or stat.S_ISREG(mode)) and not os.access(folder, os.W_OK | os.X_OK):
        return "输出文件所在的目录没有写入权限"
    return None


def precheck(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Raise :class:`OutputError` now, before any work, when ``output`` would replace one of ``inputs`` or
    certainly cannot be written (its folder is missing or not writable, it is a folder or read-only)."""
    check_not_input(output, inputs)
    problem = _refusal(os.path.realpath(output))
    if problem:
        raise OutputError(output, problem)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def _atomic(target: str, binary: bool, name: str) -> Iterator[Callable[[str | bytes], None]]:
    folder = os.path.dirname(target) or "."
    problem = _refusal(target)
    if problem:
        raise OutputError(name, problem)
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise OutputError(name, _why(exc)) from None
    import tempfile  # only when an output file is written

    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(name, _why(exc)) from None
    renamed = False
    try:
        handle: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")
        with handle:
            yield _writer(handle, name)
            try:
                handle.flush()
                os.fsync(handle.fileno())
                os.chmod(temporary, stat.S_IMODE(existing.st_mode) if existing is not None else _new_file_mode())
            except OSError as exc:
                raise OutputError(name, _why(exc)) from None
        try:
            os.replace(temporary, target)
        except OSError as exc:
            raise OutputError(name, _why(exc)) from None
        renamed = True
    finally:
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


@contextlib.contextmanager
def _direct(target: str, binary: bool, name: str) -> Iterator[Callable[[str | bytes], None]]:
    try:
        handle: IO[Any] = open(target, "wb") if binary else open(target, "w", encoding="utf-8")
    except OSError as exc:
        raise OutputError(name, _why(exc)) from None
    with handle:
        yield _writer(handle, name)


def _writer(handle: IO[Any], name: str) -> Callable[[str | bytes], None]:
    """Write one chunk to ``handle`` and flush it; a failure (the disk is full …) is an :class:`OutputError`."""

    def write(chunk: str | bytes) -> None:
        try:
            handle.write(chunk)
            handle.flush()
        except OSError as exc:
            raise OutputError(name, _why(exc)) from None

    return write


@contextlib.contextmanager
def _stdout(binary: bool, color: bool | None = None) -> Iterator[Callable[[str | bytes], None]]:
    import click

    if binary:
        # click 8.5 deprecates get_binary_stream and serves it through a module __getattr__ typed ``object``
        stream: IO[bytes] = click.get_binary_stream("stdout")  # type: ignore[operator,unused-ignore]

        def write(chunk: str | bytes) -> None:
            assert isinstance(chunk, bytes)  # a binary format yields bytes
            stream.write(chunk)
            stream.flush()

        yield write
    else:
        yield lambda chunk: click.echo(chunk, nl=False, color=color or None)


@contextlib.contextmanager
def open_output(output: str | os.PathLike[str] | None, binary: bool = False, inputs: Iterable[str | os.PathLike[str]] = (),
                *, color: bool | None = None) -> Iterator[Callable[[str | bytes], None]]:
    """A function writing one chunk to ``output`` (``str``, or ``bytes`` when ``binary``) and flushing it; the
    file is in place when the ``with`` block ends without an exception (see the module documentation).
    Without ``output`` (None or empty), chunks go to standard output (ANSI colours kept when ``color``).

    Raises :class:`OutputError` when ``output`` is one of ``inputs``, its folder is missing or not writable,
    or writing fails (the disk is full …); the previous ``output``, if any, is then untouched."""
    if not output:
        with _stdout(binary, color) as write:
            yield write
        return
    precheck(output, inputs)
    target = os.path.realpath(output)  # a symbolic link is followed: the file it names is replaced
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    opener: Callable[[str, bool, str], contextlib.AbstractContextManager[Callable[[str | bytes], None]]]
    opener = _direct if mode is not None and not stat.S_ISREG(mode) else _atomic
    with opener(target, binary, os.fspath(output)) as write:
        yield write


def write_file(output: str | os.PathLike[str], content: str | bytes, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write ``content`` to ``output`` all at once, as :func:`open_output` does."""
    with open_output(output, isinstance(content, bytes), inputs) as write:
        write(content)

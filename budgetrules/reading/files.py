"""Reading input files without trusting them: only regular files are opened, reads are bounded, and a folder
walk stays inside the folder.

* :func:`read_regular` looks at what a path is (``os.stat``, which opens nothing) before opening it; a
  directory, a named pipe (FIFO), a socket or a device — also behind a symbolic link, such as a link to
  ``/dev/zero`` — is refused without being opened. The file is then opened with ``O_NONBLOCK`` (so that a FIFO
  swapped in meanwhile cannot block the open) and checked again on the open descriptor. At most ``limit + 1``
  bytes are read whatever the size the file system reports (files under ``/proc`` say 0 bytes), so a file
  that grows or lies about its size is refused as too large, never read to the end.
* :func:`walk` lists the files with a known ending under each folder named, without following symbolic
  links: a link whose target lies outside the folder being checked, a link to a folder, a FIFO, socket or
  device with a known ending, and a sub-folder that cannot be listed are not read and come back as
  *refused*, each with its reason, so that the batch reports them with the files checked instead of
  dropping them silently. Names starting with ``.`` are skipped, as before.

Every problem is an :class:`~budgetrules.core.errors.InputError` (or a refusal) of that one path; nothing here
stops a batch.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterable, Sequence

import attrs

from budgetrules.core.errors import InputError

__all__ = ["Walk", "walk", "read_regular", "kind_of"]

#: How much is read per system call once the size the file system reported has been read.
_CHUNK = 1 << 20


def kind_of(mode: int) -> str:
    """What a file is, in words, from its ``st_mode``."""
    if stat.S_ISREG(mode):
        return "普通文件"
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道 FIFO"
    if stat.S_ISCHR(mode):
        return "字符设备"
    if stat.S_ISBLK(mode):
        return "块设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    if exc.errno == errno.ELOOP:
        return "符号链接循环，无法读取"
    return f"无法读取：{exc.strerror or exc}"


def _too_large(size: int | str, limit: int) -> str:
    return f"文件过大（{size} 字节，上限 {limit} 字节）"


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "是目录而不是文件"
    return f"不是普通文件（{kind_of(mode)}），未读取"


def read_regular(path: str | Path, limit: int, *, name: str | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (symbolic links followed), at most ``limit`` of them.

    Raises :class:`InputError` naming ``name`` (default ``path``) when the path does not exist, is not a
    regular file (checked before opening, and again on the open file), cannot be read, or holds more than
    ``limit`` bytes — whatever size the file system reports."""
    name = str(path) if name is None else name
    try:
        before = os.stat(path)
    except OSError as exc:
        raise InputError(name, _reason(exc)) from None
    if not stat.S_ISREG(before.st_mode):
        raise InputError(name, _not_regular(before.st_mode))
    if before.st_size > limit:
        raise InputError(name, _too_large(before.st_size, limit))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(name, _reason(exc)) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # replaced between the look and the open
            raise InputError(name, _not_regular(opened.st_mode))
        chunks = []
        total = 0
        want = min(opened.st_size, limit) + 1  # one byte more than expected, to see the end of the file
        while total <= limit:
            chunk = os.read(fd, min(want, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = _CHUNK
    except InputError:
        raise
    except OSError as exc:
        raise InputError(name, _reason(exc)) from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputError(name, _too_large(f"超过 {limit}", limit))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


@attrs.frozen
class Walk:
    """The files found under the paths named (``files``, sorted and unique) and the paths found but not read
    (``refused``: path → the reason, one line). Paths named that are not folders are in ``files`` as named;
    reading them tells what is wrong with them."""

    files: tuple[Path, ...]
    refused: dict[Path, str] = attrs.field(factory=dict, eq=False)

    @property
    def all(self) -> list[Path]:
        """Files and refused paths, sorted: every path the batch reports on."""
        return sorted({*self.files, *self.refused}, key=str)


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([target, root]) == root
    except ValueError:  # different drives
        return False


def _walk_folder(top: Path, suffixes: tuple[str, ...], found: set[Path], refused: dict[Path, str]) -> None:
    root = os.path.realpath(top)
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            refused[Path(folder)] = f"目录无法读取：{_reason(exc)}"
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if os.path.isdir(target):
                        if not _inside(target, root):
                            refused[path] = f"符号链接指向检查的目录之外的目录（{target}），未进入"
                        continue  # links to folders are never followed (a folder inside is walked as itself)
                    if not entry.name.lower().endswith(suffixes):
                        continue
                    if not _inside(target, root):
                        refused[path] = f"符号链接指向检查的目录之外（{target}），未读取"
                        continue
                    mode = os.stat(entry.path).st_mode
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                else:
                    if not entry.name.lower().endswith(suffixes):
                        continue
                    mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                refused[path] = _reason(exc)
                continue
            if stat.S_ISREG(mode):
                found.add(path)
            else:
                refused[path] = _not_regular(mode)


def walk(paths: Iterable[str | Path], suffixes: Sequence[str]) -> Walk:
    """Every file named, and every file whose name ends with one of ``suffixes`` under each folder named
    (see the module documentation)."""
    found: set[Path] = set()
    refused: dict[Path, str] = {}
    suffixes = tuple(s.lower() for s in suffixes)
    for p in map(Path, paths):
        try:
            is_dir = stat.S_ISDIR(os.stat(p).st_mode)
        except OSError:
            is_dir = False  # reading it reports why
        if is_dir:
            _walk_folder(p, suffixes, found, refused)
        else:
            found.add(p)
    for p in refused:
        found.discard(p)
    return Walk(tuple(sorted(found, key=str)), refused)

"""The batch engine: check many files, and hand each report on as soon as it can be written, in input order.

:class:`Batch` is an iterator of :class:`~budgetrules.core.report.FileReport` in output order — sorted by the path
that names each disclosure, as :func:`budgetrules.engine.check.check_paths` returns them — that yields each report
as soon as it and every report before it are done, whatever the number of jobs or where they run. A renderer
consumes it and writes each file's part at once (:mod:`budgetrules.engine.rendering`).

How a batch runs
----------------
1. **First pass**, one task per file: load it; a whole disclosure is checked at once and its report — without
   its document, which is dropped as soon as the findings exist — comes back; a file holding only one half of
   a disclosure (or named in a ``--set``) comes back as a :class:`~budgetrules.reading.docsets.Half`: its path, role
   and identity, not its document.
2. When every file has been through the first pass and some were halves, the halves are grouped
   (:func:`budgetrules.reading.docsets.group`: the same decision as for documents, taken from the descriptions) and
   each group is a second task that loads its files again, merges them and checks them as one.

Memory therefore stays flat in the number of files: a worker holds one document at a time, the parent holds
the reports between the one being written and the ones already done (spilled to a temporary directory past
:data:`BACKLOG_IN_MEMORY`; this happens only while a half waits for the first pass to finish) and a few
hundred bytes per file.

Where tasks run (:class:`Executor`)
-----------------------------------
* ``jobs == 1`` (or a single file): in this process. ``timeout`` is enforced with ``SIGALRM`` when this is
  the main thread of a POSIX process (a hang inside C code is not interrupted).
* ``jobs > 1``: a :mod:`pebble` process pool. A file that runs past ``timeout`` has its worker killed and
  is reported as such (``error_kind="timeout"``); a worker that dies (a crash inside a C library, the
  out-of-memory killer) is replaced and only the file it was checking is reported (``error_kind="crash"``).
* ``executor="dask"``: a Dask distributed cluster, :mod:`budgetrules.engine.dask_executor`.

The result cache
----------------
With a :class:`~budgetrules.engine.cache.ResultCache`, each task's result is stored under a key of the file's content,
its path, the environment and the options (:mod:`budgetrules.engine.cache`); a file whose key is found is not read
again. Failures (timeouts, crashes) are never stored.

Interrupting
------------
A :exc:`KeyboardInterrupt` while the batch waits or checks in this process, or a :class:`Interrupt` whose
``requested`` flag is set (the command line's SIGINT and SIGTERM handler), stops the batch: the workers are
stopped, the iterator ends, ``complete`` stays False and ``interrupted`` is True. What was yielded before is
untouched, so a renderer can close its output properly. :meth:`Batch.close` abandons a batch at once (its
output cannot be written). Worker processes end with their parent however it ends (``PR_SET_PDEATHSIG`` on
Linux), and ``jobs`` is capped at :func:`available_cores`.

What is read
------------
Folders are walked by :func:`budgetrules.reading.files.walk`: only regular files inside the folder are read; a FIFO or
device, a symbolic link out of the folder and a sub-folder that cannot be listed are in ``files`` too and
come back as that path's error report (``refused``), so that nothing found is silently dropped.
"""

from __future__ import annotations

import collections
import os
import pickle
import queue
import signal
import threading
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Callable, Iterator, NoReturn, Protocol, Sequence

import attrs

from budgetrules.core.errors import InputError
from budgetrules.core.findings import Severity
from budgetrules.core.lazy import lazy_module
from budgetrules.core.model import Document
from budgetrules.core.report import FileReport
from budgetrules.engine.cache import ResultCache, content_hash, environment_key, options_key
from budgetrules.engine.check import (
    SUFFIXES,
    CheckConfig,
    _can_send,
    _in_sets,
    check_unit,
    load_document,
    prepare,
    read_input,
)
from budgetrules.engine.plugins import Registry, get_registry
from budgetrules.reading import docsets
from budgetrules.reading import files as input_files

if TYPE_CHECKING:
    import tempfile

concurrent_futures = lazy_module("concurrent.futures")  # only a batch with workers needs it

__all__ = [
    "Batch",
    "Input",
    "FileTask",
    "UnitTask",
    "Failure",
    "Interrupt",
    "Executor",
    "run_task",
    "DEFAULT_TIMEOUT",
    "BACKLOG_IN_MEMORY",
    "available_cores",
]

#: The default per-file time limit, in seconds (generous: a 100-page PDF takes well under a minute).
DEFAULT_TIMEOUT = 600.0

#: Finished reports held in memory while an earlier one is not done yet; more are spilled to disk.
BACKLOG_IN_MEMORY = 64


def available_cores() -> int:
    """The processor cores this process may run on (its CPU affinity where the system tells it, else the
    machine's count): more worker processes than this only compete for the same cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# -- tasks ---------------------------------------------------------------------------------------------


@attrs.frozen
class Input:
    """A file as a task sees it: ``path`` as named on the command line (what reports say), ``read_from``
    the place a worker reads it from when that differs (an absolute path, for workers whose current
    directory is elsewhere), ``data`` its content when it is sent along with the task."""

    path: str
    read_from: str | None = None
    data: bytes | None = attrs.field(default=None, repr=False)

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        return read_input(Path(self.path), Path(self.read_from) if self.read_from else None)


@attrs.frozen
class FileTask:
    """First pass over one file (see the module documentation); ``in_set``: the file is named in a ``--set``,
    so it is always described, never checked on its own."""

    input: Input
    in_set: bool = False


@attrs.frozen
class UnitTask:
    """Check a group of files as one disclosure."""

    group: docsets.Group
    inputs: tuple[Input, ...]


@attrs.frozen
class Failure:
    """A task that did not finish: ``kind`` is ``timeout`` or ``crash``."""

    kind: str
    message: str


def _load(inp: Input, registry: Registry, config: CheckConfig) -> Document:
    return prepare(load_document(Path(inp.path), registry, inp.read()), config)


def run_task(task: FileTask | UnitTask, config: CheckConfig, registry: Registry | None = None, *,
             keep: bool = False, stash: dict[str, Document] | None = None) -> FileReport | docsets.Half:
    """Run one task here: a :class:`FileReport` (document dropped unless ``keep``) or, for a half, its
    :class:`~budgetrules.reading.docsets.Half`. ``stash`` keeps the documents of halves for the second pass (only
    when running in one process)."""
    registry = registry or get_registry()
    if isinstance(task, FileTask):
        path = task.input.path
        try:
            doc = _load(task.input, registry, config)
        except InputError as exc:
            return FileReport(path=path, error=str(exc), error_kind="input")
        if task.in_set or docsets.role_of(doc) is not docsets.Role.WHOLE:
            if stash is not None:
                stash[path] = doc
            return docsets.describe(doc)
        (unit,) = docsets.plan([doc], batch=False)
        report = check_unit(unit, registry, config)
        return report if keep else attrs.evolve(report, document=None)
    docs: dict[str, Document] = {}
    for inp in task.inputs:
        found = stash.pop(inp.path, None) if stash is not None else None
        if found is None:
            try:
                found = _load(inp, registry, config)
            except InputError as exc:
                return FileReport(path=task.group.path, error=str(exc), error_kind="input")
        docs[inp.path] = found
    report = check_unit(docsets.build(task.group, docs), registry, config)
    return report if keep else attrs.evolve(report, document=None)


# -- executors -----------------------------------------------------------------------------------------


class Executor(Protocol):
    """Where tasks run. ``capacity`` is how many tasks to keep submitted at once; ``submit`` hands one on
    with a token; ``next_done`` waits for any to finish and returns ``(token, result or Failure)``, or None
    when ``should_stop()`` became true while waiting; ``stop`` abandons everything at once; ``close`` ends
    normally."""

    capacity: int

    def submit(self, token: Any, task: FileTask | UnitTask) -> None: ...

    def next_done(self, should_stop: Callable[[], bool]) -> tuple[Any, Any] | None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class _Deadline(BaseException):
    """Raised by SIGALRM in the inline executor (a BaseException, so that the ``except Exception`` around
    each rule and loader does not swallow it)."""


class InlineExecutor:
    """Tasks run in this process, one at a time, when their result is asked for."""

    capacity = 1

    def __init__(self, config: CheckConfig, registry: Registry, timeout: float | None, keep: bool = False):
        self.config, self.registry, self.timeout, self.keep = config, registry, timeout, keep
        self.pending: collections.deque[tuple[Any, FileTask | UnitTask]] = collections.deque()
        self.stash: dict[str, Document] = _BoundedStash(8)

    def submit(self, token: Any, task: FileTask | UnitTask) -> None:
        self.pending.append((token, task))

    def next_done(self, should_stop: Callable[[], bool]) -> tuple[Any, Any] | None:
        if should_stop() or not self.pending:
            return None
        token, task = self.pending.popleft()
        timeout = self.timeout
        use_alarm = (timeout and hasattr(signal, "setitimer")
                     and threading.current_thread() is threading.main_thread())
        if not use_alarm or timeout is None:
            return token, run_task(task, self.config, self.registry, keep=self.keep, stash=self.stash)

        def on_alarm(signum: int, frame: FrameType | None) -> NoReturn:
            raise _Deadline()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                return token, run_task(task, self.config, self.registry, keep=self.keep, stash=self.stash)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _Deadline:
            return token, Failure("timeout", f"检查超时（超过 {self.timeout:g} 秒），已跳过")
        finally:
            signal.signal(signal.SIGALRM, previous)

    def stop(self) -> None:
        self.pending.clear()

    def close(self) -> None:
        self.pending.clear()


class _BoundedStash(dict[str, Document]):
    """A dict that forgets its oldest entries past ``limit`` (they are loaded again when needed)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: str, value: Document) -> None:
        super().__setitem__(key, value)
        while len(self) > self.limit:
            del self[next(iter(self))]


_WORKER_CONFIG: CheckConfig | None = None


def _end_with_parent(parent: int | None) -> None:
    """Have the kernel kill this process when the process that started it ends, however it ends (Linux:
    ``PR_SET_PDEATHSIG``); if ``parent`` (the batch's process, when workers are forked from it) is already
    gone, end now. Elsewhere a worker ends when it finds its pipe to the parent closed."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _worker_init(config: CheckConfig, parent: int | None = None) -> None:
    """In each worker process: end with the parent; Ctrl-C is the parent's business; load the plugins once."""
    global _WORKER_CONFIG
    _end_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_CONFIG = config
    get_registry()


def _worker_run(task: FileTask | UnitTask) -> FileReport | docsets.Half:
    assert _WORKER_CONFIG is not None  # set by _worker_init
    return run_task(task, _WORKER_CONFIG)


def failure_of(exc: BaseException) -> Failure:
    """The :class:`Failure` for what a finished future raised."""
    import pebble

    if isinstance(exc, (concurrent_futures.TimeoutError, TimeoutError)):
        return Failure("timeout", "")
    if isinstance(exc, pebble.ProcessExpired):
        return Failure("crash", f"检查该文件的进程异常退出（退出码 {exc.exitcode}）")
    return Failure("crash", f"检查时出错：{type(exc).__name__}: {exc}")


class PoolExecutor:
    """Tasks run in a :mod:`pebble` process pool of ``jobs`` workers, each task with its time limit."""

    def __init__(self, config: CheckConfig, jobs: int, timeout: float | None):
        import pebble

        self.timeout = timeout
        self.capacity = 2 * jobs
        import multiprocessing

        # forked workers are this process's children; others are started by a server process (forkserver)
        forked = multiprocessing.get_start_method() == "fork"
        self.pool = pebble.ProcessPool(max_workers=jobs, initializer=_worker_init,
                                       initargs=(config, os.getpid() if forked else None))
        self.done: queue.Queue[tuple[Any, Any]] = queue.Queue()

    def submit(self, token: Any, task: FileTask | UnitTask) -> None:
        future = self.pool.schedule(_worker_run, args=(task,), timeout=self.timeout or None)
        future.add_done_callback(lambda f: self.done.put((token, f)))

    def next_done(self, should_stop: Callable[[], bool]) -> tuple[Any, Any] | None:
        while not should_stop():
            try:
                token, future = self.done.get(timeout=0.2)
            except queue.Empty:
                continue
            exc = future.exception()
            if exc is None:
                return token, future.result()
            failure = failure_of(exc)
            if failure.kind == "timeout":
                failure = Failure("timeout", f"检查超时（超过 {self.timeout:g} 秒），已跳过")
            return token, failure
        return None

    def stop(self) -> None:
        self.pool.stop()
        self.pool.join(timeout=10)

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


# -- the engine ----------------------------------------------------------------------------------------


class Interrupt:
    """A stop request shared between a signal handler and the batch (see the command line).

    ``requested`` asks the batch to stop at its next safe point; ``armed`` is True while the batch waits for
    a task or runs one in this process — the only time a handler should raise :exc:`KeyboardInterrupt`
    (elsewhere, a report may be half written)."""

    def __init__(self) -> None:
        self.requested = False
        self.armed = False
        #: The signal that asked to stop (SIGINT, SIGTERM), when one did.
        self.signum: int | None = None


class _Backlog:
    """Finished reports waiting for their turn, by index: the first :data:`BACKLOG_IN_MEMORY` in memory, the
    rest pickled to a temporary directory."""

    def __init__(self) -> None:
        self.memory: dict[int, Any] = {}
        self.spilled: set[int] = set()
        self._dir: tempfile.TemporaryDirectory[str] | None = None

    def put(self, index: int, value: Any) -> None:
        if len(self.memory) < BACKLOG_IN_MEMORY:
            self.memory[index] = value
            return
        if self._dir is None:
            import tempfile  # only when a backlog spills to disk

            self._dir = tempfile.TemporaryDirectory(prefix="budgetrules-backlog-")
        with open(os.path.join(self._dir.name, str(index)), "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.spilled.add(index)

    def pop(self, index: int) -> Any:
        if index in self.memory:
            return self.memory.pop(index)
        assert self._dir is not None and index in self.spilled
        self.spilled.discard(index)
        path = os.path.join(self._dir.name, str(index))
        with open(path, "rb") as fh:
            value = pickle.load(fh)
        os.unlink(path)
        return value

    def close(self) -> None:
        self.memory.clear()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


# Slot states: what is known of the file at each index of the sorted list.
_PENDING, _READY, _HALF, _MEMBER, _UNIT = "pending", "ready", "half", "member", "unit"


class Batch:
    """Check every file under ``paths`` (and every file of ``config.sets``); iterate for the reports, in the
    order of :func:`budgetrules.engine.check.check_paths`, each as soon as it can be written.

    ``total`` is the number of files; after iteration ``complete`` says whether every file was checked and
    ``interrupted`` whether the batch was stopped. ``done`` counts the files finished, ``failed`` those of them
    that gave an error, ``cached`` the results served from the cache; ``counts`` holds the findings per
    severity and ``unreadable`` the reports with an error, of the reports yielded so far.
    ``refused`` maps the paths a folder walk found but will not read to the reason (each is reported as an
    error of its own). ``on_progress(path, batch)`` is called whenever a file is done (in completion order),
    ``on_report(report, batch)`` whenever a report is yielded (in output order).
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        registry: Registry | None = None,
        config: CheckConfig = CheckConfig(),
        *,
        jobs: int = 1,
        timeout: float | None = DEFAULT_TIMEOUT,
        executor: str = "local",
        scheduler: str | None = None,
        send_files: bool = False,
        cache: ResultCache | None = None,
        keep_documents: bool = False,
        interrupt: Interrupt | None = None,
        on_progress: Callable[[str, "Batch"], None] | None = None,
        on_report: Callable[[FileReport, "Batch"], None] | None = None,
    ):
        self.registry = registry or get_registry()
        self.config = attrs.evolve(config, sets=tuple(tuple(str(Path(p)) for p in s) for s in config.sets))
        named = [Path(p) for s in self.config.sets for p in s]
        in_sets = _in_sets(self.config)
        walked = input_files.walk(paths, SUFFIXES)
        #: Paths found under a folder but not read (a FIFO or device, a link out of the folder …): path → why.
        self.refused = {str(p): why for p, why in walked.refused.items()}
        self.files = sorted({*named, *(f for f in walked.all if os.path.realpath(f) not in in_sets)}, key=str)
        self._in_sets = in_sets
        self.total = len(self.files)
        self.jobs, self.timeout = jobs, timeout or None
        self.executor_name, self.scheduler, self.send_files = executor, scheduler, send_files
        self.keep_documents = keep_documents
        self.cache = cache
        self.interrupt = interrupt or Interrupt()
        self.on_progress = on_progress
        self.on_report = on_report
        self.failed = 0
        self.complete = False
        self.interrupted = False
        self.done = 0
        self.cached = 0
        self.unreadable = 0
        self.counts: collections.Counter[Severity] = collections.Counter()
        self.started = time.monotonic()
        self._iterator: Iterator[FileReport] | None = None
        self._executor: Any = None

    # -- public --------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[FileReport]:
        if self._iterator is None:
            self._iterator = self._run()
        return self._iterator

    def start(self) -> "Batch":
        """Start the executor now (iterating starts it otherwise): a cluster that cannot be reached, or whose
        workers differ from this machine, raises :class:`~budgetrules.core.errors.UsageError` here."""
        if self._executor is None:
            self._executor = self._make_executor()
        return self

    def stop(self) -> None:
        """Ask the batch to stop at the next safe point (from another thread or a signal handler)."""
        self.interrupt.requested = True

    def close(self) -> None:
        """Abandon the batch now (its consumer cannot go on, e.g. the output cannot be written): the workers are
        stopped; nothing more is yielded."""
        if self._iterator is not None:
            self._iterator.close()  # type: ignore[attr-defined]
        elif self._executor is not None:
            self._executor.stop()
            self._executor = None

    def at_least(self, level: Severity) -> bool:
        """Some report yielded so far has a finding at or above ``level``."""
        return any(n for s, n in self.counts.items() if s >= level)

    @property
    def executor(self) -> Any:
        return self._executor

    # -- running -------------------------------------------------------------------------------------
    def _make_executor(self) -> Executor:
        sendable = (_can_send(self.config.ruleset_for) and self.config.previous is None
                    and self.config.previous_for is None)
        if self.executor_name == "dask" or self.scheduler:
            from budgetrules.engine.dask_executor import DaskExecutor

            return DaskExecutor(self.config, jobs=self.jobs, timeout=self.timeout, scheduler=self.scheduler)
        if self.keep_documents or self.jobs <= 1 or self.total <= 1 or not sendable:
            return InlineExecutor(self.config, self.registry, self.timeout, keep=self.keep_documents)
        return PoolExecutor(self.config, min(self.jobs, self.total, available_cores()), self.timeout)

    def _input(self, path: Path, data: bytes | None) -> Input:
        """What a task is given: on this machine, the bytes already read for the cache key (so that the
        result stored is the result of those bytes) or just the path; on a cluster, the absolute path, or the
        bytes with ``send_files``."""
        remote = self.executor_name == "dask" or bool(self.scheduler)
        if not remote:
            return Input(str(path), data=data)
        return Input(str(path), read_from=None if self.send_files else os.path.abspath(path),
                     data=data if self.send_files else None)

    def _stopping(self) -> bool:
        return self.interrupt.requested

    def _run(self) -> Iterator[FileReport]:
        n = self.total
        state = [_PENDING] * n
        index_of = {str(f): i for i, f in enumerate(self.files)}
        hashes: dict[int, str] = {}
        halves: dict[int, docsets.Half] = {}
        backlog = _Backlog()
        first_queue = collections.deque(range(n))
        unit_queue: collections.deque[docsets.Group] = collections.deque()
        inflight: dict[Any, tuple[str, Any, str | None]] = {}
        unit_sizes: dict[int, tuple[str, ...]] = {}
        first_left = n
        planned = False
        cursor = 0
        lookahead = max(BACKLOG_IN_MEMORY // 2, 16)
        base_key = None
        if self.cache is not None:
            opts = options_key(self.config)
            base_key = None if opts is None else ResultCache.key(environment_key(self.registry), opts)

        def finish_first(i: int, value: Any, key: str | None) -> None:
            nonlocal first_left
            first_left -= 1
            if isinstance(value, Failure):
                value = self._failure_report(str(self.files[i]), value)
            elif key is not None and self.cache is not None:
                self.cache.set(key, value)
            if isinstance(value, docsets.Half):
                halves[i] = value
                state[i] = _HALF
            else:
                backlog.put(i, value)
                state[i] = _READY
                self._progress(str(self.files[i]), 1, value)

        def finish_unit(i: int, value: Any, key: str | None) -> None:
            files = len(unit_sizes.get(i, ()) or (1,))
            if isinstance(value, Failure):
                value = self._failure_report(str(self.files[i]), value)
            elif key is not None and self.cache is not None:
                self.cache.set(key, value)
            backlog.put(i, value)
            state[i] = _READY
            self._progress(str(self.files[i]), files, value)

        def dispatch_first(i: int) -> bool:
            """Look the file up in the cache or submit it; True when submitted."""
            path = self.files[i]
            data = None
            key = None
            if str(path) in self.refused:
                finish_first(i, FileReport(path=str(path), error=f"{path}: {self.refused[str(path)]}",
                                           error_kind="input"), None)
                return False
            if base_key is not None or self.send_files:
                try:
                    data = read_input(path)
                except InputError:
                    data = None  # the task reports it
            if base_key is not None and data is not None and self.cache is not None:
                hashes[i] = content_hash(data)
                in_set = os.path.realpath(path) in self._in_sets
                key = ResultCache.key(base_key, "file", str(path), hashes[i], str(in_set))
                found = self.cache.get(key)
                if found is not None:
                    self.cached += 1
                    finish_first(i, found, None)
                    return False
            task = FileTask(self._input(path, data), in_set=os.path.realpath(path) in self._in_sets)
            token = ("file", i)
            inflight[token] = ("file", i, key)
            self._executor.submit(token, task)
            return True

        def dispatch_unit(g: docsets.Group) -> bool:
            i = index_of[g.path]
            unit_sizes[i] = tuple(p for p, _ in g.members)
            key = None
            if base_key is not None and self.cache is not None and all(index_of[p] in hashes for p, _ in g.members):
                members = "|".join(f"{p}:{hashes[index_of[p]]}" for p, _ in g.members)
                key = ResultCache.key(base_key, "unit", repr(g), members)
                found = self.cache.get(key)
                if found is not None:
                    self.cached += 1
                    finish_unit(i, found, None)
                    return False
            inputs = []
            for p, _ in g.members:
                data = None
                if self.send_files:
                    try:
                        data = read_input(Path(p))
                    except InputError:
                        data = None
                inputs.append(self._input(Path(p), data))
            token = ("unit", i)
            inflight[token] = ("unit", i, key)
            self._executor.submit(token, UnitTask(g, tuple(inputs)))
            return True

        def plan() -> None:
            groups = docsets.group([halves[i] for i in sorted(halves)], self.config.sets, batch=n > 1)
            for g in groups:
                for p, _ in g.members:
                    state[index_of[p]] = _MEMBER
                state[index_of[g.path]] = _UNIT
                unit_queue.append(g)

        try:
            self.start()
            while True:
                while cursor < n and state[cursor] in (_READY, _MEMBER):
                    if state[cursor] == _READY:
                        report = backlog.pop(cursor)
                        self._count(report)
                        yield report
                    cursor += 1
                    if self._stopping():
                        raise KeyboardInterrupt
                if cursor >= n:
                    break
                if first_left == 0 and not planned:
                    plan()
                    planned = True
                    continue
                blocked = state[cursor] == _HALF
                while len(inflight) < self._executor.capacity and (first_queue or unit_queue):
                    if first_queue:
                        i = first_queue[0]
                        if not blocked and i >= cursor + lookahead + self._executor.capacity:
                            break
                        first_queue.popleft()
                        dispatch_first(i)
                    else:
                        dispatch_unit(unit_queue.popleft())
                if not inflight:
                    continue  # everything dispatched so far was served by the cache
                self.interrupt.armed = True
                try:
                    done = self._executor.next_done(self._stopping)
                finally:
                    self.interrupt.armed = False
                if done is None:
                    raise KeyboardInterrupt
                token, value = done
                kind, i, key = inflight.pop(token)
                (finish_first if kind == "file" else finish_unit)(i, value, key)
            self.complete = True
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            backlog.close()
            if self._executor is not None:
                # a batch that ends early (interrupted, or its consumer went away) abandons its tasks
                self._executor.close() if self.complete else self._executor.stop()

    # -- bookkeeping ---------------------------------------------------------------------------------
    def _failure_report(self, path: str, failure: Failure) -> FileReport:
        return FileReport(path=path, error=f"{path}: {failure.message}", error_kind=failure.kind)

    def _count(self, report: FileReport) -> None:
        for f in report.findings:
            self.counts[f.severity] += 1
        if report.error:
            self.unreadable += 1
        if self.on_report is not None:
            self.on_report(report, self)

    def _progress(self, path: str, files: int, report: FileReport) -> None:
        self.done += files
        self.failed += 1 if report.error else 0
        if self.on_progress is not None:
            self.on_progress(path, self)


def check_batch(paths: Sequence[str | Path], registry: Registry | None = None, config: CheckConfig = CheckConfig(),
                **options: Any) -> list[FileReport]:
    """Every report of a :class:`Batch`, as a list."""
    return list(Batch(paths, registry, config, **options))

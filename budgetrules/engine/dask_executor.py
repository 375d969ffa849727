"""Run a batch on a Dask distributed cluster (``check --executor dask`` or ``--scheduler tcp://HOST:8786``).

Dask is an optional extra: ``pip install 'budgetrules[distributed]'``. Every worker must have budgetrules and
the same plugins installed: before the first task, each worker's environment key
(:func:`budgetrules.engine.cache.environment_key` — versions, plugin code, catalogues, rulesets) is compared with
this machine's, and a worker that differs stops the run with a usage error, since its findings could differ.

Each task is one file's first pass or one disclosure's check (:mod:`budgetrules.engine.batch`); the configuration
(rulesets and options) is scattered to the workers once. A worker reads the file from the path this machine
names (made absolute: the folder must be mounted at the same place on every machine), or — with
``--send-files`` — gets its bytes with the task. Results come back as reports without documents and are
written here, in input order, exactly as a local run writes them.

Without ``--scheduler`` a ``LocalCluster`` of ``--jobs`` single-threaded worker processes is started and
stopped with the run.

Time limits: Dask cannot stop a task that is running, so ``--timeout`` is kept here: a file whose result has
not come back ``timeout`` seconds after it was handed to the cluster (no more tasks are handed on than the
cluster has threads, so a task starts when it is handed on) is reported as timed out and its task cancelled;
the worker thread finishes it in the background. A worker that dies while checking a file (Dask retries the
task on another worker first) gives ``error_kind="crash"`` for that file only.
"""

from __future__ import annotations

import logging
import queue
import time
import uuid
from typing import Any, Callable

from budgetrules.core.errors import UsageError
from budgetrules.core.report import FileReport
from budgetrules.engine.batch import Failure, FileTask, UnitTask, run_task
from budgetrules.engine.check import CheckConfig
from budgetrules.reading.docsets import Half

__all__ = ["DaskExecutor", "worker_environment"]

#: How long to wait for the scheduler when connecting, in seconds.
CONNECT_TIMEOUT = 30


def worker_environment() -> str:
    """The environment key of the process it runs in (run on every worker)."""
    from budgetrules.engine.cache import environment_key
    from budgetrules.engine.plugins import get_registry

    return environment_key(get_registry())


def _local_environment() -> str:
    return worker_environment()


def _run(config: CheckConfig, task: FileTask | UnitTask) -> FileReport | Half:
    return run_task(task, config)


class DaskExecutor:
    """The :class:`budgetrules.engine.batch.Executor` of a Dask cluster."""

    def __init__(self, config: CheckConfig, jobs: int = 2, timeout: float | None = None,
                 scheduler: str | None = None):
        try:
            import distributed
        except ImportError:
            raise UsageError("使用 Dask 集群需要安装可选组件：pip install 'budgetrules[distributed]'") from None
        self.timeout = timeout
        self.cluster = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                self.cluster = distributed.LocalCluster(
                    n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.ERROR)
                self.client = distributed.Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"无法连接 Dask 调度器 {scheduler}：{exc}") from None
        try:
            self._check_workers()
            self.config = self.client.scatter(config, broadcast=True, hash=False)
        except BaseException:
            self.stop()
            raise
        self.capacity = max(1, sum(self.client.nthreads().values()))
        self.done: queue.Queue[Any] = queue.Queue()
        self.futures: dict[Any, tuple[Any, float | None]] = {}
        self.run_id = uuid.uuid4().hex[:12]

    def _check_workers(self) -> None:
        self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        mine = _local_environment()
        theirs = self.client.run(worker_environment)
        different = sorted(w for w, key in theirs.items() if key != mine)
        if different:
            raise UsageError(
                "以下 Dask 工作节点安装的 budgetrules、插件、分类目录或规则集与本机不同，检查结果可能不一致："
                + "、".join(different) + "（请在各节点安装相同版本）")

    def submit(self, token: Any, task: FileTask | UnitTask) -> None:
        key = f"budgetrules-{self.run_id}-{token[0]}-{token[1]}"
        future = self.client.submit(_run, self.config, task, pure=False, key=key, retries=0)
        deadline = time.monotonic() + self.timeout if self.timeout else None
        self.futures[token] = (future, deadline)
        future.add_done_callback(lambda f, t=token: self.done.put(t))

    def next_done(self, should_stop: Callable[[], bool]) -> tuple[Any, Any] | None:
        while not should_stop():
            try:
                token = self.done.get(timeout=0.2)
            except queue.Empty:
                expired = self._expired()
                if expired is not None:
                    return expired
                continue
            if token not in self.futures:
                continue  # cancelled after its time ran out
            future, _ = self.futures.pop(token)
            if future.status == "finished":
                return token, future.result()
            if future.status == "cancelled":
                return token, Failure("crash", "任务在 Dask 集群上被取消")
            exc = future.exception()
            return token, Failure("crash", f"Dask 工作节点检查该文件时失败：{type(exc).__name__}: {exc}")
        return None

    def _expired(self) -> tuple[Any, Failure] | None:
        now = time.monotonic()
        for token, (future, deadline) in self.futures.items():
            if deadline is not None and now > deadline:
                del self.futures[token]
                future.cancel()
                return token, Failure("timeout", f"检查超时（超过 {self.timeout:g} 秒），已跳过")
        return None

    def stop(self) -> None:
        for future, _ in list(getattr(self, "futures", {}).values()):
            future.cancel()
        self.close()

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close(timeout=10)
        if self.cluster is not None:
            self.cluster.close(timeout=10)
            self.cluster = None

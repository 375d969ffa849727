"""A batch on a Dask distributed cluster writes the same bytes as a local run (the ``distributed`` extra,
which ``scripts/install.sh`` installs). Clusters here are small and short-lived: two single-threaded
workers, closed at the end of each test."""

from __future__ import annotations

import logging

import distributed
import pytest
from click.testing import CliRunner
from test_batch import good  # noqa: E402  (tests/ is on sys.path)
from test_docsets import write_narrative, write_tables  # noqa: E402

from budgetrules.cli.main import main
from budgetrules.engine import dask_executor
from budgetrules.engine.batch import Batch
from budgetrules.engine.plugins import get_registry


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for i in range(4):
        good(root / f"c{i}.txt", amount="30.00" if i % 2 else "36.48", name=f"第{i}局")
    (root / "b-empty.txt").write_bytes(b"")
    write_narrative(root / "a-narrative.pdf")
    write_tables(root / "z-tables.txt")
    return root


def _render(reports, fmt):
    return get_registry().renderers[fmt].render(reports)


def test_local_cluster_gives_byte_identical_output(folder):
    """``--executor dask``: a LocalCluster of two worker processes, started and stopped with the run."""
    local = list(Batch([folder], timeout=None))
    batch = Batch([folder], executor="dask", jobs=2, timeout=60)
    remote = list(batch)
    assert batch.complete and batch.executor is not None
    assert [r.path for r in remote] == [r.path for r in local]
    for fmt in ("json", "text", "xml", "sarif"):
        assert _render(remote, fmt) == _render(local, fmt), fmt


@pytest.fixture
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                                  silence_logs=logging.ERROR) as c:
        yield c


@pytest.mark.parametrize("send", [False, True])
def test_scheduler_address_from_the_command_line(folder, cluster, send):
    """``--scheduler tcp://…``: workers read the files by absolute path, or get them with ``--send-files``."""
    runner = CliRunner()
    local = runner.invoke(main, ["check", str(folder), "--format", "json", "--no-cache"])
    args = ["check", str(folder), "--format", "json", "--no-cache", "--scheduler", cluster.scheduler_address]
    remote = runner.invoke(main, args + (["--send-files"] if send else []))
    assert remote.exit_code == local.exit_code == 2, remote.output  # b-empty.txt
    assert remote.stdout == local.stdout


def test_a_worker_with_other_plugins_is_refused(folder, cluster, monkeypatch):
    monkeypatch.setattr(dask_executor, "_local_environment", lambda: "another installation")
    result = CliRunner().invoke(main, ["check", str(folder), "--no-cache", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 2 and "与本机不同" in result.output


def test_an_unreachable_scheduler_is_a_usage_error(folder, monkeypatch):
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 2)
    result = CliRunner().invoke(main, ["check", str(folder), "--no-cache", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "无法连接" in result.output

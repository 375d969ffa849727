"""Running the checker over the development corpus exactly as ``budgetrules check`` does (shared by the
corpus regression test and ``scripts/corpus_expected.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from budgetrules.engine.check import CheckConfig, check_paths
from budgetrules.engine.plugins import get_registry
from budgetrules.engine.rulesets import default_for_factory
from budgetrules.testing.corpusdiff import Expected, observed

#: The folders of ../shared holding real documents.
FOLDERS = ("corpus", "samples")


def corpus_files(shared: Path) -> list[Path]:
    return [shared / folder for folder in FOLDERS if (shared / folder).is_dir()]


def corpus_reports(shared: Path) -> Iterator[tuple[str, Expected]]:
    """``(name, what checking it gives)`` for every document, as the CLI checks them (automatic rulesets)."""
    registry = get_registry()
    config = CheckConfig(ruleset_for=default_for_factory(registry))
    reports = check_paths(corpus_files(shared), registry, config, jobs=1)
    for report in reports:
        for path in report.paths:  # every file of a document set has its own expected file
            name = Path(path).resolve().relative_to(shared.resolve()).as_posix()
            yield name, observed(report, name, path)


def expected_path(root: Path, name: str) -> Path:
    """``corpus/jiangsu/x.pdf`` → ``tests/corpus/jiangsu/x.pdf.toml``."""
    parts = Path(name).parts
    if parts and parts[0] == "corpus":
        parts = parts[1:]
    return root.joinpath(*parts).with_name(Path(name).name + ".toml")

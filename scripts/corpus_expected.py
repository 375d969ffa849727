#!/usr/bin/env python
"""Check the development corpus against its reviewed expected findings; optionally write them again.

    python scripts/corpus_expected.py             # print what appeared and disappeared, per document
    python scripts/corpus_expected.py --write     # rewrite tests/corpus/**.toml (reviewed `why`s kept)

The corpus is ../shared/corpus and ../shared/samples (see their READMEs). A finding that appears needs a
one-sentence `why` before it is committed: read the page, and if it is not a real defect, fix the checker.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXPECTED = REPO / "tests" / "corpus"


def main() -> int:
    sys.path.insert(0, str(REPO / "tests"))
    from corpus_kit import corpus_reports, expected_path  # noqa: E402

    from budgetrules.testing.corpusdiff import compare, read_expected, write_expected

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the expected files")
    args = parser.parse_args()
    changed = 0
    missing_why = 0
    for name, actual in corpus_reports(SHARED):
        path = expected_path(EXPECTED, name)
        expected = read_expected(path) if path.exists() else None
        if expected is not None:
            diff = compare(expected, actual)
            if not diff.empty:
                changed += 1
                print("\n".join(diff.lines()))
            reviewed = {f.key: f.why for f in expected.findings if f.why}
        else:
            changed += 1
            print(f"{name}: no expected file")
            reviewed = {}
        missing_why += sum(1 for f in actual.findings if f.severity == "error" and not reviewed.get(f.key))
        if args.write:
            write_expected(path, actual, reviewed)
    print(f"{changed} document(s) differ; {missing_why} error finding(s) without a reviewed why")
    return 1 if changed and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())

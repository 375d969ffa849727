#!/usr/bin/env bash
# Install budgetrules with everything its tests need (Python packages from PyPI; no system packages needed),
# including the optional Dask extra, whose LocalCluster test is part of the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --upgrade --quiet pip
python -m pip install --quiet -e '.[test,distributed]'

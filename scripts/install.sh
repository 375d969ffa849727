#!/usr/bin/env bash
# Install budgetrules with everything its tests need (Python packages from PyPI; no system packages needed),
# including the optional Dask extra, whose LocalCluster test is part of the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --upgrade --quiet pip
python -m pip install --quiet -e '.[test,distributed]'
# The example outside plugin (examples/budgetrules-example): installed like any third-party plugin, so that the
# test command runs its tests against the plugin API (its rules only report what is wrong in any disclosure).
python -m pip install --quiet -e examples/budgetrules-example

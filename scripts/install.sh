#!/usr/bin/env bash
# Install budgetrules with everything its tests need: Python packages from PyPI, including the optional Dask
# extra, whose LocalCluster test is part of the suite; and Debian's chromium with a Chinese font, in which the
# HTML report is rendered by the tests (driven by Playwright; never `playwright install`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""
        if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
    else
        echo "install.sh: no apt-get: install Chromium at /usr/bin/chromium and a Chinese font yourself" >&2
    fi
fi
python -m pip install --upgrade --quiet pip
python -m pip install --quiet -e '.[test,distributed]'
# The example outside plugin (examples/budgetrules-example): installed like any third-party plugin, so that the
# test command runs its tests against the plugin API (its rules only report what is wrong in any disclosure).
python -m pip install --quiet -e examples/budgetrules-example

#!/usr/bin/env bash
# The dashboard suite, its own step of scripts/test.sh: installs the project's .venv (dbt builds
# the test warehouse), .venv-dashboard, .venv-metricflow and Debian's chromium if missing, then
# runs tests/dashboard (AppTest, Playwright driving chromium, the Parquet export, MetricFlow
# queries of the semantic layer). Screenshots go to
# target/dashboard-test/ (IDR_DASHBOARD_OUT). Prints its duration.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

bash scripts/install.sh
bash scripts/install_dashboard.sh
bash scripts/install_metricflow.sh
if [ ! -x /usr/bin/chromium ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
export DBT_PROFILES_DIR="$PWD"
status=0
.venv-dashboard/bin/python -m pytest tests/dashboard -p no:cacheprovider "$@" || status=$?
echo "dashboard tests: $(( $(date +%s) - start )) s (screenshots in ${IDR_DASHBOARD_OUT:-target/dashboard-test})"
exit "$status"

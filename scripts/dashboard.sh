#!/usr/bin/env bash
# Starts the dashboard on http://127.0.0.1:8501 (PORT to change) over the warehouse of the main
# job: identity.duckdb, or IDR_DUCKDB_PATH. Run after `bash scripts/demo.sh`. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_dashboard.sh
IDR_DUCKDB_PATH=$(realpath "${IDR_DUCKDB_PATH:-identity.duckdb}")
export IDR_DUCKDB_PATH
if [ ! -f "$IDR_DUCKDB_PATH" ]; then
    echo "dashboard: no warehouse at $IDR_DUCKDB_PATH; run bash scripts/demo.sh first" >&2
    exit 1
fi
cd dashboard   # .streamlit/config.toml here: usage statistics off, 127.0.0.1, headless
exec ../.venv-dashboard/bin/streamlit run app.py --server.address 127.0.0.1 \
    --server.port "${PORT:-8501}" --browser.gatherUsageStats false

#!/usr/bin/env bash
# The main job: install, generate the synthetic demo business, run `dbt build` on embedded DuckDB,
# print a summary. PERSONS (default 10000) sets the demo size; the warehouse is identity.duckdb.
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${PERSONS:-10000}

bash scripts/install.sh
# shellcheck disable=SC1091
. .venv/bin/activate
export DBT_PROFILES_DIR="$PWD"

start=$(date +%s)
python scripts/generate_demo_data.py --persons "$persons" --seed 42 --out data/demo --format parquet
dbt build --vars "{raw_data_path: data/demo}"
python scripts/quality_check.py || status=$?
python scripts/summary.py --seconds "$(( $(date +%s) - start ))"
exit "${status:-0}"

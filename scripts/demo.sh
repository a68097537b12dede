#!/usr/bin/env bash
# The main job: install, generate the synthetic demo business, run `dbt build` on embedded DuckDB,
# run the data-quality gate, score linking against the generator's truth, print a summary.
# PERSONS (default 10000) sets the demo size; the warehouse is identity.duckdb (IDR_DUCKDB_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${PERSONS:-10000}

bash scripts/install.sh
# shellcheck disable=SC1091
. .venv/bin/activate
export DBT_PROFILES_DIR="$PWD"

start=$(date +%s)
python scripts/generate_demo_data.py --persons "$persons" --seed 42 --out data/demo --format parquet --quiet
dbt build --vars "{raw_data_path: data/demo}"
status=0
python scripts/quality_check.py || status=$?
echo
echo "Linking quality against the generator's ground truth:"
python scripts/linking_quality.py --truth data/demo
python scripts/summary.py --seconds "$(( $(date +%s) - start ))"
exit "$status"

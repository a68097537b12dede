#!/usr/bin/env bash
# The main job: install, generate the synthetic demo business, run `dbt build` on embedded DuckDB,
# run the data-quality gate, score linking against the generator's truth, print a summary.
# PERSONS (default 10000) sets the demo size. Each size has its own data folder and warehouse:
# data/demo and identity.duckdb for the default, data/demo-<persons> and identity-<persons>.duckdb
# otherwise (IDR_DUCKDB_PATH overrides the warehouse). A warehouse knows the files it loaded, so
# the demo rebuilds it in full (--full-refresh) from the data it has just generated.
set -euo pipefail
cd "$(dirname "$0")/.."
persons=${PERSONS:-10000}
if [ "$persons" = 10000 ]; then
    data=data/demo
    export IDR_DUCKDB_PATH=${IDR_DUCKDB_PATH:-identity.duckdb}
else
    data=data/demo-$persons
    export IDR_DUCKDB_PATH=${IDR_DUCKDB_PATH:-identity-$persons.duckdb}
fi
# dbt's anonymous usage statistics stay off (scripts print counts, nothing leaves the machine).
export DBT_SEND_ANONYMOUS_USAGE_STATS=false

bash scripts/install.sh
# shellcheck disable=SC1091
. .venv/bin/activate
export DBT_PROFILES_DIR="$PWD"

start=$(date +%s)
echo "demo: $persons persons, data in $data, warehouse $IDR_DUCKDB_PATH"
python scripts/generate_demo_data.py --persons "$persons" --seed 42 --out "$data" --format parquet --quiet
dbt build --full-refresh --vars "{raw_data_path: $data}"
status=0
python scripts/quality_check.py --raw-data-path "$data" || status=$?
echo
echo "Linking quality against the generator's ground truth:"
python scripts/linking_quality.py --truth "$data"
python scripts/summary.py --seconds "$(( $(date +%s) - start ))"
exit "$status"

#!/usr/bin/env bash
# Every test: install, lint the SQL, run pytest (which drives dbt on generated data and on the
# hand-written scenario fixtures, and the macro integration tests).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
# shellcheck disable=SC1091
. .venv/bin/activate
export DBT_PROFILES_DIR="$PWD"

# Lint the SQL with the dbt templater (settings in .sqlfluff, choices in docs/linting.md).
# Any finding exits non-zero and, under set -e, fails the script before the tests run.
sqlfluff lint models tests/singular analyses

# The DuckDB core; the PostgreSQL and Airflow suites run below as their own steps.
core_start=$(date +%s)
python -m pytest tests/python -m "not postgres and not airflow" "$@"
echo "DuckDB core tests: $(( $(date +%s) - core_start )) s"

bash scripts/test_postgres.sh "$@"
bash scripts/test_airflow.sh "$@"

# The dashboard suite (Streamlit AppTest, Playwright in Debian's chromium, MetricFlow, Parquet
# export): its own step with its own virtualenvs; prints its duration.
bash scripts/test_dashboard.sh

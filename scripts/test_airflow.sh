#!/usr/bin/env bash
# The Airflow suite (tests/python/test_airflow.py, marker `airflow`): installs .venv-airflow
# (requirements-airflow.txt) beside the project's .venv, then runs the DAG with `airflow dags test`
# on a throw-away AIRFLOW_HOME (SQLite). Prints its own duration.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install.sh
bash scripts/install_airflow.sh
status=0
.venv/bin/python -m pytest tests/python/test_airflow.py -m airflow "$@" || status=$?
echo "test_airflow.sh: $(( $(date +%s) - start )) s (exit $status)"
exit $status

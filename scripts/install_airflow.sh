#!/usr/bin/env bash
# Creates .venv-airflow (Python 3.11) with the exact pins of requirements-airflow.txt: Airflow 3 and
# astronomer-cosmos, apart from the project's .venv (which Cosmos calls for dbt; run
# scripts/install.sh too). Idempotent: a second run only checks that the pins are satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv-airflow/bin/python ]; then
    "$PYTHON" -m venv .venv-airflow
fi
stamp=.venv-airflow/.requirements.sha256
wanted=$(sha256sum requirements-airflow.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv-airflow/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-airflow.txt
    echo "$wanted" > "$stamp"
fi

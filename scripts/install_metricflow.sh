#!/usr/bin/env bash
# Creates .venv-metricflow (Python 3.11): the project's pins plus MetricFlow
# (requirements-metricflow.txt), for `mf query` over the semantic layer. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv-metricflow/bin/python ]; then
    "$PYTHON" -m venv .venv-metricflow
fi
stamp=.venv-metricflow/.requirements.sha256
wanted=$(cat requirements.txt requirements-metricflow.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv-metricflow/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-metricflow.txt
    echo "$wanted" > "$stamp"
fi

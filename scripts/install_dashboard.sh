#!/usr/bin/env bash
# Creates .venv-dashboard (Python 3.11) with the exact pins of requirements-dashboard.txt: the
# Streamlit dashboard, its tests (AppTest, Playwright) and scripts/export_marts.py. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv-dashboard/bin/python ]; then
    "$PYTHON" -m venv .venv-dashboard
fi
stamp=.venv-dashboard/.requirements.sha256
wanted=$(sha256sum requirements-dashboard.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv-dashboard/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dashboard.txt
    echo "$wanted" > "$stamp"
fi

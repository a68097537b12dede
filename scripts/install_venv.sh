#!/usr/bin/env bash
# bash scripts/install_venv.sh <folder> <requirements file>: creates a Python 3.11 virtualenv in
# <folder> with the exact pins of the requirements file (tool-only virtualenvs: dashboard,
# MetricFlow). Idempotent: reinstalls only when the requirements (and requirements.txt) change.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$1
requirements=$2
PYTHON=${PYTHON:-python3.11}
if [ ! -x "$venv/bin/python" ]; then
    "$PYTHON" -m venv "$venv"
fi
stamp=$venv/.requirements.sha256
wanted=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$wanted" > "$stamp"
fi

#!/usr/bin/env bash
# Every test: install, lint the SQL, run pytest (which drives dbt on generated data and on the
# hand-written scenario fixtures, and the macro integration tests).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
# shellcheck disable=SC1091
. .venv/bin/activate
export DBT_PROFILES_DIR="$PWD"

python -m pytest tests/python "$@"

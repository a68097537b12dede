#!/usr/bin/env bash
# Creates .venv (Python 3.11) and installs the exact pins of requirements.txt into it, showing
# pip's progress (each package as it is collected and installed).
#     bash scripts/install.sh          # .venv       from requirements.txt
#     bash scripts/install.sh bench    # .venv-bench from requirements-bench.txt (adds Splink)
#     bash scripts/install.sh spark    # .venv-spark from requirements-spark.txt (dbt-spark, pyspark)
# Idempotent: a second run only checks that the pins are satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
            PYTHON=$candidate
            break
        fi
    done
fi
if [ -z "$PYTHON" ]; then
    echo "install: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi

venv=.venv
requirements=requirements.txt
if [ "${1:-}" = bench ]; then
    venv=.venv-bench
    requirements=requirements-bench.txt
elif [ "${1:-}" = spark ]; then
    venv=.venv-spark
    requirements=requirements-spark.txt
fi

if [ ! -x "$venv/bin/python" ]; then
    "$PYTHON" -m venv "$venv"
fi
stamp=$venv/.requirements.sha256
wanted=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    start=$SECONDS
    echo "install: $(grep -c '==' "$requirements") pinned packages into $venv (the first time takes a few minutes)"
    # pip's own lines, one per package as it is collected, then the install; its status is kept.
    set +e
    "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -r "$requirements" \
        | grep --line-buffered -E '^(Collecting|Installing|Successfully|ERROR)'
    pip_status=${PIPESTATUS[0]}
    set -e
    if [ "$pip_status" -ne 0 ]; then
        echo "install: pip install -r $requirements failed (exit $pip_status)" >&2
        exit 1
    fi
    "$venv/bin/python" -m pip check >/dev/null || { echo "install: pip check failed in $venv" >&2; exit 1; }
    echo "$wanted" > "$stamp"
    echo "install: done in $((SECONDS - start)) s"
fi

#!/usr/bin/env bash
# Every test, as steps that each print their name, outcome and seconds: install, then the SQL lint
# and pytest side by side (the lint in the background, its output shown when it ends; both must
# pass), which drives dbt on generated data and on the hand-written fixtures, the macro integration
# tests and the scripts. Arguments go to pytest (e.g. -q, -k name).
#
# Suites that need a service (PostgreSQL, Airflow, a browser) are further steps, each its own
# script that starts and stops what it needs: scripts/test_postgres.sh, scripts/test_airflow.sh,
# scripts/test_dashboard.sh, scripts/test_spark.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# Nothing leaves the machine (dbt_project.yml turns the statistics off too).
export DBT_SEND_ANONYMOUS_USAGE_STATS=false

started=$SECONDS
failed=()

# One scratch folder for the run: the background steps' output, and each step's CPU seconds
# (user + sys), counted by scripts/cpu_count.py, the step's processes and the ones they leave
# running (a JVM, a database server) included, in a file of scratch/cpu named after the step; the
# total sums them. The machine's busy CPU over the whole run
# (/proc/stat, everything on the machine) is printed beside it: on an otherwise idle machine the
# two agree, and CPU is what bounds a run on two cores.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cpu_dir=$scratch/cpu
mkdir "$cpu_dir"
machine_busy() {
    awk -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" \
        '/^cpu / { printf "%.0f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat 2>/dev/null || echo 0
}
busy_before=$(machine_busy)

# step <name> <command...>: runs the command, then prints its outcome, its wall seconds and its CPU
# seconds (on a machine shared with other work the wall time says little); never exits (the caller
# decides), returns the command's status.
step() {
    local name=$1 status=0 start=$SECONDS
    shift
    echo "==> $name"
    python3 scripts/cpu_count.py "$cpu_dir/$name" "$@" || status=$?
    local took="$((SECONDS - start)) s (CPU $(cat "$cpu_dir/$name" 2>/dev/null || echo '?') s)"
    if [ "$status" -eq 0 ]; then
        echo "==> $name passed in $took"
    else
        echo "==> $name FAILED (exit $status) in $took"
    fi
    return "$status"
}

step install bash scripts/install.sh || exit 1
# shellcheck disable=SC1091
. .venv/bin/activate
export DBT_PROFILES_DIR="$PWD"

# SQL lint with the dbt templater (settings in .sqlfluff, choices in docs/linting.md), in the
# background while pytest runs; its output is printed when it ends, its status kept.
lint_log=$scratch/lint.log
step "sql lint" sqlfluff lint models tests/singular analyses >"$lint_log" 2>&1 &
lint_pid=$!
echo "==> sql lint started in the background (pid $lint_pid)"

# The DuckDB core: pytest prints a dot per test as it goes, and the slowest tests at the end. Two
# pytest-xdist workers, one test file each at a time (a file's fixtures are built once, in one
# worker): the lint holds both cores at first, and once it ends the second core would sit idle.
step "pytest (DuckDB core)" python -m pytest tests/python -m "not postgres and not airflow and not spark" -n 2 --dist loadfile --durations=10 "$@" \
    || failed+=("pytest (DuckDB core)")

wait "$lint_pid" || failed+=("sql lint")
cat "$lint_log"

# The suites that start a service, each its own step (they start and stop what they need). The
# Airflow suite runs dbt once per task, one task at a time, so it holds one core, and the Spark
# suite waits on its JVM much of the time (planning, starting, one dbt process per build): both
# run in the background beside the others (their output printed when they end, their status
# kept), which run one after the other. Each has its own scratch folders, servers on free ports
# and virtualenv.
airflow_log=$scratch/airflow.log
spark_log=$scratch/spark.log
step airflow bash scripts/test_airflow.sh "$@" >"$airflow_log" 2>&1 &
airflow_pid=$!
echo "==> airflow started in the background (pid $airflow_pid)"
step spark bash scripts/test_spark.sh "$@" >"$spark_log" 2>&1 &
spark_pid=$!
echo "==> spark started in the background (pid $spark_pid)"
step postgres bash scripts/test_postgres.sh "$@" || failed+=(postgres)
step dashboard bash scripts/test_dashboard.sh || failed+=(dashboard)
wait "$spark_pid" || failed+=(spark)
cat "$spark_log"
wait "$airflow_pid" || failed+=(airflow)
cat "$airflow_log"

cpu_sum=$(cat "$cpu_dir"/* 2>/dev/null | awk '{ total += $1 } END { printf "%.0f", total }')
echo "==> all steps: $((SECONDS - started)) s (CPU $cpu_sum s; the machine's busy CPU meanwhile: $(($(machine_busy) - busy_before)) s)"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "==> FAILED: ${failed[*]}"
    exit 1
fi
echo "==> every step passed"

#!/usr/bin/env bash
# The Spark suite (tests/python/test_spark.py, marker `spark`) in its own venv (.venv-spark from
# requirements-spark.txt): dbt-spark's session method runs Spark (local[2]; the profile's 6g
# driver) inside each dbt process, so no server is started; Java 17 is installed from Debian's
# packages by the tests when missing. Everything Spark writes goes to a scratch folder the tests
# remove. Prints its own duration.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install.sh spark
export DBT_PROFILES_DIR="$PWD" DBT_SEND_ANONYMOUS_USAGE_STATS=false
status=0
# Every Spark test: the string similarity functions, accents and JSON equal to DuckDB over lists
# of values, the scenario business on Spark equal to DuckDB (registries included), the 500-person
# demo as a main load and an incremental batch equal to a full build on DuckDB, every spark__ macro
# run. Arguments go to pytest (e.g. -m spark_incremental for one group).
.venv-spark/bin/python -m pytest tests/python/test_spark.py -m spark -p no:cacheprovider "$@" || status=$?
echo "test_spark.sh: $(( $(date +%s) - start )) s (exit $status)"
exit $status

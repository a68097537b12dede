#!/usr/bin/env bash
# The PostgreSQL suite (tests/python/test_postgres.py, marker `postgres`): a private PostgreSQL
# server is started by the tests themselves (scripts/pg_server.sh installs Debian's postgresql when
# missing, as root via apt-get) and stopped by its pid at the end. Prints its own duration.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install.sh
status=0
.venv/bin/python -m pytest tests/python/test_postgres.py -m postgres "$@" || status=$?
echo "test_postgres.sh: $(( $(date +%s) - start )) s (exit $status)"
exit $status

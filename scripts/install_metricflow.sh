#!/usr/bin/env bash
# Creates .venv-metricflow (Python 3.11): the project's pins plus MetricFlow
# (requirements-metricflow.txt), for `mf query` over the semantic layer. Idempotent.
set -euo pipefail
exec bash "$(dirname "$0")/install_venv.sh" .venv-metricflow requirements-metricflow.txt

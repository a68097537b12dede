#!/usr/bin/env bash
# Creates .venv-dashboard (Python 3.11) with the exact pins of requirements-dashboard.txt: the
# Streamlit dashboard, its tests (AppTest, Playwright) and scripts/export_marts.py. Idempotent.
set -euo pipefail
exec bash "$(dirname "$0")/install_venv.sh" .venv-dashboard requirements-dashboard.txt

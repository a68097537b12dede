"""Dashboard tests: a small warehouse built from the scenario fixtures by the project's dbt.

Runs in .venv-dashboard (scripts/test_dashboard.sh); dbt runs from the project's .venv.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import importlib.util

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))
sys.path.insert(0, str(ROOT / "dashboard"))
DBT = ROOT / ".venv" / "bin" / "dbt"
AS_OF = "2026-11-27"
MARTS = "main_marts"

_spec = importlib.util.spec_from_file_location("project_conftest", ROOT / "tests" / "python" / "conftest.py")
_project_conftest = importlib.util.module_from_spec(_spec)
sys.modules["project_conftest"] = _project_conftest
_spec.loader.exec_module(_project_conftest)


class Warehouse:
    """A scenario warehouse and the dbt settings that built it."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.db_path = workdir / "warehouse.duckdb"
        self.target_path = workdir / "target"
        import scenario_data
        self.raw_path = scenario_data.write(workdir / "raw")

    def dbt(self, *args: str, check: bool = True, db_path: Path | None = None) -> subprocess.CompletedProcess:
        """dbt on this warehouse (or on db_path, e.g. a copy), on the scenario raw files."""
        env = {**os.environ, "IDR_DUCKDB_PATH": str(db_path or self.db_path), "DBT_PROFILES_DIR": str(ROOT),
               "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        variables = {"raw_data_path": str(self.raw_path), "as_of": AS_OF}
        proc = subprocess.run(
            [str(DBT), "--log-level-file", "none", *args, "--project-dir", str(ROOT),
             "--target-path", str(self.target_path), "--vars", json.dumps(variables)],
            env=env, capture_output=True, text=True, cwd=ROOT)
        if check and proc.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n" + "\n".join(proc.stdout.splitlines()[-40:]))
        return proc

    # The read-only query helpers of the main suite's Build (tests/python/conftest.py).
    query = _project_conftest.Build.query
    scalar = _project_conftest.Build.scalar


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Warehouse:
    if not DBT.exists():
        pytest.fail(f"{DBT} missing: run bash scripts/install.sh first")
    built = Warehouse(tmp_path_factory.mktemp("dashboard"))
    built.dbt("build")
    assert built.scalar(f"select count(*) from {MARTS}.dim_persons") > 0
    return built


@pytest.fixture()
def dashboard_env(warehouse, monkeypatch):
    monkeypatch.setenv("IDR_DUCKDB_PATH", str(warehouse.db_path))
    return warehouse

"""A newcomer's first hour: nothing leaves the machine, the demo summary explains its figures, and
explain_identity says clearly when an identifier is not there."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, run_explain


def test_dbt_usage_statistics_are_off_by_default(tmp_path):
    """Without DBT_SEND_ANONYMOUS_USAGE_STATS in the environment, dbt tracks nothing: it writes
    no tracking cookie (~/.dbt/.user.yml) into the home folder."""
    env = {k: v for k, v in os.environ.items() if k != "DBT_SEND_ANONYMOUS_USAGE_STATS"}
    env.update({"HOME": str(tmp_path), "DBT_PROFILES_DIR": str(ROOT),
                "IDR_DUCKDB_PATH": str(tmp_path / "w.duckdb")})
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "dbt"), "parse", "--project-dir", str(ROOT),
                           "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
                          env=env, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (tmp_path / ".dbt" / ".user.yml").exists()
    for script in ("demo.sh", "test.sh"):
        assert "DBT_SEND_ANONYMOUS_USAGE_STATS=false" in (ROOT / "scripts" / script).read_text(), script


def test_explain_identity_exits_non_zero_when_not_found(scenario_build, tmp_path):
    proc = run_explain(scenario_build.db_path, "account_id:acc_nobody_has_this", "account_id:acc_julia_work", tmp_path)
    assert proc.returncode != 0
    assert "is not in identity_map" in proc.stdout + proc.stderr


def test_the_summary_explains_over_merge_figures(scenario_build):
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "summary.py"), "--duckdb",
                          str(scenario_build.db_path)], capture_output=True, text=True, check=True).stdout
    assert "over-merge suspects" in out and "linking_quality's over-merged" in out

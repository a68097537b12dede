"""scripts/export_marts.py writes every published mart to Parquet with the same rows."""

from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq

from conftest import MARTS, ROOT


def test_export_writes_each_mart_with_its_rows(warehouse, tmp_path):
    out = tmp_path / "parquet"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_marts.py"), "--db", str(warehouse.db_path),
                           "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    marts = [r[0] for r in warehouse.query(f"select mart_name from {MARTS}.published_marts")]
    assert len(marts) == 12
    for mart in marts + ["identity_quality_metrics", "identity_run_history"]:
        table = pq.read_table(out / f"{mart}.parquet")
        n_rows = warehouse.scalar(f"select count(*) from {MARTS}.{mart}")
        assert table.num_rows == n_rows, mart
        columns = [r[0] for r in warehouse.query(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position", [MARTS, mart])]
        assert table.column_names == columns, mart
    assert pq.read_table(out / "dim_persons.parquet").num_rows > 0
    # Row counts only in the output, never a value.
    email = warehouse.scalar(f"select min(email) from {MARTS}.booking_guest_reminders")
    assert email and email not in proc.stdout and "booking_guest_reminders" in proc.stdout


def test_export_fails_clearly_without_a_warehouse(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_marts.py"), "--db",
                           str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "no warehouse" in proc.stderr
    assert not (tmp_path / "out").exists()

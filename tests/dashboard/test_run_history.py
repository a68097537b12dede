"""identity_run_history: one more run per build, kept across --full-refresh, and its key tests
fail on a duplicated row (negative control). Runs on a copy of the test warehouse."""

from __future__ import annotations

import shutil

import duckdb

from conftest import MARTS


def runs(db_path) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            f"select invocation_id, count(*) from {MARTS}.identity_run_history group by 1 order by min(run_at), 1"
        ).fetchall()


def test_history_survives_full_refresh_and_its_key_tests_bite(warehouse, tmp_path):
    copy = tmp_path / "copy" / warehouse.db_path.name
    copy.parent.mkdir()
    shutil.copy(warehouse.db_path, copy)
    before = runs(copy)
    assert len(before) >= 1
    warehouse.dbt("build", "--full-refresh", "-s", "identity_quality_metrics", "published_marts",
                  "identity_run_history", db_path=copy)
    after = runs(copy)
    # The earlier runs are all still there, and the full refresh appended one run.
    assert after[:len(before)] == before and len(after) == len(before) + 1
    with duckdb.connect(str(copy), read_only=True) as con:
        marts = con.execute(f"select count(*) from {MARTS}.published_marts").fetchone()[0]
        newest = con.execute(
            f"select measure_kind, count(*) from {MARTS}.identity_run_history where invocation_id = ? group by 1",
            [after[-1][0]]).fetchall()
        persons = con.execute(
            f"select measure_value from {MARTS}.identity_run_history where invocation_id = ? "
            "and measure_kind = 'mart_rows' and measure_name = 'dim_persons'", [after[-1][0]]).fetchone()[0]
        assert persons == con.execute(f"select count(*) from {MARTS}.dim_persons").fetchone()[0]
    assert dict(newest)["mart_rows"] == marts and dict(newest)["quality_metric"] > 10

    # Negative control: a duplicated history row fails the unique test on history_id.
    assert warehouse.dbt("test", "-s", "identity_run_history", db_path=copy).returncode == 0
    with duckdb.connect(str(copy)) as con:
        con.execute(f"insert into {MARTS}.identity_run_history select * from {MARTS}.identity_run_history limit 1")
    failed = warehouse.dbt("test", "-s", "identity_run_history", db_path=copy, check=False)
    assert failed.returncode != 0 and "unique_identity_run_history_history_id" in failed.stdout

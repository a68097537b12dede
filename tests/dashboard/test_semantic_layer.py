"""The semantic layer (models/marts/_semantic_models.yml) queried with MetricFlow (.venv-metricflow)
gives the figures of the marts; on a warehouse that differs the same check fails."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from conftest import MARTS, ROOT

MF = ROOT / ".venv-metricflow" / "bin" / "mf"


def mf_query(warehouse, db_path: Path, workdir: Path, metrics: str, group_by: str | None = None) -> list[dict]:
    """`mf query` against db_path. mf reads target/semantic_manifest.json under the project root it
    runs in, so it runs in a folder holding dbt_project.yml and the test build's semantic manifest."""
    if not MF.exists():
        pytest.fail(f"{MF} missing: run bash scripts/install_metricflow.sh")
    (workdir / "target").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dbt_project.yml", workdir / "dbt_project.yml")
    shutil.copy(warehouse.target_path / "semantic_manifest.json", workdir / "target" / "semantic_manifest.json")
    out = workdir / "result.csv"
    command = [str(MF), "query", "--metrics", metrics, "--csv", str(out)] + (["--group-by", group_by] if group_by else [])
    env = {**os.environ, "DBT_PROFILES_DIR": str(ROOT), "IDR_DUCKDB_PATH": str(db_path),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    assert proc.returncode == 0 and out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(out) as handle:
        return list(csv.DictReader(handle))


def check_totals(rows: list[dict], warehouse) -> None:
    assert len(rows) == 1
    row = rows[0]
    for metric, mart in (("persons", "dim_persons"), ("personas", "dim_personas"), ("devices", "dim_devices"),
                         ("identifiers", "identity_map")):
        expected = warehouse.scalar(f"select count(*) from {MARTS}.{mart}")
        assert int(float(row[metric])) == expected, (metric, row[metric], expected)
    rate = warehouse.scalar(f"select avg(case when person_id is not null then 1.0 else 0.0 end) from {MARTS}.identity_map")
    assert float(row["person_match_rate"]) == pytest.approx(float(rate))


def test_metricflow_totals_equal_the_marts(warehouse, tmp_path):
    rows = mf_query(warehouse, warehouse.db_path, tmp_path, "persons,personas,devices,identifiers,person_match_rate")
    check_totals(rows, warehouse)


def test_metricflow_match_rate_per_type_and_audiences(warehouse, tmp_path):
    rates = mf_query(warehouse, warehouse.db_path, tmp_path / "rates", "persona_match_rate,person_match_rate",
                     "identifier__identifier_type")
    expected = {t: (float(a), float(b)) for t, a, b in warehouse.query(
        "select identifier_type, avg(case when persona_id is not null then 1.0 else 0.0 end), "
        f"avg(case when person_id is not null then 1.0 else 0.0 end) from {MARTS}.identity_map group by 1")}
    got = {r["identifier__identifier_type"]: (float(r["persona_match_rate"]), float(r["person_match_rate"]))
           for r in rates}
    assert got.keys() == expected.keys() and len(got) > 3
    for identifier_type, pair in expected.items():
        assert got[identifier_type] == pytest.approx(pair), identifier_type
    audiences = mf_query(warehouse, warehouse.db_path, tmp_path / "audiences", "audience_size", "mart")
    expected_audiences = {mart: warehouse.scalar(f"select count(*) from {MARTS}.{mart}") for (mart,) in
                          warehouse.query(f"select mart_name from {MARTS}.published_marts where mart_kind = 'use_case'")}
    assert {r["mart"]: int(float(r["audience_size"])) for r in audiences} == expected_audiences
    assert len(expected_audiences) == 6


def test_metricflow_check_fails_on_a_warehouse_that_differs(warehouse, tmp_path):
    # Same file name: the semantic manifest names relations by database, i.e. the file's stem.
    copy = tmp_path / "changed" / warehouse.db_path.name
    copy.parent.mkdir()
    shutil.copy(warehouse.db_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(f"delete from {MARTS}.dim_devices where device_id = (select min(device_id) from {MARTS}.dim_devices)")
    rows = mf_query(warehouse, copy, tmp_path / "mf", "persons,personas,devices,identifiers,person_match_rate")
    with pytest.raises(AssertionError, match="devices"):
        check_totals(rows, warehouse)

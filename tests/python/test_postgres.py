"""The PostgreSQL target on a real server: the same answers as DuckDB, and incremental = full there.

A private PostgreSQL cluster is started for the session (scripts/pg_server.sh: Debian's postgresql,
installed when missing, initdb in a scratch folder, 127.0.0.1 on a free port) and stopped by its pid
at the end, also on failure. Raw tables are loaded into schemas of that server with COPY
(scripts/load_postgres.py). Each build writes its models under its own schema prefix
(IDR_PG_SCHEMA), so builds never share a table. Run with `bash scripts/test_postgres.sh`
(marker `postgres`; the DuckDB core runs without it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import psycopg2
import pytest

import scenario_data
from compare_warehouses import compare, postgres_to_duckdb
from conftest import assert_green, assert_same_answers, generated_business, main_load_and_batch, private_postgres, ROOT, run_dbt, MODELS_AND_SEEDS
from load_postgres import load

pytestmark = pytest.mark.postgres

# The generated business: at 500 persons every table holds rows (identity_key_aliases aside, as at
# 2,000) and every data test and the quality gate pass on DuckDB (session 22, docs/benchmarks.md).
DEMO_PERSONS = 500
MARTS = ("main_marts",)
ALL_SCHEMAS = ("main_staging", "main_intermediate", "main_marts")
# The incremental test's first run and its full comparison build use MODELS_AND_SEEDS: the demo
# build runs every data test on PostgreSQL, and the run after the batch runs them again.


@pytest.fixture(scope="session")
def postgres():
    """A running private server: yields the PG* variables that reach it."""
    with private_postgres() as env:
        yield env


def dsn(env: dict) -> str:
    return (f"host={env['PGHOST']} port={env['PGPORT']} user={env['PGUSER']} "
            f"dbname={env['PGDATABASE']}")


def run_postgres(args: list[str], workdir: Path, env: dict, prefix: str, raw_schema: str,
                 extra_vars: dict | None = None):
    """dbt on the postgres target: models in schemas <prefix>_*, raw tables from raw_schema."""
    return run_dbt(args, workdir, None, {"raw_schema": raw_schema, **(extra_vars or {})},
                   env={**env, "IDR_TARGET": "postgres", "IDR_PG_SCHEMA": prefix})


@pytest.fixture(scope="module")
def demo(tmp_path_factory, postgres):
    """A generated 500-person business built on DuckDB and on PostgreSQL."""
    workdir = tmp_path_factory.mktemp("pg_demo")
    raw = workdir / "raw"
    generated_business(raw, DEMO_PERSONS, seed=11)
    counts = load(raw, "raw_demo", dsn=dsn(postgres))
    assert counts["web_events"] > 0
    duck = run_dbt(["build"], workdir / "duckdb", raw)
    pg = run_postgres(["build"], workdir / "postgres", postgres, "demo", "raw_demo")
    copy = postgres_to_duckdb("demo", duck.db_path, workdir / "pg_copy.duckdb", MARTS, dsn(postgres))
    return {"duck": duck, "pg": pg, "copy": copy, "raw": raw, "workdir": workdir}


def test_scenarios_give_the_same_answers_on_postgres(scenario_build, postgres, tmp_path):
    raw_scenarios = scenario_data.write(tmp_path / "raw")
    load(raw_scenarios, "raw_scenarios", dsn=dsn(postgres))
    pg = run_postgres(["build"], tmp_path / "postgres", postgres, "scenarios", "raw_scenarios")
    assert_green(pg)
    copy = postgres_to_duckdb("scenarios", scenario_build.db_path, tmp_path / "pg_copy.duckdb", MARTS,
                              dsn(postgres))
    assert_same_answers(scenario_build.db_path, copy)


def test_every_model_test_and_contract_passes_on_postgres(demo):
    assert_green(demo["pg"])
    kinds = {r["unique_id"].split(".")[0] for r in demo["pg"].results()}
    assert {"model", "test", "seed"} <= kinds
    assert len(demo["pg"].results()) >= 200


def test_demo_gives_the_same_answers_on_postgres(demo):
    assert_same_answers(demo["duck"].db_path, demo["copy"])


def test_the_comparison_sees_one_changed_key(demo, tmp_path):
    """Negative control: one person_id changed in identity_map is a difference."""
    changed = tmp_path / "changed.duckdb"
    shutil.copy(demo["copy"], changed)
    with duckdb.connect(str(changed)) as con:
        con.execute("update main_marts.identity_map set person_id = person_id || 'x' "
                    "where identifier_value = (select min(identifier_value) from main_marts.identity_map "
                    "where person_id is not null)")
    diffs = {d.relation: d for d in compare(demo["duck"].db_path, changed, MARTS)}
    assert not diffs["main_marts.identity_map"].equal
    assert diffs["main_marts.identity_map"].only_in_first == 1


def test_an_incremental_batch_on_postgres_equals_a_full_build(demo, postgres):
    """The demo split by time into a main load and one later batch, told apart by a load column
    (var raw_batch_column): built run by run into one schema prefix and in full into another."""
    workdir = demo["workdir"] / "incremental"
    # Without erasure requests (docs/privacy.md, "Erasure and incremental runs").
    only_main, batches = main_load_and_batch(demo["raw"], workdir)
    batch_vars = {"raw_batch_column": "_batch"}
    load(only_main, "raw_river", batch_column="_batch", dsn=dsn(postgres))
    first = run_postgres(MODELS_AND_SEEDS, workdir / "run1", postgres, "river", "raw_river", batch_vars)
    behind = postgres_to_duckdb("river", demo["duck"].db_path, workdir / "behind.duckdb", ALL_SCHEMAS,
                                dsn(postgres))
    added = load(batches, "raw_river", batch_column="_batch", append=True, dsn=dsn(postgres))
    assert sum(added.values()) > 0
    second = run_postgres(["build"], workdir / "run2", postgres, "river", "raw_river", batch_vars)
    full = run_postgres(MODELS_AND_SEEDS, workdir / "full", postgres, "riverfull", "raw_river", batch_vars)
    for build in (first, second, full):
        assert_green(build)
    assert any(r["unique_id"].startswith("test.") for r in second.results())

    # The second run read only the new batch: base tables hold both batches, loaded in two runs.
    with psycopg2.connect(dsn(postgres)) as con, con.cursor() as cur:
        cur.execute("select count(distinct _source_file), count(distinct _loaded_at) "
                    "from river_staging.base_web__events")
        assert cur.fetchone() == (2, 2)

    incremental = postgres_to_duckdb("river", demo["duck"].db_path, workdir / "incremental.duckdb",
                                     ALL_SCHEMAS, dsn(postgres))
    rebuilt = postgres_to_duckdb("riverfull", demo["duck"].db_path, workdir / "full.duckdb", ALL_SCHEMAS,
                                 dsn(postgres))
    diffs = compare(incremental, rebuilt, ALL_SCHEMAS)
    assert len(diffs) >= 40, [d.relation for d in diffs]
    assert [d for d in diffs if not d.equal] == []
    by_name = {d.relation.split(".")[1]: d.rows for d in diffs}
    for model in ("base_web__events", "int_identity__evidence", "identity_map", "dim_persons"):
        assert by_name[model] > 0, model
    # Negative control: the state one batch behind differs from the full build.
    behind_diffs = {d.relation.split(".")[1]: d for d in compare(behind, rebuilt, ALL_SCHEMAS)}
    for model in ("base_web__events", "int_identity__identifiers", "identity_map"):
        assert not behind_diffs[model].equal, model


def quality_gate(env: dict, prefix: str, raw_schema: str, report: Path) -> subprocess.CompletedProcess:
    """scripts/quality_check.py on the postgres target (schemas <prefix>_*)."""
    import os

    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "quality_check.py"), "--target", "postgres",
         "--pg-schema", prefix, "--raw-data-path", "", "--raw-schema", raw_schema, "--report-dir", str(report)],
        env={**os.environ, **env}, capture_output=True, text=True, cwd=ROOT, timeout=1200)


def test_quality_gate_runs_on_postgres_and_fails_on_a_broken_warehouse(demo, postgres, tmp_path):
    """The GX gate reads the PostgreSQL marts: green on the demo build; a duplicated person and a
    persona holding a business and a (one-slip) personal email make it fail naming both checks."""
    passed = quality_gate(postgres, "demo", "raw_demo", tmp_path / "ok")
    assert passed.returncode == 0, passed.stdout[-3000:] + passed.stderr[-3000:]
    assert "on PostgreSQL schemas demo_*" in passed.stdout
    summary = json.loads((tmp_path / "ok" / "summary.json").read_text())
    assert summary["success"] and len(summary["suites"]) >= 50
    raw_rows = {s["name"]: s["n_rows"] for s in summary["suites"]}
    assert raw_rows["staging.stg_web__events"] > 0 and raw_rows["identity_marts.identity_map"] > 0

    broken = ["insert into demo_marts.dim_persons select * from demo_marts.dim_persons "
              "where person_id = (select min(person_id) from demo_marts.dim_persons)",
              "insert into demo_marts.identity_map (identifier_type, identifier_value, persona_id, person_probable_id, is_shared) "
              "values ('email', 'control.one@gmial.com', 'negative-control', 'negative-control', false), "
              "('email', 'control.two@negative-control-business.com', 'negative-control', 'negative-control', false)"]
    repair = ["delete from demo_marts.identity_map where persona_id = 'negative-control'",
              "delete from demo_marts.dim_persons where ctid in (select max(ctid) from demo_marts.dim_persons "
              "group by person_id having count(*) > 1)"]
    with psycopg2.connect(dsn(postgres)) as con, con.cursor() as cur:
        for statement in broken:
            cur.execute(statement)
    try:
        failed = quality_gate(postgres, "demo", "raw_demo", tmp_path / "broken")
    finally:
        with psycopg2.connect(dsn(postgres)) as con, con.cursor() as cur:
            for statement in repair:
                cur.execute(statement)
    assert failed.returncode == 1, failed.stdout[-3000:] + failed.stderr[-3000:]
    assert "Quality gate FAILED" in failed.stdout
    failing = {line.split(" [")[0].strip(" -") for line in failed.stdout.splitlines() if line.startswith("  - ")}
    assert {"dim_persons.person_id.unique", "identity_map.persona.no_business_and_personal_email"} <= failing, failing
    assert "gmial" not in failed.stdout  # counts, never identifier values

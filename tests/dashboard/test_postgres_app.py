"""The dashboard on the postgres target (IDR_TARGET=postgres): the same pages and queries, read from
a real PostgreSQL server, show the figures of the marts there.

A private server is started for the module (scripts/pg_server.sh: Debian's postgresql, installed
when missing, initdb in a scratch folder, 127.0.0.1 on a free port) and stopped by its pid at the
end, also on failure; the scenario fixtures are loaded into it with COPY (scripts/load_postgres.py)
and built by the project's dbt into schemas dash_*. The checks are those of test_app.py, run on
the PostgreSQL marts (queried here with psycopg2, independently of the dashboard).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from conftest import AS_OF, DBT, MARTS, ROOT, _project_conftest
import test_app

sys.path.insert(0, str(ROOT / "scripts"))
from load_postgres import load  # noqa: E402

PREFIX = "dash"


class PostgresWarehouse:
    """The scenario marts on the test server, with the query helpers of conftest.Warehouse: SQL
    written for schema main_marts runs on <prefix>_marts."""

    def __init__(self, env: dict, prefix: str, target_path: Path):
        self.env, self.prefix, self.target_path = env, prefix, target_path

    def dsn(self) -> str:
        return " ".join(f"{k}={self.env[v]}" for k, v in
                        (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("dbname", "PGDATABASE")))

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        sql = sql.replace(f"{MARTS}.", f"{self.prefix}_marts.")
        with psycopg2.connect(self.dsn()) as con, con.cursor() as cur:
            cur.execute(sql.replace("?", "%s") if params else sql, params or None)
            return cur.fetchall()

    def scalar(self, sql: str, params: list | None = None):
        return self.query(sql, params)[0][0]

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """dbt on the postgres target, schemas <prefix>_*, raw tables of raw_scenarios."""
        proc = subprocess.run(
            [str(DBT), "--log-level-file", "none", *args, "--project-dir", str(ROOT), "--target-path",
             str(self.target_path), "--vars", json.dumps({"raw_schema": "raw_scenarios", "raw_data_path": "",
                                                          "as_of": AS_OF})],
            env={**os.environ, **self.env, "IDR_TARGET": "postgres", "IDR_PG_SCHEMA": self.prefix,
                 "DBT_PROFILES_DIR": str(ROOT), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
            capture_output=True, text=True, cwd=ROOT)
        if check and proc.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n" + "\n".join(proc.stdout.splitlines()[-40:]))
        return proc


@pytest.fixture(scope="module")
def postgres_marts(tmp_path_factory):
    """The scenario fixtures built on a private PostgreSQL server (stopped by pid at the end)."""
    if not DBT.exists():
        pytest.fail(f"{DBT} missing: run bash scripts/install.sh first")
    with _project_conftest.private_postgres("idr-dash-pg-") as env:
        workdir = tmp_path_factory.mktemp("dashboard_pg")
        import scenario_data

        raw = scenario_data.write(workdir / "raw")
        dsn = f"host={env['PGHOST']} port={env['PGPORT']} user={env['PGUSER']} dbname={env['PGDATABASE']}"
        assert load(raw, "raw_scenarios", dsn=dsn)["crm_accounts"] > 0
        marts = PostgresWarehouse(env, PREFIX, workdir / "target")
        marts.dbt("build")
        assert marts.scalar(f"select count(*) from {MARTS}.dim_persons") > 0
        yield marts


@pytest.fixture()
def on_postgres(postgres_marts, monkeypatch):
    """The dashboard's environment pointed at the test server (libpq variables, IDR_TARGET)."""
    for name, value in postgres_marts.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("IDR_TARGET", "postgres")
    monkeypatch.setenv("IDR_PG_SCHEMA", PREFIX)
    monkeypatch.delenv("IDR_MARTS_SCHEMA", raising=False)
    monkeypatch.setenv("IDR_DUCKDB_PATH", "/nonexistent/no-duckdb-is-read.duckdb")
    return postgres_marts


def test_quality_page_shows_the_postgres_marts(on_postgres):
    at = test_app.run_page("quality")
    test_app.check_quality_page(at, on_postgres)
    assert any(f"schema {PREFIX}_marts" in c.value and "PostgreSQL" in c.value for c in at.sidebar.caption)
    runs = on_postgres.scalar(f"select count(distinct run_at) from {MARTS}.identity_run_history")
    assert any(f"{runs} run(s)" in c.value for c in at.caption)


def test_quality_page_check_fails_on_postgres_marts_that_differ(on_postgres, monkeypatch):
    """Negative control: a copy of the marts missing one person (schema dashneg_marts) no longer
    matches the figures of dash_marts."""
    tables = [t for (t,) in on_postgres.query(
        "select table_name from information_schema.tables where table_schema = %s and table_type = 'BASE TABLE'",
        [f"{PREFIX}_marts"])]
    with psycopg2.connect(on_postgres.dsn()) as con, con.cursor() as cur:
        cur.execute("drop schema if exists dashneg_marts cascade; create schema dashneg_marts")
        for table in tables:
            cur.execute(f"create table dashneg_marts.{table} as select * from {PREFIX}_marts.{table}")
        cur.execute("delete from dashneg_marts.dim_persons where person_id = "
                    "(select min(person_id) from dashneg_marts.dim_persons)")
    monkeypatch.setenv("IDR_PG_SCHEMA", "dashneg")
    at = test_app.run_page("quality")
    with pytest.raises(AssertionError, match="Persons"):
        test_app.check_quality_page(at, on_postgres)


def test_use_cases_page_on_postgres(on_postgres):
    test_app.test_use_cases_page_shows_audiences_levels_and_routing(on_postgres)


def test_the_dashboard_says_when_postgres_is_unreachable(on_postgres, monkeypatch):
    monkeypatch.setenv("PGPORT", "1")  # nothing listens there
    at = test_app.AppTest.from_file(test_app.APP, default_timeout=60)
    at.query_params["page"] = "quality"
    at.run()
    assert any("Cannot reach PostgreSQL" in e.value for e in at.error), [e.value for e in at.error]


@pytest.mark.parametrize("a, b", [
    (("account_id", "acc_anne_work"), ("email", "anne.s@gmail.com")),
    (("account_id", "acc_joe_office"), ("account_id", "acc_joe_side")),
])
def test_explorer_on_postgres_gives_the_chain_of_explain_identity_there(on_postgres, a, b):
    test_app.test_explorer_gives_the_same_chain_as_explain_identity(on_postgres, a, b)

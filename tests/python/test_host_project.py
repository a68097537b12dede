"""As a dbt package: examples/host_project installs this project with a `local:` entry in its
packages.yml, maps its own raw schema (shop_raw) through the package's vars, and builds the
package's marts in its own target schema, plus a model of its own on top of identity_map. The
scenario fixtures are loaded into shop_raw of the host's DuckDB file; the marts must hold the same
rows as the project built on its own from the same fixtures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

import scenario_data
from conftest import AS_OF, ROOT

HOST = ROOT / "examples" / "host_project"


def test_host_project_builds_the_marts_in_its_own_schema(tmp_path, scenario_build):
    project = tmp_path / "host_project"
    shutil.copytree(HOST, project, ignore=shutil.ignore_patterns("dbt_packages", "target", "logs", "*.duckdb"))
    (project / "packages.yml").write_text(f"packages:\n  - local: {ROOT}\n")
    raw = scenario_data.write(tmp_path / "raw")
    db_path = tmp_path / "shop.duckdb"
    with duckdb.connect(str(db_path)) as con:
        con.execute("create schema shop_raw")
        for path in sorted(raw.glob("*.csv")):
            con.execute(f"create table shop_raw.{path.stem} as select * from read_csv('{path}', header = true, "
                        "all_varchar = true)")
    env = {**os.environ, "SHOP_DUCKDB_PATH": str(db_path), "DBT_PROFILES_DIR": str(project),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = str(Path(sys.executable).parent / "dbt")
    for args in (["deps"], ["build", "--vars", f"{{as_of: '{AS_OF}'}}"]):
        proc = subprocess.run([dbt, *args], cwd=project, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, "\n".join((proc.stdout + proc.stderr).splitlines()[-60:])

    with duckdb.connect(str(db_path), read_only=True) as con:
        schemas = {s for (s,) in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        assert {"analytics_marts", "analytics_intermediate", "analytics_staging", "analytics_config"} <= schemas
        assert "main_marts" not in schemas
        reach = con.execute("select sum(n_identifiers) from analytics.shop_customer_reach").fetchone()[0]
        hosted = {t: con.execute(f'select count(*) from analytics_marts."{t}"').fetchone()[0]
                  for (t,) in con.execute("select table_name from duckdb_tables() "
                                          "where schema_name = 'analytics_marts'").fetchall()}
        # The package's on-run-end purge ran here too: Zed's account is gone from staging and
        # the erasure log counts what went.
        zed_accounts = con.execute(
            "select count(*) from analytics_staging.base_crm__accounts where account_id = 'acc_zed'").fetchone()[0]
        logged = con.execute("select count(*) from analytics_private.erasure_log").fetchone()[0]
    assert zed_accounts == 0
    assert logged > 0
    alone = {t: scenario_build.scalar(f'select count(*) from main_marts."{t}"') for t in hosted}
    assert hosted["identity_map"] > 0
    assert reach == hosted["identity_map"]
    use_cases = {p.stem for p in (ROOT / "models" / "marts" / "use_cases").glob("*.sql")}
    assert use_cases <= set(hosted)
    assert hosted == alone

"""Airflow DAG `identity_resolution`: raw-data check, the dbt project model by model (astronomer-cosmos,
one task per model that builds it and then runs its tests), every test once more over the finished
graph (tests across models), then the data-quality gate.

Deploy: copy or link this file into the Airflow dags folder of an Airflow 3 environment that has
astronomer-cosmos (requirements-airflow.txt; scripts/install_airflow.sh builds one in .venv-airflow),
and keep the project checkout with its own .venv (scripts/install.sh) on the workers: Cosmos runs
the project's .venv/bin/dbt, so Airflow's and dbt's dependencies never share an environment.

Settings: an Airflow Variable of the lowercase name (e.g. `idr_target`), else the environment
variable, else the default.

| setting | default | what |
| --- | --- | --- |
| IDR_TARGET | duckdb | output of profiles.yml: duckdb or postgres |
| IDR_PROJECT_DIR | the folder above this file | the project checkout |
| IDR_DBT_EXECUTABLE | <project>/.venv/bin/dbt | dbt that Cosmos runs |
| IDR_DUCKDB_PATH | <project>/identity.duckdb | DuckDB file (made absolute: Cosmos runs dbt in a temporary copy of the project) |
| IDR_RAW_DATA_PATH | <project>/data/demo | raw files (DuckDB target) |
| IDR_RAW_SCHEMA | raw | raw schema (postgres target; PG* variables give the connection) |
| IDR_DBT_MANIFEST | <project>/target/manifest.json | the project's graph (`dbt parse` writes it); without the file Cosmos runs `dbt ls` on every parse of this DAG (slow) |
| IDR_AS_OF | (today) | dbt var as_of |
| IDR_RAW_MAX_AGE_HOURS | (no limit) | raw files older than this fail the first task |
| IDR_SCHEDULE | @daily | schedule |
| IDR_RETRIES | 2 | retries of each task, 5 minutes apart |

On the DuckDB target tasks run one at a time (DuckDB allows one writer).
"""

from __future__ import annotations

import json
import os
import shlex
from datetime import datetime, timedelta
from pathlib import Path

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior, TestIndirectSelection


def setting(name: str, default: str = "") -> str:
    """Airflow Variable `name.lower()`, else environment variable `name`, else default."""
    try:
        from airflow.sdk import Variable

        value = Variable.get(name.lower(), default=None)
    except Exception:  # no metadata database reachable while parsing: fall back to the environment
        value = None
    return value if value not in (None, "") else os.environ.get(name, default)


PROJECT_DIR = Path(setting("IDR_PROJECT_DIR", str(Path(__file__).resolve().parents[1]))).resolve()
TARGET = setting("IDR_TARGET", "duckdb")
if TARGET not in ("duckdb", "postgres"):
    raise ValueError(f"IDR_TARGET must be duckdb or postgres, not {TARGET!r}")
DBT_EXECUTABLE = setting("IDR_DBT_EXECUTABLE", str(PROJECT_DIR / ".venv" / "bin" / "dbt"))
PYTHON = str(Path(DBT_EXECUTABLE).parent / "python")
DUCKDB_PATH = str(Path(setting("IDR_DUCKDB_PATH", str(PROJECT_DIR / "identity.duckdb"))).resolve())
RAW_DATA_PATH = str(Path(setting("IDR_RAW_DATA_PATH", str(PROJECT_DIR / "data" / "demo"))).resolve())
RAW_SCHEMA = setting("IDR_RAW_SCHEMA", "raw")
AS_OF = setting("IDR_AS_OF", "")
MAX_AGE_HOURS = setting("IDR_RAW_MAX_AGE_HOURS", "")
MANIFEST = Path(setting("IDR_DBT_MANIFEST", str(PROJECT_DIR / "target" / "manifest.json")))

dbt_vars = {"as_of": AS_OF} if AS_OF else {}
if TARGET == "duckdb":
    dbt_vars["raw_data_path"] = RAW_DATA_PATH
    raw_check_args = f"--raw-data-path '{RAW_DATA_PATH}'"
else:
    dbt_vars.update({"raw_data_path": "", "raw_schema": RAW_SCHEMA})
    raw_check_args = f"--raw-schema '{RAW_SCHEMA}'"
if MAX_AGE_HOURS:
    raw_check_args += f" --max-age-hours {float(MAX_AGE_HOURS)}"
dbt_env = {"IDR_TARGET": TARGET, "IDR_DUCKDB_PATH": DUCKDB_PATH, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}

with DAG(
    dag_id="identity_resolution",
    description="Identity resolution: raw check, dbt model by model with tests, quality gate",
    schedule=setting("IDR_SCHEDULE", "@daily"),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1 if TARGET == "duckdb" else 4,
    default_args={"retries": int(setting("IDR_RETRIES", "2")), "retry_delay": timedelta(minutes=5)},
    tags=["dbt", "identity_resolution", TARGET],
    doc_md=__doc__,
) as dag:
    check_raw_data = BashOperator(
        task_id="check_raw_data",
        bash_command=f"'{PYTHON}' '{PROJECT_DIR}/scripts/check_raw_data.py' {raw_check_args}",
        env=dbt_env,
        append_env=True,
        retries=0,  # a missing table or column does not fix itself in five minutes
    )

    dbt_project = DbtTaskGroup(
        group_id="dbt",
        project_config=ProjectConfig(
            dbt_project_path=PROJECT_DIR, env_vars=dbt_env, dbt_vars=dbt_vars, install_dbt_deps=False,
            manifest_path=MANIFEST if MANIFEST.exists() else None,
        ),
        profile_config=ProfileConfig(
            profile_name="identity_resolution", target_name=TARGET,
            profiles_yml_filepath=PROJECT_DIR / "profiles.yml",
        ),
        execution_config=ExecutionConfig(
            dbt_executable_path=DBT_EXECUTABLE, invocation_mode=InvocationMode.SUBPROCESS,
            # A test of several models (relationships) runs with the last of them to be built, not
            # with the first (where the others would not exist yet).
            test_indirect_selection=TestIndirectSelection.BUILDABLE,
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST if MANIFEST.exists() else LoadMode.DBT_LS,
            # One task per model (and seed): `dbt build --select <model>` runs it, then its tests; a
            # failing test fails that task and nothing downstream runs. One dbt start-up per model.
            test_behavior=TestBehavior.BUILD,
            dbt_executable_path=DBT_EXECUTABLE, invocation_mode=InvocationMode.SUBPROCESS,
        ),
    )

    if TARGET == "duckdb":
        # The raw folder is given: Cosmos runs dbt in a temporary copy, so the gate cannot find it
        # in the project's target/run_results.json (raw rows are counted from the files).
        gate_args = f"--duckdb '{DUCKDB_PATH}' --raw-data-path '{RAW_DATA_PATH}'"
    else:
        # The PG* variables reach the database; raw rows are counted in the raw schema's tables.
        gate_args = f"--raw-data-path '' --raw-schema '{RAW_SCHEMA}'"
    gate = (f"'{PYTHON}' '{PROJECT_DIR}/scripts/quality_check.py' --target {TARGET} {gate_args} "
            f"--report-dir '{PROJECT_DIR}/target/quality'")
    quality_gate = BashOperator(task_id="quality_gate", bash_command=gate, env=dbt_env, append_env=True)

    # Tests of several models (relationships) whose other parent is not upstream of a model run in
    # no per-model task: every test once more over the finished graph, before the gate.
    all_tests = BashOperator(
        task_id="dbt_test_all",
        bash_command=(
            'work=$(mktemp -d) && trap \'rm -rf "$work"\' EXIT && '
            f"{shlex.quote(DBT_EXECUTABLE)} test --project-dir {shlex.quote(str(PROJECT_DIR))} "
            f"--profiles-dir {shlex.quote(str(PROJECT_DIR))} --target {TARGET} "
            f"--vars {shlex.quote(json.dumps(dbt_vars))} "
            '--target-path "$work/target" --log-path "$work/logs"'
        ),
        env=dbt_env,
        append_env=True,
    )

    check_raw_data >> dbt_project >> all_tests >> quality_gate

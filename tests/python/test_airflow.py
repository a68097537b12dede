"""The Airflow DAG (orchestration/identity_resolution_dag.py) on a throw-away Airflow: it imports
cleanly, `airflow dags test` runs every task green on generated data and fills the marts, and a run
on a corrupt raw file fails on the raw-data check with a clear message, leaving the marts as they
were. Needs .venv-airflow (scripts/install_airflow.sh); run with `bash scripts/test_airflow.sh`
(marker `airflow`; the DuckDB core runs without it). Metadata in SQLite under a temporary
AIRFLOW_HOME; nothing outside it and the test's folder is written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import AS_OF, ROOT, generated_business

pytestmark = pytest.mark.airflow

AIRFLOW_PYTHON = ROOT / ".venv-airflow" / "bin" / "python"
AIRFLOW = ROOT / ".venv-airflow" / "bin" / "airflow"
DAG_ID = "identity_resolution"
PERSONS = 1000


def airflow(args: list[str], env: dict, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(AIRFLOW), *args], env=env, capture_output=True, text=True, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"airflow {' '.join(args)} exited {proc.returncode}:\n"
                             + "\n".join((proc.stdout + proc.stderr).splitlines()[-60:]))
    return proc


def task_states(home: Path, logical_date: str) -> dict[str, str]:
    with sqlite3.connect(home / "airflow.db") as con:
        rows = con.execute(
            "select ti.task_id, ti.state from task_instance as ti join dag_run as dr "
            "on ti.dag_id = dr.dag_id and ti.run_id = dr.run_id "
            "where ti.dag_id = ? and dr.logical_date like ?", [DAG_ID, logical_date + "%"]).fetchall()
    return dict(rows)


def marts_fingerprint(db_path: Path) -> dict[str, tuple[int, str]]:
    """Rows and an order-independent checksum of every mart (no values leave the function)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main_marts'").fetchall()]
        return {t: con.execute(f'select count(*), cast(sum(hash(m)) as varchar) from main_marts."{t}" as m')
                .fetchone() for t in tables}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if not AIRFLOW.exists():
        pytest.fail("no .venv-airflow: run scripts/install_airflow.sh (scripts/test_airflow.sh does)")
    work = tmp_path_factory.mktemp("airflow")
    raw = work / "raw"
    generated_business(raw, PERSONS, seed=3)
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run([str(dbt), "parse", "--project-dir", str(ROOT), "--target-path", str(work / "target"),
                    "--log-path", str(work / "logs")], check=True, capture_output=True,
                   env={**os.environ, "DBT_PROFILES_DIR": str(ROOT)})
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(work / "airflow_home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "orchestration"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
        "IDR_TARGET": "duckdb",
        "IDR_DBT_EXECUTABLE": str(dbt),
        "IDR_DBT_MANIFEST": str(work / "target" / "manifest.json"),
        "IDR_DUCKDB_PATH": str(work / "warehouse.duckdb"),
        "IDR_RAW_DATA_PATH": str(raw),
        "IDR_AS_OF": AS_OF,
        "IDR_RETRIES": "0",
    }
    airflow(["db", "migrate"], env)
    return {"env": env, "work": work, "raw": raw, "home": work / "airflow_home",
            "db": work / "warehouse.duckdb", "manifest": work / "target" / "manifest.json"}


def test_dag_imports_without_errors(deployment):
    script = (
        "import json; from airflow.models.dagbag import DagBag\n"
        "bag = DagBag(dag_folder='orchestration')\n"
        f"dag = bag.dags.get('{DAG_ID}')\n"
        "print(json.dumps({'errors': {k: str(v)[-300:] for k, v in bag.import_errors.items()},"
        " 'tasks': {t.task_id: sorted(t.downstream_task_ids) for t in dag.tasks} if dag else None,"
        " 'schedule': str(dag.schedule) if dag else None,"
        " 'retries': dag.default_args.get('retries') if dag else None}))\n"
    )
    env = {**deployment["env"]}
    env.pop("IDR_RETRIES")
    proc = subprocess.run([str(AIRFLOW_PYTHON), "-c", script], env=env, capture_output=True, text=True,
                          cwd=ROOT, check=True)
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert found["errors"] == {}
    assert found["schedule"] == "@daily" and found["retries"] == 2
    tasks = found["tasks"]
    models = [n["name"] for n in json.loads(deployment["manifest"].read_text())["nodes"].values()
              if n["resource_type"] == "model" and n["package_name"] == "identity_resolution"]
    assert len(models) >= 40
    for model in models:
        # One `dbt build --select <model>` task per model: the model, then its tests.
        assert f"dbt.{model}_model_build" in tasks, model
    assert len([t for t in tasks if t.startswith("dbt.")]) >= len(models)
    roots = [t for t in tasks if not any(t in down for down in tasks.values())]
    assert roots == ["check_raw_data"]
    assert [t for t, down in tasks.items() if not down] == ["quality_gate"]


def test_dag_runs_every_task_green_and_fills_the_marts(deployment):
    airflow(["dags", "test", DAG_ID, "2026-11-26"], deployment["env"])
    states = task_states(deployment["home"], "2026-11-26")
    assert len(states) >= 50
    assert {s for s in states.values()} == {"success"}, {t: s for t, s in states.items() if s != "success"}
    marts = marts_fingerprint(deployment["db"])
    for mart in ("identity_map", "dim_persons", "job_alert_audience", "booking_guest_reminders"):
        assert marts[mart][0] > 0, mart


def test_a_corrupt_raw_file_fails_the_raw_check_and_keeps_the_marts(deployment):
    before = marts_fingerprint(deployment["db"])
    assert before["identity_map"][0] > 0, "run the end-to-end test first (same module)"
    corrupt = deployment["work"] / "corrupt"
    corrupt.mkdir()
    for path in deployment["raw"].glob("*.parquet"):
        (corrupt / path.name).symlink_to(path)
    (corrupt / "web_events.parquet").unlink()
    duckdb.execute(f"copy (select * exclude (anonymous_id) from read_parquet('{deployment['raw']}/web_events.parquet')) "
                   f"to '{corrupt}/web_events.parquet' (format parquet)")
    env = {**deployment["env"], "IDR_RAW_DATA_PATH": str(corrupt)}
    proc = airflow(["dags", "test", DAG_ID, "2026-11-27"], env, check=False)
    assert proc.returncode != 0
    states = task_states(deployment["home"], "2026-11-27")
    assert states["check_raw_data"] == "failed"
    assert {s for t, s in states.items() if t != "check_raw_data"} <= {"upstream_failed", None}
    logs = "\n".join(p.read_text(errors="replace") for p in (deployment["home"] / "logs").rglob("*")
                     if p.is_file() and "check_raw_data" in str(p)) + proc.stdout + proc.stderr
    assert "raw table web_events lacks required column(s) anonymous_id" in logs
    assert marts_fingerprint(deployment["db"]) == before

"""Shared fixtures: run the dbt project on a folder of raw files and query the resulting DuckDB."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import uuid
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "scripts"))
import compare_warehouses  # noqa: E402  (scripts/ is on the path from here on)

AS_OF = "2026-11-27"

# The key of the pseudonymising hash every test warehouse gets before its first run, as a user
# inserts theirs (docs/privacy.md): the same key in every warehouse makes their nodes and keys
# comparable. Quotes, a backslash and SQL in it show that the key never becomes SQL text.
TEST_HASH_KEY = "test key ' with \" quotes \\ and sql'); drop table x; -- 0123456789abcdef"


def identifier_node_text(identifier_type: str, value: str, key: str = TEST_HASH_KEY) -> str:
    """The text a node is the md5 of: its type and SHA-256 over the key and the value (the node
    itself before December 2026). Case-insensitive types (all but card_token:
    seeds/identifier_types.csv) hash the lowercase form."""
    folded = value if identifier_type == "card_token" else value.lower()
    return f"{identifier_type}:" + hashlib.sha256(f"{key}|{folded}".encode()).hexdigest()


def identifier_node(identifier_type: str, value: str, key: str = TEST_HASH_KEY) -> uuid.UUID:
    """The graph node of a normalised identifier, as DuckDB returns it: the md5 of its text as a uuid."""
    return uuid.UUID(hashlib.md5(identifier_node_text(identifier_type, value, key).encode()).hexdigest())


def install_hash_key(db_path: Path, key: str = TEST_HASH_KEY) -> None:
    """Create the key table of a new warehouse with `key` (what a user does with their SQL client)."""
    compare_warehouses.install_hash_key(db_path, key)


def install_pg_hash_key(env: dict, key: str = TEST_HASH_KEY) -> None:
    """The same for a PostgreSQL target (the PG* variables of env): the key table in
    <IDR_PG_SCHEMA>_private, so that DuckDB and PostgreSQL builds hash with one key."""
    import psycopg2

    schema = f"{env.get('IDR_PG_SCHEMA', 'public')}_private"
    with psycopg2.connect(host=env.get("PGHOST", "localhost"), port=env.get("PGPORT", "5432"),
                          user=env.get("PGUSER", "postgres"), password=env.get("PGPASSWORD", ""),
                          dbname=env.get("PGDATABASE", "identity")) as con, con.cursor() as cur:
        cur.execute(f'create schema if not exists "{schema}"')
        cur.execute(f'create table if not exists "{schema}".identity_hash_key (hash_key text not null)')
        cur.execute(f'insert into "{schema}".identity_hash_key select %s where not exists '
                    f'(select 1 from "{schema}".identity_hash_key)', [key])


def run_explain(db_path: Path, a: str, b: str, workdir: Path) -> subprocess.CompletedProcess:
    """`dbt run-operation explain_identity` on a built warehouse, run as the README documents it
    (file logging off), with its own target and log folders."""
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "dbt"), "--log-level-file", "none", "run-operation", "explain_identity",
         "--project-dir", str(ROOT), "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
         "--args", f'{{a: "{a}", b: "{b}"}}'],
        capture_output=True, text=True,
        env={**os.environ, "IDR_DUCKDB_PATH": str(db_path), "DBT_PROFILES_DIR": str(ROOT)})


def assert_green(build) -> None:
    """Every node of a dbt run succeeded or passed; the failing ones are named otherwise."""
    statuses = {r["status"] for r in build.results()}
    failing = sorted(r["unique_id"] for r in build.results() if r["status"] not in {"success", "pass", "no-op"})
    assert statuses <= {"success", "pass", "no-op"}, failing


def use_case_marts() -> set[str]:
    """The use-case marts the project defines, listed from its model files (whatever they are)."""
    names = {p.stem for p in (ROOT / "models" / "marts" / "use_cases").glob("*.sql")}
    assert len(names) >= 6, names
    return names


def assert_same_answers(duck_db: Path, other_copy: Path, schemas: tuple[str, ...] = ("main_marts",)) -> None:
    """identity_map and every use-case mart of a DuckDB build equal, row by row and keys included,
    those of another engine's build copied into DuckDB (scripts/compare_warehouses.py)."""
    from compare_warehouses import compare

    diffs = compare(duck_db, other_copy, schemas)
    compared = {d.relation.split(".")[1]: d for d in diffs}
    assert {"identity_map", *use_case_marts()} <= set(compared), sorted(compared)
    assert [d for d in diffs if not d.equal] == []
    assert compared["identity_map"].rows > 0


# dbt arguments for seeds and models only (hooks included), no data test: the incremental tests'
# builds on PostgreSQL and Spark whose data tests run in another build of the same suite.
MODELS_AND_SEEDS = ["build", "--exclude", "resource_type:test"]


def without_erasure_requests(folder: Path) -> None:
    """Empties every erasure_requests Parquet file under folder (the header stays). An erasure
    purges graph state that later batches extend, so incremental-equals-full comparisons run
    without one (docs/privacy.md, "Erasure and incremental runs")."""
    for path in [*folder.glob("erasure_requests.parquet"), *folder.glob("erasure_requests/*.parquet")]:
        with duckdb.connect() as con:
            con.execute(f"create table kept as select * from read_parquet('{path.as_posix()}') limit 0")
            con.execute(f"copy kept to '{path.as_posix()}' (format parquet)")


def generated_business(out: Path, persons: int, seed: int, fmt: str = "parquet") -> Path:
    """A business of `persons` persons from scripts/generate_demo_data.py (seed, format) in `out`:
    a file per table of the source contract (checked) and the truth; returns `out`."""
    from generate_demo_data import TABLE_COLUMNS

    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"), "--persons", str(persons),
                    "--seed", str(seed), "--out", str(out), "--format", fmt, "--quiet"], check=True)
    missing = sorted(table for table in TABLE_COLUMNS if not (out / f"{table}.{fmt}").is_file())
    assert not missing, f"the generator wrote no file for {missing} in {out}"
    return out


def main_load_and_batch(raw: Path, workdir: Path, fraction: float = 0.2) -> tuple[Path, Path]:
    """The raw files split by time into a main load and its latest `fraction` of rows as one batch
    (scripts/split_batches.py), erasure requests left out (without_erasure_requests): returns the
    folder of the main load's files (workdir/main_only) and the batch's (workdir/batches_only, a
    folder per table), as the PostgreSQL and Spark incremental tests load them run by run."""
    from split_batches import split

    split(raw, workdir / "split", fraction=fraction, batches=1)
    without_erasure_requests(workdir / "split")
    only_main, batches = workdir / "main_only", workdir / "batches_only"
    only_main.mkdir(parents=True)
    for main_file in (workdir / "split").glob("*.parquet"):
        shutil.copy(main_file, only_main)
    for batch_file in (workdir / "split").glob("*/*.parquet"):
        (batches / batch_file.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(batch_file, batches / batch_file.parent.name)
    return only_main, batches


# CPU seconds (user + sys) of each test, its fixtures' setup included, counting this process and
# the dbt and script processes it waited for: wall time on a shared machine says little. Measured
# where the test runs (a pytest-xdist worker, or this process), carried on the teardown report and
# summed where the reports arrive, so the summary is the same with and without `-n`.
_CPU_SECONDS: list[tuple[float, str]] = []
_CPU_AT_SETUP: dict[str, float] = {}


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _CPU_AT_SETUP[item.nodeid] = _cpu_seconds()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "teardown" and item.nodeid in _CPU_AT_SETUP:
        seconds = _cpu_seconds() - _CPU_AT_SETUP.pop(item.nodeid)
        outcome.get_result().user_properties.append(("cpu_seconds", seconds))


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "cpu_seconds" and report.when == "teardown":
            _CPU_SECONDS.append((value, report.nodeid))


def pytest_terminal_summary(terminalreporter):
    if not _CPU_SECONDS:
        return
    total = sum(seconds for seconds, _ in _CPU_SECONDS)
    terminalreporter.write_sep("=", f"CPU seconds (user+sys, with dbt and scripts): {total:.0f} s in all; the 15 largest")
    for seconds, nodeid in sorted(_CPU_SECONDS, reverse=True)[:15]:
        terminalreporter.write_line(f"{seconds:8.1f} s  {nodeid}")


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: starts a private PostgreSQL server (scripts/test_postgres.sh)")
    config.addinivalue_line("markers", "airflow: needs .venv-airflow (scripts/test_airflow.sh)")
    config.addinivalue_line("markers", "spark: dbt-spark in .venv-spark, Spark in the dbt process (scripts/test_spark.sh)")
    config.addinivalue_line("markers", "spark_full: the whole project on Spark (scenarios, the 500-person demo run by run, every spark__ macro)")
    config.addinivalue_line("markers", "spark_incremental: the 500-person demo as a main load and a batch on Spark equals a full build of the same loads on DuckDB")


@dataclass
class Build:
    """A finished dbt build: its warehouse file, run results and a read-only query helper."""

    db_path: Path
    target_path: Path
    raw_path: Path
    returncode: int
    output: str

    def results(self) -> list[dict]:
        return json.loads((self.target_path / "run_results.json").read_text())["results"]

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | None = None):
        rows = self.query(sql, params)
        assert len(rows) == 1, rows
        return rows[0][0]


# dbt parses the whole project at the start of every run (about 11 CPU seconds, 4 with partial
# parsing) unless the target folder holds the parse state of a run with the same --vars and
# connection settings. Every test has its own target folder, so the state is shared: dbt runs in
# the test's workdir with the warehouse file and the raw folder given relative to it (the same
# arguments for every test laid out alike), and a new target folder starts from the state of an
# earlier run with the same arguments. dbt checks that state itself (file checksums, vars,
# profile) and parses in full whenever it does not match, so a stale copy costs time, never
# correctness.
_PARSE_STATES = Path(tempfile.mkdtemp(prefix="idr-parse-states-"))
atexit.register(shutil.rmtree, _PARSE_STATES, ignore_errors=True)


def _shared_parse_state(target_path: Path, key: str, after_run: bool) -> None:
    """Before a run: seed a new target folder with the parse state saved under key. After it:
    save the target folder's state under key when none is saved yet."""
    state = target_path / "partial_parse.msgpack"
    saved = _PARSE_STATES / (hashlib.sha256(key.encode()).hexdigest() + ".msgpack")
    if not after_run and not state.exists() and saved.exists():
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, state)
    elif after_run and state.exists() and not saved.exists():
        shutil.copyfile(state, saved)


def run_dbt(args: list[str], workdir: Path, raw_path: Path | None, extra_vars: dict | None = None,
            check: bool = True, env: dict | None = None, hash_key: str | None = TEST_HASH_KEY) -> Build:
    """Run `dbt <args>` on the project with its own warehouse file, target and log folders.
    raw_path None reads the raw schema of the warehouse; env adds variables (IDR_TARGET, PG*).
    A new warehouse first gets `hash_key` as its key (None: the run creates a random one)."""
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "warehouse.duckdb"
    if hash_key is not None and (env or {}).get("IDR_TARGET") == "postgres":
        install_pg_hash_key({**os.environ, **env}, hash_key)
    elif hash_key is not None and not db_path.exists():
        install_hash_key(db_path, hash_key)
    target_path = workdir / "target"
    # Paths relative to the workdir, where dbt runs (see _shared_parse_state).
    raw_arg = os.path.relpath(raw_path, workdir) if raw_path else ""
    variables = {"raw_data_path": raw_arg, "as_of": AS_OF, **(extra_vars or {})}
    settings = {"IDR_DUCKDB_PATH": db_path.name, **(env or {})}
    env = {**os.environ, "DBT_PROFILES_DIR": str(ROOT), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **settings}
    command = [str(Path(sys.executable).parent / "dbt"), *args, "--project-dir", str(ROOT),
               "--target-path", str(target_path), "--log-path", str(workdir / "logs"),
               "--vars", json.dumps(variables)]
    parse_key = json.dumps([variables, sorted(settings.items())])
    _shared_parse_state(target_path, parse_key, after_run=False)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=workdir)
    _shared_parse_state(target_path, parse_key, after_run=True)
    build = Build(db_path, target_path, raw_path, proc.returncode, proc.stdout + proc.stderr)
    if check and proc.returncode != 0:
        tail = "\n".join(build.output.splitlines()[-80:])
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{tail}")
    return build


@pytest.fixture(scope="session")
def scenario_build(tmp_path_factory) -> Build:
    """The hand-written scenario business (tests/python/scenario_data.py), built once."""
    import scenario_data

    workdir = tmp_path_factory.mktemp("scenarios")
    raw = scenario_data.write(workdir / "raw")
    return run_dbt(["build"], workdir, raw)


@contextmanager
def private_postgres(prefix: str = "idr-pg-"):
    """A private PostgreSQL server for a test session or module (scripts/pg_server.sh: Debian's
    postgresql, installed when missing; initdb in a scratch folder under /tmp, which the postgres
    system user can reach; 127.0.0.1 on a free port). Yields the PG* variables that reach it and
    stops the server by its pid at the end, also on failure."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    folder.chmod(0o755)
    helper = ROOT / "scripts" / "pg_server.sh"
    try:
        started = subprocess.run(["bash", str(helper), "start", str(folder)], check=True,
                                 capture_output=True, text=True)
        yield dict(item.split("=", 1) for item in started.stdout.split()[1:])
    finally:
        subprocess.run(["bash", str(helper), "stop", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)

"""The dashboard's one door to the warehouse: short-lived, read-only connections and portable SQL.

Every query opens the warehouse, runs and closes again, so dbt can write between two page loads
(DuckDB allows one writer, and a writer cannot open a file that a reader holds). Queries are plain
SQL with `?` parameters over the marts schema, the same on both targets.

Settings (environment): IDR_TARGET (duckdb, the default, or postgres, as profiles.yml);
DuckDB: IDR_DUCKDB_PATH (default identity.duckdb in the project folder); PostgreSQL: the libpq
variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and IDR_PG_SCHEMA (the prefix of the
model schemas, default public); IDR_MARTS_SCHEMA overrides the marts schema (default main_marts
on DuckDB, <IDR_PG_SCHEMA>_marts on PostgreSQL).
"""

from __future__ import annotations

import decimal
import os
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import duckdb
import jinja2
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
EXPLAIN_MACROS = ROOT / "macros" / "explain" / "explain_chain.sql"


class WarehouseUnavailable(RuntimeError):
    """The warehouse file is missing, or dbt is writing it right now."""


def target() -> str:
    name = os.environ.get("IDR_TARGET") or "duckdb"
    if name not in ("duckdb", "postgres"):
        raise WarehouseUnavailable(f"IDR_TARGET must be duckdb or postgres, not {name!r}")
    return name


def db_path() -> Path:
    path = Path(os.environ.get("IDR_DUCKDB_PATH", "identity.duckdb"))
    return path if path.is_absolute() else ROOT / path


def schema() -> str:
    if os.environ.get("IDR_MARTS_SCHEMA"):
        return os.environ["IDR_MARTS_SCHEMA"]
    return "main_marts" if target() == "duckdb" else f"{os.environ.get('IDR_PG_SCHEMA') or 'public'}_marts"


def describe() -> str:
    """Where the dashboard reads, for the sidebar (no user name, no password)."""
    if target() == "postgres":
        return (f"PostgreSQL {os.environ.get('PGHOST', 'localhost')}:{os.environ.get('PGPORT', '5432')}/"
                f"{os.environ.get('PGDATABASE', 'identity')}, schema {schema()}")
    return f"Warehouse: {db_path().name}, schema {schema()}"


def relation(name: str) -> str:
    """A mart, schema-qualified."""
    return f"{schema()}.{name}"


def version() -> str:
    """Changes whenever the warehouse changes: the key of the dashboard's caches. DuckDB: the file's
    modification time; PostgreSQL: the latest build in identity_run_history (every build appends)."""
    if target() == "postgres":
        frame = query(f"select count(*) as n, max(run_at) as latest from {relation('identity_run_history')}")
        return f"postgres:{schema()}:{frame.n[0]}:{frame.latest[0]}"
    path = db_path()
    stat = path.stat() if path.exists() else None
    return f"{path}:{stat.st_mtime_ns if stat else 0}"


class _PostgresConnection:
    """A read-only psycopg2 session with the small DuckDB connection surface used here:
    execute(sql, params) with `?` placeholders, then .df() or .fetchall()."""

    def __init__(self):
        import psycopg2

        try:
            self.con = psycopg2.connect("", application_name="identity_resolution dashboard",
                                        connect_timeout=10)  # the libpq variables
        except psycopg2.OperationalError as error:
            raise WarehouseUnavailable(
                f"Cannot reach PostgreSQL ({describe()}): {str(error).splitlines()[0]}") from error
        self.con.set_session(readonly=True, autocommit=True)
        self.cursor = None

    def execute(self, sql: str, params: list | tuple = ()):
        if self.cursor is not None:
            self.cursor.close()
        self.cursor = self.con.cursor()
        if params:
            self.cursor.execute(sql.replace("%", "%%").replace("?", "%s"), list(params))
        else:
            self.cursor.execute(sql)
        return self

    def fetchall(self) -> list[tuple]:
        return self.cursor.fetchall()

    def df(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.cursor.fetchall(), columns=[d[0] for d in self.cursor.description])
        for column in frame.columns:  # numeric comes back as Decimal: plain floats, as from DuckDB
            if frame[column].map(lambda v: isinstance(v, decimal.Decimal)).any():
                frame[column] = frame[column].astype("float64")
        return frame

    def close(self) -> None:
        self.con.close()


@contextmanager
def _connect():
    if target() == "postgres":
        con = _PostgresConnection()
        try:
            yield con
        finally:
            con.close()
        return
    path = db_path()
    if not path.exists():
        raise WarehouseUnavailable(
            f"No warehouse at {path}: run the main job first (bash scripts/demo.sh) or set IDR_DUCKDB_PATH.")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        raise WarehouseUnavailable(
            "The warehouse is being written (a dbt run holds it); reload the page when it is done.") from error
    try:
        yield con
    finally:
        con.close()


def query(sql: str, params: list | tuple = ()) -> pd.DataFrame:
    """Run one query on a fresh read-only connection and close it."""
    with _connect() as con:
        return con.execute(sql, list(params)).df()


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class _Return(Exception):
    def __init__(self, value):
        super().__init__("macro return")
        self.value = value


def _return(value):
    raise _Return(value)


def _explain_module(con):
    """macros/explain/explain_chain.sql rendered with plain Jinja: the same macros dbt runs."""
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    env.globals["return"] = _return
    env.globals["run_query"] = lambda sql: SimpleNamespace(rows=[tuple(r) for r in con.execute(sql).fetchall()])
    return env.from_string(EXPLAIN_MACROS.read_text()).module


def _call(macro, *args):
    try:
        macro(*args)
    except _Return as returned:
        return returned.value
    return None


def side(identifier_type: str, value: str) -> dict:
    return {"type": identifier_type, "value": value, "value_sql": _sql_literal(value)}


def explain(left: dict, right: dict, max_hops: int = 12) -> dict:
    """Resolution of both identifiers and the chain per level, as explain_identity computes them."""
    with _connect() as con:
        module = _explain_module(con)
        rows = [_call(module.explain_resolve, relation("identity_map"), s) for s in (left, right)]
        chains = {}
        for level, allowed, index in (("persona", ["persona", "device"], 1), ("person", ["persona", "person", "device"], 2)):
            together = all(r is not None for r in rows) and rows[0][index] is not None and rows[0][index] == rows[1][index]
            chains[level] = (_call(module.explain_chain, relation("fct_identity_links"), left, right, allowed, max_hops)
                             if together else "apart")
    return {"resolved": rows, "chains": chains}

"""The dashboard's one door to the warehouse: short-lived, read-only connections and portable SQL.

Every query opens the warehouse, runs and closes again, so dbt can write between two page loads
(DuckDB allows one writer, and a writer cannot open a file that a reader holds). Queries are plain
SQL with `?` parameters over the marts schema; a PostgreSQL target needs only another `_connect`.

Settings (environment): IDR_DUCKDB_PATH (default identity.duckdb in the project folder),
IDR_MARTS_SCHEMA (default main_marts).
"""

from __future__ import annotations

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


def db_path() -> Path:
    path = Path(os.environ.get("IDR_DUCKDB_PATH", "identity.duckdb"))
    return path if path.is_absolute() else ROOT / path


def schema() -> str:
    return os.environ.get("IDR_MARTS_SCHEMA", "main_marts")


def relation(name: str) -> str:
    """A mart, schema-qualified."""
    return f"{schema()}.{name}"


def version() -> str:
    """Changes whenever the warehouse file changes: the key of the dashboard's caches."""
    path = db_path()
    stat = path.stat() if path.exists() else None
    return f"{path}:{stat.st_mtime_ns if stat else 0}"


@contextmanager
def _connect():
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

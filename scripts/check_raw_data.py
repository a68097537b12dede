#!/usr/bin/env python3
"""Is the raw data there before a build? The first task of the Airflow DAG (orchestration/).

    python scripts/check_raw_data.py --raw-data-path data/demo            # files (DuckDB target)
    python scripts/check_raw_data.py --raw-schema raw                     # PostgreSQL (PG* variables)
    python scripts/check_raw_data.py --raw-data-path data/demo --max-age-hours 36

Reads the raw tables and their columns from the project's source definitions
(models/staging/*/_*__sources.yml; a column whose description says "Required." is required) and
checks that every table is present (`<table>.parquet|csv` or batch files `<table>/*` in the folder,
or a table in the schema), has every required column, and that the raw data is not empty as a
whole. --max-age-hours adds a freshness check: the newest file (files) must be younger than that.
Exits 1 naming each problem (table and column names only, never values); prints counts otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_postgres import table_files  # noqa: E402  (the same file layout as the loader reads)

ROOT = Path(__file__).resolve().parents[1]


def contract() -> dict[str, list[str]]:
    """Raw table -> required columns, from the project's source definitions."""
    tables: dict[str, list[str]] = {}
    for path in sorted((ROOT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                tables[table["name"]] = [c["name"] for c in table.get("columns", [])
                                         if "required." in (c.get("description") or "").lower()]
    return tables


def file_table(folder: Path, table: str) -> tuple[list[Path], list[str], int]:
    """The files of one raw table, the columns of its first file and its row count."""
    files = table_files(folder, table)
    if not files:
        return [], [], 0
    con = duckdb.connect()
    columns: set[str] = set()
    rows = 0
    for path in files:
        literal = "'" + path.as_posix().replace("'", "''") + "'"
        reader = (f"read_parquet({literal})" if path.suffix == ".parquet"
                  else f"read_csv({literal}, header = true, all_varchar = true)")
        relation = con.sql(f"select * from {reader}")
        columns |= {c.lower() for c in relation.columns}
        rows += con.sql(f"select count(*) from {reader}").fetchall()[0][0]
    return files, sorted(columns), rows


def warehouse_tables(schema: str) -> dict[str, tuple[list[str], int]]:
    import psycopg2
    from psycopg2 import sql

    found: dict[str, tuple[list[str], int]] = {}
    with psycopg2.connect("") as con, con.cursor() as cur:
        cur.execute("select table_name, column_name from information_schema.columns where table_schema = %s",
                    [schema])
        columns: dict[str, list[str]] = {}
        for table, column in cur.fetchall():
            columns.setdefault(table, []).append(column.lower())
        for table, names in columns.items():
            cur.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(schema, table)))
            found[table] = (names, cur.fetchone()[0])
    return found


def check(raw_data_path: Path | None, raw_schema: str, max_age_hours: float | None) -> list[str]:
    problems = []
    total = 0
    newest = 0.0
    warehouse = None if raw_data_path else warehouse_tables(raw_schema)
    for table, required in contract().items():
        if raw_data_path:
            files, columns, rows = file_table(raw_data_path, table)
            where = f"{raw_data_path}/{table}.(parquet|csv)"
            newest = max([newest, *(f.stat().st_mtime for f in files)])
            present = bool(files)
        else:
            columns, rows = warehouse.get(table, ([], 0))
            where = f"{raw_schema}.{table}"
            present = table in warehouse
        if not present:
            problems.append(f"raw table {table} is missing (expected {where})")
            continue
        missing = [c for c in required if c not in columns]
        if missing:
            problems.append(f"raw table {table} lacks required column(s) {', '.join(missing)} ({where})")
        total += rows
        print(f"{table}: {rows} rows")
    if total == 0 and not problems:
        problems.append("every raw table is empty")
    if raw_data_path and max_age_hours is not None and newest and time.time() - newest > max_age_hours * 3600:
        problems.append(f"raw data is stale: the newest file is {(time.time() - newest) / 3600:.1f} h old "
                        f"(limit {max_age_hours} h)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-data-path", type=Path, default=None, help="folder of raw files (DuckDB target)")
    parser.add_argument("--raw-schema", default="raw", help="schema of the raw tables (warehouse)")
    parser.add_argument("--max-age-hours", type=float, default=None, help="freshness limit for files")
    args = parser.parse_args(argv)
    problems = check(args.raw_data_path, args.raw_schema, args.max_age_hours)
    for problem in problems:
        print(f"RAW DATA PROBLEM: {problem}", file=sys.stderr)
    if problems:
        print(f"check_raw_data: {len(problems)} problem(s); nothing was built", file=sys.stderr)
        return 1
    print("check_raw_data: every raw table is present with its required columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())

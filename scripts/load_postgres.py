#!/usr/bin/env python3
"""Load a folder of raw files into the raw schema of a PostgreSQL database with COPY.

    python scripts/load_postgres.py --src data/demo                    # schema raw, replaces the tables
    python scripts/load_postgres.py --src data/demo --batch-column _batch

The folder has the layout the project reads on files (docs/source-contract.md,
macros/sources/raw_table.sql): `<table>.parquet` or `<table>.csv` per raw table, plus optional batch
files `<table>/<name>.<ext>`. Every column becomes `text` (the project types values in staging).
With --batch-column, each row also gets that column holding the name of the file it came from
(its path in the folder: `<table>.parquet`, then `<table>/<batch>.parquet`, which sort in load order,
as the project expects of a batch column): set the dbt var raw_batch_column to
the same name and the project reads only the batches it has not loaded yet. --append adds the rows
to existing tables (a new batch); without it the tables are dropped and recreated.
Connection from the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
Prints counts only, never values.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import sql

TABLES = (
    "web_events", "app_events", "esp_recipients", "crm_accounts", "crm_contact_points", "orders",
    "bookings", "booking_guests", "loyalty_members", "pos_transactions", "subscriptions",
    "preferences", "erasure_requests",
)


def table_files(src: Path, table: str) -> list[Path]:
    """The main file then the batch files of one raw table, in the order the project reads them."""
    for ext in ("parquet", "csv"):
        files = ([src / f"{table}.{ext}"] if (src / f"{table}.{ext}").exists() else [])
        files += sorted((src / table).glob(f"*.{ext}")) if (src / table).is_dir() else []
        if files:
            return files
    return []


def read_as_csv(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], str]:
    """The columns and the rows (CSV text, NULL = empty unquoted field) of one file, all as text."""
    literal = "'" + path.as_posix().replace("'", "''") + "'"
    if path.suffix == ".parquet":
        relation = con.sql(f"select * from read_parquet({literal})")
    else:
        relation = con.sql(f"select * from read_csv({literal}, header = true, all_varchar = true, "
                           "delim = ',', quote = '\"', escape = '\"', max_line_size = 20000000)")
    columns = relation.columns
    casted = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in columns)
    rows = con.sql(f"select {casted} from relation").fetchall()
    buffer = io.StringIO()
    for row in rows:
        buffer.write(",".join("" if v is None else '"' + v.replace("\x00", "").replace('"', '""') + '"'
                              for v in row))
        buffer.write("\n")
    return list(columns), buffer.getvalue()


def load(src: Path, schema: str = "raw", batch_column: str | None = None, append: bool = False,
         tables: tuple[str, ...] = TABLES, dsn: str = "") -> dict[str, int]:
    """Loads every raw table found in src into schema; returns rows loaded per table."""
    counts: dict[str, int] = {}
    duck = duckdb.connect()
    with psycopg2.connect(dsn) as pg, pg.cursor() as cur:
        cur.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
        for table in tables:
            files = table_files(src, table)
            if not files:
                continue
            target = sql.Identifier(schema, table)
            if not append:
                cur.execute(sql.SQL("drop table if exists {}").format(target))
            counts[table] = 0
            for path in files:
                columns, data = read_as_csv(duck, path)
                all_columns = columns + ([batch_column] if batch_column else [])
                cur.execute(sql.SQL("create table if not exists {} ({})").format(
                    target, sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in all_columns)))
                cur.execute(sql.SQL("create temporary table _load ({}) on commit drop").format(
                    sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in columns)))
                cur.copy_expert(sql.SQL("copy _load ({}) from stdin with (format csv)").format(
                    sql.SQL(", ").join(map(sql.Identifier, columns))).as_string(cur), io.StringIO(data))
                batch = path.relative_to(src).as_posix()  # sorts as the project reads files: main first
                cur.execute(sql.SQL("insert into {} ({}) select {}{} from _load").format(
                    target, sql.SQL(", ").join(map(sql.Identifier, all_columns)),
                    sql.SQL(", ").join(map(sql.Identifier, columns)),
                    sql.SQL(", {}").format(sql.Literal(batch)) if batch_column else sql.SQL("")))
                counts[table] += cur.rowcount
                cur.execute("drop table _load")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, required=True, help="folder of raw files")
    parser.add_argument("--schema", default="raw", help="target schema (the dbt var raw_schema)")
    parser.add_argument("--batch-column", default=None, help="add this column holding each row's file")
    parser.add_argument("--append", action="store_true", help="add rows to existing tables")
    args = parser.parse_args(argv)
    counts = load(args.src, args.schema, args.batch_column, args.append)
    if not counts:
        print(f"load_postgres: no raw table files in {args.src}", file=sys.stderr)
        return 1
    for table, rows in counts.items():
        print(f"{args.schema}.{table}: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compare two builds of the project table by table: does an incremental run equal a full rebuild?

    python scripts/compare_warehouses.py incremental.duckdb full.duckdb

    python scripts/compare_warehouses.py duckdb_build.duckdb --postgres public --schemas main_marts

Every table and view of the project's schemas (main_staging, main_intermediate, main_marts) in the
first file is compared with the same relation in the second as a multiset of rows (EXCEPT ALL both
ways). Left out, because they differ between two runs by design: the bookkeeping column
_loaded_at (when a run added the row), and the models that record run history
(identity_quality_metrics, identity_key_aliases, int_identity__key_history, identity_run_history,
and published_marts, which counts identity_key_aliases and stamps its build time). Exit code 1 when any
relation differs or is missing; the counts go to stdout (no row values: they may be personal).

With --postgres PREFIX the second build is the PostgreSQL one whose model schemas are
PREFIX_staging, PREFIX_intermediate, PREFIX_marts (connection from the PG* variables): its relations
are first copied into a DuckDB file (values as text, cast to the first build's column types), so the
same row-by-row comparison tells whether both engines gave the same answers.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

SCHEMAS = ("main_staging", "main_intermediate", "main_marts")
HISTORY_MODELS = {"identity_quality_metrics", "identity_key_aliases", "int_identity__key_history",
                  "identity_run_history", "published_marts"}
RUN_COLUMNS = {"_loaded_at"}


@dataclass
class RelationDiff:
    relation: str
    rows: int
    only_in_first: int
    only_in_second: int
    missing: bool = False

    @property
    def equal(self) -> bool:
        return not self.missing and self.only_in_first == 0 and self.only_in_second == 0


def install_hash_key(db_path: Path, key: str) -> None:
    """Create the hashing-key table of a new DuckDB warehouse with `key` (what a user does with their
    SQL client, docs/privacy.md; its layout is the macro identity_hash_key_relation's), so that two
    builds compared row by row hash with one key. Leaves an existing key as it is."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path)) as con:
        con.execute("create schema if not exists main_private")
        con.execute("create table if not exists main_private.identity_hash_key (hash_key varchar not null)")
        con.execute("insert into main_private.identity_hash_key select ? where not exists "
                    "(select 1 from main_private.identity_hash_key)", [key])


def read_hash_key(db_path: Path) -> str:
    """The hashing key of a built DuckDB warehouse (to give to another with install_hash_key; never printed)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("select hash_key from main_private.identity_hash_key").fetchone()[0]


def _relations(con: duckdb.DuckDBPyConnection, database: str,
               schemas: tuple[str, ...] = SCHEMAS) -> list[tuple[str, str]]:
    rows = con.execute(
        """
        select schema_name, table_name from duckdb_tables() where database_name = ?
        union
        select schema_name, view_name from duckdb_views() where database_name = ? and not internal
        """,
        [database, database],
    ).fetchall()
    return sorted((s, t) for s, t in rows if s in schemas and t not in HISTORY_MODELS)


def postgres_to_duckdb(prefix: str, reference: Path, out: Path, schemas: tuple[str, ...] = SCHEMAS,
                       dsn: str = "") -> Path:
    """Copies the PostgreSQL build with schema prefix `prefix` into the DuckDB file `out`: every
    relation of `schemas` in the reference DuckDB build, under the same name, values read as text and
    cast to the reference's column types. A relation missing in PostgreSQL is left out (compare()
    then reports it missing)."""
    import psycopg2
    import pyarrow as pa

    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    con.execute(f"attach '{reference.as_posix()}' as reference_db (read_only)")
    with psycopg2.connect(dsn) as pg, pg.cursor() as cur:
        for schema, name in _relations(con, "reference_db", schemas):
            pg_schema = prefix + schema.removeprefix("main")
            cur.execute("select column_name from information_schema.columns "
                        "where table_schema = %s and table_name = %s", [pg_schema, name])
            pg_columns = {c for (c,) in cur.fetchall()}
            if not pg_columns:
                continue
            typed = con.execute(
                "select column_name, data_type from duckdb_columns() where database_name = 'reference_db' "
                "and schema_name = ? and table_name = ? order by column_index", [schema, name]).fetchall()
            typed = [(c, t) for c, t in typed if c in pg_columns]
            selected = ", ".join(f'cast("{c}" as text)' for c, _ in typed)
            cur.execute(f'select {selected} from "{pg_schema}"."{name}"')
            rows = cur.fetchall()
            as_text = pa.table({f"c{i}": pa.array([r[i] for r in rows], pa.string())
                                for i in range(len(typed))})  # noqa: F841 (read by the query below)
            casts = ", ".join(f'cast(c{i} as {t}) as "{c}"' for i, (c, t) in enumerate(typed))
            con.execute(f'create schema if not exists "{schema}"')
            con.execute(f'create table "{schema}"."{name}" as select {casts} from as_text')
    con.close()
    return out


def compare(first: Path, second: Path, schemas: tuple[str, ...] = SCHEMAS,
            double_decimals: int | None = None, ignore_columns: tuple[str, ...] = ()) -> list[RelationDiff]:
    """Row-by-row differences (EXCEPT ALL both ways) of every relation of first's schemas, run
    columns and ignore_columns left out. double_decimals: compare DOUBLE and FLOAT columns rounded
    to that many decimals (two engines' logarithms may differ in the last bits); None compares
    them exactly."""
    con = duckdb.connect()
    con.execute(f"attach '{first.as_posix()}' as first_db (read_only)")
    con.execute(f"attach '{second.as_posix()}' as second_db (read_only)")
    present = set(_relations(con, "second_db", schemas))
    diffs = []
    for schema, name in _relations(con, "first_db", schemas):
        relation = f"{schema}.{name}"
        if (schema, name) not in present:
            diffs.append(RelationDiff(relation, 0, 0, 0, missing=True))
            continue
        columns = [(c, t) for c, t in con.execute(
            "select column_name, data_type from duckdb_columns() where database_name = 'first_db' "
            "and schema_name = ? and table_name = ? order by column_index", [schema, name]).fetchall()
            if c not in RUN_COLUMNS and c not in ignore_columns]
        selected = ", ".join(f'round("{c}", {int(double_decimals)}) as "{c}"'
                             if double_decimals is not None and t in ("DOUBLE", "FLOAT") else f'"{c}"'
                             for c, t in columns)
        a = f"select {selected} from first_db.{schema}.\"{name}\""
        b = f"select {selected} from second_db.{schema}.\"{name}\""
        only_first = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
        only_second = con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0]
        rows = con.execute(f"select count(*) from ({a})").fetchone()[0]
        diffs.append(RelationDiff(relation, rows, only_first, only_second))
    return diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path, nargs="?", help="second DuckDB build (or use --postgres)")
    parser.add_argument("--postgres", metavar="PREFIX", help="compare with the PostgreSQL build of this schema prefix")
    parser.add_argument("--schemas", nargs="+", default=list(SCHEMAS), help="DuckDB schemas to compare")
    args = parser.parse_args(argv)
    schemas = tuple(args.schemas)
    if args.postgres:
        import tempfile

        second = Path(tempfile.mkdtemp()) / "postgres.duckdb"
        postgres_to_duckdb(args.postgres, args.first, second, schemas)
    elif args.second is None:
        parser.error("give a second DuckDB file or --postgres PREFIX")
    else:
        second = args.second
    diffs = compare(args.first, second, schemas)
    differing = [d for d in diffs if not d.equal]
    for d in differing:
        state = "missing in second" if d.missing else f"{d.only_in_first} rows only in first, {d.only_in_second} only in second"
        print(f"DIFFERS {d.relation}: {state} (of {d.rows})")
    print(f"{len(diffs) - len(differing)} of {len(diffs)} relations equal")
    return 1 if differing or not diffs else 0


if __name__ == "__main__":
    sys.exit(main())

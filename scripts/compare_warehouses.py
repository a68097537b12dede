#!/usr/bin/env python3
"""Compare two builds of the project table by table: does an incremental run equal a full rebuild?

    python scripts/compare_warehouses.py incremental.duckdb full.duckdb

Every table and view of the project's schemas (main_staging, main_intermediate, main_marts) in the
first file is compared with the same relation in the second as a multiset of rows (EXCEPT ALL both
ways). Left out, because they differ between two runs by design: the bookkeeping column
_loaded_at (when a run added the row), and the models that record run history
(identity_quality_metrics, identity_key_aliases, int_identity__key_history, identity_run_history,
and published_marts, which counts identity_key_aliases and stamps its build time). Exit code 1 when any
relation differs or is missing; the counts go to stdout (no row values: they may be personal).
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


def _relations(con: duckdb.DuckDBPyConnection, database: str) -> list[tuple[str, str]]:
    rows = con.execute(
        """
        select schema_name, table_name from duckdb_tables() where database_name = ?
        union
        select schema_name, view_name from duckdb_views() where database_name = ? and not internal
        """,
        [database, database],
    ).fetchall()
    return sorted((s, t) for s, t in rows if s in SCHEMAS and t not in HISTORY_MODELS)


def compare(first: Path, second: Path) -> list[RelationDiff]:
    con = duckdb.connect()
    con.execute(f"attach '{first.as_posix()}' as first_db (read_only)")
    con.execute(f"attach '{second.as_posix()}' as second_db (read_only)")
    present = set(_relations(con, "second_db"))
    diffs = []
    for schema, name in _relations(con, "first_db"):
        relation = f"{schema}.{name}"
        if (schema, name) not in present:
            diffs.append(RelationDiff(relation, 0, 0, 0, missing=True))
            continue
        columns = [c for (c,) in con.execute(
            "select column_name from duckdb_columns() where database_name = 'first_db' "
            "and schema_name = ? and table_name = ? order by column_index", [schema, name]).fetchall()
            if c not in RUN_COLUMNS]
        selected = ", ".join(f'"{c}"' for c in columns)
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
    parser.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    diffs = compare(args.first, args.second)
    differing = [d for d in diffs if not d.equal]
    for d in differing:
        state = "missing in second" if d.missing else f"{d.only_in_first} rows only in first, {d.only_in_second} only in second"
        print(f"DIFFERS {d.relation}: {state} (of {d.rows})")
    print(f"{len(diffs) - len(differing)} of {len(diffs)} relations equal")
    return 1 if differing or not diffs else 0


if __name__ == "__main__":
    sys.exit(main())

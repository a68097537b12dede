"""Write each published mart to Parquet, for BI tools whose DuckDB cannot read a DuckDB 2.0 file.

    .venv-dashboard/bin/python scripts/export_marts.py --out exports/marts     # or .venv/bin/python

Reads the warehouse (IDR_DUCKDB_PATH, default identity.duckdb; or --db) read-only; the marts are
those listed in published_marts plus identity_quality_metrics and identity_run_history. Writes
<out>/<mart>.parquet and prints one line per mart with its row count (never a value).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

MONITORING = ["published_marts", "identity_quality_metrics", "identity_run_history"]


def export(db_path: Path, out_dir: Path, schema: str = "main_marts") -> dict[str, int]:
    """mart -> rows written."""
    written = {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        marts = [row[0] for row in con.execute(f"select mart_name from {schema}.published_marts order by 1").fetchall()]
        out_dir.mkdir(parents=True, exist_ok=True)
        for mart in marts + MONITORING:
            target = out_dir / f"{mart}.parquet"
            quoted = str(target).replace("'", "''")
            con.execute(f"copy (select * from {schema}.{mart}) to '{quoted}' (format parquet)")
            written[mart] = con.execute(f"select count(*) from read_parquet('{quoted}')").fetchone()[0]
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for <mart>.parquet")
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("IDR_DUCKDB_PATH", "identity.duckdb")))
    parser.add_argument("--schema", default="main_marts")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"export_marts: no warehouse at {args.db}; run bash scripts/demo.sh first", file=sys.stderr)
        return 1
    for mart, rows in export(args.db, args.out, args.schema).items():
        print(f"{mart:32s} {rows:>12,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Split a folder of raw tables into a main file and later batches, by time: a river to replay.

    python scripts/split_batches.py --src data/demo --out data/river --fraction 0.01 --batches 1

For every raw table of the source contract, rows whose timestamp falls in the latest --fraction of
all timestamps (one cutoff for every table, so an account and its later contact points travel
together) go to --batches batch files `<out>/<table>/batch_0001.parquet` ... (equal slices of that
latest period, in time order); the rest, and every row without a readable timestamp, go to
`<out>/<table>.parquet`. Booking guests follow their booking's time. That is the layout the
project reads (see macros/sources/raw_table.sql): the main file first, then batches by name.
Moving the batch files in one at a time and running `dbt build` after each replays the river;
`dbt build --full-refresh` on the whole folder gives the same tables (tests/python/test_incremental.py).
Set-based (DuckDB); the rows are copied unchanged, every column as text.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import duckdb

# Table -> SQL expression of its time, over the raw text columns.
TIME_OF = {
    "web_events": "occurred_at",
    "app_events": "occurred_at",
    "esp_recipients": "created_at",
    "crm_accounts": "created_at",
    "crm_contact_points": "added_at",
    "orders": "ordered_at",
    "bookings": "booked_at",
    "booking_guests": None,  # the booking's booked_at
    "loyalty_members": "enrolled_at",
    "pos_transactions": "occurred_at",
    "subscriptions": "updated_at",
    "preferences": "updated_at",
    "erasure_requests": "requested_at",
}


def reader(src: Path, table: str) -> str:
    parquet = src / f"{table}.parquet"
    if parquet.exists():
        return f"read_parquet('{parquet.as_posix()}')"
    csv = src / f"{table}.csv"
    if csv.exists():
        return (f"read_csv('{csv.as_posix()}', header = true, all_varchar = true, delim = ',', "
                "quote = '\"', escape = '\"', max_line_size = 20000000)")
    raise SystemExit(f"split_batches: no {table}.parquet or {table}.csv in {src}")


def timed_view(con: duckdb.DuckDBPyConnection, src: Path, table: str) -> None:
    """A view raw_<table> with the raw columns and batch_time (NULL when unreadable)."""
    column = TIME_OF[table]
    if column is None:
        con.execute(f"""
            create or replace view raw_{table} as
            with bookings as (
                select trim(booking_id) as booking_id, min(try_cast(booked_at as timestamptz)) as booked_at
                from {reader(src, 'bookings')}
                group by 1
            )
            select guests.*, bookings.booked_at as batch_time
            from {reader(src, table)} as guests
            left join bookings on trim(guests.booking_id) = bookings.booking_id
        """)
    else:
        con.execute(f"""
            create or replace view raw_{table} as
            select *, try_cast({column} as timestamptz) as batch_time
            from {reader(src, table)}
        """)


def split(src: Path, out: Path, fraction: float, batches: int) -> dict[str, list[int]]:
    """Writes the main files and batch files; returns rows per table: [main, batch 1, ...]."""
    if not 0 < fraction < 1:
        raise SystemExit("split_batches: --fraction must be between 0 and 1")
    if batches < 1:
        raise SystemExit("split_batches: --batches must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    for table in TIME_OF:
        timed_view(con, src, table)
    union = " union all ".join(f"select batch_time from raw_{table}" for table in TIME_OF)
    quantiles = [1 - fraction + fraction * i / batches for i in range(batches)]
    cutoffs = con.execute(
        f"select quantile_disc(batch_time, {quantiles}) from ({union}) where batch_time is not null"
    ).fetchone()[0]
    counts: dict[str, list[int]] = {}
    for table in TIME_OF:
        folder = out / table
        if folder.exists():
            shutil.rmtree(folder)
        (out / f"{table}.parquet").unlink(missing_ok=True)
        # Batch number 0 = main file; k = the k-th slice of the latest period.
        bounds = " ".join(
            f"when batch_time >= '{cutoff}'::timestamptz then {batches - i}"
            for i, cutoff in enumerate(reversed(cutoffs))
        )
        con.execute(f"""
            create or replace temporary table numbered as
            select * exclude (batch_time), case {bounds} else 0 end as batch_no
            from raw_{table}
        """)
        per_batch = []
        for number in range(batches + 1):
            target = out / f"{table}.parquet" if number == 0 else folder / f"batch_{number:04d}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            n = con.execute(f"select count(*) from numbered where batch_no = {number}").fetchone()[0]
            con.execute(f"copy (select * exclude (batch_no) from numbered where batch_no = {number}) "
                        f"to '{target.as_posix()}' (format parquet)")
            per_batch.append(n)
        counts[table] = per_batch
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, required=True, help="folder with one file per raw table")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the river layout to")
    parser.add_argument("--fraction", type=float, default=0.01, help="share of the latest rows in batches")
    parser.add_argument("--batches", type=int, default=1, help="number of batch files per table")
    args = parser.parse_args(argv)
    counts = split(args.src, args.out, args.fraction, args.batches)
    for table, per_batch in counts.items():
        print(f"{table:<20} main {per_batch[0]:>10,}  batches {', '.join(f'{n:,}' for n in per_batch[1:])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

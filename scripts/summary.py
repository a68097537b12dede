#!/usr/bin/env python3
"""Print a short summary of a finished build: rows in per raw table, staged and quarantined,
identifiers resolved, devices / personas / persons, rows per published mart, and seconds.

    python scripts/summary.py [--duckdb identity.duckdb] [--run-results target/run_results.json]

Reads the warehouse read-only (DuckDB allows one writer) and dbt's run_results.json. Prints
counts only: no identifier values.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb

from raw_contract import raw_tables

MARTS = ["identity_map", "dim_devices", "dim_personas", "dim_persons", "fct_identity_links",
         "identity_key_aliases",
         "identity_quality_metrics", "booking_guest_reminders", "job_alert_audience",
         "person_safety_attributes", "app_install_prompts", "content_interest_segments",
         "newsletter_cross_promotion"]


def missing_inputs(raw_rows: dict) -> dict[str, list[str]]:
    """{raw table: the marts that need it} for every table of the contract that brought no row."""
    return {table: list(contract.get("needed_by") or []) for table, contract in raw_tables().items()
            if not raw_rows.get(table)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duckdb", default=os.environ.get("IDR_DUCKDB_PATH", "identity.duckdb"))
    parser.add_argument("--run-results", type=Path, default=Path("target/run_results.json"))
    parser.add_argument("--seconds", type=float, help="wall-clock seconds of the whole job, to print")
    args = parser.parse_args(argv)

    with duckdb.connect(str(args.duckdb), read_only=True) as con:
        latest = con.execute(
            "select invocation_id from main_marts.identity_quality_metrics "
            "order by measured_at desc limit 1").fetchone()[0]
        metrics = con.execute(
            "select metric_name, dimension, metric_value from main_marts.identity_quality_metrics "
            "where invocation_id = ?", [latest]).fetchall()
        marts = {m: con.execute(f"select count(*) from main_marts.{m}").fetchone()[0] for m in MARTS}
        reasons = con.execute(
            "select reason_category, count(*) from main_staging.quarantined_records group by 1 order by 2 desc"
        ).fetchall()

    by = {}
    for name, dimension, value in metrics:
        by.setdefault(name, {})[dimension] = value

    print("\nRows in (raw = staged + quarantined):")
    print(f"  {'table':<20} {'raw':>12} {'staged':>12} {'quarantined':>12}")
    for table in sorted(by.get("raw_rows", {})):
        print(f"  {table:<20} {by['raw_rows'][table]:>12,.0f} {by['staged_rows'].get(table, 0):>12,.0f} "
              f"{by.get('quarantined_rows', {}).get(table, 0):>12,.0f}")
    total_raw = sum(by.get("raw_rows", {}).values())
    total_q = sum(by.get("quarantined_rows", {}).values())
    print(f"  {'total':<20} {total_raw:>12,.0f} {total_raw - total_q:>12,.0f} {total_q:>12,.0f}")
    if reasons:
        print("  quarantined by reason: " + ", ".join(f"{r} {n:,}" for r, n in reasons))
    lacking = missing_inputs(by.get("raw_rows", {}))
    if lacking:
        print("\nRaw tables without rows (missing or empty input; the build warned about each):")
        for table, needing in lacking.items():
            print(f"  {table:<20} marts lacking this input: {', '.join(needing) or 'none'}")

    print("\nIdentifiers (published) and the share resolved to a person:")
    for identifier_type, n in sorted(by.get("identifiers", {}).items()):
        rate = by.get("person_match_rate", {}).get(identifier_type, 0.0)
        print(f"  {identifier_type:<16} {n:>12,.0f}   {rate:6.1%} to a person")
    print(f"\nDevices {by['devices']['all']:,.0f}   personas {by['personas']['all']:,.0f}   "
          f"persons {by['persons']['all']:,.0f}   over-merge suspects {by['overmerge_suspects']['person']:,.0f}")
    print("  (over-merge suspects: persons with more personas or devices than the vars\n"
          "   overmerge_suspect_personas / overmerge_suspect_devices allow: a size alarm that needs no\n"
          "   truth. linking_quality's over-merged clusters are the clusters holding identifiers of\n"
          "   more than one true person of the generator's truth, whatever their size: a wrong merge\n"
          "   of two ordinary people counts there and raises no size alarm.)")

    print("\nRows per published mart:")
    for mart, n in marts.items():
        print(f"  {mart:<28} {n:>12,}")

    if args.run_results.exists():
        results = json.loads(args.run_results.read_text())
        statuses: dict[str, int] = {}
        for r in results["results"]:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        print(f"\ndbt: {results['elapsed_time']:.1f} s, " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    if args.seconds is not None:
        print(f"Whole job (generate + build + checks): {args.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

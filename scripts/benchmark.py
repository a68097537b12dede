#!/usr/bin/env python3
"""Benchmark harness: full builds at several demo sizes, figures written to docs/benchmarks.md.

    python scripts/benchmark.py --persons 10000 100000 1000000 [--out docs/benchmarks.md]

For each size: generate the demo business (Parquet, seed 42; reused when already there), run
`dbt build` into a fresh DuckDB file under /usr/bin/time, and record raw rows per table, total
seconds, peak memory (max RSS of the dbt process) and the slowest models from dbt's
run_results.json. With --cc-edges it also runs scripts/benchmark_cc.py (our connected components
side by side with scipy and Splink on the same edges) and includes its table; and it scores linking
against the generator's truth (scripts/linking_quality.py). With --incremental-fraction it also
replays the latest share of the data as one batch and times the incremental run (docs/incremental.md).
Every figure in the output file comes from this run; nothing is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))


def generate(persons: int, folder: Path) -> float:
    if (folder / "web_events.parquet").exists() and (folder / "truth_identifiers.parquet").exists():
        return 0.0
    start = time.time()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"), "--persons", str(persons),
                    "--seed", "42", "--out", str(folder), "--format", "parquet", "--quiet"], check=True)
    return time.time() - start


def build(raw: Path, workdir: Path, fresh: bool = True, score: bool = True) -> dict:
    """`dbt build` on raw into workdir/benchmark.duckdb (deleted first when fresh), timed."""
    db = workdir / "benchmark.duckdb"
    if fresh:
        for suffix in ("", ".wal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    target = workdir / "target"
    env = {**os.environ, "IDR_DUCKDB_PATH": str(db), "DBT_PROFILES_DIR": str(ROOT)}
    command = ["/usr/bin/time", "-v", str(BIN / "dbt"), "build", "--project-dir", str(ROOT),
               "--target-path", str(target), "--log-path", str(workdir / "logs"),
               "--vars", json.dumps({"raw_data_path": str(raw)})]
    start = time.time()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    seconds = time.time() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark: dbt build failed on {raw}:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    results = json.loads((target / "run_results.json").read_text())["results"]
    models = sorted(((r["unique_id"].split(".")[-1], r["execution_time"]) for r in results
                     if r["unique_id"].startswith("model.")), key=lambda m: -m[1])
    with duckdb.connect(str(db), read_only=True) as con:
        raw_rows = dict(con.execute(
            "select dimension, metric_value from main_marts.identity_quality_metrics "
            "where metric_name = 'raw_rows'").fetchall())
    quality = subprocess.run([sys.executable, str(ROOT / "scripts" / "linking_quality.py"), "--duckdb", str(db),
                              "--truth", str(raw)], capture_output=True, text=True, check=True).stdout.strip() if score else ""
    return {"db": db, "seconds": seconds, "peak_rss_gb": int(rss.group(1)) / 1024 / 1024 if rss else None,
            "models": models, "raw_rows": raw_rows, "n_nodes": len(results), "quality": quality}


def incremental(persons: int, folder: Path, data: Path, fraction: float, check: bool) -> dict:
    """Replays the latest `fraction` of the data as one batch: a full build of the rest, then an
    incremental build with the batch added (scripts/split_batches.py); with check, also a full
    build of the same folder compared table by table (scripts/compare_warehouses.py)."""
    from compare_warehouses import compare
    from split_batches import split

    river, replay = data / f"p{persons}-river", data / f"p{persons}-replay"
    counts = split(folder, river, fraction, 1)
    shutil.rmtree(replay, ignore_errors=True)
    replay.mkdir(parents=True)
    for table in counts:
        shutil.copy(river / f"{table}.parquet", replay)
    print(f"benchmark: {persons:,} persons, incremental: building the first {1 - fraction:.0%} ...", flush=True)
    first = build(replay, data / f"p{persons}-incremental", score=False)
    for table in counts:
        (replay / table).mkdir()
        shutil.copy(river / table / "batch_0001.parquet", replay / table)
    print(f"benchmark: {persons:,} persons, incremental: the {fraction:.0%} batch ...", flush=True)
    update = build(replay, data / f"p{persons}-incremental", fresh=False, score=False)
    result = {"fraction": fraction, "first": first, "update": update,
              "batch_rows": sum(c[1] for c in counts.values()), "equal": None}
    if check:
        print(f"benchmark: {persons:,} persons, incremental: full build of the same folder to compare ...",
              flush=True)
        full = build(replay, data / f"p{persons}-incremental-full", score=False)
        diffs = compare(update["db"], full["db"])
        result["equal"] = f"{sum(d.equal for d in diffs)} of {len(diffs)} relations equal"
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, nargs="+", default=[10000, 100000, 1000000])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "benchmark",
                        help="where generated data is kept between runs (default data/benchmark)")
    parser.add_argument("--cc-edges", type=int, nargs="*", default=[],
                        help="also run scripts/benchmark_cc.py at these edge counts")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--top", type=int, default=10, help="slowest models listed per size")
    parser.add_argument("--incremental-fraction", type=float, default=0.0,
                        help="also time an incremental run of this latest share of the data, e.g. 0.01")
    parser.add_argument("--incremental-check-max", type=int, default=100000,
                        help="compare the incremental result with a full build up to this many persons")
    args = parser.parse_args(argv)

    runs = []
    for persons in args.persons:
        folder = args.data / f"p{persons}"
        generated = generate(persons, folder)
        print(f"benchmark: {persons:,} persons generated in {generated:.0f} s; building ...", flush=True)
        result = build(folder, args.data / f"p{persons}-build")
        result.update(persons=persons, generate_seconds=generated)
        print(f"benchmark: {persons:,} persons built in {result['seconds']:.0f} s, "
              f"peak {result['peak_rss_gb']:.1f} GB", flush=True)
        if args.incremental_fraction:
            result["incremental"] = incremental(persons, folder, args.data, args.incremental_fraction,
                                                persons <= args.incremental_check_max)
        runs.append(result)

    lines = [
        "# Benchmarks",
        "",
        f"Written by `scripts/benchmark.py` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}. "
        "Full `dbt build` (models and tests) from Parquet raw files into a fresh DuckDB file.",
        "",
        "| persons | raw rows | build seconds | peak memory (GB) | dbt nodes |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        lines.append(f"| {r['persons']:,} | {sum(r['raw_rows'].values()):,.0f} | {r['seconds']:.0f} | "
                     f"{r['peak_rss_gb']:.2f} | {r['n_nodes']} |")
    if args.incremental_fraction:
        lines += [
            "", "## Incremental runs", "",
            f"The latest {args.incremental_fraction:.0%} of the rows by time (scripts/split_batches.py) arrives "
            "as one batch after a full build of the rest; the incremental `dbt build` is timed and set against "
            "the full build of all the data above. Where checked, the incremental warehouse is compared table "
            "by table with a full build of the same files (scripts/compare_warehouses.py).", "",
            "| persons | batch rows | full build of the rest s | incremental run s | incremental / full build | "
            "peak memory (GB) | equal to a full build |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in runs:
            inc = r["incremental"]
            lines.append(f"| {r['persons']:,} | {inc['batch_rows']:,} | {inc['first']['seconds']:.0f} | "
                         f"{inc['update']['seconds']:.0f} | {inc['update']['seconds'] / r['seconds']:.0%} | "
                         f"{inc['update']['peak_rss_gb']:.2f} | {inc['equal'] or 'not checked'} |")
        for r in runs:
            lines += ["", f"Slowest models of the incremental run at {r['persons']:,} persons (seconds):", "",
                      "| model | seconds |", "| --- | ---: |"]
            lines += [f"| {m} | {s:.1f} |" for m, s in r["incremental"]["update"]["models"][:args.top]]
    for r in runs:
        lines += ["", f"## {r['persons']:,} persons", "", "Raw rows per table:", "",
                  "| table | rows |", "| --- | ---: |"]
        lines += [f"| {t} | {n:,.0f} |" for t, n in sorted(r["raw_rows"].items())]
        lines += ["", "Linking quality against the generator's truth (scripts/linking_quality.py):", "",
                  r["quality"]]
        lines += ["", "Slowest models (seconds, from run_results.json):", "", "| model | seconds |",
                  "| --- | ---: |"]
        lines += [f"| {m} | {s:.1f} |" for m, s in r["models"][:args.top]]
    if args.cc_edges:
        cc_out = args.data / "cc.md"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "benchmark_cc.py"), "--edges",
                        *map(str, args.cc_edges), "--out", str(cc_out)], check=True)
        lines += ["", "## Connected components side by side", "", cc_out.read_text()]
    postgres = ROOT / "docs" / "benchmarks_postgres.md"  # measured by hand on a PostgreSQL server
    if postgres.exists():
        lines += ["", postgres.read_text().rstrip("\n")]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"benchmark: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

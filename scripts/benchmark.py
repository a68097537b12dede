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
Each size also gets a floor: the seconds DuckDB takes to read every raw file once and write it as a
table with no transformation, and the build's ratio to it, so that the distance to the limit shows.
Every figure between the markers of the output file comes from this run; nothing is typed by hand.
Text outside the markers (sections written by other harnesses, e.g. PostgreSQL or Spark) is kept.
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


# profiles.yml's default DuckDB memory limit (IDR_MEMORY_LIMIT unset).
DEFAULT_MEMORY_LIMIT = "6GB"


def engine_settings() -> dict:
    """The build's DuckDB threads and memory limit: IDR_THREADS and IDR_MEMORY_LIMIT, with
    profiles.yml's defaults. The floor runs with them and the report states them."""
    return {"threads": int(os.environ.get("IDR_THREADS", "2")),
            "memory_limit": os.environ.get("IDR_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)}


def generate(persons: int, folder: Path) -> float:
    if (folder / "web_events.parquet").exists() and (folder / "truth_identifiers.parquet").exists():
        return 0.0
    start = time.time()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"), "--persons", str(persons),
                    "--seed", "42", "--out", str(folder), "--format", "parquet", "--quiet"], check=True)
    return time.time() - start


BEGIN_MARK = "<!-- scripts/benchmark.py: begin -->"
END_MARK = "<!-- scripts/benchmark.py: end -->"


def remove_warehouse(db: Path) -> None:
    """Deletes a DuckDB file and its write-ahead log, if there."""
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def floor(raw: Path, workdir: Path) -> tuple[float, int]:
    """Seconds to copy every raw file of `raw` into a fresh DuckDB file as a table, unchanged, and
    the rows copied.

    Same engine, same thread count and memory limit as the build (profiles.yml's defaults), so that
    the ratio build / floor says how much of the build is work beyond reading and writing the rows."""
    db = workdir / "floor.duckdb"
    workdir.mkdir(parents=True, exist_ok=True)
    remove_warehouse(db)
    files = sorted(p for p in raw.iterdir() if p.suffix in (".parquet", ".csv") and p.is_file())
    if not files:
        raise SystemExit(f"benchmark: no raw file in {raw}")
    rows = 0
    start = time.time()
    with duckdb.connect(str(db), config=engine_settings()) as con:
        for path in files:
            reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
            con.execute(f"create table \"{path.stem}\" as select * from {reader}(?)", [str(path)])
            rows += con.execute(f"select count(*) from \"{path.stem}\"").fetchone()[0]
        con.execute("checkpoint")
    seconds = time.time() - start
    remove_warehouse(db)
    return seconds, rows


def output_floor(db: Path, workdir: Path) -> tuple[float, int]:
    """Seconds to copy every table a build left in the warehouse `db` (opened read-only) into a fresh
    DuckDB file, unchanged, and the rows copied.

    The least any build of the same tables spends writing them, with the build's threads and memory
    limit: build / (floor + output floor) measures the SQL between reading the raw files and writing
    the tables, whatever the day's machine and however many rows the project chooses to keep. The
    schema of the hashing key (`*_private`, one row) is left out: a secret is never copied."""
    out = workdir / "output_floor.duckdb"
    workdir.mkdir(parents=True, exist_ok=True)
    remove_warehouse(out)
    rows = 0
    with duckdb.connect(str(out), config=engine_settings()) as con:
        con.execute(f"attach {quoted_literal(str(db))} as built (read_only)")
        tables = con.execute("select schema_name, table_name from duckdb_tables() "
                             "where database_name = 'built' and schema_name not like '%private' "
                             "order by schema_name, table_name").fetchall()
        if not tables:
            raise SystemExit(f"benchmark: no table in the built warehouse {db}")
        start = time.time()
        for schema, table in tables:
            name = f"{quoted_identifier(schema)}.{quoted_identifier(table)}"
            con.execute(f"create schema if not exists {quoted_identifier(schema)}")
            con.execute(f"create table {name} as select * from built.{name}")
            rows += con.execute(f"select count(*) from {name}").fetchone()[0]
        con.execute("checkpoint")
        seconds = time.time() - start
    remove_warehouse(out)
    return seconds, rows


def quoted_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quoted_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_between_markers(out: Path, lines: list[str]) -> None:
    """Writes `lines` between the markers of `out`, keeping whatever else the file holds."""
    block = "\n".join([BEGIN_MARK, *lines, END_MARK])
    old = out.read_text() if out.exists() else ""
    if BEGIN_MARK in old and END_MARK in old:
        head, rest = old.split(BEGIN_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        text = head + block + tail
    else:
        text = block + "\n" + old
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text if text.endswith("\n") else text + "\n")


def stage(node: dict) -> str:
    """The stage a dbt node belongs to: staging, intermediate/<folder> (identity, probabilistic, ...)
    or marts for models, by the folder of its file; tests, seeds and hooks by their kind."""
    kind = node.get("resource_type", "")
    if kind != "model":
        return {"test": "tests", "seed": "seeds"}.get(kind, "hooks and other")
    parts = Path(node["original_file_path"]).parts
    if len(parts) > 2 and parts[1] == "intermediate":
        return f"intermediate/{parts[2]}"
    return parts[1] if len(parts) > 2 else "other models"


def stage_seconds(results: list[dict], manifest: dict) -> dict[str, tuple[int, float]]:
    """Nodes and summed execution seconds per stage (run_results.json with manifest.json): with two
    threads, two nodes run side by side, so the sum can pass the wall time."""
    nodes = {**manifest.get("nodes", {}), **manifest.get("sources", {})}
    stages: dict[str, tuple[int, float]] = {}
    for r in results:
        name = stage(nodes.get(r["unique_id"], {"resource_type": r["unique_id"].split(".")[0]}))
        count, seconds = stages.get(name, (0, 0.0))
        stages[name] = (count + 1, seconds + r["execution_time"])
    return stages


def copy_hash_key(source: Path, db: Path) -> None:
    """Gives the new warehouse `db` the hashing key of the warehouse `source`, as a user would with
    their SQL client (docs/privacy.md): two builds compared row by row must hash with one key. The
    key goes from file to file and is never printed."""
    from compare_warehouses import install_hash_key, read_hash_key

    install_hash_key(db, read_hash_key(source))


def build(raw: Path, workdir: Path, fresh: bool = True, score: bool = True, key_from: Path | None = None) -> dict:
    """`dbt build` on raw into workdir/benchmark.duckdb (deleted first when fresh, then given the
    hashing key of the warehouse key_from if any), timed."""
    db = workdir / "benchmark.duckdb"
    if fresh:
        remove_warehouse(db)
        if key_from is not None:
            copy_hash_key(key_from, db)
    target = workdir / "target"
    if fresh:
        # dbt's partial parse cache keeps the absolute paths of the checkout that wrote it: a build
        # folder reused from another clone or worktree would read that checkout's seed files. An
        # incremental run keeps the cache its full build wrote, as a scheduled run would.
        (target / "partial_parse.msgpack").unlink(missing_ok=True)
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
    stages = stage_seconds(results, json.loads((target / "manifest.json").read_text()))
    with duckdb.connect(str(db), read_only=True) as con:
        raw_rows = dict(con.execute(
            "select dimension, metric_value from main_marts.identity_quality_metrics "
            "where metric_name = 'raw_rows'").fetchall())
    quality = score_quality(db, raw) if score else ""
    return {"db": db, "seconds": seconds, "peak_rss_gb": int(rss.group(1)) / 1024 / 1024 if rss else None,
            "models": models, "stages": stages, "raw_rows": raw_rows, "n_nodes": len(results), "quality": quality}


def score_quality(db: Path, raw: Path) -> str:
    """scripts/linking_quality.py on a built warehouse. A failure of the scoring is reported in its
    place (the exit code and the last line of its error: figures and error types, never a value)
    rather than losing the timings of the whole run."""
    scored = subprocess.run([sys.executable, str(ROOT / "scripts" / "linking_quality.py"), "--duckdb", str(db),
                             "--truth", str(raw)], capture_output=True, text=True)
    if scored.returncode == 0:
        return scored.stdout.strip()
    error = (scored.stderr.strip().splitlines() or ["no message"])[-1].split(":")[0]
    print(f"benchmark: linking_quality.py failed (exit {scored.returncode}, {error})", file=sys.stderr, flush=True)
    return f"Linking quality not scored: scripts/linking_quality.py exited with {scored.returncode} ({error})."


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
        full = build(replay, data / f"p{persons}-incremental-full", score=False, key_from=update["db"])
        diffs = compare(update["db"], full["db"])
        marts = [d for d in diffs if d.relation.startswith("main_marts.")]
        result["equal"] = (f"{sum(d.equal for d in diffs)} of {len(diffs)} relations equal "
                           f"(marts: {sum(d.equal for d in marts)} of {len(marts)})")
        result["unequal"] = [d.relation for d in diffs if not d.equal]
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
    parser.add_argument("--incremental-max", type=int, default=None,
                        help="run the incremental replay only up to this many persons (default: every size)")
    parser.add_argument("--incremental-check-max", type=int, default=100000,
                        help="compare the incremental result with a full build up to this many persons")
    args = parser.parse_args(argv)

    runs = []
    for persons in args.persons:
        folder = args.data / f"p{persons}"
        generated = generate(persons, folder)
        print(f"benchmark: {persons:,} persons generated in {generated:.0f} s; building ...", flush=True)
        result = build(folder, args.data / f"p{persons}-build")
        floor_seconds, _ = floor(folder, args.data / f"p{persons}-floor")
        output_seconds, _ = output_floor(result["db"], args.data / f"p{persons}-floor")
        result.update(persons=persons, generate_seconds=generated, floor_seconds=floor_seconds,
                      output_floor_seconds=output_seconds)
        print(f"benchmark: {persons:,} persons built in {result['seconds']:.0f} s, "
              f"peak {result['peak_rss_gb']:.1f} GB; floor {result['floor_seconds']:.0f} s, "
              f"output floor {output_seconds:.0f} s", flush=True)
        if args.incremental_fraction and (args.incremental_max is None or persons <= args.incremental_max):
            result["incremental"] = incremental(persons, folder, args.data, args.incremental_fraction,
                                                persons <= args.incremental_check_max)
        runs.append(result)

    settings = engine_settings()
    limit_source = ("the default; `IDR_MEMORY_LIMIT` sets it" if settings["memory_limit"] == DEFAULT_MEMORY_LIMIT
                    else f"`IDR_MEMORY_LIMIT`; the default is {DEFAULT_MEMORY_LIMIT}")
    lines = [
        "# Benchmarks",
        "",
        f"Written by `scripts/benchmark.py` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}. "
        "Full `dbt build` (models and tests) from Parquet raw files into a fresh DuckDB file, "
        f"DuckDB memory limit {settings['memory_limit']} ({limit_source}), "
        f"{settings['threads']} dbt threads (`IDR_THREADS`).",
        "",
        "The floor is the time the same DuckDB takes to read every raw file once and write it as a table "
        "with no transformation; build / floor is how far the build is from that limit. The output floor "
        "is the time it takes to copy every table the build left, unchanged, into a fresh file: what "
        "writing the project's tables costs before any join, group-by or test. build / (floor + output "
        "floor) is how far the build's SQL is from reading its input once and writing its output once.",
        "",
        "| persons | raw rows | build seconds | floor seconds | build / floor | output floor seconds | "
        "build / (floor + output floor) | peak memory (GB) | dbt nodes |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        both = r["floor_seconds"] + r["output_floor_seconds"]
        lines.append(f"| {r['persons']:,} | {sum(r['raw_rows'].values()):,.0f} | {r['seconds']:.0f} | "
                     f"{r['floor_seconds']:.0f} | {r['seconds'] / r['floor_seconds']:.1f}x | "
                     f"{r['output_floor_seconds']:.0f} | {r['seconds'] / both:.1f}x | "
                     f"{r['peak_rss_gb']:.2f} | {r['n_nodes']} |")
    names = sorted({name for r in runs for name in r["stages"]},
                   key=lambda n: (n in ("tests", "seeds", "hooks and other"), n))
    lines += [
        "", "## Seconds by stage", "",
        "Execution seconds of the build's nodes summed per stage (models by folder; run_results.json). "
        "Two threads run two nodes side by side, so a column can add up to more than the build's wall time.",
        "",
        "| stage | " + " | ".join(f"{r['persons']:,} persons: nodes, s" for r in runs) + " |",
        "| --- | " + " | ".join("---:" for _ in runs) + " |",
    ]
    for name in names:
        cells = []
        for r in runs:
            count, seconds = r["stages"].get(name, (0, 0.0))
            cells.append(f"{count}, {seconds:.1f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if any("incremental" in r for r in runs):
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
        for r in (r for r in runs if "incremental" in r):
            inc = r["incremental"]
            lines.append(f"| {r['persons']:,} | {inc['batch_rows']:,} | {inc['first']['seconds']:.0f} | "
                         f"{inc['update']['seconds']:.0f} | {inc['update']['seconds'] / r['seconds']:.0%} | "
                         f"{inc['update']['peak_rss_gb']:.2f} | {inc['equal'] or 'not checked'} |")
        for r in (r for r in runs if r.get("incremental", {}).get("unequal")):
            lines += ["", f"Relations that differ from the full build at {r['persons']:,} persons: "
                      + ", ".join(f"`{name}`" for name in r["incremental"]["unequal"]) + "."]
        for r in (r for r in runs if "incremental" in r):
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
    write_between_markers(args.out, lines)
    print(f"benchmark: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

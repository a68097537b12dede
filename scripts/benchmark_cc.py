#!/usr/bin/env python3
"""Benchmark the connected_components materialization against scipy and Splink.

Generates a seeded identity-like graph (mostly small trees of mixed identifier types, plus junk
hubs that glue many of them into one deep component) into a DuckDB file, then times, in one run:

1. ours: `dbt run` of tests/python/cc_project (the connected_components materialization) on that
   edge table; the model's execution_time from run_results.json, and the whole dbt command;
2. scipy: pyarrow dictionary encoding + scipy.sparse.csgraph.connected_components, from the same
   string edges in DuckDB to a (node, component) table written back to DuckDB;
3. splink: splink.clustering.cluster_pairwise_predictions_at_threshold on the same DuckDB file
   (skipped, and said so, when Splink is not importable).

It checks that the three give the same partition of the nodes, then writes a markdown table to
--out and prints it. The machine may be shared: each method runs --repeat times, interleaved, and
the fastest run counts; the load average is recorded next to the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

REPO = Path(__file__).resolve().parents[1]
CC_PROJECT = REPO / "tests" / "python" / "cc_project"


def generate_int_edges(
    n_edges: int,
    seed: int,
    junk_fraction: float = 0.06,
    hub_degree_scale: float = 8.0,
    tree_size_lambda: float = 2.6,
    isolated_fraction: float = 0.03,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Integer edges of an identity-like graph: (a, b, number of nodes).

    Components are random recursive trees of 2 + Poisson(tree_size_lambda) nodes (a person's
    cookies, emails, devices...), some isolated nodes (self-edges), and junk hubs (public devices,
    junk emails) whose Pareto-distributed degree links random tree nodes into one big component.
    """
    rng = np.random.default_rng(seed)
    n_tree_edges = int(n_edges * (1 - junk_fraction))
    n_trees_guess = int(n_tree_edges / (1 + tree_size_lambda) * 1.2) + 10
    sizes = np.where(
        rng.random(n_trees_guess) < isolated_fraction,
        1,
        2 + rng.poisson(tree_size_lambda, n_trees_guess),
    )
    edges_per_tree = np.where(sizes == 1, 1, sizes - 1)
    n_trees = int(np.searchsorted(np.cumsum(edges_per_tree), n_tree_edges)) + 1
    sizes = sizes[:n_trees]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    n_tree_nodes = int(sizes.sum())
    tree_of = np.repeat(np.arange(n_trees), sizes)
    position = np.arange(n_tree_nodes) - starts[tree_of]
    children = np.nonzero(position > 0)[0]
    # Random recursive tree: each node hangs under a uniformly chosen earlier node of its tree.
    parents = starts[tree_of[children]] + (rng.random(children.size) * position[children]).astype(
        np.int64
    )
    isolated = starts[np.nonzero(sizes == 1)[0]]
    a = np.concatenate([children, isolated])
    b = np.concatenate([parents, isolated])

    n_junk = max(n_edges - a.size, 0)
    hub_degree = np.maximum(
        2,
        (rng.pareto(1.5, int(2 * n_junk / hub_degree_scale) + 10) * hub_degree_scale / 2).astype(
            np.int64
        ),
    )
    n_hubs = int(np.searchsorted(np.cumsum(hub_degree), n_junk)) + 1
    hub_a = np.repeat(n_tree_nodes + np.arange(n_hubs), hub_degree[:n_hubs])[:n_junk]
    hub_b = rng.integers(0, n_tree_nodes, hub_a.size)
    a = np.concatenate([a, hub_a])
    b = np.concatenate([b, hub_b])

    flip = rng.random(a.size) < 0.5
    a, b = np.where(flip, b, a), np.where(flip, a, b)
    order = rng.permutation(a.size)
    return a[order], b[order], n_tree_nodes + n_hubs


def node_string_sql(column: str, seed: int) -> str:
    """SQL for a node's string id: a type, then a body whose order is unrelated to the integer."""
    return f"""(case hash({column}, {seed}) % 5
        when 0 then 'cookie:' || md5({column}::varchar || 'c{seed}')
        when 1 then 'email:' || substr(md5({column}::varchar || 'e{seed}'), 1, 14) || '@example.com'
        when 2 then 'account_id:' || lpad(({column} * 7919 % 1000000000)::varchar, 9, '0')
        when 3 then 'device_id:' || md5({column}::varchar || 'd{seed}')
        else 'phone:+1' || lpad(({column} * 1000003 % 10000000000)::varchar, 10, '0')
    end)"""


def write_edges(db_path: Path, n_edges: int, seed: int) -> None:
    a, b, _ = generate_int_edges(n_edges, seed)
    con = duckdb.connect(str(db_path))
    try:
        con.register("int_edges", pa.table({"a": a, "b": b}))
        con.execute(
            f"""create or replace table edges as
            select {node_string_sql('a', seed)} as node_a, {node_string_sql('b', seed)} as node_b
            from int_edges"""
        )
        con.unregister("int_edges")
        con.execute("checkpoint")
    finally:
        con.close()


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_ours(db_path: Path, work: Path, edges_table: str = "edges") -> dict:
    """dbt run of the cc_project model on `edges_table`; result table cc_components."""
    profiles = work / "profiles"
    profiles.mkdir(exist_ok=True)
    (profiles / "profiles.yml").write_text(
        "identity_resolution:\n"
        "  target: duckdb\n"
        "  outputs:\n"
        "    duckdb:\n"
        "      type: duckdb\n"
        f"      path: '{db_path}'\n"
        "      threads: 1\n"
    )
    cmd = [
        sys.executable, "-m", "dbt.cli.main", "run",
        "--project-dir", str(CC_PROJECT),
        "--profiles-dir", str(profiles),
        "--target-path", str(work / "target"),
        "--log-path", str(work / "logs"),
        "--vars", json.dumps({"edges_table": edges_table}),
    ]  # fmt: skip
    start, cpu_start = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=CC_PROJECT)
    total = time.perf_counter() - start
    cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_start
    if proc.returncode != 0:
        raise RuntimeError(f"dbt run failed:\n{proc.stdout}\n{proc.stderr}")
    results = json.loads((work / "target" / "run_results.json").read_text())
    model_seconds = results["results"][0]["execution_time"]
    match = re.search(r"(\d+) rounds, (\d+) nodes, (\d+) edges", proc.stdout)
    return {
        "seconds": model_seconds,
        "total_seconds": total,
        "cpu_seconds": cpu,
        "rounds": int(match.group(1)) if match else None,
    }


def run_scipy(db_path: Path) -> dict:
    """String edges in DuckDB -> (node, component_id) table cc_scipy, through pyarrow + scipy."""
    con = duckdb.connect(str(db_path))
    try:
        start, cpu_start = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
        edges = con.sql("select node_a, node_b from edges").to_arrow_table()
        ends = pa.chunked_array(edges.column("node_a").chunks + edges.column("node_b").chunks)
        encoded = pc.dictionary_encode(ends).combine_chunks()
        ids = encoded.indices.to_numpy(zero_copy_only=False)
        n_nodes, n_rows = len(encoded.dictionary), edges.num_rows
        graph = sp.coo_matrix(
            (np.ones(n_rows, dtype=np.int8), (ids[:n_rows], ids[n_rows:])), shape=(n_nodes, n_nodes)
        ).tocsr()
        _, labels = connected_components(graph, directed=False)
        result = pa.table({"node": encoded.dictionary, "component_id": labels})
        con.register("scipy_result", result)
        con.execute("create or replace table cc_scipy as select * from scipy_result")
        con.unregister("scipy_result")
        seconds = time.perf_counter() - start
        cpu = cpu_seconds(resource.RUSAGE_SELF) - cpu_start
    finally:
        con.close()
    return {"seconds": seconds, "cpu_seconds": cpu, "nodes": n_nodes}


def splink_available() -> str | None:
    try:
        import splink  # noqa: F401
    except ImportError as exc:
        return (f"splink is not importable here ({exc}); it is a benchmark-only dependency: "
                "bash scripts/install.sh bench, then run this script with .venv-bench/bin/python")
    return None


def run_splink(db_path: Path) -> dict:
    """Splink 5 clustering on the same DuckDB file; result table cc_splink."""
    from splink import DuckDBAPI
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    con = duckdb.connect(str(db_path))
    try:
        start = time.perf_counter()
        # Splink needs the node table too; building it is part of its end-to-end cost.
        con.execute(
            """create or replace table splink_nodes as
            select node_a as node from edges union select node_b from edges"""
        )
        db_api = DuckDBAPI(connection=con)
        clusters = cluster_pairwise_predictions_at_threshold(
            "splink_nodes",
            "edges",
            db_api=db_api,
            node_id_column_name="node",
            edge_id_column_name_left="node_a",
            edge_id_column_name_right="node_b",
            threshold_match_probability=None,
        )
        con.execute(
            f"create or replace table cc_splink as select node, cluster_id "
            f"from {clusters.physical_name}"
        )
        seconds = time.perf_counter() - start
    finally:
        con.close()
    return {"seconds": seconds}


def same_partition(con: duckdb.DuckDBPyConnection, table: str, node: str, comp: str) -> bool:
    """True when `table` puts the nodes in the same groups as cc_components."""
    (n_ours, n_other, n_joined, n_ours_comp, n_other_comp, n_pairs) = con.execute(
        f"""
        with other as (select {node} as node, {comp} as comp from {table}),
        joined as (
            select ours.component_node, other.comp
            from cc_components as ours inner join other on ours.node = other.node
        )
        select
            (select count(*) from cc_components),
            (select count(*) from other),
            (select count(*) from joined),
            (select count(distinct component_node) from cc_components),
            (select count(distinct comp) from other),
            (select count(*) from (select distinct component_node, comp from joined))
        """
    ).fetchone()
    return n_ours == n_other == n_joined and n_ours_comp == n_other_comp == n_pairs


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def markdown(rows: list[dict], notes: list[str]) -> str:
    head = (
        "| edges | nodes | components | rounds | ours: model s | ours: dbt run s | scipy s "
        "| splink s | ours / scipy | splink / scipy | ours / splink "
        "| ours: model CPU s | scipy CPU s | same partition |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- |\n"
    )
    lines = []
    for r in rows:
        splink = r.get("splink")

        def fmt(value, suffix=""):
            return "n/a" if value is None else f"{value:.2f}{suffix}"

        lines.append(
            f"| {r['edges']:,} | {r['nodes']:,} | {r['components']:,} | {r['rounds']} "
            f"| {fmt(r['ours'])} | {fmt(r['ours_total'])} | {fmt(r['scipy'])} | {fmt(splink)} "
            f"| {fmt(r['ours'] / r['scipy'], 'x')} "
            f"| {fmt(splink and splink / r['scipy'], 'x')} "
            f"| {fmt(splink and r['ours'] / splink, 'x')} "
            f"| {fmt(r['ours_cpu'])} | {fmt(r['scipy_cpu'])} | {r['same']} |"
        )
    return head + "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--edges", type=int, nargs="+", required=True,
                        help="number of edges; several values run several sizes")
    parser.add_argument("--out", default=str(REPO / "docs" / "benchmarks_cc.md"),
                        help="markdown file to write (default: docs/benchmarks_cc.md)")
    parser.add_argument("--seed", type=int, default=42, help="graph seed (default 42)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each method, interleaved; the fastest counts (default 1)")
    parser.add_argument("--no-splink", action="store_true", help="skip Splink")
    parser.add_argument("--workdir", default=None,
                        help="folder for the DuckDB file and dbt output (default: a temp folder)")
    args = parser.parse_args(argv)  # fmt: skip

    splink_reason = "skipped (--no-splink)" if args.no_splink else splink_available()
    work_root = Path(args.workdir or tempfile.mkdtemp(prefix="benchmark_cc_"))
    work_root.mkdir(parents=True, exist_ok=True)
    rows, notes = [], []
    try:
        for n_edges in args.edges:
            work = work_root / f"edges_{n_edges}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            db_path = work / "benchmark.duckdb"
            load_before = load_average()
            print(f"[{n_edges:,} edges] generating ...", flush=True)
            write_edges(db_path, n_edges, args.seed)
            with duckdb.connect(str(db_path)) as con:
                con.execute("create or replace table tiny_edges as select * from edges limit 10")
            # dbt's own CPU (start-up, parsing, connection) on a 10-edge table, subtracted below
            # to estimate the model's CPU.
            dbt_overhead_cpu = run_ours(db_path, work, "tiny_edges")["cpu_seconds"]
            times: dict[str, list[float]] = {
                "ours": [], "ours_total": [], "ours_cpu": [], "scipy": [], "scipy_cpu": [], "splink": []
            }  # fmt: skip
            rounds = None
            for attempt in range(args.repeat):
                ours = run_ours(db_path, work)
                times["ours"].append(ours["seconds"])
                times["ours_total"].append(ours["total_seconds"])
                times["ours_cpu"].append(ours["cpu_seconds"] - dbt_overhead_cpu)
                rounds = ours["rounds"]
                scipy_result = run_scipy(db_path)
                times["scipy"].append(scipy_result["seconds"])
                times["scipy_cpu"].append(scipy_result["cpu_seconds"])
                if splink_reason is None:
                    times["splink"].append(run_splink(db_path)["seconds"])
                print(
                    f"[{n_edges:,} edges] run {attempt + 1}: ours {ours['seconds']:.2f} s "
                    f"(dbt run {ours['total_seconds']:.2f} s, {rounds} rounds), "
                    f"scipy {scipy_result['seconds']:.2f} s"
                    + (f", splink {times['splink'][-1]:.2f} s" if times["splink"] else ""),
                    flush=True,
                )
            con = duckdb.connect(str(db_path))
            try:
                same = same_partition(con, "cc_scipy", "node", "component_id")
                if splink_reason is None:
                    same = same and same_partition(con, "cc_splink", "node", "cluster_id")
                n_nodes, n_components = con.execute(
                    "select count(*), count(distinct component_node) from cc_components"
                ).fetchone()
            finally:
                con.close()
            rows.append(
                {
                    "edges": n_edges,
                    "nodes": n_nodes,
                    "components": n_components,
                    "rounds": rounds,
                    "ours": min(times["ours"]),
                    "ours_total": min(times["ours_total"]),
                    "scipy": min(times["scipy"]),
                    "ours_cpu": min(times["ours_cpu"]),
                    "scipy_cpu": min(times["scipy_cpu"]),
                    "splink": min(times["splink"]) if times["splink"] else None,
                    "same": "yes" if same else "NO",
                }
            )
            notes.append(
                f"{n_edges:,} edges: load average {load_before} before, {load_average()} after; "
                f"fastest of {args.repeat} interleaved run(s)"
            )
            if not same:
                print(f"[{n_edges:,} edges] PARTITIONS DIFFER", file=sys.stderr)
    finally:
        if args.workdir is None:
            shutil.rmtree(work_root, ignore_errors=True)

    notes = [
        f"seed {args.seed}; {os.cpu_count()} cores; duckdb {duckdb.__version__}; "
        "times in seconds, end to end from a DuckDB table of string edges to a DuckDB table "
        "of (node, component)",
        "ours: model = execution_time in run_results.json; dbt run = the whole command "
        "(process start, parsing, connection) around it",
        "scipy: read edges to Arrow, dictionary-encode, csgraph.connected_components, write back",
        "CPU s: user + system seconds, less sensitive than wall time to other load on a shared "
        "machine; ours = the dbt process's CPU less that of the same dbt run on a 10-edge table "
        "(an estimate of the model's CPU); DuckDB uses both cores, scipy one",
        "splink: "
        + (splink_reason or "cluster_pairwise_predictions_at_threshold (DuckDBAPI), node table built first"),
        *notes,
    ]
    text = "# Connected components benchmark\n\n" + markdown(rows, notes)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    return 0 if all(r["same"] == "yes" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

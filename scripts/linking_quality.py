#!/usr/bin/env python3
"""Linking quality of the published marts against the generator's ground truth.

Compares main_marts.identity_map with truth_identifiers (written by generate_demo_data.py; the
models never read it) and prints pairwise precision, recall and F1 at persona and person level,
with over-merge and split counts:

    python scripts/linking_quality.py --duckdb identity.duckdb --truth data/demo

Pairwise: every pair of identifiers in one predicted cluster is a predicted match; every pair
with the same true owner is a true match. Only identifiers with exactly one true owner at that
level are scored (a family tablet or a role inbox has no single right answer) and only those
present in identity_map (invalid or erased identifiers are not). Identifiers the marts leave
unresolved (NULL persona or person) count as singletons: they cost recall, never precision.
All counting is set-based SQL in DuckDB; the warehouse is opened read-only.

Some true links cannot be found from the data at all: a browser that never logs in, types an
email or clicks a tracked link; a card swiped without a loyalty card. So recall is also given
against the linkable truth: each true cluster split into the parts that evidence (any edge of
int_identity__evidence between identifiers of that same owner, or through a name + date of birth +
address key) connects. "Linkable recall" is the share of those linkable pairs found; its F1 uses
the same precision. The gap between recall and linkable recall is data; the rest is the engine.

The evidence ceiling is the best any linker reading only this evidence could score: the share of
true pairs that are linkable at all ("ceiling recall"), and the F1 of a perfect linker with that
recall and no false link ("ceiling F1"). A target above the ceiling F1 cannot be met by linking
rules; only new evidence (probabilistic matching on names and addresses) can raise it.

The probable person level (identity_map.person_probable_id: strict persons joined by
probabilistic person-record matches) is scored the same way against the true person, when the
column exists; when it does not, the script says so and scores the strict levels. With
--thresholds 0.5,0.8,0.95 it also scores the probable level the pair-score model
(int_identity__person_record_pairs: person_id_a, person_id_b, match_probability) would give at
each threshold: strict persons joined by every pair at or above it that the household rules do not
refuse (is_household_refused) and that are not names only (is_names_only; each when the model
has it), by connected components, so one build shows
the precision / recall trade-off. Linkable recall and the ceiling stay those of the
strict evidence: the probable level can pass them, which is what it is for.

The probable ceiling (row "probable ceiling") is the best a PERFECT probabilistic linker on top of
the strict persons could score: strict persons are joined exactly when they hold identifiers of one
true person and each of them holds a person record usable for comparison (a row of
int_identity__person_records with a first or last name). A strict person without such a record
(a browser that never logged in, a guest known by an e-mail only) cannot be matched on details and
stays as it is. Its F1 is the highest any probable level can reach on this data. The true pairs
this perfect linker finds are the "record-linkable" pairs; each probable row also gives its recall
on them and the F1 with that recall ("record-linkable recall", "F1 on record-linkable"), the
engine's share of what the records make possible.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

LEVELS = {"persona": ("persona_id", "persona_key"), "person": ("person_id", "person_key")}
PROBABLE = ("person_probable_id", "person_key")
PAIRS_MODEL = "int_identity__person_record_pairs"
RECORDS_MODEL = "int_identity__person_records"
CEILING = "probable ceiling"
# The pair model's refusals, which int_identity__probable_person_edges applies at any threshold.
REFUSAL_COLUMNS = ("is_household_refused", "is_names_only")


def truth_relation(folder: Path) -> str:
    parquet, csv = folder / "truth_identifiers.parquet", folder / "truth_identifiers.csv"
    if parquet.exists():
        return f"read_parquet('{parquet.as_posix()}')"
    if csv.exists():
        return f"read_csv('{csv.as_posix()}', header = true, all_varchar = true)"
    raise SystemExit(f"linking_quality: no truth_identifiers.parquet or .csv in {folder}")


FOLDED = "case when identifier_type = 'account_id' then lower(identifier_value) else identifier_value end"


def fold_case(con: duckdb.DuckDBPyConnection, truth: str) -> str:
    """Account ids match case-insensitively (seeds/identifier_types.csv) and the marts publish them
    as the source wrote them: compare truth, identity_map and the value lookup on the folded value."""
    for view, relation in (("truth_folded", truth), ("map_folded", "main_marts.identity_map"),
                           ("values_folded", "main_intermediate.int_identity__identifier_values")):
        con.execute(f"create or replace temp view {view} as "
                    f"select * replace ({FOLDED} as identifier_value) from {relation}")
    return "truth_folded"


def score(con: duckdb.DuckDBPyConnection, truth: str, level: str, predicted_col: str | None = None,
          true_col: str | None = None, predicted: str = "map_folded", record_linkable: bool = False) -> dict:
    """Figures of one level: predicted_col of the relation ``predicted`` (identifier_type,
    identifier_value, predicted_col) against true_col of the truth. record_linkable: also its recall
    on the pairs the probable ceiling finds (needs the temp table map_ceiling, see probable_ceiling)."""
    if predicted_col is None:
        predicted_col, true_col = LEVELS[level]
    con.execute(f"""
        create or replace temp table scored as
        with owners as (
            select identifier_type, identifier_value, min({true_col}) as true_cluster
            from {truth}
            where {true_col} is not null
            group by identifier_type, identifier_value
            having count(distinct {true_col}) = 1
                and count(*) = count({true_col})
        )
        select
            owners.identifier_type,
            owners.identifier_value,
            owners.true_cluster,
            coalesce(map.{predicted_col}, 'unresolved:' || map.identifier_type || ':' || map.identifier_value)
                as predicted_cluster,
            map.{predicted_col} is null as is_unresolved
        from owners
        inner join {predicted} as map
            using (identifier_type, identifier_value)
    """)
    linkable_pairs, linkable_found = linkable(con, truth, true_col)
    row = con.execute("""
        with cells as (
            select true_cluster, predicted_cluster, count(*) as n from scored group by all
        ),
        predicted as (select predicted_cluster, count(*) as n, count(distinct true_cluster) as n_true from scored group by all),
        actual as (select true_cluster, count(*) as n, count(distinct predicted_cluster) as n_predicted from scored group by all)
        select
            (select count(*) from scored),
            (select count(*) from scored where is_unresolved),
            (select coalesce(sum(n * (n - 1) / 2), 0) from cells),
            (select coalesce(sum(n * (n - 1) / 2), 0) from predicted),
            (select coalesce(sum(n * (n - 1) / 2), 0) from actual),
            (select count(*) from predicted where n_true > 1),
            (select count(*) from actual where n_predicted > 1),
            (select count(*) from predicted),
            (select count(*) from actual)
    """).fetchall()[0]
    n, unresolved, tp, predicted_pairs, true_pairs, overmerged, split, n_pred, n_true = row
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    linkable_recall = linkable_found / linkable_pairs if linkable_pairs else 1.0
    linkable_f1 = (2 * precision * linkable_recall / (precision + linkable_recall)
                   if precision + linkable_recall else 0.0)
    ceiling_recall = linkable_pairs / true_pairs if true_pairs else 1.0
    ceiling_f1 = 2 * ceiling_recall / (1 + ceiling_recall)
    result = {"level": level, "linkable_pairs": linkable_pairs, "linkable_recall": linkable_recall,
              "linkable_f1": linkable_f1, "ceiling_recall": ceiling_recall, "ceiling_f1": ceiling_f1,
              "identifiers": n, "unresolved": unresolved, "predicted_clusters": n_pred,
              "true_clusters": n_true, "true_pairs": int(true_pairs), "predicted_pairs": int(predicted_pairs),
              "true_positive_pairs": int(tp), "precision": precision, "recall": recall, "f1": f1,
              "overmerged_clusters": overmerged, "split_clusters": split}
    if record_linkable:
        pairs, found = con.execute("""
            with joined as (
                select
                    scored.true_cluster,
                    coalesce(ceiling.person_ceiling_id, 'unresolved:' || identifier_type || ':' || identifier_value)
                        as person_ceiling_id,
                    scored.predicted_cluster
                from scored
                inner join map_ceiling as ceiling
                    using (identifier_type, identifier_value)
            ),
            cells as (select count(*) as n from joined group by true_cluster, person_ceiling_id, predicted_cluster),
            linkable as (select count(*) as n from joined group by true_cluster, person_ceiling_id)
            select
                (select coalesce(sum(n * (n - 1) / 2), 0) from linkable),
                (select coalesce(sum(n * (n - 1) / 2), 0) from cells)
        """).fetchall()[0]
        record_recall = found / pairs if pairs else 1.0
        result.update({
            "record_linkable_pairs": int(pairs), "record_linkable_found": int(found),
            "record_linkable_recall": record_recall,
            "record_linkable_f1": (2 * precision * record_recall / (precision + record_recall)
                                   if precision + record_recall else 0.0)})
    return result


_EVIDENCE_COMPONENTS: dict = {}


def linkable(con: duckdb.DuckDBPyConnection, truth: str, true_col: str) -> tuple[int, int]:
    """(true pairs that evidence connects within their owner, how many of them share a predicted
    cluster), over the rows of the scored table."""
    scored = con.sql("""
        select cast(values.node as varchar) as node, scored.true_cluster, scored.predicted_cluster
        from scored
        inner join values_folded as values
            using (identifier_type, identifier_value)
    """).to_arrow_table()
    key = (id(con), truth, true_col)
    if key not in _EVIDENCE_COMPONENTS:      # the evidence graph is the same for every predicted level
        _EVIDENCE_COMPONENTS.clear()
        _EVIDENCE_COMPONENTS[key] = evidence_components(con, truth, true_col)
    node_index, component = _EVIDENCE_COMPONENTS[key]
    positions = pc.index_in(scored.column(0), value_set=node_index).to_numpy(zero_copy_only=False)
    con.register("scored_components", pa.table({
        "true_cluster": scored.column(1), "predicted_cluster": scored.column(2),
        "component": component[positions]}))
    found, total = con.execute("""
        with cells as (
            select true_cluster, component, predicted_cluster, count(*) as n
            from scored_components group by all
        ),
        linkable as (
            select true_cluster, component, count(*) as n from scored_components group by all
        )
        select
            (select coalesce(sum(n * (n - 1) / 2), 0) from cells),
            (select coalesce(sum(n * (n - 1) / 2), 0) from linkable)
    """).fetchall()[0]
    con.unregister("scored_components")
    return int(total), int(found)


def evidence_components(con: duckdb.DuckDBPyConnection, truth: str,
                        true_col: str) -> tuple[pa.Array, np.ndarray]:
    """(every node of an identifier in identity_map or of a same-owner evidence edge, its component
    in the graph of same-owner evidence edges)."""
    edges = con.sql(f"""
        with owners as (
            select identifier_type, identifier_value, min({true_col}) as owner
            from {truth}
            where {true_col} is not null
            group by identifier_type, identifier_value
            having count(distinct {true_col}) = 1 and count(*) = count({true_col})
        ),
        node_owner as (
            select values.node, owners.owner
            from values_folded as values
            inner join owners using (identifier_type, identifier_value)
        ),
        bridge as (
            select node, null as owner from main_intermediate.int_identity__identifiers
            where identifier_type = 'name_dob_address'
        ),
        nodes as (select * from node_owner union all select * from bridge),
        kept as (
            select evidence.node_a, evidence.node_b
            from main_intermediate.int_identity__evidence as evidence
            inner join nodes as a on evidence.node_a = a.node
            inner join nodes as b on evidence.node_b = b.node
            where a.owner = b.owner or a.owner is null or b.owner is null
        )
        select cast(node_a as varchar) as node_a, cast(node_b as varchar) as node_b from kept
    """).to_arrow_table()
    # nodes (uuid in the warehouse) as text for Arrow's string arrays
    nodes = con.sql("select cast(node as varchar) as node from values_folded").to_arrow_table().column(0)
    # every identifier node is in the graph, alone when no evidence edge holds it (a self-loop)
    labelled = components(pa.chunked_array(edges.column(0).chunks + nodes.chunks, type=pa.string()),
                          pa.chunked_array(edges.column(1).chunks + nodes.chunks, type=pa.string()))
    return labelled.column("node").combine_chunks(), labelled.column("label").to_numpy()


def components(a, b) -> pa.Table:
    """(node, label of its connected component) of the undirected graph with edges a[i] - b[i]
    (two string arrays or chunked arrays)."""
    # large_string: at 1M persons the node names of both sides pass the 2 GiB of a string array
    names = pa.chunked_array([chunk.cast(pa.large_string()) for chunk in _chunks(a) + _chunks(b)],
                             type=pa.large_string()).combine_chunks()
    encoded = pc.dictionary_encode(names)
    ids = encoded.indices.to_numpy(zero_copy_only=False)
    n, n_nodes = len(a), len(encoded.dictionary)
    graph = sp.coo_matrix((np.ones(n, dtype=np.int8), (ids[:n], ids[n:])), shape=(n_nodes, n_nodes))
    _, label = connected_components(graph, directed=False)
    return pa.table({"node": encoded.dictionary, "label": pa.array(label, pa.int64())})


def _chunks(array) -> list:
    return list(array.chunks) if isinstance(array, pa.ChunkedArray) else [array]


def find_relation(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """schema.name of a model in the warehouse, or None."""
    rows = con.execute("select table_schema from information_schema.tables where table_name = ? "
                       "order by table_schema", [name]).fetchall()
    return f"{rows[0][0]}.{name}" if rows else None


def has_probable_level(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("select count(*) from information_schema.columns where table_schema = 'main_marts' "
                            "and table_name = 'identity_map' and column_name = ?", [PROBABLE[0]]).fetchone()[0])


def has_column(con: duckdb.DuckDBPyConnection, relation: str, column: str) -> bool:
    schema, name = relation.split(".")
    return bool(con.execute("select count(*) from information_schema.columns where table_schema = ? "
                            "and table_name = ? and column_name = ?", [schema, name, column]).fetchall()[0][0])


def refusal_filter(con: duckdb.DuckDBPyConnection, pairs: str, alias: str = "") -> str:
    """`and not <column>` for each refusal of int_identity__probable_person_edges that the pair model
    has (REFUSAL_COLUMNS; a model from before one existed lacks it): the household rules and names
    only. alias: the pair model's alias in the query, if any."""
    prefix = f"{alias}." if alias else ""
    return " ".join(f"and not {prefix}{column}" for column in REFUSAL_COLUMNS if has_column(con, pairs, column))


def score_thresholds(con: duckdb.DuckDBPyConnection, truth: str, pairs: str, thresholds: list[float],
                     record_linkable: bool = False) -> list[dict]:
    """The probable level at each threshold: strict persons joined by every scored pair at or above
    it that the household rules do not refuse (is_household_refused) and that is not names only
    (is_names_only), each when the model has it, as int_identity__probable_person_edges joins them
    at the threshold var."""
    refused = refusal_filter(con, pairs)
    results = []
    for threshold in thresholds:
        edges = con.sql(f"""
            select distinct cast(person_id_a as varchar), cast(person_id_b as varchar)
            from {pairs}
            where match_probability >= {float(threshold)!r} and person_id_a is not null and person_id_b is not null
                and person_id_a != person_id_b {refused}
        """).to_arrow_table()
        con.register("threshold_labels", components(edges.column(0), edges.column(1)))
        con.execute("""
            create or replace temp table map_threshold as
            with threshold_components as (
                select node, min(node) over (partition by label) as component from threshold_labels
            )
            select
                map.identifier_type,
                map.identifier_value,
                case when map.person_id is not null
                    then coalesce(threshold_components.component, map.person_id) end as person_threshold_id
            from map_folded as map
            left join threshold_components
                on map.person_id = threshold_components.node
        """)
        con.unregister("threshold_labels")
        result = score(con, truth, f"probable@{threshold:g}", "person_threshold_id", "person_key", "map_threshold",
                       record_linkable=record_linkable)
        result["threshold"] = threshold
        result["joining_pairs"] = edges.num_rows
        results.append(result)
    return results


def probable_ceiling(con: duckdb.DuckDBPyConnection, truth: str, records: str) -> dict:
    """The probable level of a perfect probabilistic linker on top of the strict persons: strict
    persons that hold identifiers of one true person are joined when each of them holds a person
    record with a name (``records``: int_identity__person_records). Leaves the temp table
    map_ceiling (identifier_type, identifier_value, person_ceiling_id) for the record-linkable
    figures of the probable rows."""
    edges = con.sql(f"""
        with owners as (
            select identifier_type, identifier_value, min(person_key) as owner
            from {truth}
            where person_key is not null
            group by identifier_type, identifier_value
            having count(distinct person_key) = 1 and count(*) = count(person_key)
        ),
        usable as (
            select distinct cast(person_id as varchar) as person_id
            from {records}
            where person_id is not null and (first_name is not null or last_name is not null)
        )
        select distinct 'strict:' || map.person_id as strict_node, 'true:' || owners.owner as true_node
        from map_folded as map
        inner join owners using (identifier_type, identifier_value)
        inner join usable on cast(map.person_id as varchar) = usable.person_id
    """).to_arrow_table()
    con.register("ceiling_labels", components(edges.column(0), edges.column(1)))
    con.execute("""
        create or replace temp table map_ceiling as
        with ceiling_components as (
            select substr(node, 8) as person_id, 'ceiling:' || label as component
            from ceiling_labels
            where node like 'strict:%'
        )
        select
            map.identifier_type,
            map.identifier_value,
            case when map.person_id is not null
                then coalesce(ceiling_components.component, cast(map.person_id as varchar)) end as person_ceiling_id
        from map_folded as map
        left join ceiling_components
            on cast(map.person_id as varchar) = ceiling_components.person_id
    """)
    con.unregister("ceiling_labels")
    result = score(con, truth, CEILING, "person_ceiling_id", "person_key", "map_ceiling")
    result["usable_strict_persons"] = con.execute(
        f"select count(distinct person_id) from {records} where person_id is not null "
        "and (first_name is not null or last_name is not null)").fetchall()[0][0]
    return result


def markdown(results: list[dict]) -> str:
    lines = ["| level | identifiers scored | precision | recall | F1 | linkable recall | F1 on linkable | "
             "ceiling recall | ceiling F1 | over-merged clusters | split clusters | predicted / true clusters |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['level']} | {r['identifiers']:,} | {r['precision']:.4f} | {r['recall']:.4f} | "
                     f"{r['f1']:.4f} | {r['linkable_recall']:.4f} | {r['linkable_f1']:.4f} | "
                     f"{r['ceiling_recall']:.4f} | {r['ceiling_f1']:.4f} | "
                     f"{r['overmerged_clusters']:,} | {r['split_clusters']:,} | "
                     f"{r['predicted_clusters']:,} / {r['true_clusters']:,} |")
    probable = [r for r in results if "record_linkable_recall" in r]
    if probable:
        lines += ["", f"Against the pairs a perfect probabilistic linker finds ({CEILING}: "
                  "strict persons of one true person joined when each holds a person record with a name):", "",
                  "| level | precision | record-linkable pairs | record-linkable recall | F1 on record-linkable |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for r in probable:
            lines.append(f"| {r['level']} | {r['precision']:.4f} | {r['record_linkable_pairs']:,} | "
                         f"{r['record_linkable_recall']:.4f} | {r['record_linkable_f1']:.4f} |")
    return "\n".join(lines)


def thresholds_arg(text: str) -> list[float]:
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from None
    if not values or any(not 0.0 <= v <= 1.0 for v in values):
        raise argparse.ArgumentTypeError("thresholds are match probabilities between 0 and 1")
    return sorted(set(values))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duckdb", default=os.environ.get("IDR_DUCKDB_PATH", "identity.duckdb"),
                        help="the built warehouse (default: $IDR_DUCKDB_PATH or identity.duckdb)")
    parser.add_argument("--truth", type=Path, default=Path("data/demo"),
                        help="folder holding truth_identifiers.parquet or .csv (default: data/demo)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--min-f1", type=float, default=None,
                        help="exit 1 when F1 at either strict level is below this")
    parser.add_argument("--thresholds", type=thresholds_arg, default=[],
                        help="comma-separated match probabilities (e.g. 0.5,0.8,0.9,0.95,0.99): also score the "
                             f"probable level each would give, from {PAIRS_MODEL}")
    args = parser.parse_args(argv)

    with duckdb.connect(str(args.duckdb), read_only=True) as con:
        truth = fold_case(con, truth_relation(args.truth))
        results = [score(con, truth, level) for level in LEVELS]
        records = find_relation(con, RECORDS_MODEL)
        ceiling = probable_ceiling(con, truth, records) if records is not None else None
        if has_probable_level(con):
            results.append(score(con, truth, "probable", *PROBABLE, record_linkable=ceiling is not None))
            if ceiling is not None:
                results.append(ceiling)
        else:
            print(f"linking_quality: identity_map has no {PROBABLE[0]} column (no probabilistic linking in this "
                  "build): the probable level is not scored", file=sys.stderr)
        if args.thresholds:
            pairs = find_relation(con, PAIRS_MODEL)
            if pairs is None:
                print(f"linking_quality: no {PAIRS_MODEL} in the warehouse: the thresholds are not scored",
                      file=sys.stderr)
            else:
                results += score_thresholds(con, truth, pairs, args.thresholds, record_linkable=ceiling is not None)
    print(markdown(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    if args.min_f1 is not None and any(r["f1"] < args.min_f1 for r in results if r["level"] in LEVELS):
        print(f"linking_quality: F1 below {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""scripts/linking_quality.py on a small hand-made warehouse: the strict levels, the probable level
(identity_map.person_probable_id) and the probable level at several match thresholds (from
int_identity__person_record_pairs), with a deliberately wrong clustering as negative control."""
from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("linking_quality", ROOT / "scripts" / "linking_quality.py")
lq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lq)

# Three true persons. P1 holds an account, an e-mail and a loyalty card that share no identifier
# (two strict persons S1, S2: only their details link them); P2 an account and an e-mail (S3);
# P3 a loyalty card (S4). The pair model scores S1-S2 at 0.97 (right) and S3-S4 at 0.6 (wrong).
TRUTH = [  # identifier_type, identifier_value, person_key, persona_key, device_key
    ("email", "a1@example.com", "P1", "P1-1", None),
    ("account_id", "acc_0000001", "P1", "P1-1", None),
    ("loyalty_number", "4000000001", "P1", None, None),
    ("email", "b1@example.com", "P2", "P2-1", None),
    ("account_id", "acc_0000002", "P2", "P2-1", None),
    ("loyalty_number", "4000000003", "P3", None, None),
]
MAP = [  # identifier_type, identifier_value, node, persona_id, person_id, person_probable_id
    ("email", "a1@example.com", "n1", "PA1", "S1", "PR1"),
    ("account_id", "acc_0000001", "n2", "PA1", "S1", "PR1"),
    ("loyalty_number", "4000000001", "n3", None, "S2", "PR1"),
    ("email", "b1@example.com", "n4", "PA2", "S3", "PR3"),
    ("account_id", "acc_0000002", "n5", "PA2", "S3", "PR3"),
    ("loyalty_number", "4000000003", "n6", None, "S4", "PR4"),
]
EVIDENCE = [("n1", "n2"), ("n4", "n5")]
# (strict person a, b, match probability, refused by the household rules)
PAIRS = [("S1", "S2", 0.97, False), ("S3", "S4", 0.6, False), ("S1", "S1", 0.999, False),
         # P1's card and P2's account score 0.99 but the household rules refuse the pair
         ("S2", "S3", 0.99, True)]


def warehouse(path: Path, probable=True, pairs=True, probable_ids=None, truth=TRUTH, map_rows=MAP,
              records=None, refused_column=True) -> Path:
    """records: (person_id, first_name, last_name) rows of int_identity__person_records, or None
    for no such model (no probable ceiling). refused_column: the pair model has
    is_household_refused (False: a model from before it existed)."""
    db = path / "w.duckdb"
    truth_dir = path / "truth"
    truth_dir.mkdir(parents=True)
    with open(truth_dir / "truth_identifiers.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["identifier_type", "identifier_value", "person_key", "persona_key", "device_key"])
        w.writerows(truth)
    con = duckdb.connect(str(db))
    con.execute("create schema main_marts")
    con.execute("create schema main_intermediate")
    probable_col = ", person_probable_id varchar" if probable else ""
    con.execute("create table main_marts.identity_map (identifier_type varchar, identifier_value varchar, "
                f"persona_id varchar, person_id varchar{probable_col})")
    for k, (itype, value, node, persona, person, prob) in enumerate(map_rows):
        prob = probable_ids[k] if probable_ids else prob
        row = [itype, value, persona, person] + ([prob] if probable else [])
        con.execute(f"insert into main_marts.identity_map values ({', '.join('?' * len(row))})", row)
    con.execute("create table main_intermediate.int_identity__identifier_values as "
                "select * from (values " + ", ".join(f"('{t}', '{v}', '{n}')" for t, v, n, *_ in map_rows)
                + ") as v(identifier_type, identifier_value, node)")
    con.execute("create table main_intermediate.int_identity__identifiers as "
                "select node, identifier_type from main_intermediate.int_identity__identifier_values")
    con.execute("create table main_intermediate.int_identity__evidence (node_a varchar, node_b varchar)")
    con.executemany("insert into main_intermediate.int_identity__evidence values (?, ?)", EVIDENCE)
    if records is not None:
        con.execute("create table main_intermediate.int_identity__person_records "
                    "(person_id varchar, first_name varchar, last_name varchar)")
        con.executemany("insert into main_intermediate.int_identity__person_records values (?, ?, ?)", records)
    if pairs:
        refused = ", is_household_refused boolean" if refused_column else ""
        con.execute("create table main_intermediate.int_identity__person_record_pairs "
                    "(record_key_a varchar, record_key_b varchar, person_id_a varchar, person_id_b varchar, "
                    f"match_probability double{refused})")
        rows = [(f"r{k}a", f"r{k}b", a, b, p) + ((no,) if refused_column else ())
                for k, (a, b, p, no) in enumerate(PAIRS)]
        con.executemany("insert into main_intermediate.int_identity__person_record_pairs values "
                        f"({', '.join('?' * len(rows[0]))})", rows)
    con.close()
    return path


def run(path: Path, *extra: str) -> dict[str, dict]:
    out = path / "figures.json"
    assert lq.main(["--duckdb", str(path / "w.duckdb"), "--truth", str(path / "truth"), "--json", str(out),
                    *extra]) == 0
    return {r["level"]: r for r in json.loads(out.read_text())}


def test_strict_and_probable_levels(tmp_path):
    r = run(warehouse(tmp_path))
    assert set(r) == {"persona", "person", "probable"}
    person, probable = r["person"], r["probable"]
    # true person pairs: 3 of P1 + 1 of P2; the strict level finds the two inside S1 and S3
    assert (person["true_pairs"], person["predicted_pairs"], person["true_positive_pairs"]) == (4, 2, 2)
    assert person["precision"] == 1.0 and person["recall"] == 0.5
    # the probable level joins S1 and S2: every true pair, no false one
    assert (probable["predicted_pairs"], probable["true_positive_pairs"]) == (4, 4)
    assert probable["f1"] == 1.0 and probable["split_clusters"] == 0 and probable["overmerged_clusters"] == 0


def test_thresholds(tmp_path):
    r = run(warehouse(tmp_path), "--thresholds", "0.5,0.95,0.99")
    low, mid, high = r["probable@0.5"], r["probable@0.95"], r["probable@0.99"]
    # 0.5 also takes the wrong S3-S4 pair: 6 predicted pairs, 4 right
    assert (low["predicted_pairs"], low["true_positive_pairs"], low["joining_pairs"]) == (6, 4, 2)
    assert low["precision"] == pytest.approx(4 / 6) and low["overmerged_clusters"] == 1
    assert mid["precision"] == 1.0 and mid["recall"] == 1.0 and mid["joining_pairs"] == 1
    # nothing scores 0.99 between two strict persons (a pair inside one person joins nothing)
    assert high["recall"] == r["person"]["recall"] and high["joining_pairs"] == 0
    assert low["f1"] < mid["f1"]


def test_thresholds_apply_the_household_rules(tmp_path):
    """The refused S2-S3 pair (0.99) joins nothing at any threshold, as in the probable level
    itself; control: a pair model without is_household_refused joins it."""
    r = run(warehouse(tmp_path / "rules"), "--thresholds", "0.95,0.99")
    assert r["probable@0.95"]["joining_pairs"] == 1 and r["probable@0.95"]["precision"] == 1.0
    assert r["probable@0.99"]["joining_pairs"] == 0
    old = run(warehouse(tmp_path / "old", refused_column=False), "--thresholds", "0.95,0.99")
    assert old["probable@0.99"]["joining_pairs"] == 1
    assert old["probable@0.95"]["joining_pairs"] == 2 and old["probable@0.95"]["precision"] < 1.0


def test_wrong_clustering_scores_lower(tmp_path):
    """Negative control: a probable level that fuses everyone, and one that splits everything."""
    right = run(warehouse(tmp_path / "right"))["probable"]
    fused = run(warehouse(tmp_path / "fused", probable_ids=["X"] * len(MAP)))["probable"]
    split = run(warehouse(tmp_path / "split", probable_ids=[f"X{k}" for k in range(len(MAP))]))["probable"]
    assert fused["precision"] < right["precision"] and fused["f1"] < right["f1"]
    assert fused["overmerged_clusters"] == 1
    assert split["recall"] == 0.0 and split["f1"] < right["f1"] and split["split_clusters"] == 2


def test_without_probable_column_or_pair_model(tmp_path, capsys):
    r = run(warehouse(tmp_path, probable=False, pairs=False), "--thresholds", "0.9")
    assert set(r) == {"persona", "person"}
    err = capsys.readouterr().err
    assert "no person_probable_id column" in err
    assert "no int_identity__person_record_pairs" in err


# The probable ceiling. P1 holds an account and an e-mail (strict person S1), a loyalty card (S2) and
# a cookie that never logged in (S5, no person record); P2 an account and an e-mail (S3) and a
# loyalty card whose record carries no name (S6); P3 a loyalty card (S4). The probable level
# joins S1-S2 (right) and S3-S4 (wrong).
CEILING_TRUTH = TRUTH + [("cookie_id", "ck_1", "P1", None, "D1"), ("loyalty_number", "4000000002", "P2", None, None),
                         ("email", "b2@example.com", "P2", "P2-2", None), ("email", "b3@example.com", "P2", "P2-2", None)]
CEILING_MAP = MAP[:5] + [
    ("loyalty_number", "4000000003", "n6", None, "S4", "PR3"),
    ("cookie_id", "ck_1", "n7", "PA1", "S5", "PR5"),
    ("loyalty_number", "4000000002", "n8", None, "S6", "PR6"),
    # two e-mails of P2 the marts leave unresolved: singletons, never a pair
    ("email", "b2@example.com", "n9", None, None, None),
    ("email", "b3@example.com", "n10", None, None, None),
]
CEILING_RECORDS = [("S1", "pat", "okonkwo"), ("S2", "okonkwo", "pat"), ("S3", "ngozi", None),
                   ("S4", "tom", "baker"), ("S6", None, None)]


def test_probable_ceiling(tmp_path):
    r = run(warehouse(tmp_path, map_rows=CEILING_MAP, truth=CEILING_TRUTH, records=CEILING_RECORDS))
    assert list(r) == ["persona", "person", "probable", lq.CEILING]
    ceiling, probable = r[lq.CEILING], r["probable"]
    # true person pairs: 6 of P1 (4 identifiers) + 10 of P2 (5 identifiers, 2 of them unresolved)
    assert ceiling["true_pairs"] == 16
    # a perfect linker joins S1 and S2 (P1: 3 pairs); the cookie (S5, no record) and the nameless
    # card (S6) stay apart: 3 + 1 (S3's own pair) = 4 pairs, none false
    assert (ceiling["predicted_pairs"], ceiling["true_positive_pairs"]) == (4, 4)
    assert ceiling["precision"] == 1.0 and ceiling["recall"] == pytest.approx(4 / 16)
    assert ceiling["f1"] == pytest.approx(2 * (4 / 16) / (1 + 4 / 16))
    assert ceiling["usable_strict_persons"] == 4
    # the probable level finds all 4 record-linkable pairs, and 2 false ones (S3-S4)
    assert (probable["predicted_pairs"], probable["true_positive_pairs"]) == (6, 4)
    # the record-linkable pairs are exactly the ceiling's (the unresolved e-mails are no pair)
    assert (probable["record_linkable_pairs"], probable["record_linkable_found"]) == (4, 4)
    assert probable["record_linkable_recall"] == 1.0
    assert probable["record_linkable_f1"] == pytest.approx(2 * (4 / 6) / (4 / 6 + 1))


def test_probable_ceiling_follows_the_records(tmp_path):
    """Control: give the nameless card a name and the ceiling joins it to P2's account (2 more
    pairs, which the probable level misses); without the records model there is no ceiling."""
    named = [row if row[0] != "S6" else ("S6", "ngozi", "okonkwo") for row in CEILING_RECORDS]
    r = run(warehouse(tmp_path / "named", map_rows=CEILING_MAP, truth=CEILING_TRUTH, records=named))
    assert r[lq.CEILING]["true_positive_pairs"] == 6 and r[lq.CEILING]["precision"] == 1.0
    assert (r["probable"]["record_linkable_pairs"], r["probable"]["record_linkable_found"]) == (6, 4)
    none = run(warehouse(tmp_path / "none", map_rows=CEILING_MAP, truth=CEILING_TRUTH))
    assert lq.CEILING not in none and "record_linkable_recall" not in none["probable"]


def test_thresholds_must_be_probabilities(tmp_path):
    path = warehouse(tmp_path)
    with pytest.raises(SystemExit):
        lq.main(["--duckdb", str(path / "w.duckdb"), "--truth", str(path / "truth"), "--thresholds", "0.5,1.5"])

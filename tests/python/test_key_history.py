"""Key history survives a crash: a build stopped right after any model that follows the connected
components, then run again, gives the same key aliases as a build that was never interrupted.

Before int_identity__key_history, the aliases came from the keys node_keys had held before it was
rebuilt: a run stopped after node_keys and run again found no change and lost every alias.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

import scenario_data
from conftest import identifier_node, identifier_node_text, run_dbt

ALIASES = "select retired_id, resolution_level, current_id from main_marts.identity_key_aliases order by all"
# A crash after node_keys used to lose every alias; one after key_history is the other place a
# half-written history could show. (Stopping earlier leaves node_keys as it was: nothing to lose.)
CRASH_POINTS = ["int_identity__node_keys", "int_identity__key_history"]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """The scenario business built once; then a batch in which Kim gets the consultant's 2FA phone
    (her person merges into Carla's, whose older key survives), built without interruption."""
    root = tmp_path_factory.mktemp("key_history")
    base = scenario_data.build()
    raw = base.write(root / "raw")
    first = run_dbt(["build", "--exclude-resource-type", "test"], root / "base", raw)
    saved = root / "base_warehouse.duckdb"
    shutil.copy(first.db_path, saved)

    grown = scenario_data.build()
    grown.contact("acc_kim", "phone", "+1 (415) 555-0140", added_by="two_factor", added_at="2026-11-20T10:00:00Z")
    extra = scenario_data.Tables()
    extra.rows = {t: rows[len(base.rows[t]):] for t, rows in grown.rows.items()}
    extra.write(root / "batch")
    (raw / "crm_contact_points").mkdir()
    shutil.copy(root / "batch" / "crm_contact_points.csv", raw / "crm_contact_points" / "batch_0001.csv")

    uninterrupted = run_dbt(["run"], root / "base", raw)
    return {"root": root, "raw": raw, "saved": saved, "aliases": uninterrupted.query(ALIASES)}


def test_uninterrupted_run_retires_kims_key(history):
    assert any(level == "person" for _, level, _ in history["aliases"])


@pytest.mark.parametrize("crash_after", CRASH_POINTS)
def test_a_run_stopped_after_a_model_loses_no_alias(history, crash_after):
    workdir = history["root"] / f"crash_{crash_after}"
    workdir.mkdir()
    shutil.copy(history["saved"], workdir / "warehouse.duckdb")
    # The run that stops: everything up to and including the model, nothing after it.
    run_dbt(["run", "--select", f"+{crash_after}"], workdir, history["raw"])
    again = run_dbt(["run"], workdir, history["raw"])
    assert again.query(ALIASES) == history["aliases"]


def as_built_before_128_bit_nodes(db_path):
    """Turn a warehouse into one built before December 2026: the key history and the evidence hold
    each node as its text ('<type>:<keyed SHA-256>'), the text the 128-bit node is the md5 of."""
    with duckdb.connect(str(db_path)) as con:
        values = con.execute("select identifier_type, identifier_value, node "
                             "from main_intermediate.int_identity__identifier_values").fetchall()
        texts = {node: identifier_node_text(t, v) for t, v, node in values}
        assert all(identifier_node(t, v) == node for t, v, node in values)
        con.execute("create temporary table node_texts (node uuid, node_text varchar)")
        con.executemany("insert into node_texts values (?, ?)", list(texts.items()))
        for table, columns in (("int_identity__key_history", ["node"]), ("int_identity__evidence", ["node_a", "node_b"])):
            relation = f"main_intermediate.{table}"
            order = [c for (c,) in con.execute(f"select column_name from duckdb_columns() where schema_name = "
                                               f"'main_intermediate' and table_name = '{table}' order by column_index").fetchall()]
            joins = " ".join(f"left join node_texts as t_{c} on old.{c} = t_{c}.node" for c in columns)
            select = ", ".join(f"t_{c}.node_text as {c}" if c in columns else f"old.{c}" for c in order)
            con.execute(f"create table {relation}__text as select {select} from {relation} as old {joins}")
            assert con.execute(f"select count(*) from {relation}__text where {columns[0]} is null").fetchone()[0] == 0
            con.execute(f"drop table {relation}")
            con.execute(f"alter table {relation}__text rename to {table}")


def test_a_warehouse_built_with_text_nodes_keeps_its_key_history(history):
    """Nodes became 128 bits (December 2026). A warehouse built before, given the batch, refuses to
    run incrementally and names the full refresh; the full refresh rewrites the key history with the
    new nodes (migrate_node_keys) and gives the aliases of the run that never changed its nodes.
    Without the rewrite the history holds no node of today's graph and Kim's retired key is lost."""
    workdir = history["root"] / "text_nodes"
    workdir.mkdir()
    shutil.copy(history["saved"], workdir / "warehouse.duckdb")
    as_built_before_128_bit_nodes(workdir / "warehouse.duckdb")
    refused = run_dbt(["run"], workdir, history["raw"], check=False)
    assert refused.returncode != 0 and "dbt build --full-refresh" in refused.output
    # The key history is rewritten at the start of the first run, refused or not, and only once.
    assert "int_identity__key_history rewritten with 128-bit nodes" in refused.output
    migrated = run_dbt(["run", "--full-refresh"], workdir, history["raw"])
    assert "rewritten with 128-bit nodes" not in migrated.output
    assert migrated.scalar("select count(*) from main_intermediate.int_identity__key_history "
                           "where node not in (select node from main_intermediate.int_identity__node_keys)") == 0
    assert migrated.query(ALIASES) == history["aliases"]

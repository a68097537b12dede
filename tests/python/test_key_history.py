"""Key history survives a crash: a build stopped right after any model that follows the connected
components, then run again, gives the same key aliases as a build that was never interrupted.

Before int_identity__key_history, the aliases came from the keys node_keys had held before it was
rebuilt: a run stopped after node_keys and run again found no change and lost every alias.
"""

from __future__ import annotations

import shutil

import pytest

import scenario_data
from conftest import run_dbt

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

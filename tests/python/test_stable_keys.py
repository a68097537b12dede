"""Keys are stable: the same input gives the same keys on every build, a component that only
grows keeps its key, and a merge keeps the key of the older side."""

from __future__ import annotations

import pytest

import scenario_data
from conftest import run_dbt

KEYS = "select identifier_type, identifier_value, device_id, persona_id, person_id from main_marts.identity_map"


def grown() -> scenario_data.Tables:
    t = scenario_data.build()
    # Growth only: a new browser logs in to Anne's work account; Joe's office account gets a new
    # order email of the same (business) context.
    t.web(scenario_data.cookie(5001), "login", user_id="acc_anne_work", at="2026-11-20T10:00:00Z")
    t.add("orders", order_id="o_joe_new", ordered_at="2026-11-20T10:00:00Z", account_id="acc_joe_office",
          email="joe.bloggs@initech-supplies.com", channel="web", total_amount="1", currency="USD")
    # A merge: Kim (persona and person of her own) gets the consultant's 2FA phone, late.
    t.contact("acc_kim", "phone", "+1 (415) 555-0140", added_by="two_factor", added_at="2026-11-20T10:00:00Z")
    return t


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("rebuilt")
    return run_dbt(["build"], workdir, scenario_data.write(workdir / "raw"))


@pytest.fixture(scope="module")
def grown_build(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("grown")
    return run_dbt(["build"], workdir, grown().write(workdir / "raw"))


def test_same_input_same_keys(scenario_build, rebuilt):
    first = sorted(scenario_build.query(KEYS))
    assert len(first) > 50
    assert sorted(rebuilt.query(KEYS)) == first


def test_growing_components_keep_their_keys(scenario_build, grown_build):
    before = {(t, v): (d, pa, pe) for t, v, d, pa, pe in scenario_build.query(KEYS)}
    after = {(t, v): (d, pa, pe) for t, v, d, pa, pe in grown_build.query(KEYS)}
    # The new identifiers joined the existing personas...
    anne = before[("account_id", "acc_anne_work")]
    assert after[("anonymous_id", scenario_data.cookie(5001))][1] == anne[1]
    joe = before[("account_id", "acc_joe_office")]
    assert after[("email", "joe.bloggs@initech-supplies.com")][1] == joe[1]
    # ...and every identifier outside the merge below kept device, persona and person keys.
    kim_and_carla = {before[("account_id", a)][2] for a in
                     ("acc_kim", "acc_carla_client1", "acc_carla_client2", "acc_carla_client3")}
    changed = [k for k, v in before.items() if after.get(k) != v and v[2] not in kim_and_carla]
    assert changed == []


def test_a_merge_keeps_the_older_key(scenario_build, grown_build):
    before = dict(((t, v), pe) for t, v, _, _, pe in scenario_build.query(KEYS))
    after = dict(((t, v), pe) for t, v, _, _, pe in grown_build.query(KEYS))
    carla, kim = before[("account_id", "acc_carla_client1")], before[("account_id", "acc_kim")]
    assert carla != kim
    merged = after[("account_id", "acc_kim")]
    assert merged == after[("account_id", "acc_carla_client1")]
    # Carla's accounts are older than Kim's (2024 against 2025), so her person key survives.
    assert merged == carla

"""Browser-free: the figures the dashboard shows (Streamlit AppTest) equal the marts, queried here
independently; a warehouse whose marts differ makes the same check fail (negative control)."""

from __future__ import annotations

import re
import shutil

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import MARTS, ROOT
from masking import mask

APP = str(ROOT / "dashboard" / "app.py")


def run_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    # No stray "magic" output (an expression statement's value written to the page as help text).
    assert not at.get("help") and not at.get("doc_string")
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first st.table that has this column (index reset)."""
    for table in at.table:
        frame = table.value.reset_index()
        if column in frame.columns:
            return frame
    raise AssertionError(f"no table with column {column}")


def check_quality_page(at: AppTest, warehouse) -> None:
    """Every figure of the quality page against the marts, queried here."""
    shown = metrics(at)
    for label, mart in (("Persons", "dim_persons"), ("Personas", "dim_personas"), ("Devices", "dim_devices")):
        expected = warehouse.scalar(f"select count(*) from {MARTS}.{mart}")
        assert shown[label] == f"{expected:,}", (label, shown[label], expected)
    rates = table_with(at, "person_match_pct").set_index("identifier_type")
    expected_rates = warehouse.query(
        "select identifier_type, count(*), "
        "round(100.0 * count(persona_id) / count(*), 1), round(100.0 * count(person_id) / count(*), 1) "
        f"from {MARTS}.identity_map group by 1")
    assert len(rates) == len(expected_rates) > 0
    for identifier_type, n, persona_pct, person_pct in expected_rates:
        row = rates.loc[identifier_type]
        assert (int(row.identifiers), float(row.persona_match_pct), float(row.person_match_pct)) == \
            (n, float(persona_pct), float(person_pct)), identifier_type
    shared = table_with(at, "shared_reason")
    expected_shared = warehouse.query(
        f"select identifier_type, shared_reason, count(*) from {MARTS}.identity_map where is_shared group by 1, 2")
    assert len(expected_shared) > 0
    assert sorted((a, b, int(c)) for a, b, c in shared[["identifier_type", "shared_reason", "identifiers"]].values) \
        == sorted(expected_shared)


def test_quality_page_shows_the_marts(dashboard_env):
    at = run_page("quality")
    check_quality_page(at, dashboard_env)
    # The cluster-size and quarantine tables are those of the latest quality run.
    quarantine = table_with(at, "reason")
    expected = dashboard_env.query(
        f"select dimension, metric_value from {MARTS}.identity_quality_metrics "
        "where metric_name = 'quarantined_rows_by_reason' "
        f"and measured_at = (select max(measured_at) from {MARTS}.identity_quality_metrics)")
    assert len(expected) > 0
    assert sorted(f"{t}:{r}" for t, r in zip(quarantine.source_table, quarantine.reason)) == sorted(d for d, _ in expected)
    assert int(quarantine["rows"].sum()) == int(sum(v for _, v in expected))
    persons_by_size = dashboard_env.scalar(
        f"select sum(metric_value) from {MARTS}.identity_quality_metrics where metric_name = 'clusters_by_size' "
        "and dimension like 'person:%' "
        f"and measured_at = (select max(measured_at) from {MARTS}.identity_quality_metrics)")
    sizes = [t.value for t in at.table if t.value.index.name == "size"]
    assert len(sizes) == 2 and int(sizes[1]["clusters"].sum()) == persons_by_size
    assert any(f"{dashboard_env.scalar(f'select count(distinct run_at) from {MARTS}.identity_run_history')} run(s)"
               in c.value for c in at.caption)


def test_quality_check_fails_on_a_warehouse_that_differs(dashboard_env, tmp_path, monkeypatch):
    """Negative control: the dashboard over a copy missing one person no longer matches the marts."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(dashboard_env.db_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(f"delete from {MARTS}.dim_persons where person_id = (select min(person_id) from {MARTS}.dim_persons)")
    monkeypatch.setenv("IDR_DUCKDB_PATH", str(copy))
    at = run_page("quality")
    with pytest.raises(AssertionError, match="Persons"):
        check_quality_page(at, dashboard_env)


def test_use_cases_page_shows_audiences_levels_and_routing(dashboard_env):
    at = run_page("use_cases")
    overview = table_with(at, "audience").set_index("mart")
    marts = dashboard_env.query(
        f"select mart_name, resolution_level, routing_policy from {MARTS}.published_marts where mart_kind = 'use_case'")
    assert sorted(overview.index) == sorted(m for m, _, _ in marts) and len(marts) == 6
    keys = {"persona": "persona_id", "person": "person_id", "device": "device_id"}
    manifest = __import__("json").loads((dashboard_env.target_path / "manifest.json").read_text())
    descriptions = {n["name"]: n["description"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    for mart, level, routing in marts:
        key = keys[re.match("[a-z]+", level).group(0)]
        n_rows, n_members = dashboard_env.query(f"select count(*), count(distinct {key}) from {MARTS}.{mart}")[0]
        assert (overview.loc[mart, "rows"], overview.loc[mart, "audience"]) == (n_rows, n_members), mart
        # Level and routing are the ones written in the mart's model description, shown as written.
        assert overview.loc[mart, "level"] == level and overview.loc[mart, "routing"] == routing
        assert f"**Routing:** {routing}" in " ".join(descriptions[mart].split())
    # Samples mask identifier values: no email of the reminders mart appears in clear.
    emails = [r[0] for r in dashboard_env.query(f"select email from {MARTS}.booking_guest_reminders")]
    shown = " ".join(t.value.to_string() for t in at.table)
    assert emails and not any(e in shown for e in emails)
    assert "***@" in shown


def parse_run_operation(output: str) -> dict[str, list[tuple]]:
    """explain_identity's printed chains: level -> [(from, kind, source, level, records, to)]."""
    chains, level = {}, None
    for line in output.splitlines():
        head = re.match(r"^(persona|person): (together|apart)", line)
        if head:
            level = head.group(1)
            chains[level] = [] if head.group(2) == "together" else "apart"
            continue
        step = re.match(r"^\s+(\S+)\s+--\[(\w+) \((\w+), (\w+) level, (\d+) records\)\]-->\s+(\S+)$", line)
        if step and level:
            chains[level].append((step[1], step[2], step[3], step[4], int(step[5]), step[6]))
    return chains


@pytest.mark.parametrize("a, b", [
    (("account_id", "acc_anne_work"), ("email", "anne.s@gmail.com")),
    (("account_id", "acc_joe_office"), ("account_id", "acc_joe_side")),
])
def test_explorer_gives_the_same_chain_as_explain_identity(dashboard_env, a, b):
    import warehouse as dashboard_warehouse

    proc = dashboard_env.dbt("run-operation", "explain_identity", "--args",
                             f'{{a: "{a[0]}:{a[1]}", b: "{b[0]}:{b[1]}"}}')
    expected = parse_run_operation(proc.stdout)
    assert expected.get("person") and expected["person"] != "apart", proc.stdout[-2000:]
    answer = dashboard_warehouse.explain(dashboard_warehouse.side(*a), dashboard_warehouse.side(*b))
    got = {level: chain if chain == "apart" else [
        (s["from"], s["link_kind"], s["source_table"], s["merged_at_level"], int(s["n_records"]), s["to"])
        for s in chain] for level, chain in answer["chains"].items()}
    assert got == expected

    # The page shows that chain: link kinds, sources and confidences, values masked.
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = "explorer"
    at.run()
    at.selectbox[0].select(a[0])
    at.text_input[0].input(a[1])
    at.run()
    labels = at.selectbox[1].options
    target = next(i for i, label in enumerate(labels) if label.startswith(b[0] + ":") and
                  label == f"{b[0]}:{mask(b[1])}")
    at.selectbox[1].select_index(target)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    steps = table_with(at, "link_kind")
    assert list(steps.link_kind) == [s[1] for s in expected["person"]]
    assert list(steps.source_table) == [s[2] for s in expected["person"]]
    confidences = {kind: conf for kind, conf in dashboard_env.query(
        f"select link_kind, confidence from {MARTS}.fct_identity_links")}
    assert list(steps.confidence) == [pytest.approx(confidences[k]) for k in steps.link_kind]
    shown_metrics = metrics(at)
    person = dashboard_env.scalar(f"select person_id from {MARTS}.identity_map where identifier_type = ? "
                                  "and identifier_value = ?", list(a))
    assert shown_metrics["Identifiers in its person"] == str(dashboard_env.scalar(
        f"select count(*) from {MARTS}.identity_map where person_id = ?", [person]))
    assert a[1] not in " ".join(t.value.to_string() for t in at.table)


def explore(identifier_type: str, value: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["page"] = "explorer"
    at.run()
    at.selectbox[0].select(identifier_type)
    at.text_input[0].input(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_explorer_on_shared_and_unknown_identifiers(dashboard_env):
    identifier_type, value, reason = dashboard_env.query(
        f"select identifier_type, identifier_value, shared_reason from {MARTS}.identity_map "
        "where is_shared and person_id is null order by 1, 2 limit 1")[0]
    at = explore(identifier_type, value)
    assert any(reason in w.value for w in at.warning)
    assert metrics(at)["Identifiers in its person"] == "0"
    assert not any("Evidence chain" == h.value for h in at.subheader)
    unknown = explore("email", "nobody@nowhere.invalid")
    assert any("Not in identity_map" in w.value for w in unknown.warning)
    assert not unknown.metric

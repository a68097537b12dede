"""Keyed pseudonyms: the key of the identity graph's hash lives in the warehouse only (docs/privacy.md)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, TEST_HASH_KEY, identifier_node, run_dbt

KEY_TABLE = "main_private.identity_hash_key"


def files_holding(text: str, *folders: Path) -> list[Path]:
    """Every file under the folders whose bytes contain text."""
    needle = text.encode()
    return [path for folder in folders for path in folder.rglob("*")
            if path.is_file() and needle in path.read_bytes()]


def repository_files() -> list[Path]:
    skip = {".venv", ".git", "target", "logs", "data", "dbt_packages", "__pycache__", ".pytest_cache"}
    return [path for path in ROOT.rglob("*")
            if path.is_file() and not skip.intersection(path.relative_to(ROOT).parts)]


def test_the_key_never_leaves_the_warehouse(scenario_build, tmp_path):
    key = scenario_build.scalar(f"select hash_key from {KEY_TABLE}")
    assert key == TEST_HASH_KEY and "'" in key
    workdir = scenario_build.db_path.parent
    folders = [scenario_build.target_path, workdir / "logs"]
    assert list((workdir / "logs").glob("*.log")), "no dbt log to search"
    assert not files_holding(key, *folders)
    assert key not in scenario_build.output
    assert not [path for path in repository_files() if key.encode() in path.read_bytes()
                and path.name != "conftest.py"]
    # Negative control: the same search finds the key once a file holds it.
    leaked = scenario_build.target_path / "leak_check.txt"
    leaked.write_text(f"x {key} x")
    try:
        assert files_holding(key, *folders) == [leaked]
    finally:
        leaked.unlink()
    # The hashing SQL names the key table, not the key.
    compiled = next(scenario_build.target_path.rglob("int_identity__record_identifiers.sql")).read_text()
    assert "identity_hash_key" in compiled and "sha256" in compiled


def test_nodes_are_sha256_over_the_key_and_the_value(scenario_build):
    rows = scenario_build.query(
        "select identifier_type, identifier_value, node from main_intermediate.int_identity__identifier_values")
    assert len(rows) > 20

    # 128 bits: the md5 of '<type>:' + SHA-256 over the key and the value (conftest.identifier_node).
    assert all(stored == identifier_node(t, v, TEST_HASH_KEY) for t, v, stored in rows)
    # Negative control: another key gives other nodes; no hash of the bare value is the node.
    assert not any(stored == identifier_node(t, v, "another key of 32 characters ......") for t, v, stored in rows)
    assert not any(stored.hex in (hashlib.md5(v.encode()).hexdigest(), hashlib.md5(f"{t}:{v}".encode()).hexdigest(),
                                  hashlib.sha256(v.encode()).hexdigest()[:32])
                   for t, v, stored in rows)


def test_a_new_warehouse_creates_its_own_key_and_says_so(tmp_path):
    import scenario_data

    raw = scenario_data.write(tmp_path / "raw")
    keys = []
    for name in ("one", "two"):
        build = run_dbt(["seed"], tmp_path / name, raw, hash_key=None)
        assert "so this run created a random one inside the warehouse" in build.output
        keys.append(build.scalar(f"select hash_key from {KEY_TABLE}"))
        assert build.scalar(f"select count(*) from {KEY_TABLE}") == 1
        assert keys[-1] not in build.output and not files_holding(keys[-1], build.target_path, tmp_path / name / "logs")
        # A second run keeps the key and says nothing.
        again = run_dbt(["seed"], tmp_path / name, raw, hash_key=None)
        assert "created a random one" not in again.output
        assert again.scalar(f"select hash_key from {KEY_TABLE}") == keys[-1]
    assert all(len(key) == 64 and set(key) <= set("0123456789abcdef") for key in keys)
    assert keys[0] != keys[1]


def test_bad_keys_and_the_retired_var_are_clear_errors(tmp_path):
    import scenario_data

    raw = scenario_data.write(tmp_path / "raw")
    secret = "my-own-secret-key-that-must-not-be-printed-0123456789"
    build = run_dbt(["seed"], tmp_path / "var", raw, {"identity_hash_key": secret}, check=False)
    assert build.returncode != 0 and "var identity_hash_key is no longer read" in build.output
    # dbt itself writes --vars into dbt.log (the reason a key cannot be a var); the error does not.
    assert secret not in build.output
    short = run_dbt(["seed"], tmp_path / "short", raw, check=False, hash_key="too short")
    assert short.returncode != 0 and "shorter than 32 characters" in short.output
    two = tmp_path / "two"
    ok = run_dbt(["seed"], two, raw)
    assert ok.returncode == 0
    with duckdb.connect(str(ok.db_path)) as con:
        con.execute(f"insert into {KEY_TABLE} values (?)", [TEST_HASH_KEY + "x"])
    again = run_dbt(["seed"], two, raw, check=False)
    assert again.returncode != 0 and "holds 2 rows" in again.output


def test_tables_built_before_the_keyed_hash_ask_for_a_full_refresh(scenario_build, tmp_path):
    """A warehouse of project version 0.1.0 has incremental tables and no key table."""
    import scenario_data

    workdir = tmp_path / "old"
    workdir.mkdir()
    shutil.copy(scenario_build.db_path, workdir / "warehouse.duckdb")
    raw = scenario_data.write(tmp_path / "raw")
    # Negative control: with its key the warehouse runs on.
    assert run_dbt(["seed"], workdir, raw).returncode == 0
    with duckdb.connect(str(workdir / "warehouse.duckdb")) as con:
        con.execute(f"drop table {KEY_TABLE}")
    failed = run_dbt(["seed"], workdir, raw, check=False)
    assert failed.returncode != 0
    assert "predates the keyed hashing of project version 0.2.0" in failed.output
    assert "--full-refresh" in failed.output
    assert run_dbt(["seed", "--full-refresh"], workdir, raw, hash_key=None).returncode == 0


def test_the_project_holds_no_default_key():
    project = (ROOT / "dbt_project.yml").read_text()
    assert "identity_hash_key:" not in project
    assert "identity-resolution-demo" not in "".join(p.read_text(errors="ignore") for p in repository_files()
                                                    if p.suffix in {".yml", ".sql", ".md", ".py"}
                                                    and p.name != "test_privacy.py")


# --- Erasure: Zed (tests/python/scenario_data.py) asks to be forgotten ------------------------------

ZED_VALUES = {  # identifier type -> normalised value, as the graph hashes it
    "email": "zed.z@gmail.com",
    "account_id": "acc_zed",
    "phone": "+14155550190",
    "anonymous_id": "c0000000-0000-4000-8000-000000001101",
}
ZED_AS_TYPED = ["zed.z@gmail.com", "+1 415 555 0190", "zimmer"]  # searched lowercased
# The suppression record that keeps the request honoured: the request itself and its node.
SUPPRESSION = {("main_staging", "base_privacy__erasure_requests"), ("main_staging", "stg_privacy__erasure_requests"),
               ("main_intermediate", "int_privacy__erased_nodes"), ("main_intermediate", "int_privacy__erased_device_uses")}


def zed_hashes(key: str = TEST_HASH_KEY) -> dict[str, str]:
    """Zed's keyed node pseudonyms as a relation's text shows them (a uuid, lowercase, with dashes)."""
    return {t: str(identifier_node(t, v, key)) for t, v in ZED_VALUES.items()}


def search_warehouse(build, needles: list[str]) -> dict[tuple[str, str, str], set[str]]:
    """For EVERY column of EVERY relation (information_schema): which needles its text holds."""
    hits = {}
    with duckdb.connect(str(build.db_path), read_only=True) as con:
        columns = con.execute("""
            select table_schema, table_name, column_name from information_schema.columns
            order by 1, 2, 3""").fetchall()
        relations = sorted({(s, t) for s, t, _ in columns})
        assert len(relations) > 40, "too few relations to search"
        needle_list = "[" + ", ".join("'" + n.lower().replace("'", "''") + "'" for n in needles) + "]"
        for schema, table in relations:
            for (column,) in [(c,) for s, t, c in columns if (s, t) == (schema, table)]:
                found = con.execute(f"""
                    select distinct needle from "{schema}"."{table}",
                        (select unnest({needle_list}) as needle) as needles
                    where contains(lower(cast("{column}" as varchar)), needle)""").fetchall()
                if found:
                    hits[(schema, table, column)] = {n for (n,) in found}
    return hits


@pytest.fixture(scope="module")
def unpurged_build(tmp_path_factory):
    """Zed's erasure with the purge turned off: the negative control of the search."""
    import scenario_data

    workdir = tmp_path_factory.mktemp("unpurged")
    return run_dbt(["build"], workdir, scenario_data.write(workdir / "raw"), {"erasure_purge": False})


@pytest.fixture(scope="module")
def unerased_build(tmp_path_factory):
    """The same data without Zed's erasure request."""
    import scenario_data

    tables = scenario_data.build()
    tables.rows["erasure_requests"] = []
    workdir = tmp_path_factory.mktemp("unerased")
    return run_dbt(["build"], workdir, tables.write(workdir / "raw"))


def test_no_relation_holds_the_erased_persons_values_or_hashes(scenario_build, unpurged_build, unerased_build):
    needles = list(ZED_VALUES.values()) + ZED_AS_TYPED + list(zed_hashes().values())
    hits = search_warehouse(scenario_build, needles)
    assert {(s, t) for s, t, _ in hits} <= SUPPRESSION, sorted(hits)
    # The suppression list holds Zed's keyed node hashes (the requested email's among them) and
    # nothing of anybody else's: every node in it is one of Zed's.
    suppressed = dict(scenario_build.query("select node, reason from main_intermediate.int_privacy__erased_nodes"))
    assert suppressed[identifier_node("email", ZED_VALUES["email"])] == "requested"
    # Zed's nodes, from the same business built without the request: Zed's person there.
    zed_nodes = {node for (node,) in unerased_build.query('''
        with zed as (
            select person_id from main_marts.identity_map
            where identifier_type = 'account_id' and lower(identifier_value) = 'acc_zed'
        )
        select person_nodes.node
        from main_intermediate.int_identity__person_nodes as person_nodes
        inner join main_intermediate.int_identity__persons as persons
            on person_nodes.graph_node = persons.graph_node
        where persons.person_id = (select person_id from zed)
        union
        select node from main_intermediate.int_identity__node_keys
        where person_id = (select person_id from zed)''')}
    assert len(suppressed) > 1 and set(suppressed) <= zed_nodes
    assert scenario_build.scalar("select count(*) from main_private.erased_values") == 0
    # Negative control: without the purge the same search finds Zed in staging, quarantine,
    # intermediate and incremental state tables (and every value and hash is found somewhere).
    control = search_warehouse(unpurged_build, needles)
    found = {t for _, t, _ in control}
    for table in ("base_crm__accounts", "base_commerce__orders", "quarantined_records", "base_marketing__subscriptions",
                  "int_identity__record_identifiers", "int_identity__evidence",
                  "int_identity__person_components__cc_input", "int_identity__node_keys"):
        assert table in found, table
    found_needles = set().union(*control.values())
    assert found_needles == {n.lower() for n in needles}, set(n.lower() for n in needles) - found_needles


def test_quarantined_copies_typed_another_way_are_purged(scenario_build, unpurged_build):
    query = "select count(*) from main_staging.quarantined_records where lower(raw_record) like ?"
    for needle in ("%zed.z@gmail.com%", "%+1 415 555 0190%"):
        assert unpurged_build.scalar(query, [needle]) >= 1, needle
        assert scenario_build.scalar(query, [needle]) == 0, needle


# (raw texts searched together, held values, the texts found): the purge's raw-text search
# (erasure_raw_condition).
RAW_SEARCH_CASES = [
    (['{"email":"zed.z@x.com"}'], ["zed.z@x.com"], [0]),
    (['{"EMAIL":"Zed.Z@X.COM","n":1}'], ["zed.z@x.com"], [0]),  # the text is lowercased
    (['{"u":"https://x.com/?e=zed.z@x.com&r=2"}'], ["zed.z@x.com"], [0]),
    (['{"phone":"+1 (415) 555-0190"}'], ["+1 (415) 555-0190"], [0]),  # as typed
    (['{"p":"tel:+14155550190"}'], ["+14155550190"], [0]),
    (['{"email":"xzed.z@x.com"}'], ["zed.z@x.com"], []),  # inside someone else's value
    (['{"email":"zed.z@x.community"}'], ["zed.z@x.com"], []),
    # Searched together: 'zed' is the value's rarest run and the first text holds it, but its
    # 'com' is only part of 'community' there. Found texts do not depend on which run keys the search.
    (['{"email":"zed.z@x.community","k":"zed"}', '{"u":"a.com"}', '{"u":"b.com"}', '{"e":"z.x@x.com"}'],
     ["zed.z@x.com"], []),
    (['{"a":"zed","b":"z@x.com"}'], ["zed.z@x.com"], []),  # every part, not the value
    (['{"card":"4242"}'], ["4242"], []),  # under 6 characters: never searched
    (['{"note":"nothing here"}', None], ["zed.z@x.com", "+14155550190"], []),
]


def raw_search_query() -> str:
    """Inline SQL: (case, text) of the texts erasure_raw_condition finds among each case's own held
    values (one select per case; Jinja set blocks carry the SQL, so no quoting)."""
    def literal(text):
        return "null" if text is None else "'" + text.replace("'", "''") + "'"
    parts = []
    for i, (texts, values, _) in enumerate(RAW_SEARCH_CASES):
        rows = ", ".join(f"({j}, cast({literal(text)} as varchar))" for j, text in enumerate(texts))
        held = ", ".join(f"({literal(value)})" for value in values)
        parts.append(
            f"{{% set texts_{i} %}}(select * from (values {rows}) as t (j, raw_text)){{% endset %}}"
            f"{{% set held_{i} %}}(select * from (values {held}) as h (identifier_value)){{% endset %}}"
            f"select {i} as i, case_texts.j from {{{{ texts_{i} }}}} as case_texts where {{{{ "
            f"identity_resolution.erasure_raw_condition('raw_text', texts_{i}, held_{i}) }}}}")
    return "\nunion all\n".join(parts)


def test_the_raw_text_search_finds_whole_values_only(tmp_path):
    """The purge's raw-text search finds a held value written in the text (any case, as typed,
    inside a URL) and not a text that holds it only inside someone else's value or in parts.
    Negative control: a plain substring search (the search before December 2026) finds cases 5, 6
    and 7 as well."""
    show = ["show", "--inline", raw_search_query(), "--limit", "1000", "--output", "json", "--log-format", "json"]
    build = run_dbt(show, tmp_path / "show", None)
    found = None
    for line in build.output.splitlines():
        if line.startswith("{") and '"ShowNode"' in line:
            found = sorted((row["i"], row["j"]) for row in json.loads(json.loads(line)["data"]["preview"]))
    assert found is not None, build.output[-3000:]
    assert found == [(i, j) for i, (_, _, expected) in enumerate(RAW_SEARCH_CASES) for j in expected]
    substring = {i for i, (texts, values, _) in enumerate(RAW_SEARCH_CASES) for text in texts
                 if text is not None and any(len(value) >= 6 and value in text.lower() for value in values)}
    assert sorted(substring - {i for i, _ in found}) == [5, 6, 7]


def test_nothing_leaks_into_logs_or_target(scenario_build):
    workdir = scenario_build.db_path.parent
    for needle in list(ZED_VALUES.values()) + ["+1 415 555 0190", "ZED.Z@gmail.com"]:
        assert not files_holding(needle, scenario_build.target_path, workdir / "logs"), needle
        assert needle not in scenario_build.output


def test_the_other_persons_are_untouched(scenario_build, unerased_build):
    query = """
        select person_id, count(*) from main_marts.identity_map where person_id is not null
        group by person_id order by person_id"""
    erased = unerased_build.query("""
        select distinct person_id from main_marts.identity_map
        where identifier_type = 'email' and identifier_value = 'zed.z@gmail.com'""")
    assert len(erased) == 1
    expected = [row for row in unerased_build.query(query) if row[0] != erased[0][0]]
    assert len(expected) > 5
    assert scenario_build.query(query) == expected
    # Negative control: the build without the request still has Zed.
    assert unerased_build.query(query) != expected


def test_raw_rows_are_staged_quarantined_or_purged(scenario_build):
    """raw = staged + quarantined + purged, table by table, with the purge counted in erasure_log."""
    log = dict(scenario_build.query(
        "select relation_name, sum(n_rows) from main_private.erasure_log group by relation_name"))
    assert log.get("base_crm__accounts") == 1 and log.get("quarantined_records", 0) >= 2
    assert not any(r.isdigit() or "@" in r for r in log)  # names and counts, no value
    results = {r["unique_id"].split(".")[2]: r["status"] for r in scenario_build.results()}
    assert results["assert_raw_rows_are_staged_or_quarantined"] == "pass"


def test_a_later_run_counts_the_purged_rows(scenario_build, tmp_path):
    """The next run reads the same raw files over the purged staging: the purge is its own term."""
    workdir = tmp_path / "again"
    workdir.mkdir()
    shutil.copy(scenario_build.db_path, workdir / "warehouse.duckdb")
    raw = scenario_build.raw_path  # the same files: no new batch
    again = run_dbt(["build"], workdir, raw)
    assert search_warehouse(again, list(ZED_VALUES.values())).keys() <= {
        ("main_staging", t, c) for t in ("base_privacy__erasure_requests", "stg_privacy__erasure_requests")
        for c in ("identifier_value", "raw_record")}
    # Negative control: without the log the accounting test fails.
    with duckdb.connect(str(workdir / "warehouse.duckdb")) as con:
        con.execute("delete from main_private.erasure_log")
    failed = run_dbt(["test", "-s", "assert_raw_rows_are_staged_or_quarantined"], workdir, raw, check=False)
    assert failed.returncode != 0


def test_an_erased_bookers_trip_reminds_none_of_its_guests(tmp_path):
    """Zed (erased) booked his trip with a friend as second guest. The friend is not erased, but the
    booking is Zed's record: no reminder of it, neither in this build nor after the purge. Before,
    the mart was built before the end-of-run purge and kept the friend's row with Zed's booking
    (found by the benchmark's incremental comparison: a later run, after the purge, had no such
    row). Negative control: without the mart's erased-booker filter the row is there (seen)."""
    import scenario_data

    tables = scenario_data.build()
    tables.add("booking_guests", booking_id="bk_zed", guest_no="2", first_name="Pia", last_name="Olsen",
               email="pia.olsen@outlook.com")
    build = run_dbt(["build"], tmp_path / "warehouse", tables.write(tmp_path / "raw"))
    reminders = build.query("select booking_id, guest_no from main_marts.booking_guest_reminders order by all")
    assert ("bk_anne_trip", 1) in reminders  # other bookings keep their reminders
    assert [r for r in reminders if r[0] == "bk_zed"] == []
    # The friend herself is not erased: her email still resolves.
    assert build.scalar("select count(*) from main_marts.identity_map where identifier_value = "
                        "'pia.olsen@outlook.com'") == 1

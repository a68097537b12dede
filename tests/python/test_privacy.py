"""Keyed pseudonyms: the key of the identity graph's hash lives in the warehouse only (docs/privacy.md)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
from conftest import ROOT, TEST_HASH_KEY, run_dbt

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

    def node(identifier_type: str, value: str, key: str) -> str:
        return f"{identifier_type}:" + hashlib.sha256(f"{key}|{value}".encode()).hexdigest()

    assert all(stored == node(t, v, TEST_HASH_KEY) for t, v, stored in rows)
    # Negative control: another key gives other nodes; the bare value's hash is not the node.
    assert not any(stored == node(t, v, "another key of 32 characters ......") for t, v, stored in rows)
    assert not any(stored.split(":", 1)[1] in (hashlib.md5(v.encode()).hexdigest(),
                                               hashlib.sha256(v.encode()).hexdigest())
                   for _, v, stored in rows)


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

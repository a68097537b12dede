"""The benchmark harness's own parts: the floor measurement and the marker-preserving writer.

The harness itself runs for minutes and is never a timed test; these check only that its floor
reads every raw file and that a re-run replaces its own block without losing other sections."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import benchmark  # noqa: E402


def test_floor_reads_every_raw_file(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    con = duckdb.connect()
    con.execute(f"copy (select range as id from range(1000)) to '{raw / 'web_events.parquet'}'")
    (raw / "accounts.csv").write_text("account_id,email\na1,x@example.com\n")
    seconds, rows = benchmark.floor(raw, tmp_path / "work")
    assert seconds > 0
    assert rows == 1001, "every row of every raw file is copied once"
    assert not (tmp_path / "work" / "floor.duckdb").exists(), "the floor's warehouse is removed after timing"


def test_floor_names_an_empty_folder(tmp_path):
    (tmp_path / "raw").mkdir()
    with pytest.raises(SystemExit, match="no raw file"):
        benchmark.floor(tmp_path / "raw", tmp_path / "work")


def test_rerun_replaces_its_block_and_keeps_other_sections(tmp_path):
    out = tmp_path / "benchmarks.md"
    benchmark.write_between_markers(out, ["# Benchmarks", "old figure 637"])
    out.write_text(out.read_text() + "\n## PostgreSQL\n\nwritten by another harness\n")
    benchmark.write_between_markers(out, ["# Benchmarks", "new figure 180"])
    text = out.read_text()
    assert "new figure 180" in text and "old figure 637" not in text
    assert "written by another harness" in text
    assert text.count(benchmark.BEGIN_MARK) == 1 and text.count(benchmark.END_MARK) == 1


def test_first_write_keeps_existing_text(tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text("## Spark\n\nhand-run figures\n")
    benchmark.write_between_markers(out, ["# Benchmarks"])
    assert out.read_text().startswith(benchmark.BEGIN_MARK)
    assert "hand-run figures" in out.read_text()


def test_stages_sum_the_seconds_of_each_folder_and_kind():
    """Models by the folder of their file, tests and seeds by kind; hooks and unknown nodes apart.
    Negative control: a model filed under the wrong stage (seen with the folder index off by one)."""
    manifest = {"nodes": {
        "model.p.a": {"resource_type": "model", "original_file_path": "models/staging/web/a.sql"},
        "model.p.b": {"resource_type": "model", "original_file_path": "models/intermediate/probabilistic/b.sql"},
        "model.p.c": {"resource_type": "model", "original_file_path": "models/intermediate/probabilistic/c.sql"},
        "model.p.d": {"resource_type": "model", "original_file_path": "models/marts/use_cases/d.sql"},
        "test.p.t": {"resource_type": "test", "original_file_path": "models/marts/_m.yml"},
    }}
    results = [{"unique_id": "model.p.a", "execution_time": 1.0}, {"unique_id": "model.p.b", "execution_time": 2.0},
               {"unique_id": "model.p.c", "execution_time": 3.0}, {"unique_id": "model.p.d", "execution_time": 0.5},
               {"unique_id": "test.p.t", "execution_time": 0.25},
               {"unique_id": "operation.p.on-run-end-0", "execution_time": 4.0}]
    assert benchmark.stage_seconds(results, manifest) == {
        "staging": (1, 1.0), "intermediate/probabilistic": (2, 5.0), "marts": (1, 0.5), "tests": (1, 0.25),
        "hooks and other": (1, 4.0)}


def test_the_compared_build_gets_the_same_hashing_key(tmp_path):
    """A full build compared row by row with an incremental one must hash with the same key (each new
    warehouse otherwise makes its own, and every row differs). Negative control: with the key not
    inserted, the new warehouse holds none (seen)."""
    source = tmp_path / "source.duckdb"
    with duckdb.connect(str(source)) as con:
        con.execute("create schema main_private")
        con.execute("create table main_private.identity_hash_key (hash_key varchar not null)")
        con.execute("insert into main_private.identity_hash_key values ('k'' with a quote')")
    benchmark.copy_hash_key(source, tmp_path / "new" / "benchmark.duckdb")
    with duckdb.connect(str(tmp_path / "new" / "benchmark.duckdb"), read_only=True) as con:
        assert con.execute("select * from main_private.identity_hash_key").fetchall() == [("k' with a quote",)]


def test_a_failed_scoring_is_reported_not_raised(tmp_path, capsys):
    """linking_quality.py failing (here: no truth files beside a warehouse without marts) leaves
    the harness's timings standing: the scoring's place says it failed, with its exit code and
    error type only."""
    db = tmp_path / "benchmark.duckdb"
    duckdb.connect(str(db)).close()
    (tmp_path / "raw").mkdir()
    quality = benchmark.score_quality(db, tmp_path / "raw")
    assert quality.startswith("Linking quality not scored: scripts/linking_quality.py exited with 1")
    assert "linking_quality.py failed (exit 1" in capsys.readouterr().err


def test_the_memory_limit_stated_is_the_one_the_build_gets(monkeypatch):
    """The harness states the build's memory limit in its header; unset, that is profiles.yml's
    default for IDR_MEMORY_LIMIT, which this reads from the profile itself (and README states)."""
    root = Path(__file__).resolve().parents[2]
    profile = (root / "profiles.yml").read_text()
    defaults = re.findall(r"memory_limit: \"\{\{ env_var\('IDR_MEMORY_LIMIT', '([^']+)'\) \}\}\"", profile)
    assert len(defaults) == 1, "profiles.yml sets the DuckDB memory limit from IDR_MEMORY_LIMIT once"
    monkeypatch.delenv("IDR_MEMORY_LIMIT", raising=False)
    assert benchmark.engine_settings()["memory_limit"] == defaults[0]
    assert f"| `IDR_MEMORY_LIMIT` | `{defaults[0]}` |" in (root / "README.md").read_text()
    monkeypatch.setenv("IDR_MEMORY_LIMIT", "3GB")
    assert benchmark.engine_settings()["memory_limit"] == "3GB"


def test_output_floor_copies_every_table_the_build_left(tmp_path):
    """Every table of every schema is copied once (views are not tables; the hashing key's schema is
    left out), and the copy is removed after timing. Negative controls (seen): only the first table
    copied gave 3 rows; the key's schema not left out gave 1,004."""
    built = tmp_path / "built.duckdb"
    with duckdb.connect(str(built)) as con:
        con.execute("create schema main_staging; create schema \"main_odd\"\"name\"; create schema main_private")
        con.execute("create table main_staging.events as select range as id, 'x' || range as node from range(1000)")
        con.execute("create table \"main_odd\"\"name\".\"a table\" as select 1 as n union all select 2 union all select 3")
        con.execute("create view main_staging.events_view as select * from main_staging.events")
        con.execute("create table main_private.identity_hash_key as select 'secret' as hash_key")
    seconds, rows = benchmark.output_floor(built, tmp_path / "work")
    assert seconds > 0
    assert rows == 1003, "every table's rows once, the view and the key's schema not at all"
    assert not (tmp_path / "work" / "output_floor.duckdb").exists(), "the copy is removed after timing"
    with duckdb.connect(str(built), read_only=True) as con:
        assert con.execute("select count(*) from main_staging.events").fetchone()[0] == 1000, "the build is left as it was"


def test_output_floor_names_an_empty_warehouse(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(SystemExit, match="no table in the built warehouse"):
        benchmark.output_floor(empty, tmp_path / "work")

"""The benchmark harness's own parts: the floor measurement and the marker-preserving writer.

The harness itself runs for minutes and is never a timed test; these check only that its floor
reads every raw file and that a re-run replaces its own block without losing other sections."""

from __future__ import annotations

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

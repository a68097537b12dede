"""The data-quality gate (scripts/quality_check.py): Great Expectations suites on the warehouse.

Runs on the scenario build of conftest (one dbt build per session): the gate passes on it, and
fails, naming the failing expectations, on a copy with a duplicated identity_map row and a
persona_id missing from dim_personas.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "quality_check.py"


def run_quality(db_path: Path, report_dir: Path, *extra: str, raw: Path | None = None) -> subprocess.CompletedProcess:
    """The gate on a warehouse; raw rows are counted from `raw` (default: the scenario files)."""
    raw = raw or RAW
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--duckdb", str(db_path), "--report-dir", str(report_dir),
         "--raw-data-path", str(raw), *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=240)


RAW: Path | None = None


@pytest.fixture(autouse=True, scope="module")
def _scenario_raw(scenario_build):
    """The raw folder of the scenario build, where the gate counts raw rows."""
    global RAW
    RAW = scenario_build.raw_path


def copy_of(build, tmp_path_factory, name: str) -> Path:
    path = tmp_path_factory.mktemp(name) / "warehouse.duckdb"
    shutil.copyfile(build.db_path, path)
    return path


@pytest.fixture(scope="module")
def broken_copy(scenario_build, tmp_path_factory) -> Path:
    """A copy of the scenario warehouse with one duplicated identity_map row and one persona_id
    that does not exist in dim_personas."""
    path = tmp_path_factory.mktemp("quality_broken") / "warehouse.duckdb"
    shutil.copyfile(scenario_build.db_path, path)
    with duckdb.connect(str(path)) as con:
        con.execute("""
            insert into main_marts.identity_map
            select * from main_marts.identity_map
            where identifier_type = 'email' and persona_id is not null
            order by identifier_value limit 1
        """)
        con.execute("""
            update main_marts.identity_map set persona_id = 'psa_does_not_exist'
            where identifier_type = 'account_id'
              and identifier_value = (
                  select min(identifier_value) from main_marts.identity_map
                  where identifier_type = 'account_id' and persona_id is not null)
        """)
    return path


@pytest.fixture(scope="module")
def mixed_copy(scenario_build, tmp_path_factory) -> Path:
    """A copy of the scenario warehouse where one business email (a client address of the
    consultant) sits in the persona of her personal gmail address."""
    path = tmp_path_factory.mktemp("quality_mixed") / "warehouse.duckdb"
    shutil.copyfile(scenario_build.db_path, path)
    with duckdb.connect(str(path)) as con:
        con.execute("""
            update main_marts.identity_map
            set persona_id = (
                select persona_id from main_marts.identity_map
                where identifier_type = 'email' and identifier_value = 'carla.diaz@gmail.com')
            where identifier_type = 'email' and identifier_value = 'carla@client-1.com'
        """)
    return path


def test_help():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0
    for option in ("--duckdb", "--batch-rows", "--report-dir", "--max-persona-identifiers",
                   "--max-person-personas"):
        assert option in proc.stdout


def test_passes_on_the_scenario_build(scenario_build, tmp_path):
    report = tmp_path / "quality"
    # Small batches, so that the larger tables are validated in several batches.
    proc = run_quality(scenario_build.db_path, report, "--batch-rows", "10")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    for group in ("staging", "raw_accounting", "volume", "identity_marts", "use_case_marts"):
        assert any(line.startswith("PASSED") and f" {group} " in line
                   for line in proc.stdout.splitlines()), output
    index = report / "index.html"
    assert index.is_file()
    assert "Great Expectations" in index.read_text() or "great_expectations" in index.read_text()
    assert list((report / "validations").rglob("*.html")), "no validation pages in Data Docs"

    summary = json.loads((report / "summary.json").read_text())
    assert summary["success"] is True
    suites = {s["name"]: s for s in summary["suites"]}
    assert suites["identity_marts.identity_map"]["n_batches"] > 1
    assert suites["identity_marts.identity_map"]["n_rows"] == scenario_build.scalar(
        "select count(*) from main_marts.identity_map")
    assert sum(s["n_expectations"] for s in summary["suites"]) >= 100


def test_fails_on_broken_data_and_names_the_expectations(broken_copy, tmp_path):
    report = tmp_path / "quality"
    proc = run_quality(broken_copy, report)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "FAILED  identity_marts" in proc.stdout, output
    # Uniqueness of the identifier key and referential integrity to dim_personas, by name.
    assert "identity_map.identifier_type+identifier_value.unique" in proc.stdout, output
    assert "identity_map.persona_id.references_dim_personas" in proc.stdout, output
    # Counts only: the failing identifier values are not printed, nor written to the report.
    assert "violating row(s)" in proc.stdout, output
    assert "psa_does_not_exist" not in output
    for page in report.rglob("*"):
        if page.is_file():
            assert "psa_does_not_exist" not in page.read_text(errors="replace"), page
    assert "Quality gate FAILED" in proc.stdout
    # The other groups are unaffected.
    for group in ("staging", "raw_accounting", "use_case_marts"):
        assert any(line.startswith("PASSED") and f" {group} " in line
                   for line in proc.stdout.splitlines()), output

    summary = json.loads((report / "summary.json").read_text())
    failed = {f["name"] for s in summary["suites"] for f in s["failed"]}
    assert failed == {"identity_map.identifier_type+identifier_value.unique",
                      "identity_map.persona_id.references_dim_personas"}
    assert (report / "index.html").is_file()


def test_releases_the_warehouse_before_returning(scenario_build, tmp_path):
    """In-process: after main() returns, the same process can open the file for writing (DuckDB
    refuses a second connection with another configuration while the read-only one is open)."""
    import quality_check

    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(scenario_build.db_path, path)
    assert quality_check.main(["--duckdb", str(path), "--report-dir", str(tmp_path / "q"),
                               "--raw-data-path", str(scenario_build.raw_path)]) == 0
    with duckdb.connect(str(path)) as con:
        con.execute("create table main_marts.written_after_check as select 1 as x")


def test_missing_warehouse_is_a_usage_error(tmp_path):
    proc = run_quality(tmp_path / "nothing.duckdb", tmp_path / "quality")
    assert proc.returncode == 2
    assert "no DuckDB warehouse" in proc.stderr


def test_fails_on_a_persona_mixing_contexts(mixed_copy, tmp_path):
    # With the typing-slip rule on (the default), a real company address still reads as business.
    report = tmp_path / "quality"
    proc = run_quality(mixed_copy, report)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    summary = json.loads((report / "summary.json").read_text())
    failed = {f["name"] for s in summary["suites"] for f in s["failed"]}
    assert failed == {"identity_map.persona.no_business_and_personal_email"}, proc.stdout
    assert "carla@client-1.com" not in proc.stdout + proc.stderr



def test_raw_accounting_counts_raw_rows_from_the_files(scenario_build, tmp_path_factory, tmp_path):
    """Negative control: a staged row lost from the warehouse (deleted from its base model, which
    the staged view and the old raw count both read) fails raw = staged + quarantined."""
    path = copy_of(scenario_build, tmp_path_factory, "quality_lost_row")
    with duckdb.connect(str(path)) as con:
        con.execute("""delete from main_staging.base_crm__preferences where rowid = (
            select min(rowid) from main_staging.base_crm__preferences where quarantine_reason is null)""")
    report = tmp_path / "quality"
    proc = run_quality(path, report)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    summary = json.loads((report / "summary.json").read_text())
    failed = {f["name"] for s in summary["suites"] for f in s["failed"]}
    assert "preferences.raw_rows.equal_staged_plus_quarantined" in failed, proc.stdout
    # Counted from another folder (the wrong input) it fails too; without any raw input it cannot pass.
    other = tmp_path / "other"
    other.mkdir()
    proc = run_quality(scenario_build.db_path, tmp_path / "q2", raw=other)
    assert proc.returncode == 1 and "raw_rows.equal_staged_plus_quarantined" in proc.stdout


def test_volume_guard_fails_naming_the_table_that_fell(scenario_build, tmp_path_factory, tmp_path):
    path = copy_of(scenario_build, tmp_path_factory, "quality_volume")
    first = run_quality(path, tmp_path / "q1")
    assert first.returncode == 0, first.stdout + first.stderr
    # An emptied input: the subscriptions rows and the marts built from them are gone.
    with duckdb.connect(str(path)) as con:
        n_news = con.execute("select count(*) from main_marts.newsletter_cross_promotion").fetchall()[0][0]
        assert n_news > 0
        con.execute("delete from main_marts.newsletter_cross_promotion")
        con.execute("delete from main_staging.base_web__events where rowid % 4 != 0")
    second = run_quality(path, tmp_path / "q2", "--volume-drop-max-share", "0.5")
    assert second.returncode == 1
    assert "FAILED  volume" in second.stdout, second.stdout
    assert "newsletter_cross_promotion" in second.stdout and "raw:web_events" in second.stdout
    # The guard compares with the previous run: the drop was reported once, and the share is
    # configurable (a looser one lets a 75% fall pass, never a fall to zero).
    with duckdb.connect(str(path)) as con:
        con.execute("delete from main_marts.dim_devices where rowid % 4 != 0")
    third = run_quality(path, tmp_path / "q3", "--volume-drop-max-share", "0.9")
    volume_line = [line for line in third.stdout.splitlines() if " volume " in line]
    assert volume_line and volume_line[0].startswith("PASSED"), third.stdout

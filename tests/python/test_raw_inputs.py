"""Files as they really arrive: a missing table, a header-only table, extra and missing columns,
malformed CSV lines (ragged row, unbalanced quote, mixed line endings, Latin-1 bytes). The run goes
on, names what is missing, quarantines what cannot be parsed with file and line, keeps raw lines
out of the logs, and raw = staged + quarantined holds, counted from the files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

import scenario_data
from conftest import ROOT, run_dbt
from raw_contract import count_table, raw_tables

# A value that only exists in the malformed Latin-1 line: it must never reach a log.
MARKER = "Zo\xeb Malformedname"
MALFORMED_LINES = [
    # (raw bytes, expected reason) appended to web_events.csv, in this order.
    (b"w_ragged,2026-05-01T10:00:00Z", "malformed:missing_columns"),
    ("w_latin,2026-05-01T10:00:00Z,c0000000-0000-4000-8000-000000000999,,page_view,"
     f"https://shop.example.com/?n={MARKER},,,,".encode("latin-1"), "malformed:invalid_encoding"),
    # A Windows line ending in a Unix file: parses (mixed line endings are fine).
    (b"w_crlf,2026-05-01T10:00:00Z,c0000000-0000-4000-8000-000000000998,,page_view,https://shop.example.com/,,,,\r",
     None),
]
# Last: an unbalanced quote swallows the rest of the file into one record.
UNBALANCED = (b'w_quote,2026-05-01T10:00:00Z,"c0000000-0000-4000-8000-000000000997,,page_view,'
              b'https://shop.example.com/,,,,\n')


def break_files(raw: Path) -> int:
    """Applies every fault to a scenario folder; returns the first appended line's number."""
    (raw / "app_events.csv").unlink()
    header = (raw / "subscriptions.csv").read_text().splitlines()[0]
    (raw / "subscriptions.csv").write_text(header + "\n")
    with (raw / "crm_accounts.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    with (raw / "crm_accounts.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([rows[0] + ["favourite_colour"]] + [r + ["blue"] for r in rows[1:]])
    web = raw / "web_events.csv"
    lines = [line for line in web.read_bytes().split(b"\n") if line]
    first = len(lines) + 1
    web.write_bytes(b"\n".join(lines + [line for line, _ in MALFORMED_LINES]) + b"\n" + UNBALANCED)
    return first


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("faulty")
    raw = scenario_data.write(workdir / "raw")
    first_line = break_files(raw)
    build = run_dbt(["build"], workdir, raw, check=False)
    return build, first_line


def test_faulty_files_do_not_abort_the_run(faulty):
    build, _ = faulty
    assert build.returncode == 0, build.output[-3000:]
    statuses = {r["status"] for r in build.results()}
    assert statuses <= {"success", "pass", "no-op"}, statuses


def test_a_missing_table_is_read_as_empty_and_named(faulty):
    build, _ = faulty
    assert "raw table app_events: no app_events.csv nor app_events/*.csv in raw_data_path; read as empty" \
        in build.output
    assert "app_install_prompts" in build.output
    assert build.scalar("select count(*) from main_staging.base_app__events") == 0


def test_a_header_only_table_is_named(faulty):
    build, _ = faulty
    warning = [line for line in build.output.splitlines() if "raw table subscriptions:" in line]
    assert warning and "hold no rows" in warning[0], warning
    assert "job_alert_audience" in warning[0] and "newsletter_cross_promotion" in warning[0]


def test_the_summary_names_the_marts_that_lack_inputs(faulty):
    build, _ = faulty
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "summary.py"), "--duckdb", str(build.db_path),
                          "--run-results", str(build.target_path / "run_results.json")],
                         capture_output=True, text=True, check=True).stdout
    section = out.split("Raw tables without rows")[1].split("\n\n")[0]
    lacking = {line.split()[0]: line for line in section.splitlines()[1:]}
    assert set(lacking) >= {"app_events", "subscriptions"}
    assert "crm_accounts" not in lacking and "web_events" not in lacking
    assert "job_alert_audience, newsletter_cross_promotion" in lacking["subscriptions"]
    assert "app_install_prompts" in lacking["app_events"]


def test_extra_columns_are_ignored(faulty, scenario_build):
    build, _ = faulty
    query = "select account_id, first_name, country from main_staging.stg_crm__accounts order by all"
    assert build.query(query) == scenario_build.query(query)
    assert len(build.query(query)) > 10


def test_malformed_lines_are_quarantined_with_file_and_line(faulty):
    build, first = faulty
    rows = build.query("""
        select source_file, source_line, reason, record_key from main_staging.quarantined_records
        where reason_category = 'malformed' order by source_line""")
    expected = [("web_events.csv", first + i, reason, None)
                for i, (_, reason) in enumerate(MALFORMED_LINES) if reason]
    expected.append(("web_events.csv", first + len(MALFORMED_LINES), "malformed:missing_columns", None))
    assert rows == expected
    # The line with mixed line ending was staged.
    assert build.scalar("select count(*) from main_staging.stg_web__events where event_id = 'w_crlf'") == 1


def test_raw_lines_stay_inside_the_warehouse(faulty):
    build, _ = faulty
    kept = build.scalar("select count(*) from main_staging.quarantined_records where raw_record like '%Malformedname%'")
    assert kept == 1
    for artefact in (build.db_path.parent / "logs" / "dbt.log", build.target_path / "run_results.json"):
        assert artefact.exists(), artefact
        assert "Malformedname" not in artefact.read_text(errors="replace"), artefact
    assert "Malformedname" not in build.output


def test_raw_equals_staged_plus_quarantined_counted_from_the_files(faulty):
    build, _ = faulty
    staged = {}
    for table, contract in raw_tables().items():
        staged[table] = build.scalar(f"select count(*) from main_staging.{contract['staged']}") + build.scalar(
            "select count(*) from main_staging.quarantined_records where source_table = ?", [table])
    from_files = {table: count_table(build.raw_path, table) for table in raw_tables()}
    assert from_files == staged
    assert from_files["web_events"] > 40 and from_files["app_events"] == 0


def test_a_missing_required_column_stops_naming_file_and_column(tmp_path):
    raw = scenario_data.write(tmp_path / "raw")
    with (raw / "crm_accounts.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    drop = rows[0].index("created_at")
    with (raw / "crm_accounts.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([[v for i, v in enumerate(r) if i != drop] for r in rows])
    build = run_dbt(["run", "--select", "base_crm__accounts"], tmp_path, raw, check=False)
    assert build.returncode != 0
    assert "raw table crm_accounts: crm_accounts.csv has no column created_at" in build.output
    # An optional column may be absent.
    drop = rows[0].index("company_name")
    with (raw / "crm_accounts.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([[v for i, v in enumerate(r) if i != drop] for r in rows])
    build = run_dbt(["run", "--select", "base_crm__accounts"], tmp_path, raw)
    assert build.scalar("select count(*) from main_staging.base_crm__accounts where company_name is not null") == 0

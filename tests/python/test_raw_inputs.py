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
    # More fields than the header (10): an eleventh value, a quoted one with a comma, an empty one.
    (b"w_long,2026-05-01T10:00:00Z,c0000000-0000-4000-8000-000000000996,,page_view,https://shop.example.com/,,,,,"
     b"LongRowExtra", "malformed:too_many_columns"),
    (b'w_long_quoted,2026-05-01T10:00:00Z,c0000000-0000-4000-8000-000000000995,,page_view,,,,,,"a,b",c',
     "malformed:too_many_columns"),
    (b"w_long_empty,2026-05-01T10:00:00Z,c0000000-0000-4000-8000-000000000994,,page_view,,,,,,",
     "malformed:too_many_columns"),
]
# Records of a long row's own event ids: none may be staged (their fields were not dropped and read).
LONG_ROWS = ["w_long", "w_long_quoted", "w_long_empty"]
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


HUGE = 1_000_000


def hostile_tables() -> scenario_data.Tables:
    """The scenario business plus hostile values: a NUL byte and a megabyte in a safety preference
    and in a content category, and dates of year 1 and 9999."""
    t = scenario_data.build()
    t.add("preferences", account_id="acc_sam_a", kind="dietary", value="vegan\x00" + "x" * HUGE,
          updated_at="0001-01-01T00:00:00Z")
    for n in range(3):
        t.web(scenario_data.cookie(1003), "page_view", event_id=f"w_huge_{n}",
              properties='{"content_category": "sport\\u0000' + "y" * HUGE + '"}')
    t.web(scenario_data.cookie(1004), "page_view", at="9999-12-31T00:00:00Z", event_id="w_far_future")
    t.web(scenario_data.cookie(1005), "page_view", at="0001-01-01", event_id="w_year_one")
    # Dates out of their plausible range (dbt_project.yml, plausible_date_ranges): optional ones
    # become NULL and are counted, the row stays; just inside the range they are kept.
    for n, born in enumerate(["0001-01-01", "9999-12-31", "2026-11-28", "2026-11-27"]):
        t.add("loyalty_members", loyalty_number=f"LC-09{n:02d}", enrolled_at="2024-08-01T00:00:00Z",
              first_name="Dora", last_name=f"Dates{n}", date_of_birth=born)
    t.web(scenario_data.cookie(1007), "page_view", at="2026-11-28T23:59:59Z", event_id="w_day_after_as_of")
    t.web(scenario_data.cookie(1007), "page_view", at="2026-11-29T00:00:00Z", event_id="w_two_days_after")
    # A quoted value with line breaks: one record over three lines (the line numbers below count them).
    t.web(scenario_data.cookie(1006), "page_view", url="https://shop.example.com/\nsecond\nthird", event_id="w_lines")
    return t


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("faulty")
    raw = hostile_tables().write(workdir / "raw")
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
    # The line with mixed line ending was staged, and the record over three lines.
    assert build.scalar("select count(*) from main_staging.stg_web__events where event_id in ('w_crlf', 'w_lines')") == 2
    # A long row is quarantined whole, never staged with its extra fields dropped.
    assert build.scalar("select count(*) from main_staging.base_web__events where event_id in ('w_long', "
                        "'w_long_quoted', 'w_long_empty')") == 0
    assert build.scalar("select count(*) from main_staging.quarantined_records where reason = "
                        "'malformed:too_many_columns' and raw_record like '%LongRowExtra%'") == 1


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
        # Rows of the erased person (the fixture's erasure request) are purged and counted, never a value.
        staged[table] = build.scalar(f"select count(*) from main_staging.{contract['staged']}") + build.scalar(
            "select count(*) from main_staging.quarantined_records where source_table = ?", [table]) + build.scalar(
            "select coalesce(sum(n_rows), 0) from main_private.erasure_log where relation_name = ?", [contract["base"]])
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


# --------------------------------------------------------------------------------------------
# A warehouse knows its input: batches by path relative to raw_data_path plus a content fingerprint.
# --------------------------------------------------------------------------------------------

def _staged_preferences(build) -> int:
    return build.scalar("select count(*) from main_staging.base_crm__preferences")


def test_a_moved_folder_reads_nothing_twice(tmp_path):
    raw = scenario_data.write(tmp_path / "raw")
    first = run_dbt(["run", "--select", "base_crm__preferences"], tmp_path / "wh", raw)
    moved = tmp_path / "elsewhere" / "raw"
    moved.parent.mkdir()
    raw.rename(moved)
    again = run_dbt(["run", "--select", "base_crm__preferences"], tmp_path / "wh", moved)
    assert _staged_preferences(again) == _staged_preferences(first) > 0
    assert again.query("select distinct _source_file from main_staging.base_crm__preferences") == [
        ("preferences.csv",)]


def test_a_rewritten_batch_or_another_folder_stops_with_the_choices(tmp_path):
    raw = scenario_data.write(tmp_path / "raw")
    run_dbt(["run", "--select", "base_crm__preferences"], tmp_path / "wh", raw)
    with (raw / "preferences.csv").open("a", newline="") as handle:
        csv.writer(handle).writerow(["acc_new", "allergy", "nuts", "2026-11-01T00:00:00Z"])
    stopped = run_dbt(["run", "--select", "base_crm__preferences"], tmp_path / "wh", raw, check=False)
    assert stopped.returncode != 0
    assert "the batch preferences.csv that this warehouse" in stopped.output
    assert "different now (its content changed)" in stopped.output
    assert "IDR_DUCKDB_PATH=" in stopped.output and "--full-refresh" in stopped.output
    rebuilt = run_dbt(["run", "--select", "base_crm__preferences", "--full-refresh"], tmp_path / "wh", raw)
    assert _staged_preferences(rebuilt) == 3

    # Another folder for the same warehouse: its files are not the ones this warehouse loaded.
    other = tmp_path / "other"
    (other / "preferences").mkdir(parents=True)
    (other / "preferences" / "b1.csv").write_text("account_id,kind,value,updated_at\nacc_x,allergy,nuts,2026-01-01\n")
    stopped = run_dbt(["run", "--select", "base_crm__preferences"], tmp_path / "wh", other, check=False)
    assert stopped.returncode != 0
    assert "the batch preferences.csv that this warehouse" in stopped.output
    assert "not in raw_data_path any more" in stopped.output


def test_an_empty_or_wrong_folder_stops(tmp_path):
    (tmp_path / "typo").mkdir()
    build = run_dbt(["run", "--select", "base_crm__preferences"], tmp_path, tmp_path / "typo", check=False)
    assert build.returncode != 0
    assert "holds no raw file" in build.output


def test_a_folder_of_three_hand_written_tables_builds(tmp_path):
    """The README's own-files section with only three tables: the other ten are read as empty."""
    raw = tmp_path / "mine"
    raw.mkdir()
    (raw / "crm_accounts.csv").write_text(
        "account_id,created_at,first_name,last_name,date_of_birth,city\n"
        "A-1,2026-01-05,Ada,Lovelace,1990-12-10,London\n"
        "A-2,2026-02-07,Alan,Turing,1988-06-23,Manchester\n")
    (raw / "crm_contact_points.csv").write_text(
        "account_id,kind,value,added_by\n"
        "A-1,email,ada@example.org,customer\n"
        "A-2,email,alan@example.net,customer\n"
        "A-2,phone,+44 161 496 0000,two_factor\n")
    (raw / "orders.csv").write_text(
        "order_id,ordered_at,email,total_amount,currency\n"
        "O-1,2026-03-01T10:00:00Z,ada@example.org,12.50,EUR\n"
        "O-2,2026-03-02T11:00:00Z,someone@example.com,7.00,EUR\n")
    build = run_dbt(["build"], tmp_path, raw, check=False)
    assert build.returncode == 0, build.output[-3000:]
    assert build.scalar(
        "select count(distinct persona_id) from main_marts.identity_map where identifier_type = 'account_id'") == 2
    assert build.output.count("read as empty") == 10



def test_free_text_is_capped_and_stripped_of_control_characters(faulty):
    build, _ = faulty
    values = build.query("select value from main_marts.person_safety_attributes")
    assert any(v.startswith("vegan") for (v,) in values), values
    assert max(len(v) for (v,) in values) <= 200
    assert not any("\x00" in v for (v,) in values)
    categories = [c for (c,) in build.query(
        "select top_content_category from main_marts.dim_devices where top_content_category is not null")]
    assert any(c.startswith("sport") for c in categories), categories
    assert max(len(c) for c in categories) <= 100 and not any("\x00" in c for c in categories)


def test_dates_out_of_their_plausible_range(faulty):
    """Required timestamps out of range quarantine the row (out_of_range:<column>); optional dates
    out of range become NULL with a reason and are counted; the range's own edges are kept."""
    build, _ = faulty
    reasons = dict(build.query("""
        select record_key, reason from main_staging.quarantined_records
        where record_key like 'w\\_%' escape '\\' and reason_category = 'out_of_range'"""))
    assert reasons == {"w_far_future": "out_of_range:occurred_at", "w_year_one": "out_of_range:occurred_at",
                       "w_two_days_after": "out_of_range:occurred_at"}
    assert build.scalar("select count(*) from main_staging.stg_web__events where event_id = 'w_day_after_as_of'") == 1
    # An optional timestamp of year 1: NULL, the row staged.
    assert build.query("""select updated_at, updated_at_invalid_reason from main_staging.base_crm__preferences
        where preference_value like 'vegan%' and quarantine_reason is null""") == [(None, "out_of_range")]
    # Birth dates: year 1, year 9999 and the day after as_of are NULL, as_of itself is kept.
    births = dict(build.query("""select last_name, coalesce(cast(date_of_birth as varchar), date_of_birth_invalid_reason)
        from main_staging.base_loyalty__members where last_name like 'Dates%' and quarantine_reason is null"""))
    assert births == {"Dates0": "out_of_range", "Dates1": "out_of_range", "Dates2": "out_of_range",
                      "Dates3": "2026-11-27"}
    counted = dict(build.query("""select dimension, metric_value from main_marts.identity_quality_metrics
        where metric_name = 'dates_out_of_range'"""))
    assert counted["loyalty_members.date_of_birth"] == 3
    assert counted["preferences.updated_at"] == 1
    assert counted["crm_accounts.date_of_birth"] == 0
    # Every optional date column of the contract is counted, none of the required ones.
    assert "web_events.occurred_at" not in counted and "bookings.starts_at" in counted
